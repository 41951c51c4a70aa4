export * from './meta';
export * from './resource-type';
export * from './field-error';
export * from './admission';
