// Public surface of @knts/events: the CloudEvents NATS binding, NATS/JetStream helpers and
// the event catalogue (DESIGN §3.3, docs/events.md).

export { NatsBinding, type EventBinding } from './binding/nats-binding';
export { CloudEventValidationError } from './binding/cloud-event-validation-error';
export { CE_HEADER_PREFIX, CLOUDEVENTS_JSON, type EventMessage } from './binding/event-message';
export { buildCloudEvent, checkEventAttributes, REQUIRED_ATTRIBUTES, type DescribeAttribute } from './binding/event-attributes';
export { dataKind, decodeData, encodeData, type DataKind } from './binding/event-data-codec';
export { decodeHeaderValue, encodeHeaderValue } from './binding/header-value-encoding';

export type { ContentMode } from './transport/content-mode';
export { fromNatsHeaders, toEventMessage, toNatsHeaders } from './transport/nats-headers';
export type { Stoppable } from './transport/stoppable';
export { publishEvent, type PublishEventOptions } from './transport/publish-event';
export { subscribeEvents, type EventListener, type EventMeta, type SubscribeEventsOptions } from './transport/subscribe-events';
export type { StreamDefinition } from './transport/stream-definition';
export { ensureStream } from './transport/ensure-stream';
export { defaultMsgId, publishDurable, type PublishDurableOptions } from './transport/publish-durable';
export { isPermanentError, Outcome, PermanentEventError, type DeliveryOutcome } from './transport/delivery-outcome';
export {
  consumeDurable,
  exponentialRetryDelay,
  type ConsumeDurableOptions,
  type DeliveryContext,
  type DurableEventHandler,
} from './transport/consume-durable';
export { LOG_STREAM_HEADER, publishLogLine, readLogLines, type LogLine, type OutputStream, type ReadLogLinesOptions } from './transport/log-lines';

export {
  catalogue,
  catalogueForStore,
  DEFAULT_STORE_PREFIX,
  defineCatalogue,
  withPrefix,
  type CatalogueEntry,
  type ChannelEntry,
  type Delivery,
  type EventCatalogue,
  type EventEntry,
} from './catalogue/catalogue';
export type * from './catalogue/event-data';
export { isAutoscalerDecisionData, isRuntimeEndpointsData } from './catalogue/event-data-guards';
export { renderEventsTable } from './catalogue/events-doc';
export { subjectPattern, type ParamsOf, type SubjectPattern } from './catalogue/subject-pattern';
export { decodeSubjectToken, encodeSubjectToken } from './catalogue/subject-token';
