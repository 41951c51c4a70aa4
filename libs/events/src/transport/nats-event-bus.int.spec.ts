import { jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { CloudEvent } from 'cloudevents';
import { CloudEventValidationError } from '../binding/cloud-event-validation-error';
import { consumeDurable, type DeliveryContext } from './consume-durable';
import { Outcome, PermanentEventError } from './delivery-outcome';
import { ensureStream } from './ensure-stream';
import { publishDurable } from './publish-durable';
import { publishEvent } from './publish-event';
import type { Stoppable } from './stoppable';
import { subscribeEvents } from './subscribe-events';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
// Unique per run so parallel runs and leftovers from crashed runs never meet.
const PREFIX = `t${Date.now().toString(36)}${process.pid.toString(36)}`;
const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);

jest.setTimeout(20_000);

let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;
const handles: Stoppable[] = [];
const extraConnections: NatsConnection[] = [];

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await jetstreamManager(nc);
  js = jsm.jetstream();
});

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()));
});

afterAll(async () => {
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(PREFIX)) await jsm.streams.delete(name);
  }
  await Promise.all(extraConnections.map((c) => c.close()));
  await nc.drain();
});

let counter = 0;
function names(): { subject: string; stream: string } {
  counter += 1;
  return { subject: `${PREFIX}.s${counter}`, stream: `${PREFIX}-s${counter}` };
}

function event(id: string, extra: Record<string, unknown> = {}): CloudEvent<unknown> {
  return new CloudEvent<unknown>({ id, source: '/knts/test', type: 'dev.knts.test.v1', time: '2024-05-01T12:00:00Z', ...extra });
}

/** Resolves when `n` items were collected; rejects after a generous bound so a bug fails, not hangs. */
function collector<T>(n: number, boundMs = 10_000): { items: T[]; add(item: T): void; done: Promise<T[]> } {
  const items: T[] = [];
  let resolve!: (v: T[]) => void;
  const done = new Promise<T[]>((res, rej) => {
    resolve = res;
    const timer = setTimeout(() => rej(new Error(`collected ${items.length} of ${n}`)), boundMs);
    timer.unref();
  });
  return {
    items,
    done,
    add(item: T) {
      items.push(item);
      if (items.length === n) resolve(items);
    },
  };
}

/** Polls a condition the server reports (consumer state), bounded so a bug fails the test. */
async function eventually(check: () => Promise<boolean>, boundMs = 10_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('core NATS publish / subscribe', () => {
  it.each(['binary', 'structured'] as const)('delivers a %s-mode event intact', async (mode) => {
    const { subject } = names();
    const got = collector<CloudEvent<unknown>>(1);
    handles.push(await subscribeEvents(nc, subject, (e) => got.add(e)));
    const sent = event('e1', { subject: 'Euro € 😀 100% "q"', myext: 'v 1', data: ALL_BYTES });
    publishEvent(nc, subject, sent, { mode });
    const [received] = await got.done;
    expect(received).toMatchObject({ id: 'e1', subject: 'Euro € 😀 100% "q"', myext: 'v 1', data: ALL_BYTES });
  });

  it('reports undecodable messages and keeps delivering', async () => {
    const { subject } = names();
    const got = collector<string>(1);
    const errors = collector<unknown>(1);
    handles.push(await subscribeEvents(nc, subject, (e) => got.add(e.id), { onError: (err) => errors.add(err) }));
    const h = headers();
    h.set('ce-id', 'x');
    nc.publish(subject, new Uint8Array(0), { headers: h });
    publishEvent(nc, subject, event('ok'));
    expect(await got.done).toEqual(['ok']);
    const [err] = await errors.done;
    expect(err).toBeInstanceOf(CloudEventValidationError);
    expect((err as CloudEventValidationError).reason).toBe('missing required attribute "source" (header "ce-source")');
  });

  it('queue groups deliver each event to one member', async () => {
    const { subject } = names();
    const got = collector<string>(20);
    handles.push(await subscribeEvents(nc, subject, (e) => got.add(`a:${e.id}`), { queue: 'q' }));
    handles.push(await subscribeEvents(nc, subject, (e) => got.add(`b:${e.id}`), { queue: 'q' }));
    for (let i = 0; i < 20; i++) publishEvent(nc, subject, event(`e${i}`));
    const ids = (await got.done).map((s) => s.slice(2)).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `e${i}`).sort());
  });

  it('drain handles what already arrived', async () => {
    const { subject } = names();
    const seen: string[] = [];
    const sub = await subscribeEvents(nc, subject, async (e) => {
      await new Promise((r) => setImmediate(r));
      seen.push(e.id);
    });
    for (let i = 0; i < 5; i++) publishEvent(nc, subject, event(`e${i}`));
    await nc.flush();
    await sub.drain();
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });
});

describe('ensureStream', () => {
  it('creates once, is idempotent, updates changed limits', async () => {
    const { subject, stream } = names();
    const def = { name: stream, subjects: [`${subject}.>`], maxAgeMs: 60_000, duplicateWindowMs: 30_000 };
    const created = await ensureStream(jsm, def);
    const again = await ensureStream(jsm, def);
    expect(again.created).toEqual(created.created);
    const updated = await ensureStream(jsm, { ...def, maxAgeMs: 120_000 });
    expect(updated.config.max_age).toBe(120_000 * 1_000_000);
  });

  it('refuses a storage change with the command that fixes it', async () => {
    const { subject, stream } = names();
    await ensureStream(jsm, { name: stream, subjects: [`${subject}.>`], storage: 'memory' });
    await expect(ensureStream(jsm, { name: stream, subjects: [`${subject}.>`] })).rejects.toThrow(
      `stream ${stream} exists with a different storage (storage=memory); JetStream cannot change that in place: delete the stream (nats stream rm ${stream}) and start again`,
    );
  });
});

