export * from './meta';
export * from './resource-type';
export * from './field-error';
export * from './admission';
export { formatFieldPath, joinFieldPath } from './field-path';
// registry
export { RESOURCE_TYPES } from './registry/resource-types';
export { findResourceType, splitApiVersion } from './registry/find-resource-type';
export { resolveResourceType } from './registry/resolve-resource-type';
// admission
export { admit } from './admission/admit';
export { parseManifests, ManifestSyntaxError } from './manifests/parse-manifests';
// conditions
export { ConditionSet, ConditionManager, conditionTime, type Clock } from './conditions/condition-set';
// config maps
export { ConfigMapError } from './config/config-map-error';
export { parseConfigDefaults, DEFAULT_SERVING_DEFAULTS, type ServingDefaultsConfig } from './config/config-defaults';
export { parseConfigAutoscaler, DEFAULT_AUTOSCALER_SETTINGS, type AutoscalerSettings } from './config/config-autoscaler';
export { ConfigMapReader } from './config/config-map-reader';
export * from './config/autoscaling-constants';
export { parseConfigFeatures, DEFAULT_SERVING_FEATURES, featureKey, type ServingFeaturesConfig, type FeatureFlag } from './config/config-features';
// validation helpers other services reuse
export { parseIso8601Duration } from './validation/iso8601-duration';
export { parseGoDuration, formatGoDuration } from './validation/go-duration';
export { cronScheduleError, isKnownTimeZone } from './validation/cron-schedule';
export { checkByoRevisionName, BYO_NAME_CHANGE_MESSAGE } from './serving/byo-revision-name';
export { RESERVED_ENV_VARS, RESERVED_PORTS } from './serving/revision-spec.validation';
export { RELEASE_LATEST_REVISION_KEYWORD } from './serving/conversion/v1alpha1';
export { BROKER_CLASS_ANNOTATION, DEFAULT_BROKER_CLASS } from './eventing/eventing.admission';
export { RESOURCES_ANNOTATION, TASK_SPEC_RESOURCES_ANNOTATION, PIPELINE_TASK_RESOURCES_ANNOTATION } from './tekton/conversion/legacy-to-v1';
export { pipelineTaskDependencies } from './tekton/pipeline-graph';
// types of stored objects
export type { Service, Configuration, Route, Revision } from './serving/serving.schemas';
export type { RevisionSpec, RevisionTemplate } from './serving/revision-spec.schema';
export type { TrafficTarget } from './serving/traffic-target.schema';
export type { Broker, Trigger } from './eventing/eventing.schemas';
export type { DeliverySpec } from './eventing/delivery';
export type { Destination, KReference } from './duck/destination.schema';
export type { PingSource } from './sources/sources.schemas';
export type { Task, TaskRun, Pipeline, PipelineRun, TaskSpec, PipelineSpec, PipelineTask, Step, Param, ParamSpec } from './tekton/tekton.schemas';
export type { ConfigMap, Secret } from './core/core.schemas';
export type { Container } from './core/container.schema';
// lifecycles (condition helpers per kind)
export { serviceLifecycle, ServiceConditions, SERVICE_CONDITION_SET } from './serving/service.lifecycle';
export { configurationLifecycle, CONFIGURATION_CONDITION_SET } from './serving/configuration.lifecycle';
export { revisionLifecycle, RevisionConditions, REVISION_CONDITION_SET } from './serving/revision.lifecycle';
export { routeLifecycle, RouteConditions, ROUTE_CONDITION_SET } from './serving/route.lifecycle';
export { brokerLifecycle, BrokerConditions, BROKER_CONDITION_SET } from './eventing/broker.lifecycle';
export { triggerLifecycle, TriggerConditions, TRIGGER_CONDITION_SET } from './eventing/trigger.lifecycle';
export { sourceLifecycle, SourceConditions, SOURCE_CONDITION_SETS } from './sources/source.lifecycle';
export { runLifecycle, TaskRunReasons, PipelineRunReasons, RUN_CONDITION_SET, TASKRUN_SUCCESS_MESSAGE } from './tekton/run.lifecycle';
