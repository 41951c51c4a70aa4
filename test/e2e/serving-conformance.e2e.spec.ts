// Knative Serving conformance (knative/serving test/conformance/api/v1 and runtime), replayed on
// the standalone platform with real processes: one describe per upstream test, one platform for
// the file, each test with Services of its own.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveResourceType, type KubeObject, type TrafficTarget } from '@knts/api';
import { waitFor } from '@knts/observability';
import { condition, conditionStatus, PlatformHarness, type HostResponse, describeWriteBudget } from '@knts/testing';

jest.setTimeout(120_000);

const platform = new PlatformHarness(['serving-controller', 'activator'], {
  countWrites: ['ksvc', 'configuration', 'route', 'revision'],
});
/** The most writes any object took in a clean run was 13; a controller fight took hundreds. */
const MAX_WRITES_PER_OBJECT = 40;
const WORKING_DIR = join(tmpdir(), `knts-e2e-workingdir-${process.pid}`, 'foo', 'bar', 'baz');

beforeAll(() => platform.start());
afterAll(async () => {
  await platform.stop();
  rmSync(join(WORKING_DIR, '..', '..', '..'), { recursive: true, force: true });
});

// upstream test/conformance.go
const CONCURRENT_REQUESTS = 200;
const MIN_SPLIT_PERCENTAGE = 0.25;

const RUNTIME_PROBE = 'knts.dev/examples/runtime-probe';
const HELLOWORLD = 'gcr.io/knative-samples/helloworld-go';
const READY_MS = 60_000;

interface Container {
  image: string;
  name?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: Array<Record<string, unknown>>;
  envFrom?: Array<Record<string, unknown>>;
}

interface RevisionTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; timeoutSeconds?: number };
}

interface ServingStatus {
  observedGeneration?: number;
  url?: string;
  latestCreatedRevisionName?: string;
  latestReadyRevisionName?: string;
  traffic?: TrafficTarget[];
}

type Service = KubeObject & { spec: { template: RevisionTemplate; traffic?: TrafficTarget[] }; status?: ServingStatus };
type Configuration = KubeObject & { spec: { template: RevisionTemplate }; status?: ServingStatus };
type Route = KubeObject & { spec: { traffic?: TrafficTarget[] }; status?: ServingStatus };

interface RuntimeInfo {
  env: Record<string, string>;
  cwd: string;
  args: string[];
  request: { host: string; headers: Record<string, string> };
}

function service(name: string, template: RevisionTemplate, metadata: Partial<KubeObject['metadata']> = {}): Service {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', ...metadata },
    spec: { template },
  };
}

function container(image: string, extra: Partial<Container> = {}): RevisionTemplate {
  return { spec: { containers: [{ image, ...extra }] } };
}

function hello(target: string): RevisionTemplate {
  return container(HELLOWORLD, { env: [{ name: 'TARGET', value: target }] });
}

const host = (name: string) => `${name}.default.example.com`;

/** Ready, and Ready for what the spec asks now: generation observed, the latest revision ready. */
function serviceReady(name: string, what = `ksvc/${name} to be Ready at its latest generation`): Promise<Service> {
  return platform.waitFor<Service>(
    'ksvc',
    name,
    (s) =>
      s.status?.observedGeneration === s.metadata.generation &&
      conditionStatus(s, 'Ready') === 'True' &&
      Boolean(s.status?.latestReadyRevisionName) &&
      s.status?.latestReadyRevisionName === s.status?.latestCreatedRevisionName,
    { timeoutMs: READY_MS, what },
  );
}

/**
 * GET through the ingress, as upstream's RetryingRouteInconsistency: a 404 or 503 while the
 * ingress catches up with a just-Ready Route is retried until a deadline; then it must be 200
 * (and `body`, when given).
 */
