export * from './resource-store';
export * from './store-errors';
export * from './label-selector';
export * from './kv-layout';
export * from './nats-kv-store.adapter';
export * from './nats-kv-watch.adapter';
