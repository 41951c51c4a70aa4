// Container output on its way to KNTS_LOGS. Lines are queued and published in batches on later
// ticks, so a program that writes fast never waits on NATS; past `maxPending` the oldest queued
// lines are dropped (and the drop is reported in the log) rather than growing memory without bound.
import type { OutputStream } from '@knts/events';

export type PublishLine = (subject: string, line: string, stream: OutputStream) => void;

export interface LogPipelineOptions {
  maxPending?: number;
  batchSize?: number;
  onError?: (err: unknown) => void;
}

interface Queued {
  subject: string;
  line: string;
  stream: OutputStream;
}

export class LogPipeline {
  private queue: Queued[] = [];
  private head = 0;
  private scheduled = false;
  private dropped = new Map<string, number>();
  private idle: Array<() => void> = [];
  private readonly maxPending: number;
  private readonly batchSize: number;

  constructor(
    private readonly publish: PublishLine,
    private readonly options: LogPipelineOptions = {},
  ) {
    this.maxPending = options.maxPending ?? 10_000;
    this.batchSize = options.batchSize ?? 500;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  push(subject: string, line: string, stream: OutputStream): void {
    if (this.pending >= this.maxPending) {
      const oldest = this.queue[this.head++];
      this.dropped.set(oldest.subject, (this.dropped.get(oldest.subject) ?? 0) + 1);
    }
    this.queue.push({ subject, line, stream });
    this.schedule();
  }

  /** Resolves once every line queued so far was handed to NATS. */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    for (const [subject, count] of this.dropped)
      this.send({ subject, line: `[knts] ${count} log lines dropped: output too fast`, stream: 'stderr' });
    this.dropped.clear();
    const end = Math.min(this.queue.length, this.head + this.batchSize);
    for (; this.head < end; this.head++) this.send(this.queue[this.head]);
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.pending > 0) {
      this.schedule();
      return;
    }
    this.queue = [];
    this.head = 0;
    const waiters = this.idle;
    this.idle = [];
    for (const resolve of waiters) resolve();
  }

  private send(item: Queued): void {
    try {
      this.publish(item.subject, item.line, item.stream);
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}

/** Cuts a byte stream into lines (without the newline); a partial last line waits for more. */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array): string[] {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  end(): string[] {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

/** The last lines a replica wrote, for "Container failed with: ..." messages. */
export class RecentLines {
  private readonly lines: Array<{ stream: OutputStream; line: string }> = [];

  constructor(private readonly capacity = 200) {}

  add(stream: OutputStream, line: string): void {
    this.lines.push({ stream, line });
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  /**
   * The kubelet's FallbackToLogsOnError message (at most 80 lines and 2 KiB, the newest kept),
   * from stderr when the program wrote any, else from all output.
   */
  terminationMessage(maxLines = 80, maxBytes = 2048): string {
    const errors = this.lines.filter((l) => l.stream === 'stderr');
    const picked = (errors.length > 0 ? errors : this.lines).slice(-maxLines).map((l) => l.line);
    let text = picked.join('\n');
    while (Buffer.byteLength(text) > maxBytes && text.length > 0)
      text = text.slice(text.indexOf('\n') + 1 || text.length);
    return text;
  }
}