async function get200(
  hostname: string,
  path = '/',
  headers: Record<string, string> = {},
  body?: string,
): Promise<HostResponse> {
  let last: HostResponse | undefined;
  const answer = await waitFor(
    async () => {
      last = await platform.request(hostname, path, { headers });
      if (last.status === 404 || last.status === 503) return undefined;
      if (body !== undefined && last.status === 200 && last.body !== body) return undefined;
      return last;
    },
    {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `GET http://${hostname}${path} to answer${body === undefined ? '' : ` ${JSON.stringify(body)}`}`,
    },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last answer: ${last ? `${last.status} ${last.body}` : 'none'}`);
  });
  if (answer.status !== 200) throw new Error(`GET http://${hostname}${path}: ${answer.status} ${answer.body}`);
  return answer;
}

async function runtimeInfo(hostname: string, headers: Record<string, string> = {}): Promise<RuntimeInfo> {
  return JSON.parse((await get200(hostname, '/', headers)).body) as RuntimeInfo;
}

/** `status body` → count over n requests, 10 at a time. */
async function tally(hostname: string, n: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i += 10) {
    const answers = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => platform.request(hostname)));
    for (const a of answers) {
      const key = `${a.status} ${a.body.trim()}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }
  return seen;
}

/** upstream validateDomains: the route URL splits, each tag URL serves only its revision. */
async function validateDomains(baseHost: string, split: string[], tags: Record<string, string>): Promise<void> {
  // First wait until every URL serves what it should (the ingress may lag the Ready status).
  for (const [tag, body] of Object.entries(tags)) await get200(`${tag}-${baseHost}`, '/', {}, `${body}\n`);
  await get200(baseHost);
  const seen = await tally(baseHost, CONCURRENT_REQUESTS);
  const min = Math.ceil(CONCURRENT_REQUESTS * MIN_SPLIT_PERCENTAGE);
  expect({ host: baseHost, answers: [...seen.keys()].sort() }).toEqual({
    host: baseHost,
    answers: split.map((b) => `200 ${b}`).sort(),
  });
  // Sides below MIN_SPLIT_PERCENTAGE of the requests (none expected).
  const short = split
    .map((body) => ({ host: baseHost, body, atLeast: min, got: seen.get(`200 ${body}`) ?? 0 }))
    .filter((s) => s.got < min);
  expect(short).toEqual([]);
  for (const [tag, body] of Object.entries(tags)) {
    const tagHost = `${tag}-${baseHost}`;
    expect({ host: tagHost, answers: await tally(tagHost, 20) }).toEqual({
      host: tagHost,
      answers: new Map([[`200 ${body}`, 20]]),
    });
  }
}

function trafficByTag(traffic: TrafficTarget[] | undefined): Record<string, TrafficTarget> {
  return Object.fromEntries((traffic ?? []).filter((t) => t.tag).map((t) => [t.tag!, t]));
}

async function deleteObject(kind: string, name: string): Promise<void> {
  await platform.store.delete(resolveResourceType(kind)!, 'default', name);
}

describe('TestRevisionTimeout', () => {
  it('timeoutSeconds 10: 2 s → 200, 12 s before the first byte → 504, headers at once then 15 s → 200', async () => {
    await platform.store.apply(
      service('revision-timeout', { spec: { ...container(RUNTIME_PROBE).spec, timeoutSeconds: 10 } }),
    );
    await serviceReady('revision-timeout');
    const h = host('revision-timeout');

    // upstream runs the cases in parallel; an error (the connection cut without a status) is an answer too.
    const outcome = (p: Promise<HostResponse>) =>
      p.then(
        (r) => ({ status: r.status }),
        (err: Error) => ({ status: `no response: ${err.message}` }),
      );
    // The streaming case twice: as is, and with a Connection option naming a hop-by-hop header
    // (RFC 9110 §7.6.1), which a proxy must accept too. A request may take either of the
    // activator's proxy paths (raw-socket fast path, or node:http when it is held or unusual).
    const hopByHop = { Connection: 'keep-alive, X-Conformance-Hop', 'X-Conformance-Hop': '1' };
    const [quick, slow, streaming, streamingHop] = await Promise.all([
      outcome(platform.request(h, '/?sleep=2000')),
      outcome(platform.request(h, '/?sleep=12000')),
      outcome(platform.request(h, '/?headers-then-sleep=15000', { tolerateCut: true })),
      outcome(platform.request(h, '/?headers-then-sleep=15000', { tolerateCut: true, headers: hopByHop })),
    ]);
    expect({
      'sleep 2 s': quick.status,
      '12 s before the first byte': slow.status,
      // The status line was committed before the timeout: whatever happens to the body after, 200.
      'headers at once, then 15 s': streaming.status,
      'headers at once, then 15 s (Connection option)': streamingHop.status,
    }).toEqual({
      'sleep 2 s': 200,
      '12 s before the first byte': 504,
      'headers at once, then 15 s': 200,
      'headers at once, then 15 s (Connection option)': 200,
    });
  });
});

describe('TestServiceWithTrafficSplit', () => {
  it('current/candidate/latest tags: each tag URL serves its revision, the route URL splits 50/50', async () => {
    const name = 'traffic-split';
    await platform.store.apply(service(name, hello('v1')));
    const first = (await serviceReady(name)).status!.latestReadyRevisionName!;

    await platform.update<Service>('ksvc', name, (s) => {
      s.spec.template = hello('v2');
    });
    const second = (await serviceReady(name, `ksvc/${name} to serve its second revision`)).status!
      .latestReadyRevisionName!;
    expect(second).not.toBe(first);

    await platform.update<Service>('ksvc', name, (s) => {
      s.spec.traffic = [
        { tag: 'current', revisionName: first, percent: 50 },
        { tag: 'candidate', revisionName: second, percent: 50 },
        { tag: 'latest', latestRevision: true, percent: 0 },
      ];
    });
    const ready = await platform.waitFor<Service>(
      'ksvc',
      name,
      (s) =>
        s.status?.observedGeneration === s.metadata.generation &&
        conditionStatus(s, 'Ready') === 'True' &&
        s.status?.traffic?.length === 3,
      { timeoutMs: READY_MS, what: `ksvc/${name} Ready with the current/candidate/latest shape` },
    );
    const byTag = trafficByTag(ready.status!.traffic);
    expect(byTag).toEqual({
      current: expect.objectContaining({ revisionName: first, percent: 50, url: `http://current-${host(name)}` }),
      candidate: expect.objectContaining({ revisionName: second, percent: 50, url: `http://candidate-${host(name)}` }),
      latest: expect.objectContaining({
        revisionName: second,
        latestRevision: true,
        url: `http://latest-${host(name)}`,
      }),
    });
    expect(byTag['latest']!.percent ?? 0).toBe(0);

    await validateDomains(host(name), ['Hello v1!', 'Hello v2!'], {
      current: 'Hello v1!',
      candidate: 'Hello v2!',
      latest: 'Hello v2!',
    });
  });

  it('v1alpha1 release {revisions: [A, B], rolloutPercent: 50} converts to current/candidate/latest and serves the same way', async () => {
    const name = 'release-split';
    const alpha = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'serving.knative.dev/v1alpha1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec,
    });
    const configuration = (target: string) => ({
      revisionTemplate: { spec: { container: { image: HELLOWORLD, env: [{ name: 'TARGET', value: target }] } } },
    });

    await platform.store.apply(alpha({ runLatest: { configuration: configuration('v1') } }));
    const a = (await serviceReady(name)).status!.latestReadyRevisionName!;
    await platform.store.apply(alpha({ runLatest: { configuration: configuration('v2') } }));
    const b = (await serviceReady(name, `ksvc/${name} to serve its second revision`)).status!.latestReadyRevisionName!;
    expect(b).not.toBe(a);

    const released = await platform.store.apply(
      alpha({ release: { revisions: [a, b], rolloutPercent: 50, configuration: configuration('v2') } }),
    );
    expect(released.object.apiVersion).toBe('serving.knative.dev/v1');
    expect((released.object as Service).spec.traffic).toEqual([
      expect.objectContaining({ tag: 'current', revisionName: a, percent: 50 }),
      expect.objectContaining({ tag: 'candidate', revisionName: b, percent: 50 }),
      expect.objectContaining({ tag: 'latest', latestRevision: true }),
    ]);

    const ready = await platform.waitFor<Service>(
      'ksvc',
      name,
      (s) =>
        s.status?.observedGeneration === s.metadata.generation &&
        conditionStatus(s, 'Ready') === 'True' &&
        s.status?.traffic?.length === 3,
      { timeoutMs: READY_MS, what: `ksvc/${name} Ready with the release shape` },
    );
    // The release changed traffic only: no third revision.
    expect(ready.status!.latestCreatedRevisionName).toBe(b);
    expect(trafficByTag(ready.status!.traffic)).toEqual({
      current: expect.objectContaining({ revisionName: a, percent: 50, url: `http://current-${host(name)}` }),
      candidate: expect.objectContaining({ revisionName: b, percent: 50, url: `http://candidate-${host(name)}` }),
      latest: expect.objectContaining({ revisionName: b, url: `http://latest-${host(name)}` }),
    });

    await validateDomains(host(name), ['Hello v1!', 'Hello v2!'], {
      current: 'Hello v1!',
      candidate: 'Hello v2!',
      latest: 'Hello v2!',
    });
  });
});

