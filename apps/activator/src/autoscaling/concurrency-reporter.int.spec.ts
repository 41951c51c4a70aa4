// The reporter through the production sink on the real NATS: the immediate stat and the poke
// for a revision at zero, then the period's stat, arrive on the catalogue's subjects with the
// catalogue's types and the right data. Subjects under a unique prefix.
import { subscribeEvents, withPrefix, type AutoscalerPokeData, type AutoscalerStatData, type Stoppable } from '@knts/events';
import { TEST_NATS_URL } from '@knts/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConcurrencyReporter, type RevisionKey } from './concurrency-reporter';
import { natsAutoscalerStatSink } from './nats-autoscaler-stat-sink';

const catalogue = withPrefix(`cr${process.pid}${Date.now().toString(36)}`);

interface Received {
  type: string;
  subject: string;
  data: unknown;
}

let nc: NatsConnection;
let subs: Stoppable[];
const received: Received[] = [];
const waiters = new Set<() => void>();

function untilReceived(n: number): Promise<Received[]> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (received.length >= n) {
        waiters.delete(check);
        resolve(received.slice(0, n));
      }
    };
    waiters.add(check);
    check();
  });
}

beforeAll(async () => {
  nc = await connect({ servers: TEST_NATS_URL });
  const onEvent = (event: { type: string; data?: unknown }, meta: { subject: string }): void => {
    received.push({ type: event.type, subject: meta.subject, data: event.data });
    for (const w of [...waiters]) w();
  };
  subs = await Promise.all([
    subscribeEvents(nc, catalogue.entries.autoscalerStat.filter(), onEvent),
    subscribeEvents(nc, catalogue.entries.autoscalerPoke.filter(), onEvent),
  ]);
  await nc.flush();
});

afterAll(async () => {
  await Promise.all(subs.map((s) => s.drain()));
  await nc.close();
});

it('publishes the immediate stat and poke for a revision at zero, then the period stat', async () => {
  let clock = Date.UTC(2025, 0, 1, 12, 0, 0);
  const revision: RevisionKey & { ready: boolean } = { namespace: 'default', name: 'hello-00001', ready: false };
  const reporter = new ConcurrencyReporter<typeof revision>({
    sink: natsAutoscalerStatSink(nc, catalogue),
    isAtZero: (r) => !r.ready,
    podName: 'activator-test-1',
    now: () => clock,
  });

  reporter.onRequestStart(revision);
  clock += 500;
  reporter.onRequestEnd(revision);
  clock += 500;
  reporter.report();

  const [first, poke, period] = await untilReceived(3);
  const statSubject = catalogue.entries.autoscalerStat.subject({ namespace: 'default', revision: 'hello-00001' });
  expect(first).toEqual({
    type: 'dev.knts.autoscaler.stat.v1',
    subject: statSubject,
    data: {
      namespace: 'default',
      revision: 'hello-00001',
      podName: 'activator-test-1',
      averageConcurrentRequests: 1,
      averageProxiedConcurrentRequests: 0,
      requestCount: 1,
      proxiedRequestCount: 0,
      processUptime: 0,
      timestamp: '2025-01-01T12:00:00.000Z',
    } satisfies AutoscalerStatData,
  });
  expect(poke).toEqual({
    type: 'dev.knts.autoscaler.poke.v1',
    subject: catalogue.entries.autoscalerPoke.subject({ namespace: 'default', revision: 'hello-00001' }),
    data: { namespace: 'default', revision: 'hello-00001', timestamp: '2025-01-01T12:00:00.000Z' } satisfies AutoscalerPokeData,
  });
  // The period: concurrency 1 for 500 ms of 1000 ms = 0.5, minus the 1 already sent → 0;
  // one request, minus the one already sent → 0.
  expect(period).toMatchObject({
    type: 'dev.knts.autoscaler.stat.v1',
    subject: statSubject,
    data: { podName: 'activator-test-1', averageConcurrentRequests: 0, requestCount: 0, timestamp: '2025-01-01T12:00:01.000Z' },
  });
});
