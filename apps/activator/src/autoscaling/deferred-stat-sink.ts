// The activator's listener opens at boot, before NATS connects (IngressListener), and requests
// may arrive then. Stats go nowhere until the connection exists: a lost stat is replaced by the
// next second's (the autoscaler tolerates gaps), so buffering them would only replay stale load.
import type { AutoscalerPokeData, AutoscalerStatData } from '@knts/events';
import type { AutoscalerStatSink } from './autoscaler-stat-sink';

export class DeferredStatSink implements AutoscalerStatSink {
  private target: AutoscalerStatSink | undefined = undefined;

  /** From now on stats and pokes go to `target`; undefined drops them again. */
  connect(target: AutoscalerStatSink | undefined): void {
    this.target = target;
  }

  get connected(): boolean {
    return this.target !== undefined;
  }

  stat(data: AutoscalerStatData): void {
    this.target?.stat(data);
  }

  poke(data: AutoscalerPokeData): void {
    this.target?.poke(data);
  }
}