describe('TestServiceGenerateName', () => {
  it('a Service created with generateName becomes Ready and serves', async () => {
    const created = await platform.store.create<Service>({
      ...service('', hello('generated')),
      metadata: { generateName: 'service-gen-', namespace: 'default' },
    });
    const name = created.metadata.name!;
    expect(name).toMatch(/^service-gen-[a-z0-9]{5}$/);
    const ready = await serviceReady(name);
    expect(ready.status!.url).toBe(`http://${host(name)}`);
    expect((await get200(host(name))).body).toBe('Hello generated!\n');
  });
});

describe('TestRouteAndConfigGenerateName', () => {
  it('a Configuration and a Route created with generateName become Ready and serve', async () => {
    const config = await platform.store.create<Configuration>({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { generateName: 'config-gen-', namespace: 'default' },
      spec: { template: hello('config-gen') },
    });
    const configName = config.metadata.name!;
    expect(configName).toMatch(/^config-gen-[a-z0-9]{5}$/);
    await platform.waitReady('configuration', configName, READY_MS);

    const route = await platform.store.create<Route>({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      metadata: { generateName: 'route-gen-', namespace: 'default' },
      spec: { traffic: [{ configurationName: configName, percent: 100 }] },
    });
    const routeName = route.metadata.name!;
    expect(routeName).toMatch(/^route-gen-[a-z0-9]{5}$/);
    const ready = await platform.waitReady<Route>('route', routeName, READY_MS);
    expect(ready.status!.url).toBe(`http://${host(routeName)}`);
    expect((await get200(host(routeName))).body).toBe('Hello config-gen!\n');
  });
});

