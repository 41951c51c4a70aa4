// The CLI's ResourceStore: the NATS KV adapter from @knts/store over one connection, with every
// write admitted by @knts/api exactly as the services do.
import { admit, RESOURCE_TYPES } from '@knts/api';
import { NatsKvStore, type ResourceStore } from '@knts/store';
import type { NatsConnection } from '@nats-io/transport-node';

export function createNatsStore(connection: NatsConnection, prefix: string): ResourceStore {
  return new NatsKvStore({ connection, prefix, types: RESOURCE_TYPES, admit });
}
