// A whole standalone platform for end-to-end tests: chosen services as real processes on free
// ports, sharing a store prefix of their own on the real NATS, plus the store itself so a test
// can apply manifests and wait on status the way a user does with `knts apply` and `knts wait`.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { admit, parseManifests, RESOURCE_TYPES, resolveResourceType, type KubeObject } from '@knts/api';
import { type ServiceName, waitFor } from '@knts/observability';
import { ConflictError, NatsKvStore, type Watch } from '@knts/store';
import { ServiceHarness, TEST_NATS_URL, type StartedService } from './service-harness';
import { destroyPlatformStreams } from './platform-streams';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface HostResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** False when the connection was cut after the status line (only with `tolerateCut`). */
  complete?: boolean;
}

export interface HostRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Resolve with what arrived when the server cuts the response after its headers (a request
   * timeout that fires mid-stream) instead of rejecting; `complete` tells which happened.
   */
  tolerateCut?: boolean;
}

export interface WriteCounter {
  /** `kind/name` → watch events seen. */
  readonly counts: Map<string, number>;
  /** `kind/name: N writes` for every object written more than `limit` times. */
  over(limit: number): string[];
  stop(): Promise<void>;
}

export interface PlatformHarnessOptions {
  /** Kinds (as on the command line) whose writes are counted from start() to stop(): `writes`. */
  countWrites?: readonly string[];
}

export class PlatformHarness {
  readonly prefix: string;
  readonly services = new Map<ServiceName, StartedService>();
  /** The writes counted since start(), with `countWrites`. */
  writes?: WriteCounter;

  get countedKinds(): readonly string[] {
    return this.options.countWrites ?? [];
  }
  private readonly harnesses: ServiceHarness[] = [];
  private nc?: NatsConnection;
  private storeInstance?: NatsKvStore;

  constructor(
    private readonly names: readonly ServiceName[],
    private readonly options: PlatformHarnessOptions = {},
  ) {
    this.prefix = `e2e-${process.pid}-${Date.now().toString(36)}`;
  }

  /** Starts the services and waits until every one answers /readyz with 200. */
  async start(env: Record<string, string> = {}): Promise<void> {
    this.nc = await connect({ servers: TEST_NATS_URL });
    this.storeInstance = new NatsKvStore({ connection: this.nc, prefix: this.prefix, types: RESOURCE_TYPES, admit });
    for (const name of this.names) {
      const extra: Record<string, string> =
        name === 'activator'
          ? { ingress: 'KNTS_INGRESS_PORT' }
          : name === 'broker'
            ? { ingress: 'KNTS_BROKER_PORT' }
            : {};
      const harness = new ServiceHarness(name, extra, this.prefix);
      harness.assertBuilt();
      this.harnesses.push(harness);
      this.services.set(name, await harness.start(env));
    }
    await Promise.all(
      this.names.map((name, i) => {
        const s = this.services.get(name)!;
        return this.harnesses[i]!.until(s.proc, `${s.adminUrl}/readyz`, 200);
      }),
    );
    if (this.options.countWrites) this.writes = await this.countWrites(this.options.countWrites);
  }

  get store(): NatsKvStore {
    if (!this.storeInstance) throw new Error('PlatformHarness.start() first');
    return this.storeInstance;
  }

  /** The activator's ingress port. */
  get ingressPort(): number {
    const activator = this.services.get('activator');
    if (!activator) throw new Error('the activator is not part of this platform');
    return activator.ports['ingress']!;
  }

  /** `knts apply -f` of a file (relative to the repo root), every document in it. */
  async applyFile(path: string): Promise<KubeObject[]> {
    const docs = parseManifests(readFileSync(join(REPO_ROOT, path), 'utf8'));
    const out: KubeObject[] = [];
    for (const doc of docs) out.push((await this.store.apply(doc as KubeObject)).object);
    return out;
  }

  /** Reads `kind/name` (kind as on the command line: ksvc, route, revision, ...). */
  async get<T extends KubeObject = KubeObject>(
    kind: string,
    name: string,
    namespace = 'default',
  ): Promise<T | undefined> {
    const type = resolveResourceType(kind);
    if (!type) throw new Error(`unknown kind ${kind}`);
    return this.store.get<T>(type, namespace, name);
  }

  /** Waits until `predicate(object)` holds; returns the object. Fails with its last state. */
  async waitFor<T extends KubeObject = KubeObject>(
    kind: string,
    name: string,
    predicate: (object: T) => boolean,
    options: { timeoutMs?: number; namespace?: string; what?: string } = {},
  ): Promise<T> {
    let last: T | undefined;
    try {
      return await waitFor(
        async () => {
          last = await this.get<T>(kind, name, options.namespace);
          return last && predicate(last) ? last : undefined;
        },
        { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 50, what: options.what ?? `${kind}/${name}` },
      );
    } catch (err) {
      const related = await this.childrenStatus(kind, name, options.namespace).catch(
        (e: unknown) => `; children unreadable: ${String(e)}`,
      );
      throw new Error(
        `${(err as Error).message}; last seen: ${JSON.stringify(last?.status ?? last ?? null)}${related}${this.problems()}`,
      );
    }
  }

