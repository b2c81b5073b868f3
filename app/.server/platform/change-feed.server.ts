/**
 * What this instance hears of changes to the public pages' data: PostgreSQL `NOTIFY` on one channel,
 * sent by triggers when a change commits (db/migrations/2026_12_11_1400_public_versions_per_event.ts).
 *
 * `live` says whether every change since the last `live` event will be heard. On PostgreSQL that is
 * one dedicated connection that `LISTEN`s; when it breaks (the server restarted, a reset, a heartbeat
 * that got no answer) `live` turns false at once, in the same tick that pg reports it, and the feed
 * reconnects by itself; whatever was sent meanwhile is lost, so listeners start afresh on `live`.
 * On PGlite the database is in this process: a committed NOTIFY reaches the listener before the
 * writer's own commit returns, and the feed is live from the start.
 */
import pg from "pg";

/** The listening connection's application_name. */
export const LISTENER_NAME = "toi_public_changes";

/** The channel the public tables' triggers NOTIFY on (their payload: the event's id). */
export const PUBLIC_CHANGES_CHANNEL = "toi_public";

export interface ChangeListener {
  /** A change committed; the payload is what the trigger sent (an event's id). */
  change(payload: string): void;
  /** Every change from now on will be heard; anything before may have been missed. */
  live(): void;
  /** Changes may now go unheard, until `live` again. */
  lost(): void;
}

export class ChangeFeed {
  #live = false;
  readonly #listeners = new Set<ChangeListener>();

  get live(): boolean {
    return this.#live;
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** For the engine's side: a notification arrived. */
  notify(payload: string): void {
    for (const l of this.#listeners) l.change(payload);
  }

  /** For the engine's side: subscribed (true) or the subscription is gone (false). */
  setLive(live: boolean): void {
    if (live === this.#live) return;
    this.#live = live;
    for (const l of this.#listeners) {
      if (live) l.live();
      else l.lost();
    }
  }
}

export interface ChangeSource {
  feed: ChangeFeed;
  close(): Promise<void>;
}

export interface PostgresListenOptions {
  connectionString: string;
  channel: string;
  connectTimeoutMs?: number;
  /** How often the connection is asked to answer; one that does not within `heartbeatMs` is given up. */
  heartbeatMs?: number;
  /** Waits before reconnecting, one per attempt in a row (the last repeats). */
  retryMs?: readonly number[];
  warn?: (message: string, err?: unknown) => void;
}

/** A dedicated PostgreSQL connection that LISTENs on `channel`, reconnecting whenever it is lost. */
export function listenOnPostgres(options: PostgresListenOptions): ChangeSource {
  const { connectionString, channel, connectTimeoutMs = 5_000, heartbeatMs = 5_000 } = options;
  const retryMs = options.retryMs ?? [200, 1_000, 2_000, 5_000];
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const feed = new ChangeFeed();
  let client: pg.Client | undefined;
  let attempts = 0;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const drop = (c: pg.Client, err?: unknown) => {
    if (client !== c) return;
    client = undefined;
    feed.setLive(false);
    c.removeAllListeners("notification");
    c.on("error", () => {});
    void c.end().catch(() => {});
    if (closed) return;
    warn(
      "lost the database's change notifications: public pages are checked against the database until they are back",
      err,
    );
    schedule();
  };

  const schedule = () => {
    const wait = retryMs[Math.min(attempts, retryMs.length - 1)]!;
    attempts++;
    retry = setTimeout(() => void connect(), wait);
    retry.unref();
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: connectTimeoutMs,
      // So an operator (or a test) can find it in pg_stat_activity.
      application_name: LISTENER_NAME,
    });
    client = c;
    c.on("error", (err) => drop(c, err));
    c.on("end", () => drop(c));
    c.on("notification", (n) => {
      if (n.channel === channel && client === c) feed.notify(n.payload ?? "");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      drop(c, err);
      return;
    }
    if (client !== c) return;
    attempts = 0;
    feed.setLive(true);
  };

  const heartbeat = setInterval(() => {
    const c = client;
    if (!c || !feed.live) return;
    const timer = setTimeout(
      () => drop(c, new Error("the change notifications' connection did not answer")),
      heartbeatMs,
    );
    c.query("select 1").then(
      () => clearTimeout(timer),
      (err) => {
        clearTimeout(timer);
        drop(c, err);
      },
    );
  }, heartbeatMs);
  heartbeat.unref();

  void connect();
  return {
    feed,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      const c = client;
      client = undefined;
      feed.setLive(false);
      await c?.end().catch(() => {});
    },
  };
}

/** The embedded database's own LISTEN: `listen` is PGlite's (it calls back for each notification). */
export async function listenOnPglite(
  listen: (channel: string, callback: (payload: string) => void) => Promise<() => Promise<void>>,
  channel: string,
): Promise<ChangeSource> {
  const feed = new ChangeFeed();
  const unlisten = await listen(channel, (payload) => feed.notify(payload));
  feed.setLive(true);
  return {
    feed,
    async close() {
      feed.setLive(false);
      await unlisten();
    },
  };
}
