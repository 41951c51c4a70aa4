import { HealthService } from './health.service';
import { StoreWatchReadiness } from './store-watch-readiness';
import { waitFor } from './wait-for';

describe('StoreWatchReadiness', () => {
  it('keeps the service unready until every tracked watch has synced', async () => {
    const health = new HealthService();
    const watches = new StoreWatchReadiness(health);
    let syncRoutes = (): void => undefined;
    watches.track('routes', new Promise<void>((resolve) => (syncRoutes = resolve)));
    watches.track('revisions', Promise.reject(new Error('bucket missing')));

    expect((await health.checkReadiness()).failing).toEqual(['store:routes', 'store:revisions']);

    syncRoutes();
    await waitFor(async () => ((await health.checkReadiness()).failing.length === 1 ? true : undefined), {
      timeoutMs: 1000,
      what: 'routes to sync',
    });
    expect((await health.checkReadiness()).failing).toEqual(['store:revisions']);

    watches.track('revisions', Promise.resolve());
    await waitFor(async () => ((await health.checkReadiness()).ok ? true : undefined), {
      timeoutMs: 1000,
      what: 'all watches to sync',
    });

    watches.lost('routes');
    expect((await health.checkReadiness()).failing).toEqual(['store:routes']);
  });
});
