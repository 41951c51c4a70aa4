// What the activator's integration tests share: a real NATS store under a prefix of its own,
// informers, the Ingress on a free port, plain node:http apps as revision replicas, and
// helpers to write Routes, Revisions and Pods the way the serving-controller and runtime do.
import { createServer, request, Agent, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCE_TYPES, admit, findResourceType, type KubeObject, type ResourceType } from '@knts/api';
import { Informer, NatsKvStore } from '@knts/store';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { Ingress } from './ingress';

const NAMESPACE = 'default';

function typeOf(apiVersion: string, kind: string): ResourceType {
  const type = findResourceType(apiVersion, kind);
  if (!type) throw new Error(`no ${kind}`);
  return type;
}
export const ROUTES = typeOf('serving.knative.dev/v1', 'Route');
export const REVISIONS = typeOf('serving.knative.dev/v1', 'Revision');
export const PODS = typeOf('v1', 'Pod');

export interface TrafficEntry {
  revisionName: string;
  percent: number;
  tag?: string;
}

export interface App {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export async function eventually(check: () => void | Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export class ActivatorFixture {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly apps: App[] = [];
  private readonly informers: Informer<KubeObject>[] = [];

  private constructor(
    readonly nc: NatsConnection,
    readonly store: NatsKvStore,
    readonly ingress: Ingress,
    readonly port: number,
    readonly registry: Registry,
  ) {}

  static async start(): Promise<ActivatorFixture> {
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    const prefix = `act${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const store = new NatsKvStore({ connection: nc, prefix, types: RESOURCE_TYPES, admit });
    const [routes, revisions, pods] = [ROUTES, REVISIONS, PODS].map((type) => new Informer<KubeObject>({ store, type }));
    await Promise.all([routes.start(), revisions.start(), pods.start()]);
    const registry = new Registry();
    const ingress = new Ingress({ informers: { routes, revisions, pods }, host: '127.0.0.1', port: 0, registry, sweepIntervalMs: 20 });
    const address = await ingress.listen();
    const fixture = new ActivatorFixture(nc, store, ingress, address.port, registry);
    fixture.informers.push(routes, revisions, pods);
    return fixture;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.ingress.close(1000);
    await Promise.all(this.apps.map((a) => a.close()));
    await Promise.all(this.informers.map((i) => i.stop()));
    await this.store.close();
    await this.store.destroyBuckets();
    await this.nc.drain();
  }

  /** A replica: a plain node:http server on a free port. */
  async app(handler: RequestListener): Promise<App> {
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    let closed = false;
    const app: App = {
      port,
      server,
      close: () => {
        if (closed) return Promise.resolve();
        closed = true;
        return new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
    this.apps.push(app);
    return app;
  }

  /** An app answering `{revision}` with status 200. */
  helloApp(text: string): Promise<App> {
    return this.app((req, res) => {
      req.resume();
      req.on('end', () => res.end(text));
    });
  }

  async revision(name: string, spec: Record<string, unknown> = {}): Promise<void> {
    await this.store.create({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: { name, namespace: NAMESPACE, labels: { 'serving.knative.dev/service': name.replace(/-\d+$/, '') } },
      spec: { containers: [{ image: 'example.com/hello' }], ...spec },
    });
  }

  /** Writes a Pod as the runtime publishes it, and waits until the ingress has seen it. */
  async pod(name: string, revision: string, port: number, ready = true): Promise<void> {
    await this.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NAMESPACE, labels: { 'serving.knative.dev/revision': revision } },
      spec: { containers: [{ name: 'user-container', image: 'example.com/hello', ports: [{ containerPort: port }] }] },
    });
    await this.setPodReady(name, ready);
  }

  async setPodReady(name: string, ready: boolean): Promise<void> {
    const pod = await this.store.get<KubeObject>(PODS, NAMESPACE, name);
    if (!pod) throw new Error(`no pod ${name}`);
    await this.store.updateStatus({
      ...pod,
      status: { phase: 'Running', podIP: '127.0.0.1', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
  }

  async deletePod(name: string): Promise<void> {
    await this.store.delete(PODS, NAMESPACE, name);
  }

  /** Creates or updates a Route and writes its status as the serving-controller does. */
  async route(name: string, traffic: TrafficEntry[], domain = 'example.com'): Promise<void> {
    const spec = { traffic: traffic.map((t) => ({ ...t })) };
    const existing = await this.store.get<KubeObject>(ROUTES, NAMESPACE, name);
    const stored = existing
      ? await this.store.update({ ...existing, spec })
      : await this.store.create({ apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name, namespace: NAMESPACE }, spec });
    await this.store.updateStatus({
      ...stored,
      status: {
        url: `http://${name}.${NAMESPACE}.${domain}`,
        traffic: traffic.map((t) => (t.tag ? { ...t, url: `http://${t.tag}-${name}.${NAMESPACE}.${domain}` } : { ...t })),
      },
    });
  }

  /** Waits until `host` routes to exactly these revisions. */
  async untilRouted(host: string, revisions: string[]): Promise<void> {
    await eventually(() => {
      const route = this.ingress.table.lookup(host);
      const names = route?.backends.map((b) => b.name).sort() ?? [];
      if (JSON.stringify(names) !== JSON.stringify([...revisions].sort())) throw new Error(`${host} → ${names.join(',')}`);
    });
  }

  /** Waits until `revision` has `count` endpoints in rotation. */
  async untilEndpoints(revision: string, count: number): Promise<void> {
    await eventually(() => {
      const n = this.ingress.table.backend(NAMESPACE, revision)?.ready.length ?? 0;
      if (n !== count) throw new Error(`${revision} has ${n} endpoints, want ${count}`);
    });
  }

  /** Waits until the Revision's settings arrived (its timeouts apply from then on). */
  async untilRevision(revision: string): Promise<void> {
    await eventually(() => {
      if (!this.ingress.table.backend(NAMESPACE, revision)?.hasRevision) throw new Error(`${revision} not seen`);
    });
  }

  /** One request through the activator with the given Host. */
  send(host: string, options: { path?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: options.path ?? '/',
          method: options.method ?? 'GET',
          headers: { ...options.headers, host },
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }
}
