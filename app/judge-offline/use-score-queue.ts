import { useEffect, useRef, useState } from "react";

import {
  type KeyValueStore,
  type QueuedScore,
  type QueueSnapshot,
  type ScoreOutcome,
  ScoreQueue,
  type Send,
  SendError,
} from "./score-queue";

/** Posts a batch to the scores endpoint; a failure says whether the network, the session or the server is to blame. */
export const postScores: Send = async (items) => {
  let response: Response;
  try {
    response = await fetch("/judge/scores", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ items }),
      credentials: "same-origin",
    });
  } catch {
    throw new SendError("offline");
  }
  // An ended session is redirected to the sign-in page.
  if (response.redirected && new URL(response.url).pathname === "/login") throw new SendError("signed_out");
  if (!response.ok) throw new SendError("server");
  const body = (await response.json().catch(() => null)) as { outcomes?: ScoreOutcome[] } | null;
  if (!body || !Array.isArray(body.outcomes)) throw new SendError("server");
  return body.outcomes;
};

/** localStorage, or a memory stand-in where the browser refuses it (some private modes). */
function deviceStorage(): KeyValueStore {
  try {
    const storage = window.localStorage;
    storage.getItem("toi.judge.clock");
    return storage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };
  }
}

interface Options {
  judgeId: number;
  send: Send;
  storage?: KeyValueStore;
  /** What waits on the device when the page starts, before it is sent. */
  onReady: (queued: QueuedScore[]) => void;
  onOutcomes: (outcomes: ScoreOutcome[]) => void;
}

/**
 * The device's score queue for the signed-in judge, created in the browser only: sends what is left
 * from before at once, and again whenever the browser comes back online.
 */
export function useScoreQueue({ judgeId, send, storage, onReady, onOutcomes }: Options) {
  const [snapshot, setSnapshot] = useState<QueueSnapshot>({ queued: [], problem: null });
  const queueRef = useRef<ScoreQueue | null>(null);
  const callbacks = useRef({ onReady, onOutcomes });
  callbacks.current = { onReady, onOutcomes };

  useEffect(() => {
    const queue = new ScoreQueue({
      judgeId,
      storage: storage ?? deviceStorage(),
      send,
      onChange: setSnapshot,
      onOutcomes: (outcomes) => callbacks.current.onOutcomes(outcomes),
    });
    queueRef.current = queue;
    callbacks.current.onReady(queue.queued());
    setSnapshot(queue.snapshot());
    void queue.flush();
    const online = () => void queue.retryNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      queue.dispose();
      queueRef.current = null;
    };
  }, [judgeId, send, storage]);

  return { snapshot, queue: queueRef };
}
