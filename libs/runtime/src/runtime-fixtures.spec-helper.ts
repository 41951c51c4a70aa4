// Shared setup for the runtime's integration tests: a real NATS store under a unique prefix,
// the KNTS_LOGS stream under a test catalogue, and small HTTP helpers.
import { request } from 'node:http';
import { resolve } from 'node:path';
import type { Container, KubeObject } from '@knts/api';
import { RESOURCE_TYPES, admit } from '@knts/api';
import { ensureStream, withPrefix, type EventCatalogue } from '@knts/events';
import { NatsKvStore } from '@knts/store';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { WorkloadSpec } from './workload-runtime';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const POD_TYPE = RESOURCE_TYPES.find((t) => t.group === '' && t.kind === 'Pod') ?? RESOURCE_TYPES[0];

export interface Fixture {
  nc: NatsConnection;
  store: NatsKvStore;
  catalogue: EventCatalogue;
  prefix: string;
  cleanup(): Promise<void>;
}

export async function openFixture(): Promise<Fixture> {
  const prefix = `rt${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const store = new NatsKvStore({ connection: nc, prefix, types: RESOURCE_TYPES, admit });
  const catalogue = withPrefix(prefix);
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, catalogue.streams.logs);
  return {
    nc,
    store,
    catalogue,
    prefix,
    cleanup: async () => {
      await store.close();
      await store.destroyBuckets();
      await jsm.streams.delete(catalogue.streams.logs.name).catch(() => undefined);
      await nc.drain();
    },
  };
}

export function workloadSpec(name: string, container: Container, namespace = 'default'): WorkloadSpec {
  const service = name.replace(/-\d+$/, '');
  return {
    namespace,
    name,
    labels: { 'serving.knative.dev/revision': name, 'serving.knative.dev/service': service },
    annotations: {},
    owner: { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', name, uid: `uid-${name}` },
    containers: [container],
    env: { K_SERVICE: service, K_CONFIGURATION: service, K_REVISION: name },
    terminationGracePeriodSeconds: 5,
  };
}

export interface PodView {
  name: string;
  ready: boolean;
  port: number;
  host: string;
  deleting: boolean;
  restartCount: number;
  object: KubeObject;
}

/** The Pods of a revision as the activator sees them. */
export async function podsOf(store: NatsKvStore, namespace: string, revision: string): Promise<PodView[]> {
  const { items } = await store.list(POD_TYPE, { namespace, labelSelector: `app=${revision}` });
  return items.map((pod) => {
    const status = (pod.status ?? {}) as {
      conditions?: Array<{ type: string; status: string }>;
      podIP?: string;
      containerStatuses?: Array<{ restartCount: number }>;
    };
    const spec = pod.spec as { containers: Array<{ ports: Array<{ containerPort: number }> }> };
    return {
      name: pod.metadata.name ?? '',
      ready: status.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
      port: spec.containers[0].ports[0].containerPort,
      host: status.podIP ?? '',
      deleting: pod.metadata.deletionTimestamp !== undefined,
      restartCount: status.containerStatuses?.[0]?.restartCount ?? 0,
      object: pod,
    };
  });
}

export function httpGet(port: number, path = '/', host = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = request({ host, port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolveResponse({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` passes; the last failure is the test's failure. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
