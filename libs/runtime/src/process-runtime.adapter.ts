// WorkloadRuntime on local processes (standalone mode, DESIGN §1): every replica of a Revision is
// a child process on this machine, published as a core v1 Pod in the store so the activator can
// route to it (README "Pod contract"), with its output on KNTS_LOGS.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Container, KubeObject, ResourceType } from '@knts/api';
import { RESOURCE_TYPES } from '@knts/api';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  catalogue as defaultCatalogue,
  ensureStream,
  publishEvent,
  publishLogLine,
  type EventCatalogue,
  type OutputStream,
  type RuntimeEndpointsData,
} from '@knts/events';
import { findFreePort } from '@knts/observability';
import type { ResourceStore } from '@knts/store';
import { AlreadyExistsError } from '@knts/store';
import type { NatsConnection } from '@nats-io/transport-node';
import { ContainerConfigError, envReferences, resolveContainerEnv, type EnvSources } from './process/container-env';
import { containerArgv } from './process/container-command';
import {
  IMAGE_MAP_NAME,
  IMAGE_MAP_NAMESPACE,
  ImageMapError,
  findImageEntry,
  imageMapFromConfigMap,
  imageNotMappedMessage,
  mergeImageMap,
  type ImageEntry,
} from './process/image-map';
import { LogPipeline, type PublishLine } from './process/log-pipeline';
import {
  DEFAULT_CONTAINER_NAME,
  RUNTIME_INSTANCE_LABEL,
  RUNTIME_LABEL,
  RUNTIME_NODE_LABEL,
  buildPod,
  labelValue,
  podStatus,
  servingContainer,
  type ReplicaView,
} from './process/pod-manifest';
import { PodStatusWriter } from './process/pod-status-writer';
import { LaunchError, ProcessReplica, type LaunchPlan } from './process/process-replica.adapter';
import { livenessSettings, readinessSettings } from './process/probe-settings';
import type { RestartBackoffOptions } from './process/restart-backoff';
import type { Endpoint, WorkloadFailure, WorkloadRuntime, WorkloadSpec, WorkloadState } from './workload-runtime';

/** pino's Logger fits; so does anything with these methods. */
export interface RuntimeLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ProcessRuntimeOptions {
  store: ResourceStore;
  /** Where replica output goes: a NATS connection (KNTS_LOGS via publishLogLine) or a function. */
  logs: NatsConnection | PublishLine;
  /**
   * Where readiness hints go (`knts.runtime.endpoints.{namespace}.{revision}`): a NATS
   * connection or a function. Whenever the set of a revision's ready replicas changes (a
   * readiness probe passed, a replica is stopping or crashed) the new set is sent at once,
   * before the Pod status write, so the activator can release held requests without waiting
   * for the store. None when omitted.
   */
  endpointHints?: NatsConnection | ((data: RuntimeEndpointsData) => void);
  /** Subjects for logs and hints; tests pass withPrefix(...). */
  catalogue?: EventCatalogue;
  /** Image-map paths and the default working directory are relative to this. */
  repoRoot: string;
  /** The address Pods advertise (status.podIP); default 127.0.0.1. */
  podHost?: string;
  /** Where free ports are picked and probes connect; default 127.0.0.1. */
  bindHost?: string;
  /** spec.nodeName of the Pods; default the host name. */
  nodeName?: string;
  /** Entries over the built-in image map, under the knts-image-map ConfigMap. */
  imageMap?: Record<string, string>;
  /**
   * Between publishing a stopping replica not-ready and SIGTERM. Knative waits ~30 s (the
   * network programming quiet period) because ingress gateways learn endpoints late; here the
   * activator reads Pod status from a store watch within milliseconds, so 1 s suffices.
   */
  drainMs?: number;
  backoff?: RestartBackoffOptions;
  /** Retry delay while a container's ConfigMap/Secret is missing. */
  configRetryMs?: number;
  clock?: () => Date;
  logger?: RuntimeLogger;
}

/** A replica's process, for `knts describe` and tests. */
export interface ReplicaProcess {
  pod: string;
  pid?: number;
  port: number;
  ready: boolean;
  stopping: boolean;
  restartCount: number;
}

