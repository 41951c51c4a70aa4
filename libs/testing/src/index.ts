export * from './service-harness';
export * from './platform-harness';
