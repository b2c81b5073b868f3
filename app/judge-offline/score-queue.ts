import type { ScoreOutcome, ScoreRefusal } from "~/.server/judging/save-scores.server";

/**
 * The judge's device-side outbox of scores. Every change is written to storage (localStorage) at
 * once, under the judge's id, and sent to the server in batches; while the connection is down it
 * stays there and is retried with back-off (and at once when the browser says it is online again).
 * Each change carries a version that only grows on this device, and the server keeps the highest
 * version it has seen, so a resend or a late retry can never overwrite a newer score.
 */

export interface ScoreChange {
  roundId: number;
  entryId: number;
  criterionId: number;
  value: number;
}

export interface QueuedScore extends ScoreChange {
  version: number;
}

/** The server's answer for one sent score, and why it may refuse one (saveScores in app/.server/judging/save-scores.server.ts). */
export type { ScoreOutcome };
export type RefusalReason = ScoreRefusal;

/** Why the last send failed: no network, the session ended, or the server answered with an error. */
export type SendProblem = "offline" | "signed_out" | "server";

export class SendError extends Error {
  constructor(readonly problem: SendProblem) {
    super(`Scores not sent: ${problem}`);
    this.name = "SendError";
  }
}

export type Send = (items: QueuedScore[]) => Promise<ScoreOutcome[]>;

/** The part of the Web Storage API the queue uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface QueueSnapshot {
  queued: QueuedScore[];
  /** Set while the last attempt to send failed; cleared by the next success. */
  problem: SendProblem | null;
}

export interface QueueOptions {
  judgeId: number;
  storage: KeyValueStore;
  send: Send;
  now?: () => number;
  timers?: Timers;
  /** Scores per request. */
  batchSize?: number;
  /** Changes made within this many ms go in one request. */
  debounceMs?: number;
  /** Called after every change of the queue or the connection state. */
  onChange?: (snapshot: QueueSnapshot) => void;
  /** Called with the server's answers, once per batch. */
  onOutcomes?: (outcomes: ScoreOutcome[]) => void;
}

export const scoreKey = (s: Pick<ScoreChange, "roundId" | "entryId" | "criterionId">) =>
  `${s.roundId}:${s.entryId}:${s.criterionId}`;

const CLOCK_KEY = "toi.judge.clock";
export const queueStorageKey = (judgeId: number) => `toi.judge.${judgeId}.scores`;

/** Retry delays: 1 s, 2 s, 4 s … up to a minute. */
export function retryDelay(failures: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * The next version on this device: Date.now() × 1000 plus a counter, strictly greater than any
 * version given before here (even within one millisecond, or when the clock is set back).
 */
export function nextVersion(storage: KeyValueStore, now: number): number {
  let last = 0;
  try {
    last = Number(storage.getItem(CLOCK_KEY)) || 0;
  } catch {
    // Storage may be unavailable (private mode); the in-memory floor below still applies.
  }
  const version = Math.max(Math.floor(now) * 1000, last + 1, memoryClock + 1);
  memoryClock = version;
  try {
    storage.setItem(CLOCK_KEY, String(version));
  } catch {
    // See above.
  }
  return version;
}
let memoryClock = 0;

function isQueuedScore(x: unknown): x is QueuedScore {
  if (!x || typeof x !== "object") return false;
  const s = x as Record<string, unknown>;
  return ["roundId", "entryId", "criterionId", "value", "version"].every(
    (k) => typeof s[k] === "number" && Number.isFinite(s[k]),
  );
}

const defaultTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ScoreQueue {
  private readonly key: string;
  private readonly opts: Required<Omit<QueueOptions, "onChange" | "onOutcomes">> &
    Pick<QueueOptions, "onChange" | "onOutcomes">;
  /** The queue when storage fails (full or blocked): the page keeps working, without the reload safety. */
  private memory: QueuedScore[] = [];
  private problem: SendProblem | null = null;
  private failures = 0;
  private timer: unknown = null;
  private sending: Promise<void> | null = null;
  private disposed = false;

  constructor(options: QueueOptions) {
    this.opts = { now: Date.now, timers: defaultTimers, batchSize: 50, debounceMs: 250, ...options };
    this.key = queueStorageKey(options.judgeId);
    this.memory = this.read();
  }

  /** What waits on this device, oldest first. */
  queued(): QueuedScore[] {
    return this.read();
  }

  snapshot(): QueueSnapshot {
    return { queued: this.read(), problem: this.problem };
  }

  /** Records a change on the device (replacing an unsent one for the same score) and sends it soon. */
  add(change: ScoreChange): QueuedScore {
    const item: QueuedScore = { ...change, version: nextVersion(this.opts.storage, this.opts.now()) };
    const key = scoreKey(item);
    this.write([...this.read().filter((q) => scoreKey(q) !== key), item]);
    this.emit();
    if (this.failures === 0) this.schedule(this.opts.debounceMs);
    return item;
  }

  /** Sends now (the `online` event, a manual retry). */
  retryNow(): Promise<void> {
    this.failures = 0;
    return this.flush();
  }

  /** Sends everything queued, batch by batch; on failure keeps it and schedules a retry. */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.clearTimer();
    // A send in progress picks up what was added meanwhile before it finishes.
    if (this.sending) return this.sending;
    this.sending = this.run().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private async run(): Promise<void> {
    for (;;) {
      const batch = this.read().slice(0, this.opts.batchSize);
      if (!batch.length) {
        if (this.problem) {
          this.problem = null;
          this.emit();
        }
        return;
      }
      let outcomes: ScoreOutcome[];
      try {
        outcomes = await this.opts.send(batch);
      } catch (error) {
        this.failed(error instanceof SendError ? error.problem : "offline");
        return;
      }
      this.failures = 0;
      this.problem = null;
      // An answer settles exactly the version that was sent: a newer change made meanwhile stays.
      const settled = new Set(outcomes.map((o) => `${scoreKey(o)}@${o.version}`));
      this.write(this.read().filter((q) => !settled.has(`${scoreKey(q)}@${q.version}`)));
      this.opts.onOutcomes?.(outcomes);
      this.emit();
      // An answer that settles nothing sent would loop: try again later instead.
      if (!batch.some((b) => settled.has(`${scoreKey(b)}@${b.version}`))) {
        this.failed("server");
        return;
      }
    }
  }

  private failed(problem: SendProblem) {
    this.failures++;
    this.problem = problem;
    this.emit();
    this.schedule(retryDelay(this.failures));
  }

  private schedule(ms: number) {
    if (this.disposed) return;
    this.clearTimer();
    this.timer = this.opts.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private clearTimer() {
    if (this.timer !== null) this.opts.timers.clear(this.timer);
    this.timer = null;
  }

  private read(): QueuedScore[] {
    try {
      const raw = this.opts.storage.getItem(this.key);
      if (raw === null) return this.memory;
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isQueuedScore) : [];
    } catch {
      return this.memory;
    }
  }

  private write(items: QueuedScore[]) {
    this.memory = items;
    try {
      this.opts.storage.setItem(this.key, JSON.stringify(items));
    } catch {
      // Full or blocked storage: the in-memory copy carries on.
    }
  }

  private emit() {
    this.opts.onChange?.(this.snapshot());
  }
}
