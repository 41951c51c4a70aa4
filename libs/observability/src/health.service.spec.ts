import { HealthService } from './health.service';

describe('HealthService', () => {
  it('is ready with no checks, and names every failing check', async () => {
    const health = new HealthService();
    expect(await health.checkReadiness()).toEqual({ ok: true, failing: [], shuttingDown: false });

    let natsUp = false;
    health.registerReadiness('nats', () => natsUp);
    health.registerReadiness('redis', async () => false);
    health.registerReadiness('ingress', () => {
      throw new Error('not bound');
    });
    expect(await health.checkReadiness()).toEqual({
      ok: false,
      failing: ['nats', 'redis', 'ingress'],
      shuttingDown: false,
    });

    natsUp = true;
    expect((await health.checkReadiness()).failing).toEqual(['redis', 'ingress']);
  });

  it('stops being ready once shutting down, while staying alive', async () => {
    const health = new HealthService();
    health.registerReadiness('nats', () => true);
    health.markShuttingDown();
    expect(await health.checkReadiness()).toEqual({ ok: false, failing: [], shuttingDown: true });
    expect((await health.checkLiveness()).ok).toBe(true);
  });

  it('removes a check through the function registration returned', async () => {
    const health = new HealthService();
    const remove = health.registerLiveness('nats', () => false);
    expect((await health.checkLiveness()).failing).toEqual(['nats']);
    remove();
    expect((await health.checkLiveness()).ok).toBe(true);
  });
});
