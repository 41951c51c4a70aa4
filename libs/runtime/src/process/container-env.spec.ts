import type { Container } from '@knts/api';
import { containerArgv } from './container-command';
import { ContainerConfigError, envReferences, resolveContainerEnv, type EnvSources } from './container-env';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const sources: EnvSources = {
  configMap: (name) => (name === 'conf' ? { data: { color: 'blue', 'bad key!': 'x', size: 'L' } } : undefined),
  secret: (name) => (name === 'creds' ? { data: { user: b64('admin'), pass: b64('s3cr3t') } } : undefined),
};
const platformEnv = { PORT: '4321', K_SERVICE: 'svc', K_CONFIGURATION: 'svc', K_REVISION: 'svc-00001' };

function resolve(container: Container): Record<string, string> {
  return Object.fromEntries(
    resolveContainerEnv(container, sources, { namespace: 'ns', platformEnv, fields: { 'metadata.name': 'pod-1' } }),
  );
}

describe('resolveContainerEnv', () => {
  it('reads values, ConfigMap and Secret keys, envFrom with prefix, and appends the platform variables', () => {
    const env = resolve({
      envFrom: [{ configMapRef: { name: 'conf' }, prefix: 'CM_' }, { secretRef: { name: 'creds' } }],
      env: [
        { name: 'TARGET', value: 'Knative' },
        { name: 'GREETING', value: 'Hello $(TARGET) $$(TARGET) $(NOPE)' },
        { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'conf', key: 'color' } } },
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'pass' } } },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'user', value: 'overridden' },
      ],
    });
    expect(env).toEqual({
      CM_color: 'blue',
      CM_size: 'L',
      user: 'overridden',
      pass: 's3cr3t',
      TARGET: 'Knative',
      GREETING: 'Hello Knative $(TARGET) $(NOPE)',
      COLOR: 'blue',
      PASSWORD: 's3cr3t',
      POD: 'pod-1',
      ...platformEnv,
    });
  });

  it.each<[string, Container, string]>([
    ['missing ConfigMap', { envFrom: [{ configMapRef: { name: 'nope' } }] }, 'configmap "nope" not found'],
    ['missing Secret', { envFrom: [{ secretRef: { name: 'nope' } }] }, 'secret "nope" not found'],
    [
      'missing ConfigMap key',
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'conf', key: 'k' } } }] },
      "couldn't find key k in ConfigMap ns/conf",
    ],
    [
      'missing Secret key',
      { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] },
      "couldn't find key k in Secret ns/creds",
    ],
    [
      'Secret of a key ref missing',
      { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'x', key: 'k' } } }] },
      'secret "x" not found',
    ],
  ])('fails like the kubelet on a %s', (_name, container, message) => {
    expect(() => resolve(container)).toThrow(new ContainerConfigError(message));
  });

  it('skips optional references that are missing', () => {
    const env = resolve({
      envFrom: [{ configMapRef: { name: 'nope', optional: true } }, { secretRef: { name: 'nope', optional: true } }],
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'conf', key: 'k', optional: true } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
      ],
    });
    expect(env).toEqual(platformEnv);
  });

  it('lists the referenced objects', () => {
    expect(
      envReferences({
        envFrom: [{ configMapRef: { name: 'a' } }, { secretRef: { name: 's' } }],
        env: [
          { name: 'X', valueFrom: { configMapKeyRef: { name: 'b', key: 'k' } } },
          { name: 'Y', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
      }),
    ).toEqual({ configMaps: ['a', 'b'], secrets: ['s'] });
  });
});

describe('containerArgv', () => {
  const image = { command: ['/ko-app/hello'], args: ['--default'] };
  const env = new Map([['NAME', 'knts']]);
  it.each<[string, Pick<Container, 'command' | 'args'>, string[]]>([
    ['image defaults', {}, ['/ko-app/hello', '--default']],
    ['command replaces entrypoint and default args', { command: ['/bin/x'] }, ['/bin/x']],
    ['args replace default args', { args: ['--name=$(NAME)'] }, ['/ko-app/hello', '--name=knts']],
    [
      'command and args',
      { command: ['echo', '$(NAME)'], args: ['$(MISSING)', '$$(NAME)'] },
      ['echo', 'knts', '$(MISSING)', '$(NAME)'],
    ],
    ['empty lists count as unset', { command: [], args: [] }, ['/ko-app/hello', '--default']],
  ])('%s', (_name, container, want) => {
    expect(containerArgv(container, image, env)).toEqual(want);
  });
});
