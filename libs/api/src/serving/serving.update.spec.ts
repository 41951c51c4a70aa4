// UPDATE rules: Revisions are immutable, a BYO revision name cannot be reused with a new template.
import { admit } from '../admission/admit';
import { checkByoRevisionName } from './byo-revision-name';

const svc = (image: string) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello' },
  spec: { template: { metadata: { name: 'hello-v1' }, spec: { containers: [{ image }] } } },
});

describe('serving updates', () => {
  it('refuses a new image under the same BYO revision name', () => {
    const old = admit(svc('x/a'), { operation: 'CREATE' });
    expect(() => admit(svc('x/b'), { operation: 'UPDATE', old })).toThrow('spec.template.metadata.name: Saw the following changes without a name change (-old +new)');
    expect(() => admit(svc('x/a'), { operation: 'UPDATE', old })).not.toThrow();
  });

  it('checkByoRevisionName compares with the existing Revision', () => {
    const stored = admit(svc('x/a'), { operation: 'CREATE' }).spec as { template: { metadata: { name: string }; spec: Record<string, unknown> } };
    expect(checkByoRevisionName(stored.template, stored.template.spec)).toEqual([]);
    expect(checkByoRevisionName(stored.template, { ...stored.template.spec, timeoutSeconds: 1 })).toHaveLength(1);
  });

  it('refuses changes to a Revision spec', () => {
    const rev = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'hello-00001' }, spec: { containers: [{ image: 'x/a' }] } };
    const old = admit(rev, { operation: 'CREATE' });
    expect(() => admit({ ...rev, spec: { containers: [{ image: 'x/b' }] } }, { operation: 'UPDATE', old })).toThrow('spec: Immutable fields changed (-old +new)');
    expect(admit({ ...old, status: { observedGeneration: 1 } }, { operation: 'UPDATE', old }).status).toEqual({ observedGeneration: 1 });
  });

  it('refuses a Trigger broker change', () => {
    const trigger = (broker: string) => ({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 't' },
      spec: { broker, subscriber: { uri: 'http://example.com/' } },
    });
    const old = admit(trigger('default'), { operation: 'CREATE' });
    expect(() => admit(trigger('other'), { operation: 'UPDATE', old })).toThrow('spec.broker: Immutable fields changed (-old +new): -"default" +"other"');
  });
});
