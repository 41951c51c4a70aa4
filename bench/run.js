#!/usr/bin/env node
// `npm run bench -- [name...] [--smoke]`: runs bench/<name>.bench.ts (all when no name is given).
// Each benchmark prints a table and saves bench/results/<name>.json (see bench/report.ts).
require('../scripts/ts-register');
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const wanted = args.filter((a) => !a.startsWith('--'));
const available = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`error: unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(1);
}
(async () => {
  for (const name of wanted.length ? wanted : available) {
    const { run } = require(path.join(__dirname, `${name}.bench.ts`));
    await run({ smoke });
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
