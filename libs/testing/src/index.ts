export * from './service-harness';
export * from './platform-harness';
export * from './service-boot-suite';
export * from './platform-streams';
export * from './write-budget';
