export * from './asset-path';
export * from './cookies';
export * from './csrf';
export * from './csrf-refused';
export * from './page-templates';
export * from './security-headers';
export * from './page-error.filter';
