// The REST mapping: lookups by apiVersion+kind and by CLI argument.
import { apiVersionOf, qualifiedName } from '../resource-type';
import { findResourceType } from './find-resource-type';
import { resolveResourceType } from './resolve-resource-type';
import { RESOURCE_TYPES } from './resource-types';

describe('resource registry', () => {
  it.each([
    ['serving.knative.dev/v1alpha1', 'Service', 'serving.knative.dev/v1'],
    ['serving.knative.dev/v1beta1', 'Route', 'serving.knative.dev/v1'],
    ['sources.eventing.knative.dev/v1alpha1', 'CronJobSource', 'sources.eventing.knative.dev/v1alpha1'],
    ['pubsub.cloud.google.com/v1alpha1', 'PullSubscription', 'pubsub.cloud.google.com/v1alpha1'],
    ['events.cloud.google.com/v1beta1', 'CloudPubSubSource', 'events.cloud.google.com/v1'],
    ['tekton.dev/v1alpha1', 'TaskRun', 'tekton.dev/v1'],
    ['tekton.dev/v1alpha1', 'PipelineResource', 'tekton.dev/v1alpha1'],
    ['v1', 'ConfigMap', 'v1'],
  ])('%s %s is stored as %s', (apiVersion, kind, stored) => {
    const type = findResourceType(apiVersion, kind);
    expect(type && apiVersionOf(type)).toBe(stored);
  });

  it.each([
    ['v1', 'Service'],
    ['serving.knative.dev/v2', 'Service'],
    ['tekton.dev/v1beta1', 'PipelineResource'],
  ])('%s %s is not served', (apiVersion, kind) => {
    expect(findResourceType(apiVersion, kind)).toBeUndefined();
  });

  it.each([
    ['ksvc', 'Service'],
    ['kservice', 'Service'],
    ['services', 'Service'],
    ['service', 'Service'],
    ['services.serving.knative.dev', 'Service'],
    ['service.serving.knative.dev', 'Service'],
    ['cfg', 'Configuration'],
    ['config', 'Configuration'],
    ['rev', 'Revision'],
    ['rt', 'Route'],
    ['TaskRun', 'TaskRun'],
    ['taskruns.tekton.dev', 'TaskRun'],
    ['pingsource', 'PingSource'],
    ['cronjobsources.sources.eventing.knative.dev', 'CronJobSource'],
    ['pullsubscription', 'PullSubscription'],
    ['po', 'Pod'],
    ['cm', 'ConfigMap'],
    ['ns', 'Namespace'],
  ])('%s resolves to %s', (arg, kind) => {
    expect(resolveResourceType(arg)?.kind).toBe(kind);
  });

  it('does not map kubectl svc to a Knative Service', () => {
    expect(resolveResourceType('svc')).toBeUndefined();
  });

  it('has unique plurals and short names, Namespace is cluster-scoped', () => {
    const names = RESOURCE_TYPES.flatMap((t) => [t.plural, ...t.shortNames]);
    expect(new Set(names).size).toBe(names.length);
    expect(RESOURCE_TYPES.filter((t) => !t.namespaced).map((t) => t.kind)).toEqual(['Namespace']);
    expect(qualifiedName(resolveResourceType('ksvc')!)).toBe('services.serving.knative.dev');
  });

  it('copies upstream printer columns', () => {
    expect(resolveResourceType('ksvc')?.printerColumns?.map((c) => c.name)).toEqual(['URL', 'LatestCreated', 'LatestReady', 'Ready', 'Reason']);
    expect(resolveResourceType('taskrun')?.printerColumns?.map((c) => c.name)).toEqual(['Succeeded', 'Reason', 'StartTime', 'CompletionTime']);
    expect(resolveResourceType('pingsource')?.printerColumns?.map((c) => c.name)).toEqual(['Sink', 'Schedule', 'Age', 'Ready', 'Reason']);
    expect(resolveResourceType('ksvc')?.printerColumns?.[3].jsonPath).toBe('.status.conditions[?(@.type=="Ready")].status');
  });
});
