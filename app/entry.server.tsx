import { PassThrough } from "node:stream";

import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";

import { closeDocumentLast, stripNulBytes } from "~/.server/platform/html-stream.server";
import { getLocale } from "~/.server/platform/locale.server";
import { log } from "~/.server/platform/logger.server";
import { createI18n } from "~/i18n";
import { NonceProvider } from "~/nonce";

export { requestLogging } from "~/.server/platform/access-log.server";
export { backupCommand, backupHandler, restoreCommand } from "~/.server/platform/backup/commands.server";
export { log } from "~/.server/platform/logger.server";
export { metricsHandler } from "~/.server/platform/metrics.server";
export { publicPageCache } from "~/.server/platform/page-cache.server";
export { beginShutdown, boot, shutdown } from "~/.server/platform/runtime.server";
export { addressGuard, getLoadContext, securityMiddleware } from "~/.server/platform/security.server";
export { uploadsToS3Command } from "~/.server/platform/uploads/move-to-bucket.server";

const ABORT_DELAY = 5_000;

/**
 * Remix hands every error of a loader, action or render here. A 5xx is logged with its stack; a 4xx
 * (a missing page, a refused request) is an ordinary answer and gets one quiet line; a request the
 * client abandoned is not an error at all.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) || error instanceof Response) {
    if (error.status < 500) {
      log().info({ status: error.status, path: new URL(request.url).pathname }, "refused");
      return;
    }
    log().warn({ status: error.status, path: new URL(request.url).pathname }, "unavailable");
    return;
  }
  log().error({ err: error, path: new URL(request.url).pathname }, "request failed");
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: Partial<AppLoadContext> = {},
) {
  const nonce = loadContext.cspNonce ?? "";
  const locale = await getLocale(request);
  const i18n = createI18n(locale);
  const waitForAll = isbot(request.headers.get("user-agent") || "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("Content-Language", locale);
          responseHeaders.append("Vary", "Accept-Language, Cookie");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(stripNulBytes()).pipe(closeDocumentLast()).pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log().error({ err: error }, "render failed after the shell was sent");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
