import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { workerFile } from "./worker-bundle.server";

/*
 * CPU-heavy work (a batch of diplomas, a workbook of 10,000 rows) runs in a worker thread, so the
 * server's event loop stays free for everyone else. A worker is `<name>.worker.ts` beside its caller
 * (bundled by worker-bundle.server.ts). It posts `{ progress: n }` now and then and `{ result }` once.
 * At most the other cores' worth run at once (one at least); more wait their turn, first come first.
 */

/** Workers running at once: the other cores' worth, at least one. */
const CONCURRENT_WORKERS = Math.max(1, availableParallelism() - 1);

export interface OffThreadOptions {
  /** Progress the worker reported (its own unit: pages drawn, rows written). */
  onProgress?: (done: number) => void;
  /** Stops the work (the worker is terminated) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

type WorkerMessage<T> = { progress: number } | { result: T };

/** Runs `<name>.worker.ts` (beside the module `from`, an import.meta.url) with `input`; resolves with its result. */
export async function runOffThread<T>(
  from: string,
  name: string,
  input: unknown,
  { onProgress, signal }: OffThreadOptions = {},
): Promise<T> {
  const file = await workerFile(from, name);
  await takeTurn();
  try {
    signal?.throwIfAborted();
    return await new Promise<T>((resolve, reject) => {
      const worker = new Worker(file, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: 512 } });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        outcome();
        void worker.terminate();
      };
      const onAbort = () => settle(() => reject(signal!.reason));
      signal?.addEventListener("abort", onAbort);
      worker.on("message", (message: WorkerMessage<T>) => {
        if ("progress" in message) onProgress?.(message.progress);
        else settle(() => resolve(message.result));
      });
      worker.once("error", (error) => settle(() => reject(error)));
      worker.once("exit", (code) => settle(() => reject(new Error(`The ${name} worker exited (${code})`))));
    });
  } finally {
    endTurn();
  }
}

/** Bytes a worker posted (a Uint8Array view) as a Buffer, without a copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

let running = 0;
const waiting: (() => void)[] = [];

async function takeTurn(): Promise<void> {
  if (running < CONCURRENT_WORKERS) {
    running++;
    return;
  }
  // endTurn hands its place straight to the next in line.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}
