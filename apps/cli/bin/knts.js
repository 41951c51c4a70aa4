#!/usr/bin/env node
// The `knts` command; the program is compiled to ../dist/main.js by `npm run build`.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bin loads the compiled program
require('../dist/main.js').run(process.argv.slice(2));
