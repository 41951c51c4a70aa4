// `knts up -d` → six services answer /readyz → `knts status` → `knts down` → no process left.
// Ports come from KNTS_ADMIN_PORT_BASE / KNTS_INGRESS_PORT / KNTS_BROKER_PORT and the state dir
// from KNTS_STATE_DIR, so this never collides with a developer's own `knts up`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteStoreBuckets, knts, uniquePrefix } from './knts-cli';

jest.setTimeout(120_000);

const prefix = uniquePrefix('up');
const stateDir = mkdtempSync(join(tmpdir(), 'knts-up-'));
// Away from the defaults (9401-9406, 8080, 8081) and below Linux's ephemeral range (32768+),
// where other tests' servers and outgoing connections take ports: a block of 9 ports that are
// free right now, found in beforeAll.
let base = 0;
let env: Record<string, string> = {};

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freeBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const start = 10_000 + Math.floor(Math.random() * 2_000) * 10;
    const checks = await Promise.all(Array.from({ length: size }, (_, i) => portFree(start + i)));
    if (checks.every(Boolean)) return start;
  }
  throw new Error('no block of free ports found between 10000 and 30000');
}

beforeAll(async () => {
  base = await freeBlock(9);
  env = {
    KNTS_STATE_DIR: stateDir,
    KNTS_ADMIN_PORT_BASE: String(base),
    KNTS_INGRESS_PORT: String(base + 7),
    KNTS_BROKER_PORT: String(base + 8),
  };
});

interface State {
  supervisorPid: number;
  services: { name: string; pid: number; adminPort: number }[];
  infra: { pid: number }[];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie nobody reaped yet has exited; it only holds its pid.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

let pids: number[] = [];

afterAll(async () => {
  // Whatever a failed assertion left behind.
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
  await deleteStoreBuckets(prefix);
});

describe('knts up -d / status / down', () => {
  it('starts every service, reports them ready, and stops them all', async () => {
    const up = await knts(['up', '-d', '--prefix', prefix], { env });
    // On failure, show what the supervisor and the services logged (the state dir is removed after).
    const logs = () => {
      const dir = join(stateDir, 'logs');
      if (!existsSync(dir)) return '';
      return readdirSync(dir)
        .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-15).join('\n')}`)
        .join('\n');
    };
    expect({ stderr: up.stderr, logs: up.stderr ? logs() : '' }).toEqual({ stderr: '', logs: '' });
    expect(up.code).toBe(0);
    expect(up.stdout).toContain('knts is up');
    expect(up.stdout).toContain(`http://127.0.0.1:${base + 7}`);

    const state = JSON.parse(readFileSync(join(stateDir, 'supervisor.json'), 'utf8')) as State;
    pids = [state.supervisorPid, ...state.services.map((s) => s.pid), ...state.infra.map((i) => i.pid)];
    expect(state.services.map((s) => s.name).sort()).toEqual([
      'activator',
      'autoscaler',
      'broker',
      'pipelines',
      'serving-controller',
      'sources',
    ]);
    for (const service of state.services) {
      expect(service.adminPort).toBeGreaterThanOrEqual(base);
      const response = await fetch(`http://127.0.0.1:${service.adminPort}/readyz`);
      expect([service.name, response.status]).toEqual([service.name, 200]);
    }

    const status = await knts(['status'], { env });
    expect(status.code).toBe(0);
    const rows = status.stdout.split('\n').filter((l) => state.services.some((s) => l.startsWith(s.name + ' ')));
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row).toMatch(/\s+\d+\s+\d+\s+true$/);

    const again = await knts(['up', '-d', '--prefix', prefix], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up');

    const down = await knts(['down'], { env });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain('knts is down');
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(join(stateDir, 'supervisor.pid'))).toBe(false);

    const after = await knts(['status'], { env });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('not running');
  });
});
