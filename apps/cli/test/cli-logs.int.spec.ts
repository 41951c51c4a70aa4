// `knts logs` in kubectl's forms, reading lines the runtime would have put on KNTS_LOGS.
import { catalogueForStore, ensureStream, publishLogLine } from '@knts/events';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteStoreBuckets, knts, NATS_URL, startKnts, uniquePrefix } from './knts-cli';

jest.setTimeout(60_000);

const prefix = uniquePrefix('logs');
// A namespace of our own keeps these lines apart from anything else on the shared stream.
const ns = `logs-${Date.now().toString(36)}`;
const flags = ['--prefix', prefix, '-n', ns];
// After `logs`, --prefix is kubectl's line prefix; the store prefix goes before the command.
const logsOf = (...args: string[]): string[] => ['--prefix', prefix, 'logs', ...args, '-n', ns];
// The platform of this store prefix writes its lines on its own subjects and stream.
const catalogue = catalogueForStore(prefix);
const logs = catalogue.entries.logLine;
let nc: NatsConnection;
let jsm: JetStreamManager;
let createdStream = false;
let dir: string;

const manifests = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: event-display
spec:
  template:
    spec:
      containers:
      - image: event-display
---
apiVersion: v1
kind: Pod
metadata:
  name: event-display-00001-deployment-1
  labels:
    serving.knative.dev/service: event-display
    serving.knative.dev/revision: event-display-00001
spec:
  containers:
  - name: user-container
    image: event-display
---
apiVersion: tekton.dev/v1
kind: TaskRun
metadata:
  name: build
spec:
  taskSpec:
    steps:
    - name: build
      image: busybox
      script: echo building
    - name: push
      image: busybox
      script: echo pushing
---
apiVersion: v1
kind: Pod
metadata:
  name: build-pod
  labels:
    tekton.dev/taskRun: build
spec:
  containers:
  - name: step-build
    image: busybox
  - name: step-push
    image: busybox
`;

function line(pod: string, container: string, text: string): void {
  publishLogLine(nc, logs.subject({ namespace: ns, pod, container }), text, 'stdout');
}

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await jetstreamManager(nc);
  createdStream = !(await jsm.streams.info(catalogue.streams.logs.name).then(
    () => true,
    () => false,
  ));
  await ensureStream(jsm, catalogue.streams.logs);
  dir = mkdtempSync(join(tmpdir(), 'knts-logs-'));
  writeFileSync(join(dir, 'objects.yaml'), manifests);
  const applied = await knts(['apply', '-f', join(dir, 'objects.yaml'), ...flags]);
  expect(applied.stderr).toBe('');
  for (let i = 1; i <= 3; i++) line('event-display-00001-deployment-1', 'user-container', `event ${i}`);
  line('build-pod', 'step-build', 'building');
  line('build-pod', 'step-push', 'pushing');
  await nc.flush();
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (createdStream) await jsm.streams.delete(catalogue.streams.logs.name);
  else await jsm.streams.purge(catalogue.streams.logs.name, { filter: logs.filter({ namespace: ns }) });
  await nc.drain();
  await deleteStoreBuckets(prefix);
});

describe('knts logs', () => {
  it('reads a label selector and container, as the workshop does', async () => {
    const out = await knts(logsOf('-l', 'serving.knative.dev/service=event-display', '-c', 'user-container'));
    expect(out).toEqual({ code: 0, stdout: 'event 1\nevent 2\nevent 3\n', stderr: '' });
  });

  it('reads a pod by name with --tail', async () => {
    const out = await knts(logsOf('event-display-00001-deployment-1', '--tail', '2'));
    expect(out.stdout).toBe('event 2\nevent 3\n');
  });

  it('finds a Knative service’s pods', async () => {
    const out = await knts(logsOf('ksvc/event-display'));
    expect(out.stdout).toBe('event 1\nevent 2\nevent 3\n');
  });

  it('prints every step of a TaskRun with a prefix per step', async () => {
    const out = await knts(logsOf('taskrun/build'));
    expect(out.stdout).toBe('[step-build] building\n[step-push] pushing\n');
  });

  it('prefixes lines with --prefix', async () => {
    const out = await knts(logsOf('taskrun/build', '--prefix'));
    expect(out.stdout).toBe('[pod/build-pod/step-build] building\n[pod/build-pod/step-push] pushing\n');
  });

  it('follows new lines with -f', async () => {
    const follow = startKnts(logsOf('event-display-00001-deployment-1', '-f', '--tail', '1'));
    await follow.waitForStdout((out) => out === 'event 3\n');
    line('event-display-00001-deployment-1', 'user-container', 'event 4');
    await nc.flush();
    await follow.waitForStdout((out) => out === 'event 3\nevent 4\n');
    expect((await follow.interrupt()).code).toBe(0);
  });

  it('says when no pods match', async () => {
    const out = await knts(logsOf('-l', 'serving.knative.dev/service=nothing'));
    expect(out).toEqual({ code: 0, stdout: '', stderr: `No resources found in ${ns} namespace.\n` });
  });
});