describe('JetStream durable publish and consume', () => {
  async function stream(): Promise<{ subject: string; stream: string }> {
    const n = names();
    await ensureStream(jsm, { name: n.stream, subjects: [`${n.subject}.>`], storage: 'memory' });
    return { subject: `${n.subject}.in`, stream: n.stream };
  }

  it('de-duplicates by source and id', async () => {
    const { subject } = await stream();
    const first = await publishDurable(js, subject, event('same'));
    const repeat = await publishDurable(js, subject, event('same'));
    const otherSource = await publishDurable(js, subject, event('same', { source: '/other' }));
    expect(first.duplicate).toBe(false);
    expect(repeat).toMatchObject({ duplicate: true, seq: first.seq });
    expect(otherSource.duplicate).toBe(false);
    expect(otherSource.seq).toBe(first.seq + 1);
  });

  it('acks in stream order', async () => {
    const { subject, stream: name } = await stream();
    for (let i = 0; i < 3; i++) await publishDurable(js, subject, event(`e${i}`, { data: ALL_BYTES }));
    const got = collector<string>(3);
    handles.push(
      await consumeDurable(js, name, 'acker', (e) => {
        expect(e.data).toEqual(ALL_BYTES);
        got.add(e.id);
      }),
    );
    expect(await got.done).toEqual(['e0', 'e1', 'e2']);
    await eventually(async () => {
      const info = await jsm.consumers.info(name, 'acker');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
  });

  it('redelivers after nak with a delay, and after a retryable throw', async () => {
    const { subject, stream: name } = await stream();
    await publishDurable(js, subject, event('nak-me'));
    await publishDurable(js, subject, event('throw-once'));
    const got = collector<[string, number]>(4);
    handles.push(
      await consumeDurable(
        js,
        name,
        'retrier',
        (e, d: DeliveryContext) => {
          got.add([e.id, d.deliveryCount]);
          if (d.deliveryCount > 1) return Outcome.ack();
          if (e.id === 'nak-me') return Outcome.nak(50);
          throw new Error('transient');
        },
        { retryDelayMs: () => 20, onError: () => undefined },
      ),
    );
    const seen = await got.done;
    expect(seen).toEqual(
      expect.arrayContaining([
        ['nak-me', 1],
        ['nak-me', 2],
        ['throw-once', 1],
        ['throw-once', 2],
      ]),
    );
  });

  it('terms on a permanent error and on an undecodable message', async () => {
    const { subject, stream: name } = await stream();
    await publishDurable(js, subject, event('poison'));
    await js.publish(subject, new TextEncoder().encode('not an event'));
    await publishDurable(js, subject, event('after'));
    const got = collector<string>(2);
    const errors: unknown[] = [];
    handles.push(
      await consumeDurable(
        js,
        name,
        'termer',
        (e) => {
          got.add(e.id);
          if (e.id === 'poison') throw new PermanentEventError('cannot ever succeed');
        },
        // A short ack wait: were term ignored, the poison would come back within the test.
        { ackWaitMs: 300, onError: (err) => errors.push(err) },
      ),
    );
    expect(await got.done).toEqual(['poison', 'after']);
    await eventually(async () => {
      const info = await jsm.consumers.info(name, 'termer');
      return info.num_ack_pending === 0 && info.num_pending === 0;
    });
    const info = await jsm.consumers.info(name, 'termer');
    expect(info.num_redelivered).toBe(0);
    expect(errors[0]).toBeInstanceOf(PermanentEventError);
    expect(errors[1]).toBeInstanceOf(CloudEventValidationError);
  });

  it('a consumer stopped and restarted gets back everything it had not acked', async () => {
    const { subject, stream: name } = await stream();
    const ids = Array.from({ length: 6 }, (_, i) => `e${i}`);
    for (const id of ids) await publishDurable(js, subject, event(id));
    const acked: string[] = [];
    const twoAcked = collector<string>(2);
    // Default 30 s ack wait: the test only passes in time if stop() hands messages back.
    const first = await consumeDurable(js, name, 'restarter', (e) => {
      acked.push(e.id);
      twoAcked.add(e.id);
    });
    await twoAcked.done;
    await first.stop();
    const rest = ids.filter((id) => !acked.includes(id));
    const got = collector<string>(rest.length);
    handles.push(await consumeDurable(js, name, 'restarter', (e) => got.add(e.id)));
    expect(await got.done).toEqual(rest);
  });

  it('a consumer whose connection dies mid-handler loses nothing', async () => {
    const { subject, stream: name } = await stream();
    await publishDurable(js, subject, event('stuck'));
    await publishDurable(js, subject, event('next'));
    const doomed = await connect({ servers: NATS_URL });
    extraConnections.push(doomed);
    const started = collector<string>(1);
    await consumeDurable(
      (await jetstreamManager(doomed)).jetstream(),
      name,
      'crasher',
      (e) => {
        started.add(e.id);
        return new Promise<void>(() => undefined); // hangs like a crashed process
      },
      { ackWaitMs: 500, onError: () => undefined },
    );
    await started.done;
    await doomed.close();
    const got = collector<string>(2);
    handles.push(await consumeDurable(js, name, 'crasher', (e) => got.add(e.id), { ackWaitMs: 500 }));
    // 'next' may come first: 'stuck' is only redelivered once its ack wait runs out.
    expect((await got.done).sort()).toEqual(['next', 'stuck']);
  });
});
