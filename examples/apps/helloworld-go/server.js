// Local stand-in for gcr.io/knative-samples/helloworld-go (knative/docs helloworld-go):
// GET / answers "Hello ${TARGET}!" with TARGET defaulting to World.
'use strict';
const http = require('node:http');

function log(message) {
  // Go's log package prefix: "2006/01/02 15:04:05 ".
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  process.stderr.write(`${stamp} ${message}\n`);
}

log('helloworld: starting server...');
const server = http.createServer((req, res) => {
  log('helloworld: received a request');
  const target = process.env.TARGET || 'World';
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`Hello ${target}!\n`);
});
const port = process.env.PORT || '8080';
server.listen(Number(port), () => log(`helloworld: listening on port ${port}`));

// Finish in-flight requests, then exit (Kubernetes sends SIGTERM before SIGKILL).
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
