// `knts get revisions -w`: the CONCURRENCY column follows the autoscaler's decision events.
import { catalogueForStore, publishEvent, type AutoscalerDecisionData } from '@knts/events';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteStoreBuckets, knts, NATS_URL, startKnts, uniquePrefix } from './knts-cli';

jest.setTimeout(60_000);

const prefix = uniquePrefix('load');
const store = ['--prefix', prefix];
// The platform of this store prefix publishes its decisions under the prefix (catalogueForStore).
const catalogue = catalogueForStore(prefix);
const namespace = `load-${Date.now().toString(36)}-${process.pid.toString(36)}`;
let dir: string;
let nc: NatsConnection;

const revision = `apiVersion: serving.knative.dev/v1
kind: Revision
metadata:
  name: autoscale-go-00001
  labels:
    serving.knative.dev/configuration: autoscale-go
    serving.knative.dev/configurationGeneration: "1"
spec:
  containers:
  - image: gcr.io/knative-samples/autoscale-go:0.1
`;

function decide(name: string, data: Partial<AutoscalerDecisionData>): void {
  const entry = catalogue.entries.autoscalerDecision;
  const params = { namespace, revision: name };
  publishEvent(
    nc,
    entry.subject(params),
    entry.event(params, {
      namespace,
      revision: name,
      desiredScale: 1,
      excessBurstCapacity: 0,
      observedStableConcurrency: 0,
      observedPanicConcurrency: 0,
      panicking: false,
      timestamp: new Date().toISOString(),
      ...data,
    }),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'knts-load-'));
  nc = await connect({ servers: NATS_URL });
});

afterAll(async () => {
  await nc.drain();
  await deleteStoreBuckets(prefix);
  rmSync(dir, { recursive: true, force: true });
});

it('prints a row whenever the observed concurrency it shows changes, panic included', async () => {
  const file = join(dir, 'revision.yaml');
  writeFileSync(file, revision);
  expect((await knts(['apply', '-f', file, '-n', namespace, ...store])).code).toBe(0);
  const watch = startKnts(['get', 'revisions', '-w', '-n', namespace, ...store]);
  try {
    await watch.waitForStdout((out) => /^NAME\s+CONFIG NAME.*DESIRED REPLICAS\s+AGE\s+CONCURRENCY\n/.test(out));
    await watch.waitForStdout((out) => /autoscale-go-00001\s+autoscale-go\s+1\s.*\s-\n/.test(out));
    // The feed subscribes after the list is printed: publish until a row shows the figure.
    await retryUntil(() => decide('autoscale-go-00001', { observedStableConcurrency: 7.26, desiredScale: 11 }), () => /\s7\.3\n/.test(watch.stdout));
    decide('autoscale-go-00001', { observedStableConcurrency: 7.26, desiredScale: 11 }); // same cell: no row
    decide('autoscale-go-00001', { observedStableConcurrency: 30, observedPanicConcurrency: 48.04, panicking: true });
    await watch.waitForStdout((out) => /\s48\.0 \(panic\)\n/.test(out));
    decide('other-00001', { observedStableConcurrency: 3 }); // not a revision of this listing
    decide('autoscale-go-00001', { observedStableConcurrency: 0 });
    await watch.waitForStdout((out) => /\s0\.0\n/.test(out));
  } finally {
    const done = await watch.interrupt();
    expect(done.code).toBe(0);
    const rows = done.stdout.trimEnd().split('\n');
    expect(rows.map((r) => r.split(/\s+/).at(-1))).toEqual(['CONCURRENCY', '-', '7.3', '(panic)', '0.0']);
    expect(rows.some((r) => r.startsWith('other-00001'))).toBe(false);
  }
});

async function retryUntil(action: () => void, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the watch never showed the published figure');
    action();
    await new Promise((r) => setTimeout(r, 200));
  }
}
