import { describeServiceBoot, getWithHost } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
const harness = describeServiceBoot('activator', {
  extraPorts: { ingress: 'KNTS_INGRESS_PORT' },
  storeWatches: ['routes', 'revisions', 'pods'],
  // Routing is all about Host: send it explicitly, as curl -H does.
  whileReady: async ({ ports }) =>
    expect(await getWithHost(ports['ingress']!, 'helloworld.default.example.com:8080')).toEqual({
      status: 404,
      body: 'no Route serves host "helloworld.default.example.com"\n',
    }),
});

it('exits 1 naming the key when KNTS_INGRESS_PORT is invalid', async () => {
  const { proc } = await harness.start({ KNTS_INGRESS_PORT: 'http' });
  expect(await proc.exited).toEqual({ code: 1, signal: null });
  expect(proc.stderr).toEqual(['invalid configuration: KNTS_INGRESS_PORT: expected an integer 1-65535, got "http"']);
});
