import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import type { Locale } from "~/domain/locale";

import { workerFile } from "../../platform/worker-bundle.server";
import type { DiplomaData } from "./pdf.server";

/** Batches drawn at once: the other cores' worth, at least one; more wait their turn. */
const CONCURRENT_RENDERS = Math.max(1, availableParallelism() - 1);

export interface OffThreadOptions {
  title?: string;
  /** Toi's public address, for the QR codes of the diplomas' verification pages. */
  baseUrl?: string;
  /** Pages drawn so far, now and then (about 200 times a batch at most). */
  onProgress?: (done: number) => void;
  /** Stops the drawing (the worker is terminated) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * renderDiplomas in a worker thread (diplomas.worker.ts): the same bytes, but a batch of thousands
 * keeps the server's event loop free for everyone else while it is drawn.
 */
export async function renderDiplomasOffThread(
  diplomas: DiplomaData[],
  locale: Locale,
  { title, baseUrl, onProgress, signal }: OffThreadOptions = {},
): Promise<Buffer> {
  if (diplomas.length === 0) throw new Error("renderDiplomas needs at least one diploma.");
  const file = await workerFile(import.meta.url, "diplomas");
  await takeTurn();
  try {
    signal?.throwIfAborted();
    return await new Promise<Buffer>((resolve, reject) => {
      const worker = new Worker(file, {
        workerData: { diplomas, locale, title, baseUrl },
        resourceLimits: { maxOldGenerationSizeMb: 512 },
      });
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
      worker.on("message", (message: { progress: number } | { pdf: Uint8Array }) => {
        if ("progress" in message) onProgress?.(message.progress);
        else {
          onProgress?.(diplomas.length);
          settle(() => resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength)));
        }
      });
      worker.once("error", (error) => settle(() => reject(error)));
      worker.once("exit", (code) => settle(() => reject(new Error(`The diploma renderer exited (${code})`))));
    });
  } finally {
    endTurn();
  }
}

let rendering = 0;
const waiting: (() => void)[] = [];

async function takeTurn(): Promise<void> {
  if (rendering < CONCURRENT_RENDERS) {
    rendering++;
    return;
  }
  // endTurn hands its place straight to the next in line.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function endTurn(): void {
  const next = waiting.shift();
  if (next) next();
  else rendering--;
}
