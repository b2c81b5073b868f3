import { describe, expect, it } from "vitest";

import {
  type KeyValueStore,
  nextVersion,
  type QueuedScore,
  queueStorageKey,
  retryDelay,
  type ScoreOutcome,
  ScoreQueue,
  type Send,
  SendError,
  type Timers,
} from "./score-queue";

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

/** Timers run by hand: `due()` lists the delays waiting, `fire()` runs them. */
class ManualTimers implements Timers {
  private next = 1;
  pending = new Map<number, { fn: () => void; ms: number }>();
  set(fn: () => void, ms: number) {
    const id = this.next++;
    this.pending.set(id, { fn, ms });
    return id;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  due() {
    return [...this.pending.values()].map((t) => t.ms);
  }
  async fire() {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const t of all) t.fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/** A server that keeps the highest version per score, like saveScores. */
function fakeServer() {
  const stored = new Map<string, { value: number; version: number }>();
  const requests: QueuedScore[][] = [];
  let down = false;
  const send: Send = async (items) => {
    requests.push(items);
    if (down) throw new SendError("offline");
    return items.map((i): ScoreOutcome => {
      const key = `${i.roundId}:${i.entryId}:${i.criterionId}`;
      const current = stored.get(key);
      const base = { roundId: i.roundId, entryId: i.entryId, criterionId: i.criterionId, version: i.version };
      if (i.value > 10) return { ...base, status: "refused", reason: "out_of_range" };
      if (current && current.version > i.version) return { ...base, status: "stale", stored: current };
      if (!current || current.version < i.version) stored.set(key, { value: i.value, version: i.version });
      return { ...base, status: "accepted" };
    });
  };
  return {
    send,
    stored,
    requests,
    setDown(value: boolean) {
      down = value;
    },
  };
}

function setup(options: { now?: () => number; storage?: MemoryStore } = {}) {
  const storage = options.storage ?? new MemoryStore();
  const timers = new ManualTimers();
  const server = fakeServer();
  const outcomes: ScoreOutcome[] = [];
  const queue = new ScoreQueue({
    judgeId: 7,
    storage,
    send: server.send,
    timers,
    now: options.now ?? (() => 1_700_000_000_000),
    onOutcomes: (o) => outcomes.push(...o),
  });
  return { storage, timers, server, queue, outcomes };
}

const change = (criterionId: number, value: number) => ({ roundId: 1, entryId: 2, criterionId, value });

describe("versions", () => {
  it("strictly increase on one device, even within one millisecond and when the clock goes back", () => {
    const storage = new MemoryStore();
    const a = nextVersion(storage, 2_000_000_000_000);
    const b = nextVersion(storage, 2_000_000_000_000);
    const c = nextVersion(storage, 1_999_999_999_000);
    const d = nextVersion(storage, 2_000_000_000_001);
    expect(a).toBe(2_000_000_000_000_000);
    expect(b).toBe(a + 1);
    expect(c).toBe(b + 1);
    expect(d).toBe(2_000_000_000_001_000);
    expect([a, b, c, d].every(Number.isSafeInteger)).toBe(true);
  });

  it("keep increasing across page loads (the counter lives in storage)", () => {
    const storage = new MemoryStore();
    const first = setup({ storage }).queue.add(change(1, 5));
    const second = setup({ storage }).queue.add(change(1, 6));
    expect(second.version).toBeGreaterThan(first.version);
  });
});

describe("the score queue", () => {
  it("stores a change at once under the judge, and sends it after a short pause", async () => {
    const { storage, timers, server, queue } = setup();
    queue.add(change(1, 8.5));
    expect(JSON.parse(storage.getItem(queueStorageKey(7))!)).toMatchObject([{ criterionId: 1, value: 8.5 }]);
    expect(server.requests).toHaveLength(0);
    expect(timers.due()).toEqual([250]);
    await timers.fire();
    expect(server.requests).toHaveLength(1);
    expect(queue.queued()).toEqual([]);
    expect(server.stored.get("1:2:1")?.value).toBe(8.5);
  });

  it("keeps only the latest unsent change of a score and sends changes together", async () => {
    const { timers, server, queue } = setup();
    queue.add(change(1, 7));
    queue.add(change(1, 7.5));
    queue.add(change(2, 9));
    expect(queue.queued().map((q) => [q.criterionId, q.value])).toEqual([
      [1, 7.5],
      [2, 9],
    ]);
    await timers.fire();
    expect(server.requests).toEqual([
      [expect.objectContaining({ criterionId: 1, value: 7.5 }), expect.objectContaining({ criterionId: 2, value: 9 })],
    ]);
  });

  it("survives a failed send, says so, retries with back-off and sends once the connection returns", async () => {
    const { timers, server, queue } = setup();
    server.setDown(true);
    queue.add(change(1, 6));
    await timers.fire();
    expect(queue.snapshot()).toMatchObject({ problem: "offline", queued: [expect.objectContaining({ value: 6 })] });
    expect(timers.due()).toEqual([1000]);
    await timers.fire();
    expect(timers.due()).toEqual([2000]);
    // A change while offline waits for the retry rather than resetting the back-off.
    queue.add(change(2, 4));
    expect(timers.due()).toEqual([2000]);
    await timers.fire();
    expect(timers.due()).toEqual([4000]);
    expect(server.requests).toHaveLength(3);
    expect(queue.queued()).toHaveLength(2);

    server.setDown(false);
    await queue.retryNow();
    expect(queue.snapshot()).toEqual({ problem: null, queued: [] });
    expect(timers.due()).toEqual([]);
    expect([...server.stored.values()].map((s) => s.value)).toEqual([6, 4]);
    expect(retryDelay(10)).toBe(60_000);
  });

  it("is still there after a reload while offline, and is sent by the next page", async () => {
    const storage = new MemoryStore();
    const first = setup({ storage });
    first.server.setDown(true);
    first.queue.add(change(1, 3));
    await first.timers.fire();
    first.queue.dispose();

    const second = setup({ storage });
    expect(second.queue.queued()).toMatchObject([{ criterionId: 1, value: 3 }]);
    await second.queue.flush();
    expect(second.server.stored.get("1:2:1")?.value).toBe(3);
    expect(second.queue.queued()).toEqual([]);
  });

  it("removes accepted, stale and refused scores, and reports each answer", async () => {
    const { timers, server, queue, outcomes } = setup();
    server.stored.set("1:2:2", { value: 5, version: Number.MAX_SAFE_INTEGER });
    queue.add(change(1, 9));
    queue.add(change(2, 1));
    queue.add(change(3, 11));
    await timers.fire();
    expect(queue.queued()).toEqual([]);
    expect(outcomes.map((o) => [o.criterionId, o.status])).toEqual([
      [1, "accepted"],
      [2, "stale"],
      [3, "refused"],
    ]);
    expect(outcomes[1]).toMatchObject({ stored: { value: 5 } });
    expect(outcomes[2]).toMatchObject({ reason: "out_of_range" });
  });

  it("keeps a change made while its older version is being sent", async () => {
    const storage = new MemoryStore();
    let release: () => void = () => {};
    const sent: QueuedScore[][] = [];
    const send: Send = (items) => {
      sent.push(items);
      const answer = items.map((i): ScoreOutcome => ({
        roundId: i.roundId,
        entryId: i.entryId,
        criterionId: i.criterionId,
        version: i.version,
        status: "accepted",
      }));
      return new Promise((resolve) => {
        release = () => resolve(answer);
      });
    };
    let now = 1_700_000_000_000;
    const queue = new ScoreQueue({ judgeId: 7, storage, send, timers: new ManualTimers(), now: () => now });
    queue.add(change(1, 5));
    const flushing = queue.flush();
    now += 5;
    const newer = queue.add(change(1, 6));
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await flushing;
    // The first answer settled only version 1; the newer change went in the same run, after it.
    expect(sent.map((b) => b.map((i) => i.value))).toEqual([[5], [6]]);
    expect(sent[1]![0]!.version).toBe(newer.version);
    expect(queue.queued()).toEqual([]);
  });

  it("never sends a score twice once it is answered, and resends an unanswered one with the same version", async () => {
    const { timers, server, queue } = setup();
    server.setDown(true);
    const item = queue.add(change(1, 8));
    await timers.fire();
    server.setDown(false);
    await timers.fire();
    await timers.fire();
    const versions = server.requests.flat().map((i) => i.version);
    expect(versions).toEqual([item.version, item.version]);
    expect(server.stored.get("1:2:1")).toEqual({ value: 8, version: item.version });
  });

  it("ignores what it cannot read in storage", () => {
    const storage = new MemoryStore();
    storage.setItem(
      queueStorageKey(7),
      JSON.stringify([{ roundId: 1 }, "x", { roundId: 1, entryId: 2, criterionId: 3, value: 4, version: 5 }]),
    );
    expect(setup({ storage }).queue.queued()).toEqual([
      { roundId: 1, entryId: 2, criterionId: 3, value: 4, version: 5 },
    ]);
    storage.setItem(queueStorageKey(7), "{not json");
    expect(setup({ storage }).queue.queued()).toEqual([]);
  });

  it("keeps working in memory when storage refuses writes", async () => {
    const broken: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    const server = fakeServer();
    const timers = new ManualTimers();
    const queue = new ScoreQueue({ judgeId: 7, storage: broken, send: server.send, timers });
    queue.add(change(1, 2));
    expect(queue.queued()).toHaveLength(1);
    await timers.fire();
    expect(queue.queued()).toEqual([]);
    expect(server.stored.get("1:2:1")?.value).toBe(2);
  });
});
