// Local stand-in for gcr.io/knative-samples/autoscale-go (knative/docs autoscale.go): query
// parameters sleep (ms), prime (largest prime below N) and bloat (allocate N MB), each answered
// with the Go sample's line. Go runs the three in goroutines; here they run one after another.
'use strict';
const http = require('node:http');

// Sieve of Atkin, as the sample: primes <= N (the last index is excluded, as in Go's loop).
function allPrimes(N) {
  const isPrime = new Uint8Array(Math.max(N, 4));
  const nsqrt = Math.sqrt(N);
  for (let x = 1; x <= nsqrt; x++) {
    for (let y = 1; y <= nsqrt; y++) {
      let n = 4 * x * x + y * y;
      if (n <= N && (n % 12 === 1 || n % 12 === 5)) isPrime[n] ^= 1;
      n = 3 * x * x + y * y;
      if (n <= N && n % 12 === 7) isPrime[n] ^= 1;
      n = 3 * x * x - y * y;
      if (x > y && n <= N && n % 12 === 11) isPrime[n] ^= 1;
    }
  }
  for (let n = 5; n <= nsqrt; n++) {
    if (isPrime[n]) for (let y = n * n; y < N; y += n * n) isPrime[y] = 0;
  }
  isPrime[2] = 1;
  isPrime[3] = 1;
  const primes = [];
  for (let x = 0; x < N - 1; x++) if (isPrime[x]) primes.push(x);
  return primes;
}

function bloat(mb) {
  const b = Buffer.alloc(mb * 1024 * 1024);
  b[0] = 1;
  b[b.length - 1] = 1;
  return `Allocated ${mb} Mb of memory.\n`;
}

function prime(max) {
  const p = allPrimes(max);
  return p.length > 0
    ? `The largest prime less than ${max} is ${p[p.length - 1]}.\n`
    : `There are no primes smaller than ${max}.\n`;
}

async function sleep(ms) {
  const start = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  return `Slept for ${elapsed.toFixed(2)} milliseconds.\n`;
}

// Go's strconv.Atoi: optional sign and decimal digits only; 0 means "not asked".
function intParam(url, name) {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return { has: false };
  if (!/^[+-]?\d+$/.test(value)) return { error: `strconv.Atoi: parsing ${JSON.stringify(value)}: invalid syntax` };
  const n = Number(value);
  return n === 0 ? { has: false } : { has: true, value: n };
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url || '/', 'http://localhost');
  const params = [intParam(url, 'sleep'), intParam(url, 'prime'), intParam(url, 'bloat')];
  const bad = params.find((p) => p.error);
  if (bad) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(`${bad.error}\n`);
    return;
  }
  const [ms, max, mb] = params;
  let body = '';
  try {
    // In the order the Go sample's goroutines usually finish: allocation, primes, then the sleep.
    const slept = ms.has ? sleep(ms.value) : undefined;
    if (mb.has) body += bloat(mb.value);
    if (max.has) body += prime(max.value);
    if (slept) body += await slept;
  } catch (err) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${err.message}\n`);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body);
});
server.listen(Number(process.env.PORT || 8080));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