interface ReplicaHandle {
  pod: string;
  hash: string;
  stopping: boolean;
  replica?: ProcessReplica;
  /** The Pod is in the store (created by this handle; until then no hint names it). */
  podCreated: boolean;
  /** Its Pod could not be created: the process is stopped quietly and the handle forgotten. */
  abandoned?: boolean;
  /** Resolves once the Pod exists and the process was started (or the start was given up). */
  started: Promise<void>;
  stopped?: Promise<void>;
}

interface Workload {
  namespace: string;
  name: string;
  spec?: WorkloadSpec;
  hash?: string;
  entry?: ImageEntry;
  desired: number;
  failure?: WorkloadFailure;
  replicas: Map<string, ReplicaHandle>;
  queue: Promise<unknown>;
  /** The ready endpoints last sent as a hint (`pod:port,...`); undefined before the first. */
  hinted?: string;
  /** Pod names found taken in a row (another runtime's Pods); a few are retried under new names. */
  nameCollisions?: number;
}

/** ConfigMaps and Secrets as far as env needs them (Secret data is base64). */
interface DataObject extends KubeObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const POD_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_NAME_COLLISIONS = 5;

function coreType(kind: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.group === '' && t.kind === kind);
  if (!type) throw new Error(`core kind ${kind} is not registered`);
  return type;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export class ProcessRuntime implements WorkloadRuntime {
  readonly instanceId = randomUUID().slice(0, 8);
  private readonly workloads = new Map<string, Workload>();
  private readonly listeners = new Set<(namespace: string, name: string) => void>();
  private readonly podType = coreType('Pod');
  private readonly configMapType = coreType('ConfigMap');
  private readonly secretType = coreType('Secret');
  private readonly podHost: string;
  private readonly bindHost: string;
  private readonly nodeName: string;
  private readonly clock: () => Date;
  private readonly catalogue: EventCatalogue;
  private readonly pipeline: LogPipeline;
  private readonly writer: PodStatusWriter;
  private readonly hint?: (data: RuntimeEndpointsData) => void;
  private hintSequence = 0;
  private startup?: Promise<void>;
  private closing = false;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.podHost = options.podHost ?? '127.0.0.1';
    this.bindHost = options.bindHost ?? '127.0.0.1';
    this.nodeName = options.nodeName ?? hostname();
    this.clock = options.clock ?? (() => new Date());
    this.catalogue = options.catalogue ?? defaultCatalogue;
    const logs = options.logs;
    const publish: PublishLine =
      typeof logs === 'function' ? logs : (subject, line, stream) => publishLogLine(logs, subject, line, stream);
    this.pipeline = new LogPipeline(publish, {
      onError: (err) => options.logger?.warn({ err }, 'could not publish a log line'),
    });
    this.writer = new PodStatusWriter(options.store, this.podType, (err, pod) =>
      options.logger?.warn({ err, pod }, 'could not update a Pod'),
    );
    const hints = options.endpointHints;
    if (typeof hints === 'function') this.hint = hints;
    else if (hints) {
      const entry = this.catalogue.entries.runtimeEndpoints;
      this.hint = (data) => {
        const params = { namespace: data.namespace, revision: data.revision };
        publishEvent(hints, entry.subject(params), entry.event(params, data));
      };
    }
  }

  /** Labels on every Pod of this runtime; the instance label tells this life from earlier ones. */
  get runtimeLabels(): Record<string, string> {
    return {
      [RUNTIME_LABEL]: 'process',
      [RUNTIME_NODE_LABEL]: labelValue(this.nodeName),
      [RUNTIME_INSTANCE_LABEL]: this.instanceId,
    };
  }

  /**
   * Deletes Pods a previous run of the runtime on this node left behind: their processes died
   * with it. Called by the first apply; call it at boot to clean up before anything applies.
   */
  start(): Promise<void> {
    this.startup ??= (async () => {
      // The runtime produces KNTS_LOGS, so it makes sure the stream exists before the first line.
      const logs = this.options.logs;
      if (typeof logs !== 'function') {
        await ensureStream(await jetstreamManager(logs), this.catalogue.streams.logs).catch((err: unknown) =>
          this.options.logger?.warn({ err }, 'could not create the logs stream; container logs are not kept'),
        );
      }
      const selector = `${RUNTIME_LABEL}=process,${RUNTIME_NODE_LABEL}=${labelValue(this.nodeName)},${RUNTIME_INSTANCE_LABEL}!=${this.instanceId}`;
      const { items } = await this.options.store.list(this.podType, { labelSelector: selector });
      for (const pod of items) {
        await this.options.store
          .delete(this.podType, pod.metadata.namespace, pod.metadata.name ?? '')
          .catch(() => undefined);
      }
      if (items.length > 0)
        this.options.logger?.info({ count: items.length }, 'deleted Pods left by an earlier runtime');
    })();
    return this.startup;
  }

  async apply(spec: WorkloadSpec, replicas: number): Promise<WorkloadState> {
    if (this.closing) throw new Error('the process runtime is closing');
    await this.start();
    const workload = this.workload(spec.namespace, spec.name);
    return this.serialize(workload, async () => {
      const before = stableJson([workload.hash, workload.desired, workload.failure]);
      const desired = Math.max(0, Math.floor(replicas));
      // More replicas of the spec it already runs (a scale from zero): start them with the image
      // entry resolved last time, before the store read below; a changed entry rolls them.
      if (desired > workload.desired && workload.entry && !workload.failure && stableJson(workload.spec) === stableJson(spec)) {
        workload.desired = desired;
        this.converge(workload);
      }
      const container = servingContainer(spec);
      const image = container.image ?? '';
      let entry: ImageEntry | undefined;
      let failure: WorkloadFailure | undefined;
      try {
        entry = findImageEntry(
          image,
          mergeImageMap(this.options.imageMap, imageMapFromConfigMap(await this.imageMapData())),
        );
        if (!entry)
          failure = {
            condition: 'ContainerHealthy',
            reason: 'ContainerMissing',
            message: `Unable to fetch image ${JSON.stringify(image)}: ${imageNotMappedMessage(image)}`,
          };
      } catch (err) {
        if (!(err instanceof ImageMapError)) throw err;
        failure = {
          condition: 'ContainerHealthy',
          reason: 'ContainerMissing',
          message: `Unable to fetch image ${JSON.stringify(image)}: ${err.message}`,
        };
      }
      const hash = createHash('sha256').update(stableJson({ spec, entry })).digest('hex').slice(0, 16);
      workload.spec = spec;
      workload.hash = hash;
      workload.entry = entry;
      workload.desired = desired;
      workload.failure = failure;
      this.converge(workload);
      if (before !== stableJson([workload.hash, workload.desired, workload.failure])) this.notify(workload);
      return this.snapshot(workload);
    });
  }

  async delete(namespace: string, name: string): Promise<void> {
    const workload = this.workloads.get(`${namespace}/${name}`);
    if (!workload) return;
    await this.serialize(workload, async () => {
      workload.desired = 0;
      workload.spec = undefined;
      await Promise.all([...workload.replicas.values()].map((h) => this.stopReplica(workload, h)));
      if (this.workloads.get(`${namespace}/${name}`) === workload && workload.spec === undefined)
        this.workloads.delete(`${namespace}/${name}`);
    });
    this.notify(workload);
  }

  state(namespace: string, name: string): WorkloadState | undefined {
    const workload = this.workloads.get(`${namespace}/${name}`);
    return workload ? this.snapshot(workload) : undefined;
  }

  onChange(listener: (namespace: string, name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The processes of a workload's replicas (pids of running ones). */
  processes(namespace: string, name: string): ReplicaProcess[] {
    const workload = this.workloads.get(`${namespace}/${name}`);
    if (!workload) return [];
    return [...workload.replicas.values()].map((h) => {
      const view = h.replica?.view();
      return {
        pod: h.pod,
        pid: h.replica?.pid,
        port: view?.port ?? 0,
        ready: (view?.ready ?? false) && !h.stopping,
        stopping: h.stopping,
        restartCount: view?.restartCount ?? 0,
      };
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.workloads.values()].map((w) => this.delete(w.namespace, w.name)));
    await this.pipeline.flush();
  }

  private workload(namespace: string, name: string): Workload {
    const key = `${namespace}/${name}`;
    let workload = this.workloads.get(key);
    if (!workload) {
      workload = { namespace, name, desired: 0, replicas: new Map(), queue: Promise.resolve() };
      this.workloads.set(key, workload);
    }
    return workload;
  }

  private serialize<T>(workload: Workload, task: () => Promise<T>): Promise<T> {
    const run = workload.queue.then(task, task);
    workload.queue = run.catch(() => undefined);
    return run;
  }

  private async imageMapData(): Promise<Record<string, string> | undefined> {
    return (await this.options.store.get<DataObject>(this.configMapType, IMAGE_MAP_NAMESPACE, IMAGE_MAP_NAME))?.data;
  }

  /**
   * Level-based: start or stop replicas of the current spec to reach `desired`, and retire
   * replicas of an older spec only as replicas of the new one become ready (rolling).
   */
  private converge(workload: Workload): void {
    if (!workload.spec || !workload.hash) return;
    const live = [...workload.replicas.values()].filter((h) => !h.stopping);
    const current = live.filter((h) => h.hash === workload.hash);
    const old = live.filter((h) => h.hash !== workload.hash);
    if (current.length < workload.desired && workload.entry) {
      for (let i = current.length; i < workload.desired; i++)
        current.push(this.startReplica(workload, workload.spec, workload.hash));
    } else if (current.length > workload.desired) {
      // Remove replicas that serve nothing first, then the newest.
      const ranked = [...current].sort(
        (a, b) => Number(this.isReady(a)) - Number(this.isReady(b)) || this.createdAt(b) - this.createdAt(a),
      );
      for (const handle of ranked.slice(0, current.length - workload.desired)) void this.stopReplica(workload, handle);
    }
    const readyCurrent = current.filter((h) => !h.stopping && this.isReady(h)).length;
    const keepOld = workload.desired === 0 ? 0 : Math.max(0, workload.desired - readyCurrent);
    const oldRanked = [...old].sort((a, b) => Number(this.isReady(a)) - Number(this.isReady(b)));
    for (const handle of oldRanked.slice(0, Math.max(0, old.length - keepOld))) void this.stopReplica(workload, handle);
  }

  private isReady(handle: ReplicaHandle): boolean {
    return !handle.stopping && (handle.replica?.view().ready ?? false);
  }

  private createdAt(handle: ReplicaHandle): number {
    return handle.replica?.view().createdAt.getTime() ?? Number.MAX_SAFE_INTEGER;
  }

  private podName(workload: Workload): string {
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += POD_NAME_ALPHABET[Math.floor(Math.random() * POD_NAME_ALPHABET.length)];
      const name = `${workload.name}-deployment-${suffix}`;
      if (!workload.replicas.has(name)) return name;
    }
  }

  private startReplica(workload: Workload, spec: WorkloadSpec, hash: string): ReplicaHandle {
    // Rare enough to retry at once, as a rename would; anything else waits for the next apply.
    const retry = (err: unknown): boolean =>
      err instanceof AlreadyExistsError && (workload.nameCollisions = (workload.nameCollisions ?? 0) + 1) < MAX_NAME_COLLISIONS;
    const handle: ReplicaHandle = {
      pod: this.podName(workload),
      hash,
      stopping: false,
      podCreated: false,
      started: Promise.resolve(),
    };
    workload.replicas.set(handle.pod, handle);
    handle.started = this.launchReplica(workload, spec, handle).catch((err: unknown) => {
      this.options.logger?.error({ err, pod: handle.pod }, 'could not start a replica');
      workload.replicas.delete(handle.pod);
      if (retry(err)) this.converge(workload);
      this.notify(workload);
    });
    return handle;
  }

  private async launchReplica(workload: Workload, spec: WorkloadSpec, handle: ReplicaHandle): Promise<void> {
    const port = await findFreePort(this.bindHost);
    // The Pod is created while the process starts (a store write less before the spawn); its
    // status writes wait for the create. A name already taken (a Pod of another runtime) gives
    // this replica up: the next converge starts another under a new name.
    const created = this.options.store.create(
      buildPod(spec, { podName: handle.pod, port, nodeName: this.nodeName, runtimeLabels: this.runtimeLabels }),
    );
    this.writer.waitFor(
      workload.namespace,
      handle.pod,
      created.then(
        () => true,
        () => false,
      ),
    );
    const container = servingContainer(spec);
    const containerName = container.name || DEFAULT_CONTAINER_NAME;
    const declared = container.ports?.[0];
    const target = { host: this.bindHost, port, ...(declared ? { declaredPort: declared } : {}) };
    const subject = this.catalogue.entries.logLine.subject({
      namespace: spec.namespace,
      pod: handle.pod,
      container: containerName,
    });
    const replica = new ProcessReplica({
      pod: handle.pod,
      port,
      containerName,
      image: container.image ?? '',
      prepare: () => this.prepare(workload, spec, container, handle.pod, port),
      readiness: readinessSettings(container.readinessProbe, target),
      liveness: livenessSettings(container.livenessProbe, target),
      terminationGraceMs: spec.terminationGracePeriodSeconds * 1000,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.configRetryMs !== undefined ? { configRetryMs: this.options.configRetryMs } : {}),
      onOutput: (stream: OutputStream, line: string) => this.pipeline.push(subject, line, stream),
      onChange: () => this.replicaChanged(workload, handle),
      clock: this.clock,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    handle.replica = replica;
    if (!handle.stopping) {
      replica.start();
      this.replicaChanged(workload, handle);
    }
    try {
      await created;
    } catch (err) {
      // No Pod names the process, so nothing routes to it: stop it quietly while the replica
      // is given up (startReplica).
      handle.stopping = true;
      handle.abandoned = true;
      this.writer.forget(workload.namespace, handle.pod);
      void replica.terminate();
      throw err;
    }
    handle.podCreated = true;
    workload.nameCollisions = 0;
    // Ready before the create finished: the hint could not name the Pod until now.
    this.sendHint(workload);
  }

  private replicaChanged(workload: Workload, handle: ReplicaHandle): void {
    if (handle.abandoned) return;
    // The hint first: it reaches the activator in a NATS hop, the Pod status through the store.
    this.sendHint(workload);
    const replica = handle.replica;
    if (replica)
      this.writer.markDirty(workload.namespace, handle.pod, () =>
        podStatus(replica.view(), { podIP: this.podHost, hostIP: this.podHost }),
      );
    this.converge(workload);
    this.notify(workload);
  }

  /** The argv, env and cwd of the next start of a replica (env is resolved at every start, as the kubelet does). */
  private async prepare(
    workload: Workload,
    spec: WorkloadSpec,
    container: Container,
    pod: string,
    port: number,
  ): Promise<LaunchPlan> {
    const entry = workload.entry;
    if (!entry) throw new LaunchError('ErrImagePull', `image ${JSON.stringify(container.image ?? '')} is not mapped`);
    const refs = envReferences(container);
    const configMaps = new Map<string, DataObject>();
    const secrets = new Map<string, DataObject>();
    await Promise.all([
      ...refs.configMaps.map(async (n) => {
        const cm = await this.options.store.get<DataObject>(this.configMapType, spec.namespace, n);
        if (cm) configMaps.set(n, cm);
      }),
      ...refs.secrets.map(async (n) => {
        const s = await this.options.store.get<DataObject>(this.secretType, spec.namespace, n);
        if (s) secrets.set(n, s);
      }),
    ]);
    const sources: EnvSources = { configMap: (n) => configMaps.get(n), secret: (n) => secrets.get(n) };
    let env: Map<string, string>;
    try {
      env = resolveContainerEnv(container, sources, {
        namespace: spec.namespace,
        platformEnv: { PORT: String(port), ...spec.env },
        fields: {
          'metadata.name': pod,
          'metadata.namespace': spec.namespace,
          'spec.nodeName': this.nodeName,
          'status.podIP': this.podHost,
          'status.hostIP': this.podHost,
        },
      });
    } catch (err) {
      if (err instanceof ContainerConfigError) throw new LaunchError(err.reason, err.message);
      throw err;
    }
    const root = this.options.repoRoot;
    // Image-map paths are relative to the repository, like files baked into an image.
    const fromImage = (word: string): string =>
      !isAbsolute(word) && word.includes('/') && existsSync(resolvePath(root, word)) ? resolvePath(root, word) : word;
    const image: ImageEntry = { ...entry, command: entry.command.map(fromImage), args: entry.args.map(fromImage) };
    const argv = containerArgv(container, image, env);
    // `node` means the Node running knts (PATH may hold an older one).
    if (argv[0] === 'node') argv[0] = process.execPath;
    const cwd = container.workingDir || (entry.workingDir ? resolvePath(root, entry.workingDir) : root);
    ensureDirectory(cwd);
    const processEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOSTNAME: pod,
      HOME: process.env.HOME ?? '/',
    };
    for (const [k, v] of env) processEnv[k] = v;
    return { argv, env: processEnv, cwd };
  }

  private stopReplica(workload: Workload, handle: ReplicaHandle): Promise<void> {
    handle.stopped ??= (async () => {
      handle.stopping = true;
      handle.replica?.beginStop();
      // Out of the hinted set before anything else learns it is stopping.
      this.sendHint(workload);
      this.notify(workload);
      await handle.started;
      const replica = handle.replica;
      if (replica) {
        replica.beginStop();
        // Not-ready reaches the store (and the activator) before the process is told to stop.
        await this.writer.flush(workload.namespace, handle.pod);
        if (replica.running && (this.options.drainMs ?? 1000) > 0) await sleep(this.options.drainMs ?? 1000);
        await replica.terminate();
      }
      // A Pod this handle never created may be another's: leave it.
      if (handle.podCreated) await this.writer.remove(workload.namespace, handle.pod);
      else this.writer.forget(workload.namespace, handle.pod);
      workload.replicas.delete(handle.pod);
      this.notify(workload);
    })();
    return handle.stopped;
  }

  /** Sends the workload's ready endpoints when they differ from the last ones sent. */
  private sendHint(workload: Workload): void {
    if (!this.hint) return;
    const endpoints = this.readyEndpoints(this.liveViews(workload, true));
    const key = endpoints.map((e) => `${e.pod}:${e.port}`).join(',');
    // Nothing ready was ever sent: an empty set says nothing new.
    if (key === (workload.hinted ?? '')) return;
    workload.hinted = key;
    try {
      this.hint({
        namespace: workload.namespace,
        revision: workload.name,
        runtime: this.instanceId,
        sequence: ++this.hintSequence,
        endpoints,
        timestamp: this.clock().toISOString(),
      });
    } catch (err) {
      // A lost hint costs latency only: the Pod status write follows.
      this.options.logger?.warn({ err, revision: workload.name }, 'could not send a readiness hint');
    }
  }

  /** Views of the replicas that are not being stopped (and whose Pod exists, with `created`). */
  private liveViews(workload: Workload, created = false): ReplicaView[] {
    const views: ReplicaView[] = [];
    for (const h of workload.replicas.values())
      if (!h.stopping && h.replica && (h.podCreated || !created)) views.push(h.replica.view());
    return views;
  }

  private readyEndpoints(views: ReplicaView[]): Endpoint[] {
    return views.filter((v) => v.ready).map((v) => ({ pod: v.pod, host: this.podHost, port: v.port }));
  }

  private snapshot(workload: Workload): WorkloadState {
    const views = this.liveViews(workload);
    const ready = views.filter((v) => v.ready);
    const endpoints = this.readyEndpoints(views);
    const state: WorkloadState = {
      desiredReplicas: workload.desired,
      actualReplicas: views.filter((v) => v.started).length,
      readyReplicas: ready.length,
      endpoints,
    };
    const failure =
      workload.failure ?? (workload.desired > 0 && ready.length === 0 ? replicaFailure(views) : undefined);
    if (failure) state.failure = failure;
    return state;
  }

  private notify(workload: Workload): void {
    for (const listener of this.listeners) {
      try {
        listener(workload.namespace, workload.name);
      } catch (err) {
        this.options.logger?.warn({ err }, 'an onChange listener threw');
      }
    }
  }
}