  /** For a Service, the status of the Configuration and Route named after it (empty otherwise). */
  private async childrenStatus(kind: string, name: string, namespace?: string): Promise<string> {
    if (resolveResourceType(kind)?.kind !== 'Service') return '';
    let out = '';
    for (const child of ['configuration', 'route']) {
      const object = await this.get(child, name, namespace);
      const status = object && {
        generation: object.metadata.generation,
        status: (object as { status?: unknown }).status,
      };
      out += `; ${child}: ${JSON.stringify(status ?? null)}`;
    }
    return out;
  }

  /**
   * For a failure message: each service that exited, and the last warnings and errors each logged
   * (levels warn, error and fatal), so a CI failure says which side stalled.
   */
  problems(perService = 10): string {
    const out: string[] = [];
    for (const [name, { proc }] of this.services) {
      if (proc.hasExited) out.push(`${name} exited; stderr: ${proc.stderr.slice(-perService).join(' | ')}`);
      const bad = proc.logs().filter((l) => l['level'] === 'warn' || l['level'] === 'error' || l['level'] === 'fatal');
      for (const line of bad.slice(-perService)) out.push(`${name}: ${JSON.stringify(line).slice(0, 600)}`);
    }
    return out.length === 0 ? '; no service logged a warning or an error' : `\n${out.join('\n')}`;
  }

  /**
   * Counts watch events (writes) per `kind/name` of the given kinds from now on. Controllers that
   * fight over an object show as hundreds of writes where a few are normal.
   */
  async countWrites(kinds: readonly string[], namespace?: string): Promise<WriteCounter> {
    const counts = new Map<string, number>();
    const watches: Watch[] = [];
    for (const kind of kinds) {
      const type = resolveResourceType(kind);
      if (!type) throw new Error(`unknown kind ${kind}`);
      const watch = this.store.watch(type, { namespace }, (event) => {
        const key = `${kind}/${event.object.metadata.name}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      });
      await watch.ready;
      watches.push(watch);
    }
    return {
      counts,
      over: (limit) => [...counts].filter(([, n]) => n > limit).map(([key, n]) => `${key}: ${n} writes`),
      stop: async () => {
        for (const watch of watches.splice(0)) await watch.stop();
      },
    };
  }

  /** `knts wait --for=condition=Ready`. */
  waitReady<T extends KubeObject = KubeObject>(kind: string, name: string, timeoutMs = 30_000): Promise<T> {
    return this.waitFor<T>(kind, name, (o) => conditionStatus(o, 'Ready') === 'True', {
      timeoutMs,
      what: `${kind}/${name} to be Ready`,
    });
  }

  /** `curl -H "Host: host" http://127.0.0.1:<ingress>/path`. */
  request(host: string, path = '/', options: HostRequestOptions = {}): Promise<HostResponse> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.ingressPort,
          path,
          method: options.method ?? 'GET',
          headers: { ...options.headers, host },
        },
        (res) => {
          let body = '';
          let settled = false;
          const finish = (complete: boolean) => {
            if (settled) return;
            settled = true;
            const answer: HostResponse = { status: res.statusCode ?? 0, headers: res.headers, body };
            if (options.tolerateCut) answer.complete = complete;
            resolve(answer);
          };
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => finish(true));
          res.on('error', (err) => {
            if (options.tolerateCut) finish(false);
            else reject(err);
          });
          res.on('close', () => {
            if (options.tolerateCut && !res.complete) finish(false);
          });
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  /**
   * Read-modify-write of `kind/name` (`kubectl edit`): `mutate` changes the object in place;
   * retried on a conflict with a concurrent writer (the controllers write status). Admission
   * errors (ValidationError) are thrown as they are.
   */
  async update<T extends KubeObject = KubeObject>(
    kind: string,
    name: string,
    mutate: (object: T) => void,
    namespace = 'default',
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get<T>(kind, name, namespace);
      if (!current) throw new Error(`${kind}/${name} not found`);
      const next = structuredClone(current);
      mutate(next);
      try {
        return await this.store.update<T>(next);
      } catch (err) {
        if (err instanceof ConflictError && attempt < 10) continue;
        throw err;
      }
    }
  }

  /** Service log lines (JSON objects) of one service, for failure messages. */
  logs(name: ServiceName): string[] {
    const s = this.services.get(name);
    return s ? [...s.proc.stdout, ...s.proc.stderr] : [];
  }

  /** SIGTERM every service, wait for exits, delete the store's buckets. */
  async stop(): Promise<void> {
    await this.writes?.stop();
    await Promise.all(
      [...this.services.values()].map(async ({ proc }) => {
        proc.signal('SIGTERM');
        const timer = setTimeout(() => proc.signal('SIGKILL'), 15_000);
        await proc.exited;
        clearTimeout(timer);
      }),
    );
    this.services.clear();
    await this.storeInstance?.destroyBuckets();
    if (this.nc) await destroyPlatformStreams(this.nc, this.prefix);
    await this.nc?.close();
  }
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function condition(object: KubeObject, type: string): Condition | undefined {
  const conditions = (object.status as { conditions?: Condition[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === type);
}

export function conditionStatus(object: KubeObject, type: string): string | undefined {
  return condition(object, type)?.status;
}
