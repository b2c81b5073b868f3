/**
 * Toi's log: one JSON object per line (pino), each carrying the id of the request it belongs to, so
 * a line from deep inside a use-case can be joined with the access-log line of its request. On a
 * terminal (or with LOG_FORMAT=pretty) the same lines are printed readably. Secrets never reach it:
 * cookies, authorisation headers, tokens and passwords are redacted wherever they appear.
 */
import { AsyncLocalStorage } from "node:async_hooks";

import pino, { type DestinationStream, type Logger } from "pino";
import pinoPretty from "pino-pretty";

export interface RequestScope {
  requestId: string;
  /** Set once the request's session is known: the access-log line names the user. */
  userId?: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The signed-in user of the current request, for the access log. */
export function noteRequestUser(userId: number): void {
  const scope = requestScope.getStore();
  if (scope) scope.userId = userId;
}

export const REDACTED_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  "headers.cookie",
  "headers.authorization",
  "*.password",
  "*.newPassword",
  "*.token",
  "*.secret",
  "password",
  "token",
];

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger({ level = "info", pretty = false, destination }: LoggerOptions = {}): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: "toi" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    mixin() {
      const scope = requestScope.getStore();
      return scope ? { reqId: scope.requestId } : {};
    },
  };
  // Pretty lines are for a person at a terminal (development): formatted in-process, synchronously.
  if (pretty)
    return pino(
      options,
      pinoPretty({ translateTime: "SYS:HH:MM:ss", destination: destination ?? 1, sync: true, colorize: !destination }),
    );
  if (destination) return pino(options, destination);
  return pino(options);
}

const holder = globalThis as typeof globalThis & { __toiLogger?: Logger };

/** The process's logger: LOG_LEVEL (default info), pretty on a terminal or with LOG_FORMAT=pretty. */
export function log(): Logger {
  holder.__toiLogger ??= createLogger({
    level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
    pretty: process.env.LOG_FORMAT ? process.env.LOG_FORMAT === "pretty" : Boolean(process.stdout.isTTY),
  });
  return holder.__toiLogger;
}
