import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_ADMIN_PORTS, DEFAULT_BROKER_PORT, DEFAULT_INGRESS_PORT, SERVICE_NAMES } from './platform-ports';

// The compose dev stack must run every service on the ports this table promises, gated on
// healthy NATS and Redis. No Docker engine runs here, so the file is checked by reading it.
const root = join(__dirname, '..', '..', '..');

interface ComposeService {
  image?: string;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe('docker-compose.yml', () => {
  it('runs NATS with JetStream and Redis, each with a healthcheck', () => {
    expect(compose.services['nats']).toMatchObject({
      image: 'nats:2-alpine',
      command: ['-js', '-m', '8222'],
      healthcheck: { test: ['CMD', 'wget', '--spider', '-q', 'http://localhost:8222/healthz'] },
    });
    expect(compose.services['redis']).toMatchObject({
      image: 'redis:7-alpine',
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'] },
    });
  });

  it.each(SERVICE_NAMES)('runs %s on its admin port, after NATS and Redis are healthy, probing /readyz', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service!.depends_on).toEqual({
      nats: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(service!.environment).toMatchObject({
      SERVICE: name,
      NATS_URL: 'nats://nats:4222',
      REDIS_URL: 'redis://redis:6379',
      KNTS_HOST: '0.0.0.0',
      KNTS_ADMIN_PORT: String(DEFAULT_ADMIN_PORTS[name]),
    });
    expect(service!.healthcheck!.test.join(' ')).toContain('/readyz');
  });

  it('publishes the activator and broker ingress ports', () => {
    expect(compose.services['activator']!.ports).toEqual([`${DEFAULT_INGRESS_PORT}:${DEFAULT_INGRESS_PORT}`]);
    expect(compose.services['broker']!.ports).toEqual([`${DEFAULT_BROKER_PORT}:${DEFAULT_BROKER_PORT}`]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

  it('builds on Node 24 and runs as the non-root node user', () => {
    expect(dockerfile.match(/^FROM node:24-bookworm-slim AS \w+$/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^RUN npx tsc -b tsconfig\.build\.json$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
