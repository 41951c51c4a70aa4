// The one list of what travels on NATS between knts services (DESIGN §3.3): each entry names
// the CloudEvent type, the subject pattern, core or JetStream, who produces and who consumes,
// and the data shape. docs/events.md is generated from this list and checked by a test.

import { CloudEvent } from 'cloudevents';
import type { StreamDefinition } from '../transport/stream-definition';
import type {
  AutoscalerDecisionData,
  AutoscalerPokeData,
  AutoscalerStatData,
  ResourceLifecycleData,
  RuntimeCpuData,
  RuntimeEndpointsData,
  TektonPipelineRunEventData,
  TektonTaskRunEventData,
} from './event-data';
import { subjectPattern, type ParamsOf, type SubjectPattern } from './subject-pattern';

export type Delivery = 'core' | 'jetstream';

interface EntryBase<P extends string> extends SubjectPattern<P> {
  readonly key: string;
  readonly delivery: Delivery;
  /** For JetStream entries: the stream that stores the subject. */
  readonly stream?: StreamDefinition;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  /** The TypeScript type of `data` (event-data.ts), or a description for non-event payloads. */
  readonly dataShape: string;
  readonly description: string;
}

/** An internal event with a fixed CloudEvent type. */
export interface EventEntry<P extends string, D> extends EntryBase<P> {
  readonly format: 'cloudevent';
  readonly type: string;
  readonly sourcePattern: string;
  /** A binary-ready CloudEvent of this type; `overrides` may set id, time, extensions. */
  event(values: Record<P, string>, data: D, overrides?: Record<string, unknown>): CloudEvent<D>;
}

/** A channel without a fixed type: users' events (broker) or raw bytes (logs). */
export interface ChannelEntry<P extends string> extends EntryBase<P> {
  readonly format: 'any-cloudevent' | 'log-line';
  readonly type?: undefined;
}

export type CatalogueEntry = EventEntry<string, unknown> | ChannelEntry<string>;

const PREFIX_TOKEN = /^[A-Za-z0-9_-]+$/;
const DAY_MS = 24 * 60 * 60 * 1000;

type Base<S extends string> = Omit<EntryBase<ParamsOf<S>>, keyof SubjectPattern<ParamsOf<S>>> & { subject: S };

