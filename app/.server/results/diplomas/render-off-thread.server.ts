import type { Locale } from "~/domain/locale";

import { asBuffer, type OffThreadOptions, runOffThread } from "../../platform/off-thread.server";
import type { DiplomaData } from "./pdf.server";

export interface DiplomaRenderOptions extends OffThreadOptions {
  title?: string;
  /** Toi's public address, for the QR codes of the diplomas' verification pages. */
  baseUrl?: string;
}

/**
 * renderDiplomas in a worker thread (diplomas.worker.ts): the same bytes, but a batch of thousands
 * keeps the server's event loop free for everyone else while it is drawn. Progress is in pages.
 */
export async function renderDiplomasOffThread(
  diplomas: DiplomaData[],
  locale: Locale,
  { title, baseUrl, onProgress, signal }: DiplomaRenderOptions = {},
): Promise<Buffer> {
  if (diplomas.length === 0) throw new Error("renderDiplomas needs at least one diploma.");
  const pdf = await runOffThread<Uint8Array>(
    import.meta.url,
    "diplomas",
    { diplomas, locale, title, baseUrl },
    { onProgress, signal },
  );
  onProgress?.(diplomas.length);
  return asBuffer(pdf);
}
