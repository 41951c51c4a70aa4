// The production sink: core NATS, fire-and-forget, subjects and CloudEvents from the catalogue
// (knts.autoscaler.stats.{namespace}.{revision}, knts.autoscaler.pokes.{namespace}.{revision}).
// Upstream sends StatMessages over a websocket to the autoscaler; a lost one is replaced by the
// next second's, which is why no acknowledgement is needed here either.
import { publishEvent, type EventCatalogue } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';
import type { AutoscalerStatSink } from './autoscaler-stat-sink';

export function natsAutoscalerStatSink(nc: NatsConnection, catalogue: EventCatalogue): AutoscalerStatSink {
  const statEntry = catalogue.entries.autoscalerStat;
  const pokeEntry = catalogue.entries.autoscalerPoke;
  return {
    stat(data) {
      const params = { namespace: data.namespace, revision: data.revision };
      publishEvent(nc, statEntry.subject(params), statEntry.event(params, data));
    },
    poke(data) {
      const params = { namespace: data.namespace, revision: data.revision };
      publishEvent(nc, pokeEntry.subject(params), pokeEntry.event(params, data));
    },
  };
}
