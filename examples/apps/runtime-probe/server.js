// Conformance helper for the runtime contract tests (knative/serving test/conformance/runtime):
// answers JSON with its environment, working directory, argv, user and request (headers such
// as Host, Forwarded, X-Forwarded-*). ?sleep=ms delays the whole response; ?headers-then-sleep=ms
// sends the headers at once and the body after the delay (timeout tests).
'use strict';
const http = require('node:http');

let stdinEOF = false;
process.stdin.on('end', () => (stdinEOF = true));
process.stdin.on('error', () => (stdinEOF = true));
process.stdin.resume();

function report(req) {
  return {
    env: process.env,
    cwd: process.cwd(),
    args: process.argv.slice(2),
    argv0: process.argv0,
    pid: process.pid,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    stdinEOF,
    request: {
      method: req.method,
      url: req.url,
      host: req.headers.host,
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      remoteAddress: req.socket.remoteAddress,
    },
  };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url || '/', 'http://localhost');
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  const sleep = Number(url.searchParams.get('sleep') || 0);
  const headersThenSleep = Number(url.searchParams.get('headers-then-sleep') || 0);
  const body = () => JSON.stringify(report(req), null, 2) + '\n';
  if (headersThenSleep > 0) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.flushHeaders();
    setTimeout(() => res.end(body()), headersThenSleep);
    return;
  }
  setTimeout(() => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body());
  }, sleep);
});
server.listen(Number(process.env.PORT || 8080), () =>
  process.stdout.write(`runtime-probe listening on ${process.env.PORT || 8080}\n`),
);

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
