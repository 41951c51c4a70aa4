import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { withPrefix } from '../catalogue/catalogue';
import { ensureStream } from './ensure-stream';
import { publishLogLine, readLogLines, type LogLine } from './log-lines';

const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const events = withPrefix(`l${Date.now().toString(36)}${process.pid.toString(36)}`);
const logs = events.entries.logLine;

jest.setTimeout(20_000);

let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { ...events.streams.logs, storage: 'memory' });
});

afterAll(async () => {
  await jsm.streams.delete(events.streams.logs.name);
  await nc.drain();
});

function waitFor(lines: LogLine[], n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const check = (): void => {
      if (lines.length >= n) resolve();
      else if (Date.now() > deadline) reject(new Error(`got ${lines.length} of ${n} lines`));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('KNTS_LOGS', () => {
  const pod = { namespace: 'default', pod: 'hello-00001.deploy-1', container: 'user-container' };

  it('stores lines per container and replays them in order, then stops', async () => {
    const subject = logs.subject(pod);
    publishLogLine(nc, subject, 'first line', 'stdout');
    publishLogLine(nc, subject, 'oops: ünïcode 😀', 'stderr');
    publishLogLine(nc, logs.subject({ ...pod, container: 'other' }), 'not mine', 'stdout');
    await nc.flush();
    const js = jsm.jetstream();
    const lines: LogLine[] = [];
    const reader = await readLogLines(js, events.streams.logs.name, subject, (l) => lines.push(l));
    await reader.closed;
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'first line'],
      ['stderr', 'oops: ünïcode 😀'],
    ]);
    expect(logs.parse(lines[0]!.subject)).toEqual(pod);
  });

  it('follows new lines across all containers of a pod', async () => {
    const js = jsm.jetstream();
    const lines: LogLine[] = [];
    const filter = logs.filter({ namespace: 'default', pod: pod.pod });
    const reader = await readLogLines(js, events.streams.logs.name, filter, (l) => lines.push(l), { follow: true });
    await waitFor(lines, 3);
    publishLogLine(nc, logs.subject(pod), 'later', 'stdout');
    await waitFor(lines, 4);
    await reader.stop();
    expect(lines.map((l) => l.text)).toEqual(['first line', 'oops: ünïcode 😀', 'not mine', 'later']);
  });

  it('returns at once when nothing was logged', async () => {
    const reader = await readLogLines(jsm.jetstream(), events.streams.logs.name, logs.subject({ ...pod, pod: 'none' }), () => {
      throw new Error('no lines expected');
    });
    await reader.closed;
  });
});
