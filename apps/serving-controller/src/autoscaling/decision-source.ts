// What the Revision reconciler reads the autoscaler's decisions through (ScaleDecisions in the
// service, a plain map in unit tests).
import type { AutoscalerDecisionData } from '@knts/events';
import type { ReceivedDecision } from '../revision/replica-count';

export interface LatestDecision extends ReceivedDecision {
  data: AutoscalerDecisionData;
}

export interface DecisionSource {
  latest(namespace: string, name: string): LatestDecision | undefined;
  /** Drops what is kept for a Revision that is gone. */
  forget(namespace: string, name: string): void;
}
