import { describeServiceBoot } from '@knts/testing';

// The compiled service as a real process against the real NATS and Redis.
// Build first: npx tsc -b tsconfig.build.json
describeServiceBoot('sources', {
  storeWatches: [
    'pingsources',
    'containersources',
    'sinkbindings',
    'apiserversources',
    'cronjobsources',
    'pullsubscriptions',
    'cloudpubsubsources',
  ],
});
