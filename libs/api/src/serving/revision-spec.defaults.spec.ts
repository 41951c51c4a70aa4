// Revision template defaults from config-defaults (revision_defaults.go).
import { admit } from '../admission/admit';
import type { AdmissionConfig } from '../admission';

function template(spec: Record<string, unknown>, config?: AdmissionConfig) {
  const svc = admit({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' }, spec: { template: { spec } } }, { operation: 'CREATE', config });
  return (svc.spec as { template: { spec: Record<string, unknown> } }).template.spec;
}

describe('revision spec defaults', () => {
  it.each([
    ['upstream defaults', {}, { timeoutSeconds: 300, containerConcurrency: 0, enableServiceLinks: false }],
    ['config-defaults values', { revisionTimeoutSeconds: 120, containerConcurrency: 10, enableServiceLinks: true }, { timeoutSeconds: 120, containerConcurrency: 10, enableServiceLinks: true }],
  ])('%s', (_name, config, expected) => {
    expect(template({ containers: [{ image: 'x/y' }] }, config)).toMatchObject(expected);
  });

  it('keeps what the user set', () => {
    expect(template({ timeoutSeconds: 30, containerConcurrency: 1, containers: [{ name: 'app', image: 'x/y', readinessProbe: { httpGet: { path: '/healthz' } } }] })).toMatchObject({
      timeoutSeconds: 30,
      containerConcurrency: 1,
      containers: [{ name: 'app', readinessProbe: { httpGet: { path: '/healthz' }, successThreshold: 1 } }],
    });
  });

  it('names multiple containers and probes only the serving one', () => {
    const spec = template({ containers: [{ image: 'x/app', ports: [{ containerPort: 8080 }] }, { image: 'x/sidecar' }] }) as { containers: Array<Record<string, unknown>> };
    expect(spec.containers.map((c) => c.name)).toEqual(['user-container-0', 'user-container-1']);
    expect(spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 0 }, successThreshold: 1 });
    expect(spec.containers[1]).not.toHaveProperty('readinessProbe');
  });

  it('applies resource defaults only when configured', () => {
    const spec = template({ containers: [{ image: 'x/y' }] }, { revisionCpuRequest: '100m' }) as { containers: Array<Record<string, unknown>> };
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '100m' } });
  });

  it('validates against a configured max timeout', () => {
    expect(() => template({ timeoutSeconds: 700, containers: [{ image: 'x/y' }] }, { maxRevisionTimeoutSeconds: 900 })).not.toThrow();
    expect(() => template({ timeoutSeconds: 1000, containers: [{ image: 'x/y' }] }, { maxRevisionTimeoutSeconds: 900 })).toThrow(
      'spec.template.spec.timeoutSeconds: expected 0 <= 1000 <= 900',
    );
  });
});
