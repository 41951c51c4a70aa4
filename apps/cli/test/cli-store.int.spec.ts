// `knts apply/get/delete/wait` against the real NATS store, through the compiled CLI.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteStoreBuckets, knts, REPO_ROOT, startKnts, uniquePrefix } from './knts-cli';

jest.setTimeout(60_000);

const prefix = uniquePrefix('cli');
const store = ['--prefix', prefix];
const workshop = join(REPO_ROOT, 'examples', 'workshop');
let dir: string;

const helloworld = (target: string, label = 'a'): string => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: helloworld
  labels:
    tier: ${label}
spec:
  template:
    spec:
      containers:
      - image: gcr.io/knative-samples/helloworld-go
        env:
        - name: TARGET
          value: ${target}
`;
const brokenRoute = `apiVersion: serving.knative.dev/v1
kind: Route
metadata:
  name: broken
spec:
  traffic:
  - revisionName: a
    percent: 50
  - revisionName: b
    percent: 40
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'knts-cli-'));
  writeFileSync(join(dir, 'helloworld.yaml'), helloworld('one'));
  writeFileSync(join(dir, 'broken-route.yaml'), brokenRoute);
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await deleteStoreBuckets(prefix);
});

describe('knts apply / get / delete against the NATS store', () => {
  const manifests = readdirSync(workshop).filter((f) => /\.(ya?ml|json)$/.test(f));

  it('stores every workshop manifest and lists them like kubectl', async () => {
    const applied = await knts(['apply', '-f', 'examples/workshop/', ...store]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const lines = applied.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(manifests.length);
    for (const line of lines) expect(line).toMatch(/^[a-z]+(\.[a-z.]+)?\/[a-z0-9-]+ created$/);
    expect(lines).toContain('service.serving.knative.dev/helloworld created');
    expect(lines).toContain('configuration.serving.knative.dev/blue-green-demo created');

    const got = await knts(['get', 'ksvc,configuration,route', ...store]);
    expect(got.code).toBe(0);
    const tables = got.stdout.trimEnd().split('\n\n');
    expect(tables).toHaveLength(3);
    expect(tables[0]).toMatch(/^NAME {3,}URL {3,}.*READY/);
    expect(tables[0]).toContain('service.serving.knative.dev/helloworld');
    expect(tables[1]).toContain('configuration.serving.knative.dev/blue-green-demo');
    expect(tables[2]).toContain('route.serving.knative.dev/blue-green-demo');
  });

  it('says unchanged when the same manifests are applied again', async () => {
    const again = await knts(['apply', '-f', 'examples/workshop/', ...store]);
    expect(again.stderr).toBe('');
    const lines = again.stdout.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/ unchanged$/);
  });

  it('prints single fields with -o jsonpath, as the workshop reads revision names', async () => {
    const got = await knts([
      'get',
      'configurations',
      'blue-green-demo',
      '-o=jsonpath={.metadata.name}:{.spec.template.spec.containers[0].env[?(@.name=="TARGET")].value}',
      ...store,
    ]);
    expect(got).toEqual({ code: 0, stdout: 'blue-green-demo:blue', stderr: '' });
  });

  it('rejects a broken manifest under --dry-run, naming the field, and writes nothing', async () => {
    const file = join(dir, 'broken-route.yaml');
    const dry = await knts(['apply', '--dry-run=client', '-f', file, ...store]);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toBe(
      `error: ${file}: route.serving.knative.dev "broken": spec.traffic: traffic targets sum to 90, want 100\n`,
    );
    const real = await knts(['apply', '-f', file, ...store]);
    expect(real.code).toBe(1);
    const got = await knts(['get', 'route', 'broken', ...store]);
    expect(got.code).toBe(1);
    expect(got.stderr).toBe('Error from server (NotFound): routes.serving.knative.dev "broken" not found\n');
  });

  it('reports dry runs without storing', async () => {
    const file = join(dir, 'helloworld.yaml');
    const dry = await knts(['apply', '--dry-run', '-f', file, '-n', 'dry', ...store]);
    expect(dry).toMatchObject({ code: 0, stdout: 'service.serving.knative.dev/helloworld created (dry run)\n' });
    const got = await knts(['get', 'ksvc', '-n', 'dry', ...store]);
    expect(got.stderr).toBe('No resources found in dry namespace.\n');
  });

  it('times out waiting for a condition that never comes', async () => {
    const waited = await knts([
      'wait',
      'ksvc/helloworld',
      '--for=condition=Ready',
      '--timeout=1s',
      '-n',
      'default',
      ...store,
    ]);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toBe('error: timed out waiting for the condition on services/helloworld\n');
  });

  it('meets a jsonpath condition that already holds', async () => {
    const waited = await knts([
      'wait',
      'configuration/blue-green-demo',
      '--for=jsonpath={.metadata.name}=blue-green-demo',
      '--timeout=5s',
      ...store,
    ]);
    expect(waited).toMatchObject({
      code: 0,
      stdout: 'configuration.serving.knative.dev/blue-green-demo condition met\n',
    });
  });

  it('prints a row for each change while watching', async () => {
    const ns = ['-n', 'watch', ...store];
    const file = join(dir, 'watched.yaml');
    writeFileSync(file, helloworld('one', 'a'));
    expect((await knts(['apply', '-f', file, ...ns])).code).toBe(0);
    const watch = startKnts([
      'get',
      'ksvc',
      '-w',
      '-o',
      'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier',
      ...ns,
    ]);
    await watch.waitForStdout((out) => /helloworld\s+a\n/.test(out));
    writeFileSync(file, helloworld('two', 'b'));
    expect((await knts(['apply', '-f', file, ...ns])).stdout).toBe(
      'service.serving.knative.dev/helloworld configured\n',
    );
    await watch.waitForStdout((out) => /helloworld\s+b\n/.test(out));
    const done = await watch.interrupt();
    expect(done.code).toBe(0);
    expect(done.stdout.split('\n')[0]).toMatch(/^NAME\s+TIER$/);
  });

  it('deletes what a file names and reports NotFound the second time', async () => {
    const file = join(workshop, 'blue-green-config.yaml');
    const deleted = await knts(['delete', '-f', file, ...store]);
    expect(deleted).toMatchObject({ code: 0, stdout: 'configuration.serving.knative.dev "blue-green-demo" deleted\n' });
    const again = await knts(['delete', '-f', file, ...store]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'Error from server (NotFound): configurations.serving.knative.dev "blue-green-demo" not found\n',
    );
    expect((await knts(['delete', '-f', file, '--ignore-not-found', ...store])).code).toBe(0);
  });

  it('names unknown kinds and an unreachable NATS', async () => {
    const unknown = await knts(['get', 'foo', ...store]);
    expect(unknown).toMatchObject({ code: 1, stderr: 'error: the server doesn\'t have a resource type "foo"\n' });
    const down = await knts(['get', 'ksvc', '--nats', 'nats://127.0.0.1:1', ...store]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^error: cannot reach NATS at nats:\/\/127\.0\.0\.1:1 .*start the platform with "knts up"/,
    );
  });
});
