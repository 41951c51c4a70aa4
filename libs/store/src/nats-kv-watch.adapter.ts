// One ResourceStore watch over a KV bucket: an ordered push consumer on the bucket's stream, turned
// into Kubernetes watch events (ADDED / MODIFIED / DELETED with the last known object).
import type { KubeObject, ResourceType } from '@knts/api';
import { apiVersionOf } from '@knts/api';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JsMsg, PushConsumer } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeStored, parseKey } from './kv-layout';
import type { LabelSelector } from './label-selector';
import type { Watch, WatchEvent, WatchEventType } from './resource-store';

export interface NatsKvWatchSource {
  connection: NatsConnection;
  js: JetStreamClient;
  kv: KV;
  /** The bucket's stream, `KV_<bucket>`. */
  stream: string;
  /** Subject prefix of every key, `$KV.<bucket>.`. */
  subjectPrefix: string;
  /** KV key filter, `ns.>` or `>`. */
  keyFilter: string;
  type: ResourceType;
  selector: LabelSelector;
}

interface Known {
  revision: number;
  /** The object as last delivered; undefined when the watcher does not currently see the key. */
  object?: KubeObject;
}

// Consumer (re)creation can fail while NATS reconnects; beyond this the watch ends with the error.
const OPEN_ATTEMPTS = 8;

export class NatsKvWatch<T extends KubeObject> implements Watch {
  readonly ready: Promise<void>;
  /** Resolves when the watch ends: undefined after stop(), the error when it failed. */
  readonly ended: Promise<Error | undefined>;

  private readonly known = new Map<string, Known>();
  /** Highest stream sequence processed; the consumer delivers ascending sequences, so anything at or below is a replay. */
  private lastRevision: number;
  /** The revision a resumed watch started after: every later entry it has not delivered was compacted away. */
  private readonly resumedFrom: number;
  private readonly resumeMode: boolean;
  private snapshotDone: boolean;
  private snapshotRemaining = 0;
  private epoch = 0;
  private consumer?: PushConsumer;
  private messages?: ConsumerMessages;
  private lastDeliverySeq = 0;
  private readonly queue: Array<{ epoch: number; msg: JsMsg }> = [];
  private pumping = false;
  private stopped = false;
  private restarting = false;
  private restartAgain = false;
  private connectionStatus?: AsyncIterable<unknown>;
  private resolveReady!: () => void;
  private rejectReady!: (err: Error) => void;
  private resolveEnded!: (err: Error | undefined) => void;

  private source!: NatsKvWatchSource;

  /** `source` resolves once the bucket exists; the watch starts then. */
  constructor(
    source: Promise<NatsKvWatchSource>,
    resourceVersion: string | undefined,
    private readonly onEvent: (event: WatchEvent<T>) => void,
  ) {
    this.resumeMode = resourceVersion !== undefined && resourceVersion !== '' && resourceVersion !== '0';
    this.lastRevision = this.resumeMode ? Number(resourceVersion) : 0;
    this.resumedFrom = this.lastRevision;
    this.snapshotDone = this.resumeMode;
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A caller that only uses `ended` must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    if (Number.isNaN(this.lastRevision)) {
      this.fail(new Error(`invalid resourceVersion "${resourceVersion}"`));
      return;
    }
    source.then(
      (s) => {
        if (this.stopped) return;
        this.source = s;
        this.watchConnection();
        void this.open();
      },
      (err: unknown) => this.fail(asError(err)),
    );
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.epoch++;
    await this.closeConsumer();
    this.stopConnectionStatus();
    this.resolveReady();
    this.resolveEnded(undefined);
  }

