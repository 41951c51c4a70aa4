export * from './platform-ports';
