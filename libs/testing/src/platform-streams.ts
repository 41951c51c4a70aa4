// The JetStream streams a platform under a store prefix creates (its logs, its broker's events:
// catalogueForStore), deleted with its buckets so test runs leave nothing behind on NATS.
import { catalogueForStore, DEFAULT_STORE_PREFIX } from '@knts/events';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export async function destroyPlatformStreams(nc: NatsConnection, storePrefix: string): Promise<void> {
  // The default prefix's streams are the real platform's: never a test's to delete.
  if (storePrefix === DEFAULT_STORE_PREFIX) return;
  const jsm = await jetstreamManager(nc);
  for (const stream of Object.values(catalogueForStore(storePrefix).streams)) {
    await jsm.streams.delete(stream.name).catch(() => false); // never created: nothing to delete
  }
}
