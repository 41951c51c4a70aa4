// Where the concurrency reporter's figures go. An interface, so unit tests collect events in an
// array and production publishes them on NATS (nats-autoscaler-stat-sink.ts).
import type { AutoscalerPokeData, AutoscalerStatData } from '@knts/events';

export interface AutoscalerStatSink {
  /** One activator replica's second for one revision (`dev.knts.autoscaler.stat.v1`). */
  stat(data: AutoscalerStatData): void;
  /** A request for a revision at zero: the autoscaler ticks now (`dev.knts.autoscaler.poke.v1`). */
  poke(data: AutoscalerPokeData): void;
}