describe('TestServiceBYOName', () => {
  it('serves the revision it names; changing the template under the same name is refused', async () => {
    const name = 'byo-name';
    const byo = `${name}-byo`;
    await platform.store.apply(service(name, { ...hello('byo'), metadata: { name: byo } }));
    const ready = await serviceReady(name);
    expect(ready.status).toMatchObject({ latestCreatedRevisionName: byo, latestReadyRevisionName: byo });
    expect(await platform.get('revision', byo)).toBeDefined();
    expect((await get200(host(name))).body).toBe('Hello byo!\n');

    // Same BYO name, new env: upstream's webhook rejects the update.
    const update = platform.update<Service>('ksvc', name, (s) => {
      s.spec.template.spec.containers[0]!.env = [{ name: 'TARGET', value: 'changed' }];
    });
    await expect(update).rejects.toThrow(
      /spec\.template\.metadata\.name: Saw the following changes without a name change/,
    );
    const after = await platform.get<Service>('ksvc', name);
    expect(after!.metadata.generation).toBe(ready.metadata.generation);
    expect((await get200(host(name))).body).toBe('Hello byo!\n');

    // A new name with the new template is fine.
    await platform.update<Service>('ksvc', name, (s) => {
      s.spec.template = { ...hello('byo2'), metadata: { name: `${name}-byo2` } };
    });
    const updated = await serviceReady(name, `ksvc/${name} to serve ${name}-byo2`);
    expect(updated.status!.latestReadyRevisionName).toBe(`${name}-byo2`);
    await get200(host(name), '/', {}, 'Hello byo2!\n');
  });
});

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

