import { describeServiceBoot, getWithHost } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
const harness = describeServiceBoot('broker', {
  extraPorts: { ingress: 'KNTS_BROKER_PORT' },
  storeWatches: ['brokers', 'triggers'],
  whileReady: async ({ ports }) =>
    expect(await getWithHost(ports['ingress']!, '127.0.0.1', '/default/default')).toEqual({
      status: 404,
      body: 'no Broker at /default/default\n',
    }),
});

it('exits 1 naming the key when KNTS_BROKER_PORT is invalid', async () => {
  const { proc } = await harness.start({ KNTS_BROKER_PORT: '70000' });
  expect(await proc.exited).toEqual({ code: 1, signal: null });
  expect(proc.stderr).toEqual(['invalid configuration: KNTS_BROKER_PORT: expected an integer 1-65535, got "70000"']);
});
