// The process runtime's readiness hints (knts.runtime.endpoints.{namespace}.{revision}, core
// NATS): the moment a replica's readiness probe passes, or it stops being ready, the runtime
// sends the revision's ready replicas, before writing the Pod status to the store. A request
// held at zero is released one NATS hop after the probe instead of after the store write and
// the Pod watch. The routing table decides what a hint may change (RoutingTable.applyHint).
import { isRuntimeEndpointsData, subscribeEvents, type EventCatalogue, type Stoppable } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RoutingTable } from './routing-table';

/** Resolves once subscribed; hints go to `table` in arrival order until stopped. */
export function followEndpointHints(
  table: RoutingTable,
  nc: NatsConnection,
  catalogue: EventCatalogue,
  onError?: (err: unknown, subject: string) => void,
): Promise<Stoppable> {
  const entry = catalogue.entries.runtimeEndpoints;
  return subscribeEvents(
    nc,
    entry.filter(),
    (event, meta) => {
      const params = entry.parse(meta.subject);
      const data = event.data;
      if (!params || !isRuntimeEndpointsData(data) || data.namespace !== params.namespace || data.revision !== params.revision)
        throw new Error(`malformed readiness hint on ${meta.subject}`);
      table.applyHint(data);
    },
    onError ? { onError } : {},
  );
}
