#!/usr/bin/env node
// Entry point of the `photo-search` command. The TypeScript sources are compiled to dist/ by
// `npm run build` (run automatically by `npm ci` / `npm install` through the prepare script).
import { main } from '../dist/src-main/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