describe('TestAnnotationPropagation', () => {
  it('Service annotations reach its Configuration and Route (not the last-applied one), and their removal too', async () => {
    const name = 'annotation-propagation';
    await platform.store.apply(service(name, hello('annotations'), { annotations: { juicy: 'jamba' } }));
    await serviceReady(name);
    const svc = (await platform.get<Service>('ksvc', name))!;
    expect(svc.metadata.annotations?.[LAST_APPLIED]).toBeDefined();

    for (const kind of ['configuration', 'route']) {
      const child = (await platform.get(kind, name))!;
      expect({ kind, annotations: child.metadata.annotations }).toEqual({
        kind,
        annotations: expect.objectContaining({ juicy: 'jamba' }),
      });
      expect({ kind, lastApplied: child.metadata.annotations?.[LAST_APPLIED] }).toEqual({
        kind,
        lastApplied: undefined,
      });
    }

    // upstream: remove the annotation, and change the image so there is something to wait for.
    await platform.update<Service>('ksvc', name, (s) => {
      delete s.metadata.annotations!['juicy'];
      s.spec.template = hello('annotations-2');
    });
    const ready = await serviceReady(name, `ksvc/${name} to serve its second revision`);
    expect(ready.status!.latestReadyRevisionName).toBe(`${name}-00002`);
    for (const kind of ['configuration', 'route']) {
      const child = (await platform.get(kind, name))!;
      expect({ kind, juicy: child.metadata.annotations?.['juicy'] }).toEqual({ kind, juicy: undefined });
    }
  });
});

describe('TestLabelPropagation', () => {
  it('Service labels reach its Configuration and Route; the Revision carries the service/configuration labels and its template labels', async () => {
    const name = 'label-propagation';
    const template: RevisionTemplate = {
      ...hello('labels'),
      metadata: { labels: { 'template-label': 'on-revision' }, annotations: { 'template-annotation': 'on-revision' } },
    };
    await platform.store.apply(service(name, template, { labels: { team: 'serving' } }));
    const ready = await serviceReady(name);
    const revisionName = ready.status!.latestReadyRevisionName!;

    const config = (await platform.get('configuration', name))!;
    const route = (await platform.get('route', name))!;
    const revision = (await platform.get('revision', revisionName))!;
    expect(config.metadata.labels).toMatchObject({ team: 'serving', 'serving.knative.dev/service': name });
    expect(route.metadata.labels).toMatchObject({ team: 'serving', 'serving.knative.dev/service': name });
    expect(revision.metadata.labels).toMatchObject({
      'serving.knative.dev/service': name,
      'serving.knative.dev/configuration': name,
      'template-label': 'on-revision',
    });
    expect(revision.metadata.annotations).toMatchObject({ 'template-annotation': 'on-revision' });
    // The Configuration knows which Routes reference it (upstream: the route label, now the routes annotation).
    expect(config.metadata.annotations?.['serving.knative.dev/routes']).toBe(name);

    // Changing a label is metadata only: it propagates without a new revision.
    await platform.update<Service>('ksvc', name, (s) => {
      s.metadata.labels = { ...s.metadata.labels, team: 'serving-2' };
    });
    for (const kind of ['configuration', 'route']) {
      await platform.waitFor(kind, name, (o) => o.metadata.labels?.['team'] === 'serving-2', {
        timeoutMs: READY_MS,
        what: `${kind}/${name} to carry the updated label team=serving-2`,
      });
    }
    const after = await serviceReady(name);
    expect(after.status!.latestCreatedRevisionName).toBe(revisionName);
  });
});