  /** (Re)creates the consumer: a fresh snapshot until the initial state is delivered, then from the last revision. */
  private async open(): Promise<void> {
    const epoch = ++this.epoch;
    this.lastDeliverySeq = 0;
    await this.closeConsumer();
    const { js, stream, subjectPrefix, keyFilter } = this.source;
    for (let attempt = 1; ; attempt++) {
      if (this.stopped || epoch !== this.epoch) return;
      try {
        const filter_subjects = `${subjectPrefix}${keyFilter}`;
        const consumer = this.snapshotDone
          ? await js.consumers.getPushConsumer(stream, { filter_subjects, opt_start_seq: this.lastRevision + 1 })
          : await js.consumers.getPushConsumer(stream, { filter_subjects, deliver_policy: DeliverPolicy.LastPerSubject });
        if (this.stopped || epoch !== this.epoch) {
          await consumer.delete().catch(() => undefined);
          return;
        }
        this.consumer = consumer;
        if (!this.snapshotDone) {
          // num_pending at creation is the number of keys in the snapshot (cached from the create reply).
          this.snapshotRemaining = (await consumer.info(true)).num_pending;
        }
        const messages = await consumer.consume({
          callback: (msg) => {
            if (epoch !== this.epoch) return;
            this.lastDeliverySeq = msg.info.deliverySequence;
            this.queue.push({ epoch, msg });
            void this.pump();
          },
        });
        this.messages = messages;
        void this.watchConsumer(epoch, messages);
        if (!this.snapshotDone && this.snapshotRemaining === 0) this.snapshotDone = true;
        if (this.snapshotDone) this.resolveReady();
        return;
      } catch (err) {
        if (attempt >= OPEN_ATTEMPTS) {
          this.fail(asError(err));
          return;
        }
        await delay(Math.min(100 * 2 ** attempt, 5000));
      }
    }
  }

  /**
   * Recreates the consumer. A request that comes while one runs (a reconnect during a gap's
   * restart, say) runs once more after it: the running one may have resumed from before what the
   * later request is about.
   */
  private async restart(): Promise<void> {
    if (this.stopped) return;
    if (this.restarting) {
      this.restartAgain = true;
      return;
    }
    this.restarting = true;
    try {
      do {
        this.restartAgain = false;
        await this.open();
      } while (this.restartAgain && !this.stopped);
    } finally {
      this.restarting = false;
    }
  }

  /** Restarts on anything that may have dropped a message: a gap shown by a heartbeat, a recreated or closed consumer. */
  private async watchConsumer(epoch: number, messages: ConsumerMessages): Promise<void> {
    void messages.closed().then(() => {
      if (epoch === this.epoch && !this.stopped) void this.restart();
    });
    for await (const note of messages.status()) {
      if (epoch !== this.epoch) return;
      if (note.type === 'heartbeat' && note.lastConsumerSequence > this.lastDeliverySeq) void this.restart();
      // The client recreated its ordered consumer from a plain start sequence; a snapshot needs our own restart.
      if (note.type === 'ordered_consumer_recreated') {
        if (!this.snapshotDone) void this.restart();
        else this.lastDeliverySeq = 0;
      }
    }
  }

  /** After a reconnect, messages pushed while disconnected are gone; resume from the last revision. */
  private watchConnection(): void {
    const status = this.source.connection.status();
    this.connectionStatus = status;
    void (async () => {
      for await (const s of status) {
        if (this.stopped) return;
        if ((s as { type?: string }).type === 'reconnect') void this.restart();
      }
    })();
  }

  private stopConnectionStatus(): void {
    const it = this.connectionStatus as Partial<{ stop(): void }> | undefined;
    it?.stop?.();
  }

