// Draws a batch of diplomas in a worker thread (render-off-thread.server.ts starts it), so a batch of
// thousands never holds up the server's event loop. Bundled on its own (platform/worker-bundle.server.ts).
//
// In: workerData { diplomas: DiplomaData[], locale, title, baseUrl }.
// Out: { progress: pages drawn } now and then, then { result: Uint8Array } (platform/off-thread.server.ts).
import { parentPort, workerData } from "node:worker_threads";

import type { Locale } from "~/domain/locale";

import { type DiplomaData, renderDiplomas } from "./pdf.server";

const input = workerData as { diplomas: DiplomaData[]; locale: Locale; title?: string; baseUrl?: string };
const every = Math.max(1, Math.ceil(input.diplomas.length / 200));
const pdf = await renderDiplomas(input.diplomas, input.locale, {
  title: input.title,
  baseUrl: input.baseUrl,
  onPage: (done) => {
    if (done % every === 0 && done < input.diplomas.length) parentPort?.postMessage({ progress: done });
  },
});
parentPort?.postMessage({ result: pdf });
