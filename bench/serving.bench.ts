// The activator's data plane against a direct connection and against nginx as a plain reverse
// proxy, in one run: added latency at a fixed 1000 requests/s, and throughput at full speed
// with 50 connections, the targets taking turns in 5 s slices. Load comes from `hey`; nginx
// from Debian (`apt-get install nginx hey`).
// The activator is the built service (apps/activator/dist) on a store prefix of its own, with a
// Route, Revision and Pod written here the way the serving-controller and runtime write them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCE_TYPES, admit, type KubeObject } from '@knts/api';
import { clockTicksPerSecond, parseProcStat } from '@knts/runtime';
import { NatsKvStore } from '@knts/store';
import { connect } from '@nats-io/transport-node';
import { percentile, saveResult, steppedPercentile, type BenchOptions } from './report';

const ROOT = join(__dirname, '..');
const HOST = 'hello.default.example.com';
/** The activator is one process; nginx gets the same number of workers. */
const WORKERS = 1;
/** hey writes latencies in seconds with 4 decimals: 0.1 ms steps. */
const HEY_STEP_MS = 0.1;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function untilAnswers(url: string, host: string, deadlineMs = 20_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const status = await new Promise<number>((resolve) => {
      const req = get(url, { headers: { host }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} (Host ${host}) never answered 200`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The upstream: hello world, keep-alive longer than any proxy's idle pool. */
function startHelloApp(port: number): ChildProcess {
  const code = `const s=require('node:http').createServer((q,r)=>r.end('hello world'));s.keepAliveTimeout=65000;s.listen(${port},'127.0.0.1')`;
  return spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
}

function startNginx(dir: string, port: number, upstream: number): ChildProcess {
  const conf = `worker_processes ${WORKERS};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000;
  upstream app { server 127.0.0.1:${upstream}; keepalive 100; keepalive_requests 100000; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  return spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
}

async function startActivator(port: number, prefix: string): Promise<ChildProcess> {
  const admin = await freePort();
  // KNTS_BENCH_NODE_ARGS: extra node flags for the activator (e.g. --perf-basic-prof, to profile).
  const nodeArgs = (process.env['KNTS_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, join(ROOT, 'apps/activator/dist/main.js')], {
    stdio: 'ignore',
    env: {
      ...process.env,
      NATS_URL: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      KNTS_STORE_PREFIX: prefix,
      KNTS_ADMIN_PORT: String(admin),
      KNTS_INGRESS_PORT: String(port),
      KNTS_LOG_LEVEL: 'warn',
      LOG_LEVEL: 'warn',
    },
  });
}

/** What the serving-controller and the runtime would have written for one ready replica. */
async function writeRoute(store: NatsKvStore, appPort: number): Promise<void> {
  await store.create({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name: 'hello-00001', namespace: 'default', labels: { 'serving.knative.dev/service': 'hello' } },
    spec: { containers: [{ image: 'example.com/hello' }] },
  });
  const pod = await store.create<KubeObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hello-00001-deployment-1', namespace: 'default', labels: { 'serving.knative.dev/revision': 'hello-00001' } },
    spec: { containers: [{ name: 'user-container', image: 'example.com/hello', ports: [{ containerPort: appPort }] }] },
  });
  await store.updateStatus({ ...pod, status: { podIP: '127.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] } });
  const route = await store.create<KubeObject>({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { traffic: [{ revisionName: 'hello-00001', percent: 100 }] },
  });
  await store.updateStatus({ ...route, status: { url: `http://${HOST}`, traffic: [{ revisionName: 'hello-00001', percent: 100 }] } });
}

interface Paced {
  p50: number;
  p95: number;
  p99: number;
  /** p95 placed within hey's 0.1 ms step (steppedPercentile). */
  p95Stepped: number;
  rps: number;
  errors: number;
  /** CPU time (user + system) of the target's own processes per request, µs; NaN when unknown. */
  cpuUsPerRequest: number;
}

/** user + system CPU time of a process, ms, from /proc as the runtime's CPU sampler reads it. */
function cpuMs(pid: number): number {
  try {
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return stat ? ((stat.utime + stat.stime) * 1000) / clockTicksPerSecond() : NaN;
  } catch {
    return NaN;
  }
}

function childPids(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean).map(Number);
}

/** hey at a fixed rate (workers × per-worker QPS); latencies in ms from its CSV. */
function pacedSamples(url: string, seconds: number, rate: number): { latencies: number[]; errors: number } {
  const workers = 10;
  const out = spawnSync('hey', ['-z', `${seconds}s`, '-c', String(workers), '-q', String(rate / workers), '-host', HOST, '-o', 'csv', url], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`hey failed: ${out.stderr}`);
  const latencies: number[] = [];
  let errors = 0;
  for (const line of out.stdout.split('\n').slice(1)) {
    if (!line) continue;
    const cols = line.split(',');
    if (cols[6] !== '200') errors++;
    latencies.push(Number(cols[0]) * 1000);
  }
  return { latencies, errors };
}

/**
 * Each target measured in `rounds` slices, the targets taking turns (order rotated every
 * round): the machine is shared (other test suites, other services), and one 20 s phase per
 * target, one after the other, let a burst of background load land on one target only.
 */
function pacedInTurns(
  targets: Record<string, string>,
  seconds: number,
  rate: number,
  rounds: number,
  pids: Record<string, number[]>,
): Record<string, Paced> {
  const names = Object.keys(targets);
  const samples: Record<string, { latencies: number[]; errors: number; cpuMs: number }> = {};
  for (const name of names) samples[name] = { latencies: [], errors: 0, cpuMs: 0 };
  const cpuOf = (name: string) => (pids[name] ?? []).reduce((sum, pid) => sum + cpuMs(pid), 0);
  const slice = Math.max(1, Math.round(seconds / rounds));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const before = cpuOf(name);
      const got = pacedSamples(targets[name], slice, rate);
      samples[name].cpuMs += cpuOf(name) - before;
      samples[name].latencies.push(...got.latencies);
      samples[name].errors += got.errors;
    }
  }
  const out: Record<string, Paced> = {};
  for (const name of names) {
    const { latencies, errors } = samples[name];
    latencies.sort((a, b) => a - b);
    const cpuUsPerRequest = pids[name] ? (samples[name].cpuMs * 1000) / latencies.length : NaN;
    out[name] = {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      p95Stepped: steppedPercentile(latencies, 95, HEY_STEP_MS),
      rps: latencies.length / (slice * rounds),
      errors,
      cpuUsPerRequest,
    };
  }
  return out;
}

/** Full-speed throughput in turns, as pacedInTurns; requests per second averaged over the slices. */
function flatOutInTurns(targets: Record<string, string>, seconds: number, rounds: number): Record<string, { rps: number; errors: number }> {
  const names = Object.keys(targets);
  const out: Record<string, { rps: number; errors: number }> = {};
  for (const name of names) out[name] = { rps: 0, errors: 0 };
  const slice = Math.max(1, Math.round(seconds / rounds));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const got = flatOut(targets[name], slice);
      out[name].rps += got.rps / rounds;
      out[name].errors += got.errors;
    }
  }
  return out;
}

