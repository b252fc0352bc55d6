// Emoji in a query become their Unicode names before the text encoder sees them: CLIP's BPE
// vocabulary has byte tokens for them but the model never learnt what they show ("🔴" ranked an
// orange square first). Names come from unicode-emoji-json (Unicode's emoji-test.txt as JSON,
// maintained), not from a table of our own.
import { createRequire } from 'node:module';

type EmojiData = Record<string, { name: string }>;

let names: EmojiData | undefined;
function emojiData(): EmojiData {
  // 1,900 entries, read on the first query that has an emoji.
  names ??= createRequire(import.meta.url)('unicode-emoji-json/data-by-emoji.json') as EmojiData;
  return names;
}

/**
 * One emoji: a pictograph with its variation selector, skin tone and ZWJ-joined parts (🧑‍🍳, 👍🏽), a flag (two
 * regional indicators) or a keycap (1️⃣). Unicode Technical Standard #51, "Emoji sequences".
 */
const EMOJI = /\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*(?:\u200D\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]*)*|\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3/gu;
const SKIN_TONE = /\p{Emoji_Modifier}/gu;

/** The name of one emoji sequence: as written, then without variation selectors and skin tones, then its ZWJ parts'. */
function nameOf(emoji: string): string | undefined {
  const data = emojiData();
  const plain = emoji.replace(/\uFE0F/g, '');
  const toneless = plain.replace(SKIN_TONE, '');
  const withSelector = (s: string) => s + '\uFE0F';
  const direct = data[emoji] ?? data[plain] ?? data[withSelector(plain)] ?? data[toneless] ?? data[withSelector(toneless)];
  if (direct) return direct.name;
  const parts = toneless.split('\u200D').map((p) => (data[p] ?? data[withSelector(p)])?.name).filter((n): n is string => !!n);
  return parts.length ? parts.join(' ') : undefined;
}

/**
 * `text` with each emoji replaced by its Unicode name, spaced from its neighbours: "🐶 on the 🏖️" -> "dog face on
 * the beach with umbrella". An emoji without a name (newer than the data) is left as written.
 */
export function emojiToWords(text: string): string {
  if (!/\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(text)) return text;
  return text
    .replace(EMOJI, (emoji) => {
      const name = nameOf(emoji);
      return name ? ` ${name} ` : emoji;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