/** Builds the catalogue; a prefix isolates tests (subjects `p.knts...`, streams `p-...`). */
export function defineCatalogue(prefix?: string) {
  if (prefix !== undefined && !PREFIX_TOKEN.test(prefix)) {
    throw new RangeError(`catalogue prefix "${prefix}" must be one subject token of [A-Za-z0-9_-]`);
  }
  const subjectOf = <S extends string>(s: S): S => (prefix === undefined ? s : (`${prefix}.${s}` as S));
  const streamName = (name: string): string => (prefix === undefined ? name : `${prefix}-${name}`);

  function channel<S extends string>(format: ChannelEntry<string>['format'], spec: Base<S>): ChannelEntry<ParamsOf<S>> {
    const { subject, ...rest } = spec;
    return { ...subjectPattern(subjectOf(subject)), ...rest, format };
  }

  function event<D>() {
    return <S extends string>(spec: Base<S> & { type: string; sourcePattern: string }): EventEntry<ParamsOf<S>, D> => {
      const { subject, ...rest } = spec;
      const pattern = subjectPattern(subjectOf(subject));
      return {
        ...pattern,
        ...rest,
        format: 'cloudevent',
        event(values, data, overrides = {}) {
          const source = spec.sourcePattern.replace(/\{([a-zA-Z0-9]+)\}/g, (_, p: string) => values[p as ParamsOf<S>]);
          return new CloudEvent<D>({
            type: spec.type,
            source,
            datacontenttype: 'application/json',
            data,
            ...overrides,
          });
        },
      };
    };
  }

  const streams: Record<'broker' | 'logs', StreamDefinition> = {
    broker: {
      name: streamName('knts-broker'),
      subjects: [subjectOf('knts.broker.*.*')],
      description: 'Events accepted by broker ingresses, kept 24 h for the Trigger consumers to deliver',
      retention: 'limits',
      storage: 'file',
      maxAgeMs: DAY_MS,
      duplicateWindowMs: 2 * 60 * 1000,
    },
    logs: {
      name: streamName('KNTS_LOGS'),
      subjects: [subjectOf('knts.logs.*.*.*')],
      description: 'Container output lines from the process runtime, read by knts logs',
      storage: 'file',
      maxAgeMs: DAY_MS,
      maxBytes: 512 * 1024 * 1024,
      discard: 'old',
    },
  };

  const revisionLifecycle = {
    delivery: 'core',
    sourcePattern: '/apis/serving.knative.dev/v1/namespaces/{namespace}/revisions/{revision}',
    subject: 'knts.serving.revisions.{namespace}.{revision}',
    producers: ['serving-controller'],
    consumers: ['cli (knts wait)', 'e2e tests'],
    dataShape: 'ResourceLifecycleData',
  } as const;
  const serviceLifecycle = {
    delivery: 'core',
    sourcePattern: '/apis/serving.knative.dev/v1/namespaces/{namespace}/services/{service}',
    subject: 'knts.serving.services.{namespace}.{service}',
    producers: ['serving-controller'],
    consumers: ['cli (knts wait)', 'e2e tests'],
    dataShape: 'ResourceLifecycleData',
  } as const;
  const tekton = (run: 'taskrun' | 'pipelinerun', state: string) => {
    const spec = {
      key: `${run === 'taskrun' ? 'taskRun' : 'pipelineRun'}${state[0]?.toUpperCase()}${state.slice(1)}`,
      type: `dev.tekton.event.${run}.${state}.v1`,
      delivery: 'core',
      producers: ['pipelines'],
      consumers: ['cli (knts wait, logs)', 'config-events sink forwarder'],
      description: `Tekton ${run === 'taskrun' ? 'TaskRun' : 'PipelineRun'} ${state} (Tekton's own type; ce-subject is the run name)`,
    } as const;
    return run === 'taskrun'
      ? event<TektonTaskRunEventData>()({
          ...spec,
          subject: 'knts.pipelines.taskruns.{namespace}.{taskrun}',
          sourcePattern: '/apis/tekton.dev/v1/namespaces/{namespace}/taskruns/{taskrun}',
          dataShape: 'TektonTaskRunEventData',
        })
      : event<TektonPipelineRunEventData>()({
          ...spec,
          subject: 'knts.pipelines.pipelineruns.{namespace}.{pipelinerun}',
          sourcePattern: '/apis/tekton.dev/v1/namespaces/{namespace}/pipelineruns/{pipelinerun}',
          dataShape: 'TektonPipelineRunEventData',
        });
  };
  const states = ['queued', 'started', 'running', 'successful', 'failed', 'unknown'] as const;

  const entries = {
    autoscalerStat: event<AutoscalerStatData>()({
      key: 'autoscalerStat',
      type: 'dev.knts.autoscaler.stat.v1',
      subject: 'knts.autoscaler.stats.{namespace}.{revision}',
      sourcePattern: '/knts/activator',
      delivery: 'core',
      producers: ['activator'],
      consumers: ['autoscaler'],
      dataShape: 'AutoscalerStatData',
      description: 'Per-second concurrency and request counts of one activator replica for one revision',
    }),
    autoscalerPoke: event<AutoscalerPokeData>()({
      key: 'autoscalerPoke',
      type: 'dev.knts.autoscaler.poke.v1',
      subject: 'knts.autoscaler.pokes.{namespace}.{revision}',
      sourcePattern: '/knts/activator',
      delivery: 'core',
      producers: ['activator'],
      consumers: ['autoscaler'],
      dataShape: 'AutoscalerPokeData',
      description: 'A request arrived for a revision at zero: decide now (scale-from-zero fast path)',
    }),
    autoscalerDecision: event<AutoscalerDecisionData>()({
      key: 'autoscalerDecision',
      type: 'dev.knts.autoscaler.decision.v1',
      subject: 'knts.autoscaler.decisions.{namespace}.{revision}',
      sourcePattern: '/knts/autoscaler',
      delivery: 'core',
      producers: ['autoscaler'],
      consumers: ['serving-controller', 'cli (knts get revisions -w)'],
      dataShape: 'AutoscalerDecisionData',
      description: 'Desired scale per revision, sent every tick while the revision is active (level-based)',
    }),
    runtimeCpu: event<RuntimeCpuData>()({
      key: 'runtimeCpu',
      type: 'dev.knts.runtime.cpu.v1',
      subject: 'knts.runtime.cpu.{namespace}.{revision}',
      sourcePattern: '/knts/process-runtime',
      delivery: 'core',
      producers: ['process runtime (serving-controller)'],
      consumers: ['autoscaler (HPA class, metric cpu)'],
      dataShape: 'RuntimeCpuData',
      description: 'CPU millicores per replica of an HPA-class revision with metric cpu, measured every second',
    }),
    runtimeEndpoints: event<RuntimeEndpointsData>()({
      key: 'runtimeEndpoints',
      type: 'dev.knts.runtime.endpoints.v1',
      subject: 'knts.runtime.endpoints.{namespace}.{revision}',
      sourcePattern: '/knts/process-runtime',
      delivery: 'core',
      producers: ['process runtime (serving-controller)'],
      consumers: ['activator'],
      dataShape: 'RuntimeEndpointsData',
      description:
        "A revision's ready replicas on one runtime changed (probe passed, replica stopping): a hint sent before the Pod status write, so held requests need not wait for the store",
    }),
    revisionReady: event<ResourceLifecycleData>()({
      ...revisionLifecycle,
      key: 'revisionReady',
      type: 'dev.knts.serving.revision.ready.v1',
      description: 'A Revision became Ready',
    }),
    revisionFailed: event<ResourceLifecycleData>()({
      ...revisionLifecycle,
      key: 'revisionFailed',
      type: 'dev.knts.serving.revision.failed.v1',
      description: 'A Revision became Ready=False; reason and message as in its condition',
    }),
    serviceReady: event<ResourceLifecycleData>()({
      ...serviceLifecycle,
      key: 'serviceReady',
      type: 'dev.knts.serving.service.ready.v1',
      description: 'A Service is Ready and its URL serves traffic',
    }),
    brokerIngress: channel('any-cloudevent', {
      key: 'brokerIngress',
      subject: 'knts.broker.{namespace}.{broker}',
      delivery: 'jetstream',
      stream: streams.broker,
      producers: ['broker (HTTP ingress, replies)', 'sources'],
      consumers: ['broker (one durable consumer per Trigger)'],
      dataShape: 'any CloudEvent, data untouched',
      description: 'Events sent to a Broker; published with Nats-Msg-Id for de-duplication, acked (202) after storage',
    }),
    logLine: channel('log-line', {
      key: 'logLine',
      subject: 'knts.logs.{namespace}.{pod}.{container}',
      delivery: 'jetstream',
      stream: streams.logs,
      producers: ['process runtime (serving-controller, pipelines)'],
      consumers: ['cli (knts logs, -f follows)'],
      dataShape: 'one output line as raw bytes; header knts-stream: stdout|stderr',
      description: 'Container output, one message per line (not a CloudEvent)',
    }),
    ...(Object.fromEntries(
      (['taskrun', 'pipelinerun'] as const).flatMap((run) =>
        states.map((state) => {
          const entry = tekton(run, state);
          return [entry.key, entry];
        }),
      ),
    ) as Record<`taskRun${Capitalize<(typeof states)[number]>}`, EventEntry<'namespace' | 'taskrun', TektonTaskRunEventData>> &
      Record<`pipelineRun${Capitalize<(typeof states)[number]>}`, EventEntry<'namespace' | 'pipelinerun', TektonPipelineRunEventData>>),
  };

  const list: readonly CatalogueEntry[] = Object.values(entries) as CatalogueEntry[];
  return { prefix, entries, streams, list } as const;
}

export type EventCatalogue = ReturnType<typeof defineCatalogue>;

/** The production catalogue: no prefix. */
export const catalogue: EventCatalogue = defineCatalogue();

/** The same catalogue under a prefix, so a test's subjects and streams never meet another's. */
export function withPrefix(prefix: string): EventCatalogue {
  return defineCatalogue(prefix);
}

/** The store prefix of a platform that uses the unprefixed catalogue (`KNTS_STORE_PREFIX`'s default). */
export const DEFAULT_STORE_PREFIX = 'knts';

/**
 * The catalogue of the platform whose store has `storePrefix`: the production subjects and
 * streams for the default prefix, prefixed ones for any other. Two platforms on one NATS (two
 * `knts up --prefix`, tests running side by side) then never see each other's stats,
 * decisions, hints or logs; services sharing one stat queue group would otherwise split a
 * revision's stats between their autoscalers.
 */
export function catalogueForStore(storePrefix: string): EventCatalogue {
  return storePrefix === DEFAULT_STORE_PREFIX ? catalogue : withPrefix(storePrefix);
}
