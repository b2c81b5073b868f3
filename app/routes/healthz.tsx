import { pingDatabase } from "~/.server/platform/db.server";
import { getDb, isShuttingDown } from "~/.server/platform/runtime.server";

/** A partitioned database would let the ping hang: past this, the answer is 503. */
const PING_DEADLINE_MS = 1_500;

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });

// For load balancers: answers 200 when this instance can reach its database and is not shutting
// down. Public, no data.
export async function loader() {
  if (isShuttingDown()) return text("shutting down", 503);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("database ping timed out")), PING_DEADLINE_MS);
  });
  try {
    await Promise.race([getDb().then(pingDatabase), deadline]);
    return text("ok", 200);
  } catch {
    return text("database unavailable", 503);
  } finally {
    clearTimeout(timer);
  }
}
