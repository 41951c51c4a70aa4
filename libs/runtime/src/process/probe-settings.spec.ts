import { livenessSettings, readinessSettings } from './probe-settings';

const target = { host: '127.0.0.1', port: 41234, declaredPort: { containerPort: 8080, name: 'http1' } };

describe('probe settings', () => {
  it('defaults readiness to an aggressive TCP probe on PORT', () => {
    expect(readinessSettings(undefined, target)).toEqual({
      action: { kind: 'tcp', host: '127.0.0.1', port: 41234 },
      initialDelayMs: 0,
      periodMs: 10,
      timeoutMs: 100,
      successThreshold: 1,
      failureThreshold: 3,
      aggressive: { steadyPeriodMs: 1000, steadyTimeoutMs: 1000 },
    });
  });

  it('sends probes on the declared or a named port to PORT, and keeps other ports', () => {
    expect(readinessSettings({ httpGet: { path: 'healthz', port: 8080 } }, target).action).toEqual({
      kind: 'http',
      host: '127.0.0.1',
      port: 41234,
      path: '/healthz',
      scheme: 'http',
      headers: [],
    });
    expect(readinessSettings({ tcpSocket: { port: 'http1' } }, target).action).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 41234,
    });
    expect(readinessSettings({ tcpSocket: { port: 9999 } }, target).action).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 9999,
    });
    expect(readinessSettings({ exec: { command: ['true'] } }, target).action).toEqual({
      kind: 'exec',
      command: ['true'],
    });
  });

  it('honours periodSeconds > 0 with Kubernetes defaults', () => {
    const s = readinessSettings({ httpGet: {}, periodSeconds: 2, initialDelaySeconds: 1, successThreshold: 2 }, target);
    expect(s).toMatchObject({
      periodMs: 2000,
      timeoutMs: 1000,
      successThreshold: 2,
      failureThreshold: 3,
      initialDelayMs: 1000,
    });
    expect(s.aggressive).toBeUndefined();
  });

  it('has no liveness probe unless asked, and Kubernetes defaults otherwise', () => {
    expect(livenessSettings(undefined, target)).toBeUndefined();
    expect(livenessSettings({ httpGet: { path: '/live' } }, target)).toMatchObject({
      periodMs: 10_000,
      timeoutMs: 1000,
      failureThreshold: 3,
    });
  });
});
