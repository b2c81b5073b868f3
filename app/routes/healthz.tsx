import { pingDatabase } from "~/.server/platform/db.server";
import { getDb } from "~/.server/platform/runtime.server";

// For load balancers: answers 200 when this instance can reach its database. Public, no data.
export async function loader() {
  try {
    await pingDatabase(await getDb());
    return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}