describe('TestUpdateConfigurationMetadata', () => {
  it('labels and annotations updated on a Configuration do not change its existing Revision', async () => {
    const name = 'config-metadata';
    await platform.store.apply({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { name, namespace: 'default' },
      spec: { template: hello('metadata') },
    });
    const ready = await platform.waitReady<Configuration>('configuration', name, READY_MS);
    const revisionName = ready.status!.latestReadyRevisionName!;
    const before = (await platform.get('revision', revisionName))!;

    const observed = (what: string) =>
      platform.waitFor<Configuration>(
        'configuration',
        name,
        (c) => c.status?.observedGeneration === c.metadata.generation && conditionStatus(c, 'Ready') === 'True',
        { timeoutMs: READY_MS, what },
      );

    const labelled = await platform.update<Configuration>('configuration', name, (c) => {
      c.metadata.labels = { ...c.metadata.labels, 'label-x': 'abc' };
    });
    expect(labelled.metadata.generation).toBe(ready.metadata.generation);
    let config = await observed(`configuration/${name} to settle after the label update`);
    expect(config.status!.latestCreatedRevisionName).toBe(revisionName);
    let revision = (await platform.get('revision', revisionName))!;
    expect(revision.metadata.labels?.['label-x']).toBeUndefined();

    await platform.update<Configuration>('configuration', name, (c) => {
      c.metadata.annotations = { ...c.metadata.annotations, 'annotation-x': 'abc' };
    });
    config = await observed(`configuration/${name} to settle after the annotation update`);
    expect(config.status!.latestCreatedRevisionName).toBe(revisionName);
    revision = (await platform.get('revision', revisionName))!;
    expect(revision.metadata.annotations?.['annotation-x']).toBeUndefined();
    expect(revision.spec).toEqual(before.spec);
    expect(revision.metadata.generation).toBe(before.metadata.generation);
    expect(
      await platform.store.list(resolveResourceType('revisions')!, {
        labelSelector: `serving.knative.dev/configuration=${name}`,
      }),
    ).toMatchObject({
      items: [expect.objectContaining({ metadata: expect.objectContaining({ name: revisionName }) })],
    });
  });
});

async function failedConfiguration(
  name: string,
  template: RevisionTemplate,
): Promise<{ config: Configuration; revision: KubeObject }> {
  await platform.store.apply({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: { name, namespace: 'default' },
    spec: { template },
  });
  const config = await platform.waitFor<Configuration>(
    'configuration',
    name,
    (c) => conditionStatus(c, 'Ready') === 'False',
    {
      timeoutMs: READY_MS,
      what: `configuration/${name} to report Ready=False`,
    },
  );
  const revisionName = config.status!.latestCreatedRevisionName!;
  expect(revisionName).toBe(`${name}-00001`);
  const revision = await platform.waitFor('revision', revisionName, (r) => conditionStatus(r, 'Ready') === 'False', {
    timeoutMs: READY_MS,
    what: `revision/${revisionName} to report Ready=False`,
  });
  return { config, revision };
}

describe('TestContainerErrorMsg', () => {
  it('an image that cannot be fetched fails the Revision and the Configuration with a reason and a message naming it', async () => {
    const name = 'container-error';
    const image = 'knts.dev/e2e/not-mapped:v1';
    const { config, revision } = await failedConfiguration(name, container(image));

    const revisionReady = condition(revision, 'Ready')!;
    expect(revisionReady).toMatchObject({ status: 'False', reason: 'ContainerMissing' });
    expect(revisionReady.message).toContain(image);

    const configReady = condition(config, 'Ready')!;
    expect(configReady.reason ?? '').not.toBe('');
    expect(configReady.message ?? '').toContain(image);
    await deleteObject('configuration', name);
  });
});

