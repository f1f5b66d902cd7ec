import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { REPO_ROOT } from '../repo-root';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

// PGlite does not lock its data dir, and two instances on one dir (say `npm start` and Jest) corrupt it.
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && isAlive(owner)) throw new Error(`PGlite data dir ${dataDir} is in use by process ${owner}`);
      rmSync(lockFile, { force: true }); // its owner died without stop()
    }
  }
  throw new Error(`Could not lock PGlite data dir ${dataDir} (${lockFile})`);
}

// A development database holds little: 16 MB of shared buffers instead of 128 saves about 110 MB of resident memory
// per PGlite (five of them with the desk's).
const SMALL_BUFFERS = ['-c', 'shared_buffers=16MB'];

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * One PGlite database served over TCP. PGlite is a single backend: every connection shares one session,
 * so it ignores the database name in the URL and serialises work (see maxConnections).
 */
export async function startEmbeddedPostgres(opts: {
  name: string;
  port: number;
  dataDir?: string;
  /** Sockets accepted at once (default 1): a further connection is closed at once by the server, not queued. */
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  if (!/^[\w-]+$/.test(opts.name)) throw new Error(`Invalid embedded Postgres name "${opts.name}"`);
  const dataDir = opts.dataDir ?? path.join(REPO_ROOT, '.local', 'pglite', opts.name);
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);

  let db: PGlite | undefined;
  try {
    // gen_random_uuid() is built in (PG 13+); the extensions make TypeORM's CREATE EXTENSION (pgcrypto or uuid-ossp) succeed.
    db = await PGlite.create({ dataDir, extensions: { pgcrypto, uuid_ossp }, startParams: [...PGlite.defaultStartParams, ...SMALL_BUFFERS] });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port, maxConnections: opts.maxConnections ?? 1 });
    await server.start();
    const pg = db;
    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`,
      stop: () =>
        (stopping ??= (async () => {
          try {
            await server.stop();
            await pg.close();
          } finally {
            unlock();
          }
        })()),
    };
  } catch (err) {
    await db?.close();
    unlock();
    if ((err as { code?: string }).code === 'EADDRINUSE') {
      throw new Error(`Cannot start embedded Postgres "${opts.name}": 127.0.0.1:${opts.port} is already in use`);
    }
    throw err;
  }
}
