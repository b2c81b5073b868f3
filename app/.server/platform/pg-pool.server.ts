/**
 * The `pg` pool Toi uses with a real PostgreSQL server, made to survive a bad network.
 *
 * Measured against Toi before this module existed: a connection reset while a client was checked
 * out emitted `error` on the client (not the pool) and Node exited; a 10 s partition left every
 * pooled connection hung for good, because nothing ever timed out. So:
 * - every client gets an `error` listener the moment it connects;
 * - making a connection times out (`connectTimeoutMs`), and so does waiting for a free client, after
 *   as long as a statement may take (a burst of registrations queues for the pool: it must wait,
 *   not fail);
 * - the server ends a statement that runs too long (`statement_timeout`) and a transaction left idle
 *   (`idle_in_transaction_session_timeout`), and the client gives up on an answer that never comes
 *   (`query_timeout`, a little longer, for when the server cannot even be reached);
 * - TCP keep-alive notices a peer that vanished;
 * - a client whose connection failed is destroyed when it is released, never handed out again
 *   (pg would put it back in the pool, with the timed-out query still blocking it);
 * - a connection failure reaches the request as a thrown 503 response, which Remix renders as the
 *   translated "try again in a moment" page, and /healthz reports.
 */
import type { PostgresPool, PostgresPoolClient } from "kysely";
import pg from "pg";

export interface PoolTimeouts {
  /** Server-side limit for one statement, in ms. The client waits 5 s longer before it gives up. */
  statementTimeoutMs: number;
  /** How long to wait for a new connection to open, in ms. */
  connectTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: PoolTimeouts = { statementTimeoutMs: 15_000, connectTimeoutMs: 5_000 };

const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown: the server is restarting
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: still starting up
  "53300", // too_many_connections
]);
const CONNECTION_MESSAGES =
  /Connection terminated|Query read timeout|timeout exceeded when trying to connect|timeout expired|not queryable|Client was closed|Connection ended|connect ECONN/i;

/** True for errors that say the database could not be reached, not that a statement was wrong. */
export function isConnectionFailure(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) return true;
  return typeof message === "string" && CONNECTION_MESSAGES.test(message);
}

/** What a request gets while the database is out of reach: a 503 the error page translates. */
export function databaseUnavailable(): Response {
  return new Response("Service unavailable: the database cannot be reached", {
    status: 503,
    headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export interface PoolStats {
  /** Connection failures seen since start. */
  errors: number;
}

type Client = pg.PoolClient;

/**
 * A pool with the shape Kysely's PostgresDialect uses (`connect`, `end`), around a `pg.Pool` with
 * the settings above.
 */
export function createResilientPool(
  options: { connectionString: string; max: number; types: pg.CustomTypesConfig },
  timeouts: PoolTimeouts = DEFAULT_TIMEOUTS,
  log: (message: string) => void = (m) => console.warn(m),
) {
  const stats: PoolStats = { errors: 0 };
  // pg-pool uses one setting for both waits: the pool's is the queue's, the client's own the connect's.
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeouts.connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    Client: TimedClient,
    connectionString: options.connectionString,
    max: options.max,
    types: options.types,
    connectionTimeoutMillis: timeouts.statementTimeoutMs + 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    statement_timeout: timeouts.statementTimeoutMs,
    idle_in_transaction_session_timeout: timeouts.statementTimeoutMs * 2,
    query_timeout: timeouts.statementTimeoutMs + 5_000,
  });
  const noteFailure = (err: unknown) => {
    stats.errors += 1;
    log(`PostgreSQL connection failed: ${(err as Error)?.message ?? String(err)}`);
  };
  // An idle client the server drops (restart, failover) errors on the pool; a checked-out one errors
  // on itself. Either way: note it, and let the pool replace the connection.
  pool.on("error", noteFailure);
  pool.on("connect", (client) => client.on("error", noteFailure));

  const wrappers = new WeakMap<Client, PostgresPoolClient>();
  function wrap(client: Client): PostgresPoolClient {
    let broken = false;
    const query = client.query.bind(client) as unknown as (...args: unknown[]) => unknown;
    return {
      query: ((...args: unknown[]) => {
        const result = query(...args);
        // A cursor (streaming) is returned as is; a promise is watched for connection failures.
        if (!(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          if (!isConnectionFailure(err)) throw err;
          broken = true;
          throw databaseUnavailable();
        });
      }) as PostgresPoolClient["query"],
      release(destroy?: boolean) {
        // A destroyed client never comes back from pool.connect(), so its wrapper is never reused.
        client.release(broken || Boolean(destroy));
      },
    };
  }

  const resilient: PostgresPool & { stats: PoolStats; pool: pg.Pool } = {
    stats,
    pool,
    async connect() {
      let client: Client;
      try {
        client = await pool.connect();
      } catch (err) {
        if (isConnectionFailure(err)) throw databaseUnavailable();
        throw err;
      }
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
  return resilient;
}
