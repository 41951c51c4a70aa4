import { findFreePort } from '@knts/observability';
import { describeServiceBoot } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
const harness = describeServiceBoot('pipelines', {
  storeWatches: ['tasks', 'taskruns', 'pipelines', 'pipelineruns', 'pipelineresources'],
});

it('reports redis as not ready while Redis is unreachable', async () => {
  const closed = await findFreePort();
  const { proc, adminUrl } = await harness.start({ REDIS_URL: `redis://127.0.0.1:${closed}` });
  await harness.until(proc, `${adminUrl}/readyz`, 503, '{"status":"not ready","failing":["redis"]}');
});
