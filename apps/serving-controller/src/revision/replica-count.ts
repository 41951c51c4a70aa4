// Which replica count the Revision reconciler asks the runtime for, for a KPA-class Revision.
// Upstream the KPA reconciler writes the Deployment's replicas from the autoscaler's decision
// (pkg/reconciler/autoscaling/kpa/scaler.go); here the decision arrives as an event and this
// function picks between it and what is running.

/** Decisions repeat every tick (2 s, config-autoscaler tick-interval); one missing two ticks in a row is stale. */
export const DECISION_FRESH_FOR_MS = 3 * 2_000;

export interface ReceivedDecision {
  /** Final: min/max/initial scale and scale-to-zero gating are applied by the autoscaler. */
  desiredScale: number;
  /** When this controller received it (its own clock, so producer clock skew cannot age it). */
  receivedAtMs: number;
}

export interface ReplicaCountInput {
  decision?: ReceivedDecision;
  nowMs: number;
  /** The count last applied (runtime, or the Revision's status.desiredReplicas after a restart). */
  current?: number;
  /** initialScale(): used only for a Revision nothing was applied for yet. */
  initial: number;
  freshForMs?: number;
}

/**
 * A fresh decision wins. Without one (autoscaler down, restarting, or not yet deciding) the last
 * applied count stays: the controller never scales anything to zero, or away from zero, for lack of
 * decisions, as upstream's Deployment keeps its replicas while the autoscaler is away. A brand-new
 * Revision starts at its initial scale.
 */
export function replicaCount(input: ReplicaCountInput): number {
  const { decision, nowMs, current, initial } = input;
  const freshFor = input.freshForMs ?? DECISION_FRESH_FOR_MS;
  if (decision && nowMs - decision.receivedAtMs < freshFor && decision.desiredScale >= 0) return decision.desiredScale;
  return current ?? initial;
}
