// The autoscaler's decisions as the serving controller sees them: a core NATS subscription to
// dev.knts.autoscaler.decision.v1 for every namespace, the latest decision per Revision, and a
// callback that enqueues the Revision when a decision changes what it should run. Upstream the
// autoscaler writes the scale straight into the PodAutoscaler status and the KPA reconciler applies
// it (pkg/reconciler/autoscaling/kpa/kpa.go); here the decision is the event and this is its reader.
import { catalogue as defaultCatalogue, isAutoscalerDecisionData, subscribeEvents, type AutoscalerDecisionData, type EventCatalogue, type Stoppable } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';
import { DECISION_FRESH_FOR_MS } from '../revision/replica-count';
import type { DecisionSource, LatestDecision } from './decision-source';

export interface ScaleDecisionsOptions {
  nc: NatsConnection;
  /** A prefixed catalogue isolates tests. */
  catalogue?: EventCatalogue;
  now?: () => number;
  /** Undecodable or malformed decisions; defaults to a process warning. */
  onError?: (err: unknown, subject: string) => void;
}

type Listener = (namespace: string, name: string) => void;

export class ScaleDecisions implements DecisionSource {
  private readonly decisions = new Map<string, LatestDecision>();
  private readonly listeners = new Set<Listener>();
  private readonly now: () => number;
  private subscription?: Stoppable;

  constructor(private readonly options: ScaleDecisionsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Resolves once the subscription is registered, so no later decision is missed. */
  async start(): Promise<void> {
    const entry = (this.options.catalogue ?? defaultCatalogue).entries.autoscalerDecision;
    const onError = this.options.onError;
    this.subscription = await subscribeEvents(
      this.options.nc,
      entry.filter(),
      (event, meta) => {
        const params = entry.parse(meta.subject);
        if (!params || !isAutoscalerDecisionData(event.data)) throw new Error(`malformed autoscaler decision on ${meta.subject}`);
        this.record(params.namespace, params.revision, event.data);
      },
      onError ? { onError } : {},
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Called with the Revision whenever a decision changes its replica count (or revives a stale one). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  latest(namespace: string, name: string): LatestDecision | undefined {
    return this.decisions.get(`${namespace}/${name}`);
  }

  forget(namespace: string, name: string): void {
    this.decisions.delete(`${namespace}/${name}`);
  }

  /** Keeps a decision; the subject names the Revision (the data repeats it). */
  record(namespace: string, name: string, data: AutoscalerDecisionData): void {
    const key = `${namespace}/${name}`;
    const receivedAtMs = this.now();
    const previous = this.decisions.get(key);
    // Core NATS keeps one publisher's order, but two autoscaler replicas may interleave: the newer decision wins.
    if (previous && Date.parse(data.timestamp) < Date.parse(previous.data.timestamp)) return;
    this.decisions.set(key, { desiredScale: data.desiredScale, receivedAtMs, data });
    // Decisions repeat every tick (level-based); only a change needs a reconcile.
    const changed = !previous || previous.desiredScale !== data.desiredScale || receivedAtMs - previous.receivedAtMs >= DECISION_FRESH_FOR_MS;
    if (changed) for (const listener of this.listeners) listener(namespace, name);
  }
}
