// RevisionLoadFeed on the autoscaler's decision events (core NATS, dev.knts.autoscaler.decision.v1).
import { isAutoscalerDecisionData, subscribeEvents, type EventCatalogue, type Stoppable } from '@knts/events';
import type { NatsConnection } from '@nats-io/transport-node';
import type { RevisionLoad, RevisionLoadFeed } from '../commands/revision-load';

export class DecisionFeed implements RevisionLoadFeed {
  private subscription: Stoppable | undefined;

  constructor(
    private readonly connection: NatsConnection,
    /** The platform's subjects (catalogueForStore of the store prefix). */
    private readonly catalogue: EventCatalogue,
  ) {}

  async start(namespace: string | undefined, onLoad: (namespace: string, revision: string, load: RevisionLoad) => void): Promise<void> {
    const entry = this.catalogue.entries.autoscalerDecision;
    this.subscription = await subscribeEvents(
      this.connection,
      entry.filter(namespace === undefined ? {} : { namespace }),
      (event, meta) => {
        const params = entry.parse(meta.subject);
        if (!params || !isAutoscalerDecisionData(event.data)) return; // not ours to report: the column stays as it was
        const d = event.data;
        onLoad(params.namespace, params.revision, {
          observedStableConcurrency: d.observedStableConcurrency,
          observedPanicConcurrency: d.observedPanicConcurrency,
          panicking: d.panicking,
          desiredScale: d.desiredScale,
        });
      },
      { onError: () => undefined },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }
}
