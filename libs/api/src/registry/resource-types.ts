// The REST mapping of every kind knts serves: group, versions, names, scope and `knts get` columns.
// Printer columns copy each upstream CRD's additionalPrinterColumns (JSONPath filters written with
// double quotes; upstream writes 'Ready' in single quotes, which a JSONPath reader treats the same).
import type { PrinterColumn, ResourceType } from '../resource-type';

const ready: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
const reason: PrinterColumn = { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason' };
const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const sink: PrinterColumn = { name: 'Sink', type: 'string', jsonPath: '.status.sinkUri' };
const url: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.status.url' };
const latestCreated: PrinterColumn = { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' };
const latestReady: PrinterColumn = { name: 'LatestReady', type: 'string', jsonPath: '.status.latestReadyRevisionName' };
const tektonRun: PrinterColumn[] = [
  { name: 'Succeeded', type: 'string', jsonPath: '.status.conditions[?(@.type=="Succeeded")].status' },
  { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Succeeded")].reason' },
  { name: 'StartTime', type: 'date', jsonPath: '.status.startTime' },
  { name: 'CompletionTime', type: 'date', jsonPath: '.status.completionTime' },
];

const SERVING_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];
const TEKTON_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

function kind(
  group: string,
  storageVersion: string,
  versions: string[],
  kindName: string,
  plural: string,
  shortNames: string[],
  printerColumns: PrinterColumn[],
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, storageVersion, versions, kind: kindName, plural, singular: kindName.toLowerCase(), shortNames, namespaced: true, printerColumns, ...extra };
}

export const RESOURCE_TYPES: readonly ResourceType[] = Object.freeze([
  // serving.knative.dev
  kind('serving.knative.dev', 'v1', SERVING_VERSIONS, 'Service', 'services', ['kservice', 'ksvc'], [url, latestCreated, latestReady, ready, reason]),
  kind('serving.knative.dev', 'v1', SERVING_VERSIONS, 'Configuration', 'configurations', ['config', 'cfg'], [latestCreated, latestReady, ready, reason]),
  kind('serving.knative.dev', 'v1', SERVING_VERSIONS, 'Revision', 'revisions', ['rev'], [
    { name: 'Config Name', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configuration']" },
    { name: 'Generation', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']" },
    ready,
    reason,
    { name: 'Actual Replicas', type: 'integer', jsonPath: '.status.actualReplicas' },
    { name: 'Desired Replicas', type: 'integer', jsonPath: '.status.desiredReplicas' },
  ]),
  kind('serving.knative.dev', 'v1', SERVING_VERSIONS, 'Route', 'routes', ['rt'], [url, ready, reason]),
  // eventing.knative.dev
  kind('eventing.knative.dev', 'v1', ['v1', 'v1beta1'], 'Broker', 'brokers', [], [{ name: 'URL', type: 'string', jsonPath: '.status.address.url' }, age, ready, reason]),
  kind('eventing.knative.dev', 'v1', ['v1', 'v1beta1'], 'Trigger', 'triggers', [], [
    { name: 'Broker', type: 'string', jsonPath: '.spec.broker' },
    { name: 'Subscriber_URI', type: 'string', jsonPath: '.status.subscriberUri' },
    age,
    ready,
    reason,
  ]),
  // sources.knative.dev
  kind('sources.knative.dev', 'v1', ['v1', 'v1beta2'], 'PingSource', 'pingsources', [], [sink, { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' }, age, ready, reason]),
  kind('sources.knative.dev', 'v1', ['v1', 'v1beta1'], 'ContainerSource', 'containersources', [], [sink, age, ready, reason]),
  kind('sources.knative.dev', 'v1', ['v1', 'v1beta1'], 'SinkBinding', 'sinkbindings', [], [sink, age, ready, reason]),
  kind('sources.knative.dev', 'v1', ['v1', 'v1beta1'], 'ApiServerSource', 'apiserversources', [], [sink, age, ready, reason]),
  // Removed upstream (replaced by PingSource); kept with its own group so the workshop manifest applies unchanged.
  kind('sources.eventing.knative.dev', 'v1alpha1', ['v1alpha1'], 'CronJobSource', 'cronjobsources', [], [ready, reason, sink, age]),
  // google/knative-gcp
  kind('pubsub.cloud.google.com', 'v1alpha1', ['v1alpha1'], 'PullSubscription', 'pullsubscriptions', [], [ready, reason, age]),
  kind('events.cloud.google.com', 'v1', ['v1', 'v1beta1', 'v1alpha1'], 'CloudPubSubSource', 'cloudpubsubsources', [], [ready, reason, age]),
  // tekton.dev
  kind('tekton.dev', 'v1', TEKTON_VERSIONS, 'Task', 'tasks', [], [age]),
  kind('tekton.dev', 'v1', TEKTON_VERSIONS, 'TaskRun', 'taskruns', ['tr'], tektonRun),
  kind('tekton.dev', 'v1', TEKTON_VERSIONS, 'Pipeline', 'pipelines', [], [age]),
  kind('tekton.dev', 'v1', TEKTON_VERSIONS, 'PipelineRun', 'pipelineruns', ['pr'], tektonRun),
  kind('tekton.dev', 'v1alpha1', ['v1alpha1'], 'PipelineResource', 'pipelineresources', [], [age]),
  // core v1. Columns over fields knts fills: ConfigMap/Secret `.data` (type integer: print the key count),
  // Pod `.status.containerStatuses[*]` and `.status.phase` as the standalone runtime publishes them.
  kind('', 'v1', ['v1'], 'ConfigMap', 'configmaps', ['cm'], [{ name: 'Data', type: 'integer', jsonPath: '.data' }, age]),
  kind('', 'v1', ['v1'], 'Secret', 'secrets', [], [{ name: 'Type', type: 'string', jsonPath: '.type' }, { name: 'Data', type: 'integer', jsonPath: '.data' }, age]),
  kind('', 'v1', ['v1'], 'Pod', 'pods', ['po'], [
    { name: 'Ready', type: 'string', jsonPath: '.status.containerStatuses[*].ready', format: 'ready-count' },
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Restarts', type: 'integer', jsonPath: '.status.containerStatuses[0].restartCount' },
    age,
  ]),
  kind('', 'v1', ['v1'], 'Namespace', 'namespaces', ['ns'], [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }, age], { namespaced: false }),
]);
