export * from './resource-store';
export * from './store-errors';