/** hey at full speed with 50 connections; requests per second from its summary. */
function flatOut(url: string, seconds: number): { rps: number; errors: number } {
  const out = spawnSync('hey', ['-z', `${seconds}s`, '-c', '50', '-host', HOST, url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`hey failed: ${out.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1] ?? NaN);
  const ok = Number(/\[200\]\s+(\d+) responses/.exec(out.stdout)?.[1] ?? 0);
  const total = Number(/Total:\s+[\d.]+ secs/.test(out.stdout) ? rps * seconds : 0);
  return { rps, errors: Math.max(0, Math.round(total) - ok) };
}

export async function run({ smoke }: BenchOptions): Promise<void> {
  for (const tool of ['hey', 'nginx']) {
    if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is missing: apt-get install -y nginx hey`);
  }
  const pacedSeconds = smoke ? 2 : 30;
  const flatSeconds = smoke ? 2 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'knts-serving-bench-'));
  const [appPort, nginxPort, activatorPort] = [await freePort(), await freePort(), await freePort()];
  const prefix = `bench${process.pid}_${Date.now()}`;
  const nc = await connect({ servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222' });
  const store = new NatsKvStore({ connection: nc, prefix, types: RESOURCE_TYPES, admit });
  const children: ChildProcess[] = [];
  try {
    children.push(startHelloApp(appPort));
    children.push(startNginx(dir, nginxPort, appPort));
    await writeRoute(store, appPort);
    children.push(await startActivator(activatorPort, prefix));
    const targets = {
      direct: `http://127.0.0.1:${appPort}/`,
      activator: `http://127.0.0.1:${activatorPort}/`,
      nginx: `http://127.0.0.1:${nginxPort}/`,
    };
    for (const url of Object.values(targets)) await untilAnswers(url, HOST);
    if (process.env['KNTS_BENCH_HOLD']) {
      // Profiling: the three targets stay up until this process gets SIGINT.
      console.log(JSON.stringify({ targets, host: HOST, activatorPid: children[2].pid, nginxPid: children[1].pid }));
      await new Promise((resolve) => process.once('SIGINT', resolve));
      return;
    }

    // Warm-up: JIT, connection pools.
    for (const url of Object.values(targets)) flatOut(url, smoke ? 1 : 3);
    const rate = 1000;
    // The proxies' own CPU per request at 1000 requests/s: far less noisy than latency percentiles.
    const [nginx, activator] = [children[1], children[2]];
    const pids = { activator: [activator.pid ?? -1], nginx: childPids(nginx.pid ?? -1) };
    const p = pacedInTurns(targets, pacedSeconds, rate, smoke ? 1 : 6, pids);
    for (const [name, measured] of Object.entries(pids)) {
      // A proxy that served its share without its CPU time moving was not the process measured.
      if (!(p[name].cpuUsPerRequest > 0)) throw new Error(`${name}: no CPU time measured on pids ${measured.join(', ')}`);
    }
    const t = flatOutInTurns(targets, flatSeconds, smoke ? 1 : 3);

    const added = (name: string, q: 'p50' | 'p95' | 'p99' | 'p95Stepped') => Math.max(0, p[name][q] - p.direct[q]);
    const figures: Record<string, number> = {
      activator_added_p50_ms: added('activator', 'p50'),
      activator_added_p95_ms: added('activator', 'p95'),
      activator_added_p99_ms: added('activator', 'p99'),
      activator_added_p95_within_step_ms: added('activator', 'p95Stepped'),
      activator_p95_ms_at_1000rps: p.activator.p95,
      activator_rps_c50: t.activator.rps,
      activator_cpu_us_per_request: Math.round(p.activator.cpuUsPerRequest),
      activator_errors: p.activator.errors + t.activator.errors,
    };
    const baseline: Record<string, number> = {
      direct_p50_ms_at_1000rps: p.direct.p50,
      direct_p95_ms_at_1000rps: p.direct.p95,
      direct_p99_ms_at_1000rps: p.direct.p99,
      direct_rps_c50: t.direct.rps,
      nginx_added_p50_ms: added('nginx', 'p50'),
      nginx_added_p95_ms: added('nginx', 'p95'),
      nginx_added_p99_ms: added('nginx', 'p99'),
      nginx_added_p95_within_step_ms: added('nginx', 'p95Stepped'),
      nginx_rps_c50: t.nginx.rps,
      nginx_cpu_us_per_request: Math.round(p.nginx.cpuUsPerRequest),
      nginx_workers: WORKERS,
      achieved_rate_activator: p.activator.rps,
    };
    // Sub-millisecond added latencies: a floor of 0.05 ms keeps the ratio meaningful.
    const ratios: Record<string, number> = {
      added_p95_vs_nginx: Math.max(added('activator', 'p95'), 0.05) / Math.max(added('nginx', 'p95'), 0.05),
      added_p99_vs_nginx: Math.max(added('activator', 'p99'), 0.05) / Math.max(added('nginx', 'p99'), 0.05),
      // The same p95s placed within hey's 0.1 ms steps: one step is 25–33 % of nginx's added p95.
      added_p95_within_step_vs_nginx: Math.max(added('activator', 'p95Stepped'), 0.05) / Math.max(added('nginx', 'p95Stepped'), 0.05),
      throughput_vs_nginx: t.activator.rps / t.nginx.rps,
      cpu_per_request_vs_nginx: p.activator.cpuUsPerRequest / p.nginx.cpuUsPerRequest,
      throughput_vs_direct: t.activator.rps / t.direct.rps,
    };
    saveResult(
      {
        name: 'serving',
        figures,
        baseline,
        ratios,
        goals: {
          added_p95_vs_nginx: '<= 1.5 (added p95 at 1000 rps)',
          throughput_vs_nginx: '>= 0.8 (50 connections)',
          activator_errors: '0',
        },
      },
      { smoke },
    );
  } finally {
    await Promise.all(children.map(stop));
    await store.destroyBuckets().catch(() => undefined);
    await store.close().catch(() => undefined);
    await nc.drain().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
