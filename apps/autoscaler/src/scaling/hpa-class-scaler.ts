// Extension point for revisions the KPA does not scale: `autoscaling.knative.dev/class:
// hpa.autoscaling.knative.dev` (metric cpu, memory or custom) or any other class. In cluster
// mode Kubernetes' HPA does the work; the standalone CPU scaler is later work. Until then the
// autoscaler hands such revisions here and publishes no decision for them.
import type { KubeObject } from '@knts/api';

export interface HpaClassScaler {
  /** The revision is (still) of a non-KPA class. */
  track(revision: KubeObject, autoscalerClass: string, metric: string): void;
  /** The revision was deleted or became KPA class. */
  untrack(key: string): void;
}

/** The default: remember and log once that nobody scales these revisions yet. */
export class UnimplementedHpaClassScaler implements HpaClassScaler {
  private readonly seen = new Set<string>();

  constructor(private readonly warn: (entry: Record<string, unknown>) => void) {}

  track(revision: KubeObject, autoscalerClass: string, metric: string): void {
    const key = `${revision.metadata.namespace ?? ''}/${revision.metadata.name ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warn({
      msg: 'revision is not KPA class; no standalone scaler for it yet, replicas are left alone',
      revision: key,
      autoscalerClass,
      metric,
    });
  }

  untrack(key: string): void {
    this.seen.delete(key);
  }
}
