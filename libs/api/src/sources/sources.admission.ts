// Admission steps for the event sources: defaults (ping_defaults.go, knative-gcp pubsub defaults) and
// validation (ping_validation.go, container_validation.go, sinkbinding_validation.go, apiserver_validation.go).
import type { AdmissionContext } from '../admission';
import { defineKindAdmission } from '../admission/kind-admission';
import { normaliseDestination, setDestinationDefaults, validateCeOverrides, validateDestination } from '../duck/destination';
import type { Destination, LegacyDestination } from '../duck/destination.schema';
import type { FieldIssue } from '../field-error';
import { cronScheduleError, isKnownTimeZone } from '../validation/cron-schedule';
import { parseGoDuration } from '../validation/go-duration';
import { validateKnativeObjectMeta } from '../validation/object-metadata';
import {
  apiServerSourceSchema,
  cloudPubSubSourceSchema,
  containerSourceSchema,
  cronJobSourceSchema,
  pingSourceSchema,
  pullSubscriptionSchema,
  sinkBindingSchema,
} from './sources.schemas';

export const DEFAULT_PING_SCHEDULE = '* * * * *';
export const DEFAULT_PUBSUB_SECRET = { name: 'google-cloud-key', key: 'key.json' } as const;
export const DEFAULT_ACK_DEADLINE = '30s';
export const DEFAULT_RETENTION_DURATION = '168h';

interface Sinked {
  metadata: { namespace?: string };
  spec: { sink?: LegacyDestination | Destination };
}

function defaultSink(object: Sinked): void {
  if (!object.spec.sink) return;
  object.spec.sink = normaliseDestination(object.spec.sink);
  setDestinationDefaults(object.spec.sink, object.metadata.namespace);
}

function sinkIssues(object: Sinked): FieldIssue[] {
  return validateDestination(object.spec.sink as Destination | undefined, 'spec.sink');
}

function validateSchedule(schedule: string, timezone: string | undefined): FieldIssue[] {
  const error = cronScheduleError(timezone ? `CRON_TZ=${timezone} ${schedule}` : schedule);
  if (!error) return [];
  return error.startsWith('provided bad location')
    ? [{ path: 'spec.timezone', message: `invalid value: ${error}` }]
    : [{ path: 'spec.schedule', message: `invalid value: ${error}` }];
}

export const admitPingSource = defineKindAdmission(
  {
    storage: pingSourceSchema,
    setDefaults: (source) => {
      source.spec.schedule ||= DEFAULT_PING_SCHEDULE;
      defaultSink(source);
    },
    validate: (source) => {
      const { spec } = source;
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(source.metadata), ...validateSchedule(spec.schedule ?? DEFAULT_PING_SCHEDULE, spec.timezone)];
      if (spec.timezone && !isKnownTimeZone(spec.timezone) && issues.every((i) => i.path !== 'spec.timezone'))
        issues.push({ path: 'spec.timezone', message: `invalid value: provided bad location ${spec.timezone}: unknown time zone ${spec.timezone}` });
      if (spec.data !== undefined && spec.dataBase64 !== undefined) issues.push({ path: 'spec', message: 'expected exactly one, got both: data, dataBase64' });
      if (spec.dataBase64 !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(spec.dataBase64))
        issues.push({ path: 'spec.dataBase64', message: `invalid value: ${spec.dataBase64}` });
      if (spec.contentType === 'application/json' && spec.data !== undefined) {
        try {
          JSON.parse(spec.data);
        } catch {
          issues.push({ path: 'spec.data', message: `invalid value: ${spec.data}` });
        }
      }
      issues.push(...sinkIssues(source), ...validateCeOverrides(spec.ceOverrides, 'spec.ceOverrides'));
      return issues;
    },
  },
  'sources.knative.dev/v1',
);

export const admitCronJobSource = defineKindAdmission(
  {
    storage: cronJobSourceSchema,
    setDefaults: (source) => defaultSink(source),
    validate: (source) => {
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(source.metadata)];
      if (!source.spec.schedule) issues.push({ path: 'spec.schedule', message: 'missing field(s)' });
      else issues.push(...validateSchedule(source.spec.schedule, undefined));
      issues.push(...sinkIssues(source));
      return issues;
    },
  },
  'sources.eventing.knative.dev/v1alpha1',
);

export const admitContainerSource = defineKindAdmission(
  {
    storage: containerSourceSchema,
    setDefaults: (source) => defaultSink(source),
    validate: (source) => {
      const containers = source.spec.template.spec.containers ?? [];
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(source.metadata)];
      if (containers.length === 0) issues.push({ path: 'spec.template.spec.containers', message: 'missing field(s)' });
      containers.forEach((c, i) => {
        if (!c.image) issues.push({ path: `spec.template.spec.containers[${i}].image`, message: 'missing field(s)' });
      });
      issues.push(...sinkIssues(source), ...validateCeOverrides(source.spec.ceOverrides, 'spec.ceOverrides'));
      return issues;
    },
  },
  'sources.knative.dev/v1',
);