describe('TestContainerExitingMsg', () => {
  it('a container that exits at once fails the Revision and the Configuration with a reason and a message about the exit', async () => {
    const name = 'container-exiting';
    const { config, revision } = await failedConfiguration(
      name,
      container(RUNTIME_PROBE, { command: ['node', '-e', 'console.error("Crashed..."); process.exit(5)'] }),
    );

    const revisionReady = condition(revision, 'Ready')!;
    expect(revisionReady).toMatchObject({ status: 'False', reason: 'ExitCode5' });
    expect(revisionReady.message).toMatch(/^Container failed with: /);
    expect(revisionReady.message).toContain('Crashed...');
    expect(revisionReady.message).toContain('exit code 5');

    const configReady = condition(config, 'Ready')!;
    expect(configReady.reason ?? '').not.toBe('');
    expect(configReady.message ?? '').toContain('Crashed...');
    await deleteObject('configuration', name);
  });
});

describe('TestMustEnvVars', () => {
  it('PORT is set to the port the container is reached on', async () => {
    const name = 'must-env-vars';
    await platform.store.apply(service(name, container(RUNTIME_PROBE)));
    await serviceReady(name);
    const info = await runtimeInfo(host(name));
    expect(info.env['PORT']).toMatch(/^\d+$/);

    const pods = await platform.store.list(resolveResourceType('pods')!, {
      labelSelector: `serving.knative.dev/service=${name}`,
    });
    type Pod = KubeObject & { spec: { containers: Array<{ ports: Array<{ containerPort: number }> }> } };
    const ports = pods.items.map((p) => String((p as Pod).spec.containers[0]!.ports[0]!.containerPort));
    expect(ports).toContain(info.env['PORT']);
  });
});

describe('TestShouldEnvVars', () => {
  it('K_SERVICE, K_CONFIGURATION and K_REVISION name the Service, Configuration and Revision', async () => {
    const name = 'should-env-vars';
    await platform.store.apply(service(name, container(RUNTIME_PROBE)));
    const ready = await serviceReady(name);
    const info = await runtimeInfo(host(name));
    expect({
      K_SERVICE: info.env['K_SERVICE'],
      K_CONFIGURATION: info.env['K_CONFIGURATION'],
      K_REVISION: info.env['K_REVISION'],
    }).toEqual({
      K_SERVICE: name,
      K_CONFIGURATION: name,
      K_REVISION: ready.status!.latestReadyRevisionName,
    });
  });
});

