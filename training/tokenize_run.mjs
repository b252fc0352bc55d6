// Tokenises texts with @huggingface/tokenizers, the library the app uses (src-main/embed/text-tokenizer.ts),
// so the Python side can check that tokenizer.json gives SentencePiece's ids.
// Usage: node tokenize_run.mjs TOKENIZER_DIR TEXTS.json   (TOKENIZER_DIR holds tokenizer.json and tokenizer_config.json)
// Prints a JSON array of id arrays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, textsFile] = process.argv.slice(2);
const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
const tokenizer = new Tokenizer(read(join(dir, 'tokenizer.json')), read(join(dir, 'tokenizer_config.json')));
console.log(JSON.stringify(read(textsFile).map((t) => tokenizer.encode(t).ids)));
