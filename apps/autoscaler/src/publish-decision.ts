// A scale decision out on NATS (knts.autoscaler.decisions.{namespace}.{revision}), for the
// serving-controller that applies it; the KPA engine and the HPA class both send them.
import { publishEvent, type AutoscalerDecisionData, type EventCatalogue } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';

export function publishDecision(nc: NatsConnection, catalogue: EventCatalogue, data: AutoscalerDecisionData): void {
  const entry = catalogue.entries.autoscalerDecision;
  const params = { namespace: data.namespace, revision: data.revision };
  publishEvent(nc, entry.subject(params), entry.event(params, data));
}
