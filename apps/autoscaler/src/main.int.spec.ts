import { describeServiceBoot } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
describeServiceBoot('autoscaler', {
  storeWatches: ['revisions', 'pods', 'configmaps'],
});
