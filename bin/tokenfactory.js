#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript under dist/ (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/experiments/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('tokenfactory: not built yet; run `npm run build` (or `npm ci`) in the project folder first');
  process.exit(2);
}
await import(entry.href);
