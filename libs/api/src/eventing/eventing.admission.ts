// Admission steps for Broker and Trigger (broker_defaults.go, broker_validation.go, trigger_*.go).
import { defineKindAdmission } from '../admission/kind-admission';
import { setDestinationDefaults, validateDestination, validateKReference } from '../duck/destination';
import type { FieldIssue } from '../field-error';
import { deepEqual } from '../validation/deep-equal';
import { validateKnativeObjectMeta } from '../validation/object-metadata';
import { validateDelivery } from './delivery';
import { brokerSchema, triggerSchema } from './eventing.schemas';

export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
export const DEFAULT_BROKER_CLASS = 'MTChannelBasedBroker';
export const DEFAULT_BROKER_NAME = 'default';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const FILTER_DIALECTS = new Set(['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql']);
const IMMUTABLE = 'Immutable fields changed (-old +new)';

function oldSpec(old: unknown): Record<string, unknown> | undefined {
  const spec = (old as { spec?: unknown } | undefined)?.spec;
  return typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : undefined;
}

export const admitBroker = defineKindAdmission(
  {
    storage: brokerSchema,
    setDefaults: (broker, context) => {
      const annotations = (broker.metadata.annotations ??= {});
      annotations[BROKER_CLASS_ANNOTATION] ??= context.config?.defaultBrokerClass ?? DEFAULT_BROKER_CLASS;
      setDestinationDefaults(broker.spec.delivery?.deadLetterSink, broker.metadata.namespace);
    },
    validate: (broker, context) => {
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(broker.metadata), ...validateDelivery(broker.spec.delivery, 'spec.delivery')];
      if (broker.spec.config) issues.push(...validateKReference(broker.spec.config, 'spec.config'));
      // The class and config choose the implementation; they may not change after creation (knative/specs).
      if (context.operation === 'UPDATE' && context.old) {
        const oldClass = context.old.metadata.annotations?.[BROKER_CLASS_ANNOTATION];
        if (oldClass !== undefined && oldClass !== broker.metadata.annotations?.[BROKER_CLASS_ANNOTATION])
          issues.push({ path: `metadata.annotations[${BROKER_CLASS_ANNOTATION}]`, message: IMMUTABLE });
        const previous = oldSpec(context.old)?.config;
        if (previous !== undefined && !deepEqual(previous, broker.spec.config)) issues.push({ path: 'spec.config', message: IMMUTABLE });
      }
      return issues;
    },
  },
  'eventing.knative.dev/v1',
);

function validateFilters(filters: ReadonlyArray<Record<string, unknown>>, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  filters.forEach((filter, i) => {
    const keys = Object.keys(filter);
    for (const key of keys) if (!FILTER_DIALECTS.has(key)) issues.push({ path: `${path}[${i}].${key}`, message: 'must not set the field(s)' });
    const dialects = keys.filter((k) => FILTER_DIALECTS.has(k));
    if (dialects.length > 1) issues.push({ path: `${path}[${i}]`, message: 'multiple dialects found, filters can have only one dialect set' });
  });
  return issues;
}

export const admitTrigger = defineKindAdmission(
  {
    storage: triggerSchema,
    setDefaults: (trigger) => {
      if (!trigger.spec.broker && !trigger.spec.brokerRef) trigger.spec.broker = DEFAULT_BROKER_NAME;
      setDestinationDefaults(trigger.spec.subscriber, trigger.metadata.namespace);
      setDestinationDefaults(trigger.spec.delivery?.deadLetterSink, trigger.metadata.namespace);
    },
    validate: (trigger, context) => {
      const { spec } = trigger;
      const issues: FieldIssue[] = [...validateKnativeObjectMeta(trigger.metadata)];
      if (spec.broker && spec.brokerRef) issues.push({ path: 'spec', message: 'expected exactly one, got both: broker, brokerRef' });
      if (spec.brokerRef) issues.push(...validateKReference(spec.brokerRef, 'spec.brokerRef'));
      for (const key of Object.keys(spec.filter?.attributes ?? {}))
        if (!ATTRIBUTE_NAME.test(key))
          issues.push({ path: 'spec.filter.attributes', message: `invalid key name ${JSON.stringify(key)}: Attribute name must start with a letter and can only contain lowercase alphanumeric` });
      issues.push(...validateFilters(spec.filters ?? [], 'spec.filters'));
      issues.push(...validateDestination(spec.subscriber, 'spec.subscriber'));
      issues.push(...validateDelivery(spec.delivery, 'spec.delivery'));
      if (context.operation === 'UPDATE' && context.old) {
        const previous = oldSpec(context.old);
        if (previous && previous.broker !== spec.broker)
          issues.push({ path: 'spec.broker', message: `${IMMUTABLE}: -${JSON.stringify(previous.broker ?? '')} +${JSON.stringify(spec.broker ?? '')}` });
      }
      return issues;
    },
  },
  'eventing.knative.dev/v1',
);
