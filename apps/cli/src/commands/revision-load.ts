// The live CONCURRENCY column of `knts get revisions -w`. Upstream users watch the autoscaler
// on Grafana's "Knative Serving - Scaling Debugging" dashboard; here the autoscaler's decision
// events (published every 2 s tick per revision) carry the observed concurrency, and the watch
// prints a revision's row again whenever the figure it shows changes.
import type { KubeObject } from '@knts/api';
import type { TableColumnExtra } from '../printers/resource-table';

/** What one decision says about a revision's load. */
export interface RevisionLoad {
  observedStableConcurrency: number;
  observedPanicConcurrency: number;
  panicking: boolean;
  desiredScale: number;
}

/** Decisions for one namespace (or every namespace), as they arrive. */
export interface RevisionLoadFeed {
  start(namespace: string | undefined, onLoad: (namespace: string, revision: string, load: RevisionLoad) => void): Promise<void>;
  stop(): Promise<void>;
}

/** `7.3`, or `12.1 (panic)` while the autoscaler is in panic mode (then the panic window's figure). */
export function formatLoad(load: RevisionLoad | undefined): string {
  if (!load) return '-';
  return load.panicking ? `${load.observedPanicConcurrency.toFixed(1)} (panic)` : load.observedStableConcurrency.toFixed(1);
}

/** The latest load per revision, and the column that shows it. */
export class RevisionLoads {
  private readonly loads = new Map<string, RevisionLoad>();

  readonly column: TableColumnExtra = {
    name: 'Concurrency',
    value: (object: KubeObject) => formatLoad(this.loads.get(keyOf(object.metadata.namespace ?? '', object.metadata.name ?? ''))),
  };

  /** Keeps `load`; true when the cell it shows differs from before. */
  update(namespace: string, revision: string, load: RevisionLoad): boolean {
    const key = keyOf(namespace, revision);
    const before = formatLoad(this.loads.get(key));
    this.loads.set(key, load);
    return formatLoad(load) !== before;
  }
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