  private async closeConsumer(): Promise<void> {
    const messages = this.messages;
    const consumer = this.consumer;
    this.messages = undefined;
    this.consumer = undefined;
    this.queue.length = 0;
    if (messages) await messages.close().catch(() => undefined);
    if (consumer) await consumer.delete().catch(() => undefined);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const item = this.queue.shift();
        if (!item || item.epoch !== this.epoch) continue;
        await this.process(item.msg);
        if (!this.snapshotDone && item.epoch === this.epoch && --this.snapshotRemaining <= 0) {
          this.snapshotDone = true;
          this.resolveReady();
        }
      }
    } catch (err) {
      this.fail(asError(err));
    } finally {
      this.pumping = false;
    }
  }

  private async process(msg: JsMsg): Promise<void> {
    const revision = msg.seq;
    if (revision <= this.lastRevision) return;
    this.lastRevision = revision;
    const key = msg.subject.slice(this.source.subjectPrefix.length);
    const operation = msg.headers?.get('KV-Operation') ?? '';
    const removed = operation === 'DEL' || operation === 'PURGE';
    const record = removed ? undefined : decodeStored(msg.data, revision);
    let previous = this.known.get(key);
    if (previous === undefined && this.resumeMode) previous = await this.previousState(key, revision, record, replacedRevision(msg));

    const current = record && this.source.selector.matches(record.object.metadata.labels) ? record.object : undefined;
    if (current) this.known.set(key, { revision, object: current });
    else if (this.resumeMode) this.known.set(key, { revision });
    else this.known.delete(key);

    if (current) this.emit(previous?.object ? 'MODIFIED' : 'ADDED', current, revision);
    else if (previous?.object) {
      // Kubernetes sends the last object the watcher saw, at the revision of the deletion.
      const last = { ...previous.object, metadata: { ...previous.object.metadata, resourceVersion: String(revision) } };
      this.emit('DELETED', last, revision);
    }
  }

  /**
   * What a watcher resumed at an older revision had last seen of a key it has not seen in this
   * watch. A stored value names the revision it replaced, so this costs a lookup only for label
   * selectors and deletions.
   */
  private async previousState(
    key: string,
    revision: number,
    record: ReturnType<typeof decodeStored> | undefined,
    replaced: number | undefined,
  ): Promise<Known | undefined> {
    const { kv, selector } = this.source;
    if (record) {
      if (record.previousRevision === undefined) {
        // A create. Over a deletion this watch never delivered (compacted from the key's history),
        // the watcher may still hold the earlier object: assume it does, as for compacted updates.
        return replaced !== undefined && replaced > this.resumedFrom ? { revision: replaced, object: record.object } : undefined;
      }
      if (selector.empty) return { revision: record.previousRevision, object: record.object };
      const entry = await kv.get(key, { revision: record.previousRevision });
      // Compacted history: assume the watcher saw the key, so a mismatch becomes a DELETED it can ignore.
      if (!entry) return { revision: record.previousRevision, object: record.object };
      return this.matchingPut(entry);
    }
    // A deletion marker carries no value. The store's deletes are compare-and-set on the revision
    // they remove, and the marker keeps that header: one bounded read finds the deleted write.
    if (replaced !== undefined) {
      const entry = await kv.get(key, { revision: replaced });
      if (!entry) return { revision: replaced, object: this.stub(key) };
      return this.matchingPut(entry);
    }
    // A deletion written without the header (not by this store): search the key's history.
    let before: { revision: number; operation: string; value: Uint8Array } | undefined;
    const history = await kv.history({ key });
    for await (const e of history) {
      if (e.revision < revision && (!before || e.revision > before.revision)) before = e;
    }
    if (!before) return { revision: 0, object: this.stub(key) };
    return this.matchingPut(before);
  }

  /** A stored write the watcher saw, if it was a PUT whose object matched the selector. */
  private matchingPut(entry: { revision: number; operation: string; value: Uint8Array }): Known | undefined {
    if (entry.operation !== 'PUT') return undefined;
    const prev = decodeStored(entry.value, entry.revision).object;
    return this.source.selector.matches(prev.metadata.labels) ? { revision: entry.revision, object: prev } : undefined;
  }

  /** The object of a deletion whose value history is gone: what the key alone tells. */
  private stub(key: string): KubeObject {
    const { namespace, name } = parseKey(key);
    const { type } = this.source;
    return { apiVersion: apiVersionOf(type), kind: type.kind, metadata: namespace ? { name, namespace } : { name } };
  }

  private emit(type: WatchEventType, object: KubeObject, revision: number): void {
    if (this.stopped) return;
    try {
      this.onEvent({ type, object: object as T, resourceVersion: String(revision) });
    } catch (err) {
      this.fail(asError(err));
    }
  }

  private fail(err: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.epoch++;
    void this.closeConsumer();
    this.stopConnectionStatus();
    this.rejectReady(err);
    this.resolveEnded(err);
  }
}

/** The revision a write replaced, from its compare-and-set header (kv.create over a deletion names the deletion). */
function replacedRevision(msg: JsMsg): number | undefined {
  const value = Number(msg.headers?.get('Nats-Expected-Last-Subject-Sequence') || NaN);
  return Number.isNaN(value) ? undefined : value;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