export const admitSinkBinding = defineKindAdmission(
  {
    storage: sinkBindingSchema,
    setDefaults: (binding) => {
      defaultSink(binding);
      if (binding.spec.subject && !binding.spec.subject.namespace && binding.metadata.namespace) binding.spec.subject.namespace = binding.metadata.namespace;
    },
    validate: (binding) => {
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(binding.metadata)];
      const subject = binding.spec.subject;
      if (!subject) issues.push({ path: 'spec.subject', message: 'missing field(s)' });
      else {
        if (!subject.apiVersion) issues.push({ path: 'spec.subject.apiVersion', message: 'missing field(s)' });
        if (!subject.kind) issues.push({ path: 'spec.subject.kind', message: 'missing field(s)' });
        if (subject.name && subject.selector) issues.push({ path: 'spec.subject', message: 'expected exactly one, got both: name, selector' });
        if (!subject.name && !subject.selector) issues.push({ path: 'spec.subject', message: 'expected exactly one, got neither: name, selector' });
      }
      issues.push(...sinkIssues(binding), ...validateCeOverrides(binding.spec.ceOverrides, 'spec.ceOverrides'));
      return issues;
    },
  },
  'sources.knative.dev/v1',
);

export const admitApiServerSource = defineKindAdmission(
  {
    storage: apiServerSourceSchema,
    setDefaults: (source) => {
      source.spec.mode ||= 'Reference';
      source.spec.serviceAccountName ||= 'default';
      defaultSink(source);
    },
    validate: (source) => {
      const { spec } = source;
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(source.metadata)];
      if (spec.mode !== 'Reference' && spec.mode !== 'Resource') issues.push({ path: 'spec.mode', message: `invalid value: ${spec.mode ?? ''}` });
      const resources = spec.resources ?? [];
      if (resources.length === 0) issues.push({ path: 'spec.resources', message: 'missing field(s)' });
      resources.forEach((r, i) => {
        if (!r.apiVersion) issues.push({ path: `spec.resources[${i}].apiVersion`, message: 'missing field(s)' });
        if (!r.kind) issues.push({ path: `spec.resources[${i}].kind`, message: 'missing field(s)' });
      });
      issues.push(...sinkIssues(source), ...validateCeOverrides(spec.ceOverrides, 'spec.ceOverrides'));
      return issues;
    },
  },
  'sources.knative.dev/v1',
);

interface PubSubSpec {
  sink?: LegacyDestination | Destination;
  transformer?: LegacyDestination | Destination;
  secret?: { name?: string; key?: string; optional?: boolean };
  topic?: string;
  ackDeadline?: string;
  retentionDuration?: string;
  mode?: string;
}

function setPubSubDefaults(object: { metadata: { namespace?: string }; spec: PubSubSpec }): void {
  const { spec } = object;
  spec.secret ??= { ...DEFAULT_PUBSUB_SECRET };
  spec.ackDeadline ??= DEFAULT_ACK_DEADLINE;
  spec.retentionDuration ??= DEFAULT_RETENTION_DURATION;
  defaultSink(object);
  if (spec.transformer) spec.transformer = normaliseDestination(spec.transformer);
}

function durationBounds(value: string | undefined, path: string, minMs: number, maxMs: number, minText: string, maxText: string): FieldIssue[] {
  if (value === undefined) return [];
  const parsed = parseGoDuration(value);
  if ('error' in parsed) return [{ path, message: `invalid value: ${parsed.error}` }];
  return parsed.ms < minMs || parsed.ms > maxMs ? [{ path, message: `expected ${minText} <= ${value} <= ${maxText}` }] : [];
}

/** knative-gcp pubsub_validation.go: topic required, ack deadline 10s..10m, retention 10m..7d. */
function validatePubSub(object: { metadata: { name?: string; generateName?: string }; spec: PubSubSpec }, _context: AdmissionContext): FieldIssue[] {
  const { spec } = object;
  const issues: FieldIssue[] = [...validateKnativeObjectMeta(object.metadata)];
  if (!spec.topic) issues.push({ path: 'spec.topic', message: 'missing field(s)' });
  issues.push(...durationBounds(spec.ackDeadline, 'spec.ackDeadline', 10_000, 600_000, '10s', '10m0s'));
  issues.push(...durationBounds(spec.retentionDuration, 'spec.retentionDuration', 600_000, 604_800_000, '10m0s', '168h0m0s'));
  if (spec.secret && !spec.secret.name) issues.push({ path: 'spec.secret.name', message: 'missing field(s)' });
  if (spec.secret && !spec.secret.key) issues.push({ path: 'spec.secret.key', message: 'missing field(s)' });
  if (spec.mode !== undefined && !['CloudEventsBinary', 'CloudEventsStructured', 'PushCompatible'].includes(spec.mode))
    issues.push({ path: 'spec.mode', message: `invalid value: ${spec.mode}` });
  issues.push(...validateDestination(spec.sink as Destination | undefined, 'spec.sink'));
  if (spec.transformer) issues.push(...validateDestination(spec.transformer as Destination, 'spec.transformer'));
  return issues;
}

export const admitPullSubscription = defineKindAdmission(
  { storage: pullSubscriptionSchema, setDefaults: setPubSubDefaults, validate: validatePubSub },
  'pubsub.cloud.google.com/v1alpha1',
);

export const admitCloudPubSubSource = defineKindAdmission(
  { storage: cloudPubSubSourceSchema, setDefaults: setPubSubDefaults, validate: validatePubSub },
  'events.cloud.google.com/v1',
);
