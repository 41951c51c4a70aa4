// Reads container logs from the KNTS_LOGS stream: one message per line on
// knts.logs.{namespace}.{pod}.{container}, header knts-stream: stdout|stderr (both under the
// catalogue's prefix for a store prefix other than the default: catalogueForStore).
import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { LogLine, LogReader, LogReadOptions, LogTarget } from '../log-reader';
import { catalogue as defaultCatalogue, LOG_STREAM_HEADER, type EventCatalogue } from '@knts/events';

export function logSubject(target: LogTarget, catalogue: EventCatalogue = defaultCatalogue): string {
  return catalogue.entries.logLine.subject({ namespace: target.namespace, pod: target.pod, container: target.container });
}

/** The narrowest `knts.logs.*` filter matching every target (same pod, same namespace, or all). */
export function coveringFilter(targets: readonly LogTarget[], catalogue: EventCatalogue = defaultCatalogue): string {
  const subjects = targets.map((t) => logSubject(t, catalogue));
  if (subjects.every((s) => s === subjects[0])) return subjects[0];
  const same = (key: keyof LogTarget): boolean => targets.every((t) => t[key] === targets[0][key]);
  const entry = catalogue.entries.logLine;
  if (same('namespace') && same('pod')) return entry.filter({ namespace: targets[0].namespace, pod: targets[0].pod });
  if (same('namespace')) return entry.filter({ namespace: targets[0].namespace });
  return entry.filter();
}

function isStreamMissing(err: unknown): boolean {
  return err instanceof Error && (err.name === 'StreamNotFoundError' || /stream not found/i.test(err.message));
}

export class JetStreamLogReader implements LogReader {
  private readonly stream: string;

  constructor(
    private readonly connection: NatsConnection,
    private readonly catalogue: EventCatalogue = defaultCatalogue,
  ) {
    this.stream = catalogue.streams.logs.name;
  }

  async read(targets: readonly LogTarget[], options: LogReadOptions, onLine: (line: LogLine) => void): Promise<void> {
    if (targets.length === 0) return;
    const bySubject = new Map(targets.map((t) => [logSubject(t, this.catalogue), t]));
    const jsm = await jetstreamManager(this.connection);

    // One filter covering every target: filter_subjects lists need NATS 2.10, and the build
    // machines may run older servers. Lines of other containers under it are skipped below.
    const filter = coveringFilter(targets, this.catalogue);
    let stored = 0;
    for (;;) {
      try {
        const info = await jsm.streams.info(this.stream, { subjects_filter: filter });
        stored = Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
        break;
      } catch (err) {
        if (!isStreamMissing(err)) throw err;
        // No container has logged anything yet: nothing to show, or wait for the first line.
        if (!options.follow) return;
        if (await abortableDelay(1000, options.signal)) return;
      }
    }
    if (stored === 0 && !options.follow) return;

    const js = jetstream(this.connection);
    const consumer = await js.consumers.get(this.stream, { filter_subjects: filter });
    const messages = await consumer.consume();
    const stop = (): void => void messages.stop();
    options.signal.addEventListener('abort', stop, { once: true });

    const tail = options.tail;
    const buffered = new Map<string, LogLine[]>();
    let caughtUp = stored === 0;
    const emit = (line: LogLine): void => onLine(line);
    const flushTail = (): void => {
      const all: { seq: number; line: LogLine }[] = [];
      for (const lines of buffered.values()) for (const line of lines) all.push({ seq: seqOf.get(line) ?? 0, line });
      all.sort((a, b) => a.seq - b.seq).forEach((e) => emit(e.line));
      buffered.clear();
    };
    const seqOf = new WeakMap<LogLine, number>();

    try {
      if (caughtUp && !options.follow) return;
      for await (const msg of messages) {
        const line = toLine(msg, bySubject);
        if (line) {
          if (!caughtUp && tail !== undefined) {
            const ring = buffered.get(msg.subject) ?? [];
            ring.push(line);
            seqOf.set(line, msg.seq);
            if (ring.length > tail) ring.shift();
            buffered.set(msg.subject, ring);
          } else {
            emit(line);
          }
        }
        if (!caughtUp && msg.info.pending === 0) {
          caughtUp = true;
          flushTail();
          if (!options.follow) break;
        }
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
      await messages.close().catch(() => undefined);
    }
  }
}

function toLine(msg: JsMsg, bySubject: Map<string, LogTarget>): LogLine | undefined {
  const target = bySubject.get(msg.subject);
  if (!target) return undefined;
  const stream = msg.headers?.get(LOG_STREAM_HEADER) === 'stderr' ? 'stderr' : 'stdout';
  return { target, stream, text: msg.string().replace(/\r?\n$/, '') };
}

/** Resolves true when the signal fired first. */
function abortableDelay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
