export * from './cookies';
export * from './csrf-refused';
export * from './page-helpers';
export * from './security-headers';
