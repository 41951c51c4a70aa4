export * from './workload-runtime';
