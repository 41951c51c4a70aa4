#!/usr/bin/env node
// The `knts` command; the program is compiled to ../dist/main.js by `npm run build`.
require('../dist/main.js').run(process.argv.slice(2));
