// Container output on the KNTS_LOGS stream: one message per line, raw bytes, header
// `knts-stream`. Not CloudEvents: logs are high-volume and read back verbatim by `knts logs`.

import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { Stoppable } from './stoppable';

export type OutputStream = 'stdout' | 'stderr';
export const LOG_STREAM_HEADER = 'knts-stream';

export interface LogLine {
  subject: string;
  stream: OutputStream;
  data: Uint8Array;
  text: string;
  /** When JetStream stored the line. */
  time: Date;
}

const utf8 = new TextEncoder();
const lenientUtf8 = new TextDecoder();

/** Core publish into the stream's subject: JetStream stores it without a per-line ack round trip. */
export function publishLogLine(nc: NatsConnection, subject: string, line: string | Uint8Array, stream: OutputStream): void {
  const hdrs = natsHeaders();
  hdrs.set(LOG_STREAM_HEADER, stream);
  nc.publish(subject, typeof line === 'string' ? utf8.encode(line) : line, { headers: hdrs });
}

export interface ReadLogLinesOptions {
  /** Keep waiting for new lines (`knts logs -f`); otherwise stop after the last stored one. */
  follow?: boolean;
}

/** Replays stored lines matching `filterSubject` in order with an ordered consumer (no server state kept). */
export async function readLogLines(
  js: JetStreamClient,
  streamName: string,
  filterSubject: string,
  onLine: (line: LogLine) => void,
  options: ReadLogLinesOptions = {},
): Promise<Stoppable> {
  const jsm = await js.jetstreamManager();
  const info = await jsm.streams.info(streamName, { subjects_filter: filterSubject });
  const stored = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  if (!options.follow && stored === 0) {
    const closed = Promise.resolve();
    return { closed, stop: () => closed, drain: () => closed };
  }
  const consumer = await js.consumers.get(streamName, { filter_subjects: filterSubject });
  const messages = await consumer.consume();
  const closed = (async () => {
    for await (const m of messages) {
      const data = m.data.slice();
      onLine({
        subject: m.subject,
        stream: m.headers?.get(LOG_STREAM_HEADER) === 'stderr' ? 'stderr' : 'stdout',
        data,
        text: lenientUtf8.decode(data),
        time: m.time,
      });
      if (!options.follow && m.info.pending === 0) break;
    }
  })();
  const stop = async (): Promise<void> => {
    await messages.close();
    await closed;
  };
  return { closed, stop, drain: stop };
}