/** What upstream's revision reconciler reports when no replica is available (reconcile_resources.go). */
function replicaFailure(views: ReplicaView[]): WorkloadFailure | undefined {
  for (const view of views) {
    const terminated =
      'terminated' in (view.lastState ?? {}) ? view.lastState : 'terminated' in view.state ? view.state : undefined;
    if (terminated && 'terminated' in terminated) {
      const t = terminated.terminated;
      const output = t.message ? `${t.message} ` : '';
      return {
        condition: 'ContainerHealthy',
        reason: `ExitCode${t.exitCode}`,
        message: `Container failed with: ${output}(exit code ${t.exitCode})`,
      };
    }
  }
  for (const view of views) {
    if (
      'waiting' in view.state &&
      ['CreateContainerConfigError', 'CreateContainerError', 'ErrImagePull'].includes(view.state.waiting.reason)
    ) {
      return {
        condition: 'ResourcesAvailable',
        reason: view.state.waiting.reason,
        message: view.state.waiting.message ?? view.state.waiting.reason,
      };
    }
  }
  return undefined;
}

/** Container runtimes create a missing workingDir; so does this one, or says why it cannot. */
function ensureDirectory(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
    throw new LaunchError('CreateContainerError', `workingDir ${JSON.stringify(dir)} is not a directory`);
  } catch (err) {
    if (err instanceof LaunchError) throw err;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new LaunchError(
      'CreateContainerError',
      `cannot create workingDir ${JSON.stringify(dir)}: ${(err as Error).message}`,
    );
  }
}
