import { Client, ClientConfig, DatabaseError } from 'pg';
import { DatabaseUnavailableError } from './outage';

export interface BoundedClientConfig extends ClientConfig {
  /** The client-side limit of one query: past it the connection is given up (see BoundedClient). */
  queryLimitMs: number;
}

/** The driver's own state, which pg-pool reads too: whether this client can still take a query. */
interface ClientState {
  _ending?: boolean;
  _ended?: boolean;
  _queryable?: boolean;
  connection?: { stream?: { destroy(error?: Error): void } };
}

const plainQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;

/**
 * A node-postgres client whose queries end within `queryLimitMs` however the server behaves. pg's own
 * `query_timeout` fails the query but keeps the connection, so the next query of the pool waits behind the
 * unanswered one on the same dead socket; this one destroys the socket instead, and the pool drops the client
 * (the "hung path": a frozen backend or a half-open connection). It also names a lost connection by type
 * (DatabaseUnavailableError), where pg only says it in English.
 */
export class BoundedClient extends Client {
  private readonly queryLimitMs: number;

  constructor(config: BoundedClientConfig) {
    super(config);
    this.queryLimitMs = config.queryLimitMs;
    // The server may end a connection between queries (a restart's 57P01) while the client is checked out of the
    // pool with no listener of its own: without this, pg's 'error' event would end the process. The client is then
    // no longer queryable, so its holder's next query fails (an outage, retried) and the pool drops it on release.
    this.on('error', () => undefined);
  }

  /** The promise form TypeORM uses is bounded; the callback and stream forms (pg-pool's own) are left as they are. */
  boundedQuery(...args: unknown[]): unknown {
    const pending = plainQuery.apply(this, args);
    if (!(pending instanceof Promise) || !(this.queryLimitMs > 0)) return pending;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DatabaseUnavailableError('query-timeout', `no answer from the database within ${this.queryLimitMs} ms`);
        this.abandon(error);
        reject(error);
      }, this.queryLimitMs);
    });
    return Promise.race([pending, limit])
      .catch((error: unknown) => {
        throw this.explain(error);
      })
      .finally(() => clearTimeout(timer));
  }

  /** Destroys the socket: pg fails whatever else was queued on it and emits `error`, and the pool drops the client. */
  private abandon(error: Error): void {
    // The constructor's 'error' listener keeps the event this raises from ending the process.
    (this as unknown as ClientState).connection?.stream?.destroy(error);
  }

  /** A failure without the server's answer on a client that can no longer query is a lost connection. */
  private explain(error: unknown): unknown {
    if (error instanceof DatabaseError || error instanceof DatabaseUnavailableError) return error;
    const state = this as unknown as ClientState;
    if (state._ending || state._ended || state._queryable === false) {
      return new DatabaseUnavailableError('connection-lost', `the database connection was lost (${(error as Error)?.message})`, { cause: error });
    }
    return error;
  }
}

// Replaces `query` with its bounded form; the overloads of pg's typings cannot be overridden one by one.
BoundedClient.prototype.query = BoundedClient.prototype.boundedQuery as Client['query'];
