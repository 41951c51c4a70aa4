// Where resource-store watches (informers) report whether their cache is synced. A service is
// not ready until every watch it started has delivered its initial state, as a Kubernetes
// controller waits for informer caches to sync. Register watches before the admin port opens
// (in onModuleInit), or /readyz may pass before they exist.
import type { HealthService } from './health.service';

/** Injection token for the service's StoreWatchReadiness. */
export const STORE_WATCHES_READY = Symbol('STORE_WATCHES_READY');

export class StoreWatchReadiness {
  private readonly synced = new Map<string, boolean>();

  constructor(private readonly health: HealthService) {}

  /**
   * Readiness check `store:<name>` that passes once `ready` resolves. A rejected `ready` keeps it
   * failing; call `track` again with the restarted watch's promise.
   */
  track(name: string, ready: Promise<void>): void {
    const key = `store:${name}`;
    this.synced.set(key, false);
    this.health.registerReadiness(key, () => this.synced.get(key) === true);
    ready.then(
      () => this.synced.set(key, true),
      () => this.synced.set(key, false),
    );
  }

  /** The watch broke (its informer is re-listing); readiness fails until `track` is called again. */
  lost(name: string): void {
    this.synced.set(`store:${name}`, false);
  }
}