describe('TestConfigsViaEnv', () => {
  it('env from a ConfigMap (envFrom and configMapKeyRef) reaches the program', async () => {
    const name = 'configs-via-env';
    await platform.store.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-cm`, namespace: 'default' },
      data: { CONFIG_FROM: 'envFrom', key: 'from-key-ref' },
    } as KubeObject);
    await platform.store.apply(
      service(
        name,
        container(RUNTIME_PROBE, {
          envFrom: [{ configMapRef: { name: `${name}-cm` } }],
          env: [{ name: 'CONFIG_KEY_REF', valueFrom: { configMapKeyRef: { name: `${name}-cm`, key: 'key' } } }],
        }),
      ),
    );
    await serviceReady(name);
    const { env } = await runtimeInfo(host(name));
    expect({ CONFIG_FROM: env['CONFIG_FROM'], CONFIG_KEY_REF: env['CONFIG_KEY_REF'] }).toEqual({
      CONFIG_FROM: 'envFrom',
      CONFIG_KEY_REF: 'from-key-ref',
    });
  });
});

describe('TestSecretsViaEnv', () => {
  it('env from a Secret (envFrom and secretKeyRef) reaches the program decoded', async () => {
    const name = 'secrets-via-env';
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await platform.store.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: `${name}-secret`, namespace: 'default' },
      type: 'Opaque',
      data: { SECRET_FROM: b64('envFrom'), key: b64('from-key-ref') },
    } as KubeObject);
    await platform.store.apply(
      service(
        name,
        container(RUNTIME_PROBE, {
          envFrom: [{ secretRef: { name: `${name}-secret` } }],
          env: [{ name: 'SECRET_KEY_REF', valueFrom: { secretKeyRef: { name: `${name}-secret`, key: 'key' } } }],
        }),
      ),
    );
    await serviceReady(name);
    const { env } = await runtimeInfo(host(name));
    expect({ SECRET_FROM: env['SECRET_FROM'], SECRET_KEY_REF: env['SECRET_KEY_REF'] }).toEqual({
      SECRET_FROM: 'envFrom',
      SECRET_KEY_REF: 'from-key-ref',
    });
  });
});

describe('TestCmdArgs', () => {
  it('args replace the image default args; command replaces its entrypoint', async () => {
    const withArgs = 'cmd-args';
    const withCommand = 'cmd-command';
    await platform.store.apply(
      service(
        withArgs,
        container(RUNTIME_PROBE, {
          args: ['--arg1', 'value with space', '$(HOME_AWAY)'],
          env: [{ name: 'HOME_AWAY', value: 'expanded' }],
        }),
      ),
    );
    await platform.store.apply(
      service(
        withCommand,
        container(RUNTIME_PROBE, {
          command: ['node', 'examples/apps/runtime-probe/server.js', 'from-command'],
          args: ['and-arg'],
        }),
      ),
    );
    await Promise.all([serviceReady(withArgs), serviceReady(withCommand)]);
    expect((await runtimeInfo(host(withArgs))).args).toEqual(['--arg1', 'value with space', 'expanded']);
    expect((await runtimeInfo(host(withCommand))).args).toEqual(['from-command', 'and-arg']);
  });
});

describe('TestWorkingDirService', () => {
  it('the program runs in the workingDir of its container', async () => {
    const name = 'working-dir';
    await platform.store.apply(service(name, container(RUNTIME_PROBE, { workingDir: WORKING_DIR })));
    await serviceReady(name);
    expect((await runtimeInfo(host(name))).cwd).toBe(WORKING_DIR);
  });
});

describe('TestMustHaveHeadersSet', () => {
  it('the program sees Host as the client sent it and an RFC 7239 Forwarded header', async () => {
    const name = 'must-headers';
    await platform.store.apply(service(name, container(RUNTIME_PROBE)));
    await serviceReady(name);
    const { request } = await runtimeInfo(host(name));
    expect(request.host).toBe(host(name));
    // forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] ), pairs for/by/host/proto.
    const forwarded = request.headers['forwarded'] ?? '';
    expect(forwarded).toMatch(/^(\s*[a-z]+=("[^"]*"|[^;,"\s]+)\s*(;|,|$))+$/i);
    expect(forwarded).toMatch(/(^|[;,\s])for=/i);
    expect(forwarded).toMatch(/(^|[;,\s])proto=http(;|,|$)/i);
    expect(forwarded).toContain(`host=${host(name)}`);
  });
});

describe('TestShouldHaveHeadersSet', () => {
  it('the program sees X-Forwarded-For, X-Forwarded-Proto and the user headers', async () => {
    const name = 'should-headers';
    await platform.store.apply(service(name, container(RUNTIME_PROBE)));
    await serviceReady(name);
    const { request } = await runtimeInfo(host(name), {
      'X-Conformance-User-Header': 'passed-through',
      'User-Agent': 'knts-conformance',
    });
    expect(request.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(request.headers['x-forwarded-proto']).toBe('http');
    expect(request.headers['x-conformance-user-header']).toBe('passed-through');
    expect(request.headers['user-agent']).toBe('knts-conformance');
  });
});

describeWriteBudget(platform, MAX_WRITES_PER_OBJECT);
