import { baseConfigSchema } from './base-config';
import { portSetting } from './config-settings';
import { ConfigError, loadConfig } from './load-config';

function errorLines(env: Record<string, string>, schema = baseConfigSchema('activator')): readonly string[] {
  try {
    loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the defaults, with the admin port of the named service', () => {
    expect(loadConfig(baseConfigSchema('broker'), {})).toEqual({
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KNTS_STORE_PREFIX: 'knts',
      KNTS_HOST: '127.0.0.1',
      KNTS_ADMIN_PORT: 9404,
      LOG_LEVEL: 'info',
      KNTS_SHUTDOWN_TIMEOUT: 30,
    });
  });

  it('reads and converts set values, treats empty as unset and ignores unrelated keys', () => {
    const config = loadConfig(baseConfigSchema('pipelines'), {
      NATS_URL: 'nats://nats:4222,nats://nats-2:4222',
      REDIS_URL: 'rediss://redis.example:6380/2',
      KNTS_STORE_PREFIX: 'test_run-1',
      KNTS_HOST: '0.0.0.0',
      KNTS_ADMIN_PORT: '19406',
      LOG_LEVEL: '',
      KNTS_SHUTDOWN_TIMEOUT: '2.5',
      PATH: '/usr/bin',
    });
    expect(config).toMatchObject({
      NATS_URL: 'nats://nats:4222,nats://nats-2:4222',
      KNTS_ADMIN_PORT: 19406,
      LOG_LEVEL: 'info',
      KNTS_SHUTDOWN_TIMEOUT: 2.5,
    });
    expect(config).not.toHaveProperty('PATH');
  });

  it('lets a service extend the base schema with its own keys', () => {
    const schema = baseConfigSchema('activator').extend({ KNTS_INGRESS_PORT: portSetting(8080) });
    expect(loadConfig(schema, {}).KNTS_INGRESS_PORT).toBe(8080);
    expect(errorLines({ KNTS_INGRESS_PORT: '70000' }, schema)).toEqual([
      'invalid configuration: KNTS_INGRESS_PORT: expected an integer 1-65535, got "70000"',
    ]);
  });

  const table: { name: string; env: Record<string, string>; want: string[] }[] = [
    {
      name: 'port that is not a number',
      env: { KNTS_ADMIN_PORT: 'abc' },
      want: ['invalid configuration: KNTS_ADMIN_PORT: expected an integer 1-65535, got "abc"'],
    },
    {
      name: 'port zero',
      env: { KNTS_ADMIN_PORT: '0' },
      want: ['invalid configuration: KNTS_ADMIN_PORT: expected an integer 1-65535, got "0"'],
    },
    {
      name: 'port with a fraction',
      env: { KNTS_ADMIN_PORT: '80.5' },
      want: ['invalid configuration: KNTS_ADMIN_PORT: expected an integer 1-65535, got "80.5"'],
    },
    {
      name: 'NATS URL with an http scheme',
      env: { NATS_URL: 'http://127.0.0.1:4222' },
      want: [
        'invalid configuration: NATS_URL: expected a nats:// or tls:// or ws:// or wss:// URL, got "http://127.0.0.1:4222"',
      ],
    },
    {
      name: 'Redis URL without a scheme',
      env: { REDIS_URL: '127.0.0.1:6379' },
      want: ['invalid configuration: REDIS_URL: expected a redis:// or rediss:// URL, got "127.0.0.1:6379"'],
    },
    {
      name: 'unknown log level',
      env: { LOG_LEVEL: 'verbose' },
      want: ['invalid configuration: LOG_LEVEL: expected one of trace|debug|info|warn|error, got "verbose"'],
    },
    {
      name: 'store prefix with capitals',
      env: { KNTS_STORE_PREFIX: 'Knts' },
      want: ['invalid configuration: KNTS_STORE_PREFIX: expected lowercase letters, digits, "_" or "-", got "Knts"'],
    },
    {
      name: 'negative shutdown timeout',
      env: { KNTS_SHUTDOWN_TIMEOUT: '-1' },
      want: ['invalid configuration: KNTS_SHUTDOWN_TIMEOUT: expected a positive number of seconds, got "-1"'],
    },
    {
      name: 'several bad keys, one line each',
      env: { KNTS_ADMIN_PORT: 'abc', LOG_LEVEL: 'loud' },
      want: [
        'invalid configuration: KNTS_ADMIN_PORT: expected an integer 1-65535, got "abc"',
        'invalid configuration: LOG_LEVEL: expected one of trace|debug|info|warn|error, got "loud"',
      ],
    },
  ];

  it.each(table)('rejects $name, naming the key', ({ env, want }) => {
    expect(errorLines(env)).toEqual(want);
  });

  it('puts every line in the error message', () => {
    expect(() => loadConfig(baseConfigSchema('sources'), { KNTS_ADMIN_PORT: 'abc' })).toThrow(
      'invalid configuration: KNTS_ADMIN_PORT: expected an integer 1-65535, got "abc"',
    );
  });
});
