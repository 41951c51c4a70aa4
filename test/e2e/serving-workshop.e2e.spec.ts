// The Serving part of the workshop, replayed on the standalone platform with its manifests
// unchanged: Hello World, then the blue/green traffic shift with a tag.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseManifests, resolveResourceType, type KubeObject } from '@knts/api';
import { waitFor } from '@knts/observability';
import { PlatformHarness, REPO_ROOT, type HostResponse, describeWriteBudget } from '@knts/testing';

jest.setTimeout(120_000);

const platform = new PlatformHarness(['serving-controller', 'activator'], {
  countWrites: ['ksvc', 'configuration', 'route', 'revision'],
});
/** The most writes any object took in a clean run was 13; a controller fight took hundreds. */
const MAX_WRITES_PER_OBJECT = 40;

beforeAll(() => platform.start());
afterAll(() => platform.stop());

interface ConfigurationStatus {
  latestCreatedRevisionName?: string;
  latestReadyRevisionName?: string;
}

/** The workshop's "replace with the Revision name you got" step, done as a user would. */
function manifestWithRevisions(path: string, names: Record<string, string>): KubeObject {
  let text = readFileSync(join(REPO_ROOT, path), 'utf8');
  for (const [placeholder, actual] of Object.entries(names)) text = text.split(placeholder).join(actual);
  return parseManifests(text)[0] as KubeObject;
}

function accepts({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function count(host: string, n: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const answers: HostResponse[] = [];
  // 10 at a time, like a small `hey -c 10`.
  for (let i = 0; i < n; i += 10)
    answers.push(...(await Promise.all(Array.from({ length: 10 }, () => platform.request(host)))));
  for (const a of answers) {
    const key = `${a.status} ${a.body.trim()}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return seen;
}

describe('Serving: Hello World (service.yaml)', () => {
  it('answers "Hello Knative serving!" on Host helloworld.default.example.com, and stops its processes on delete', async () => {
    await platform.applyFile('examples/workshop/service.yaml');
    const ksvc = await platform.waitReady('ksvc', 'helloworld', 60_000);
    expect(ksvc.status).toMatchObject({
      url: 'http://helloworld.default.example.com',
      latestCreatedRevisionName: 'helloworld-00001',
      latestReadyRevisionName: 'helloworld-00001',
      traffic: [{ revisionName: 'helloworld-00001', latestRevision: true, percent: 100 }],
    });

    const res = await platform.request('helloworld.default.example.com');
    expect(res).toMatchObject({ status: 200, body: 'Hello Knative serving!\n' });

    const pods = await platform.store.list(resolveResourceType('pods')!, {
      labelSelector: 'serving.knative.dev/service=helloworld',
    });
    expect(pods.items.length).toBeGreaterThanOrEqual(1);
    const addresses = pods.items.map((pod) => {
      const p = pod as KubeObject & {
        spec: { containers: Array<{ ports: Array<{ containerPort: number }> }> };
        status: { podIP: string };
      };
      return { host: p.status.podIP, port: p.spec.containers[0]!.ports[0]!.containerPort };
    });
    expect(await Promise.all(addresses.map(accepts))).toEqual(addresses.map(() => true));

    await platform.store.delete(resolveResourceType('ksvc')!, 'default', 'helloworld');
    await waitFor(
      async () => {
        const left = await platform.store.list(resolveResourceType('pods')!, {
          labelSelector: 'serving.knative.dev/service=helloworld',
        });
        return left.items.length === 0 ? true : undefined;
      },
      { timeoutMs: 30_000, what: "the Service's pods to be gone after delete" },
    );
    // The processes are gone too: nothing listens where the replicas did.
    await waitFor(async () => ((await Promise.all(addresses.map(accepts))).every((up) => !up) ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the replicas to stop listening',
    });
    expect((await platform.request('helloworld.default.example.com')).status).toBe(404);
  });
});

describe('Serving: blue/green (blue-green-config.yaml, blue-green-route.yaml)', () => {
  it('routes blue, serves green on the v2 tag, then splits 50/50', async () => {
    await platform.applyFile('examples/workshop/blue-green-config.yaml');
    const blueConfig = await platform.waitFor<KubeObject & { status?: ConfigurationStatus }>(
      'configuration',
      'blue-green-demo',
      (c) => Boolean(c.status?.latestCreatedRevisionName),
    );
    const blue = blueConfig.status!.latestCreatedRevisionName!;
    expect(blue).toBe('blue-green-demo-00001');

    const placeholders = (green = 'blue-green-demo-zdjbc') => ({
      'blue-green-demo-66h62': blue,
      'blue-green-demo-zdjbc': green,
    });
    await platform.store.apply(manifestWithRevisions('examples/workshop/blue-green-route.yaml', placeholders()));
    await platform.waitReady('route', 'blue-green-demo', 60_000);
    expect(await platform.request('blue-green-demo.default.example.com')).toMatchObject({
      status: 200,
      body: 'Hello blue!\n',
    });

    await platform.applyFile('examples/workshop/steps/blue-green-config-green.yaml');
    const greenConfig = await platform.waitFor<KubeObject & { status?: ConfigurationStatus }>(
      'configuration',
      'blue-green-demo',
      (c) => c.status?.latestCreatedRevisionName !== blue && Boolean(c.status?.latestCreatedRevisionName),
    );
    const green = greenConfig.status!.latestCreatedRevisionName!;
    expect(green).toBe('blue-green-demo-00002');
    await platform.waitReady('revision', green, 60_000);

    const tagged = await platform.store.apply(
      manifestWithRevisions('examples/workshop/steps/blue-green-route-tagged.yaml', placeholders(green)),
    );
    await platform.waitFor(
      'route',
      'blue-green-demo',
      (r) =>
        (r.metadata.generation ?? 0) <= ((r.status as { observedGeneration?: number })?.observedGeneration ?? 0) &&
        JSON.stringify(r.status).includes('v2-blue-green-demo'),
    );
    expect(tagged.result).toBe('configured');
    // Still 100% blue on the main host; the tag has its own URL serving green.
    expect(await count('blue-green-demo.default.example.com', 20)).toEqual(new Map([['200 Hello blue!', 20]]));
    expect(await platform.request('v2-blue-green-demo.default.example.com')).toMatchObject({
      status: 200,
      body: 'Hello green!\n',
    });

    await platform.store.apply(
      manifestWithRevisions('examples/workshop/steps/blue-green-route-5050.yaml', placeholders(green)),
    );
    await platform.waitFor('route', 'blue-green-demo', (r) =>
      ((r.status as { traffic?: Array<{ percent?: number }> })?.traffic ?? []).every((t) => t.percent === 50),
    );
    const split = await count('blue-green-demo.default.example.com', 200);
    expect([...split.keys()].sort()).toEqual(['200 Hello blue!', '200 Hello green!']);
    // upstream TestBlueGreenRoute: each side gets at least 25% of 200 requests.
    expect(split.get('200 Hello blue!')!).toBeGreaterThanOrEqual(50);
    expect(split.get('200 Hello green!')!).toBeGreaterThanOrEqual(50);
    expect(await count('v2-blue-green-demo.default.example.com', 20)).toEqual(new Map([['200 Hello green!', 20]]));
  });
});

describeWriteBudget(platform, MAX_WRITES_PER_OBJECT);
