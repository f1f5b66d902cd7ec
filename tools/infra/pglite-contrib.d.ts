// The repo's moduleResolution "node" ignores package "exports", so TypeScript cannot see these subpaths' types.
declare module '@electric-sql/pglite/contrib/pgcrypto' {
  export const pgcrypto: import('@electric-sql/pglite').Extension;
}
declare module '@electric-sql/pglite/contrib/uuid_ossp' {
  export const uuid_ossp: import('@electric-sql/pglite').Extension;
}
