import type { DB } from "./db.server";

export interface Actor {
  id: number;
  email: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  eventId?: number | null;
  before?: unknown;
  after?: unknown;
}

/** Never stored in the log, at any depth: secrets and children's birth dates. */
const REDACTED = new Set([
  "password",
  "password_hash",
  "passwordHash",
  "token",
  "token_hash",
  "birth_date",
  "birthDate",
  "currentPassword",
]);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!REDACTED.has(k)) out[k] = redact(v);
    return out;
  }
  return value;
}

/**
 * Appends one entry to the audit log; pass the transaction that makes the change, so the entry
 * exists exactly when the change does. The table refuses updates and deletes.
 */
export async function audit(db: DB, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: actor?.id ?? null,
      actor_email: actor?.email ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      event_id: entry.eventId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(redact(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(redact(entry.after)),
    })
    .execute();
}

export interface AuditFilters {
  actor?: string;
  entityType?: string;
  action?: string;
  eventId?: number;
  from?: Date;
  to?: Date;
  beforeId?: number;
}

export async function listAudit(db: DB, filters: AuditFilters, limit = 100) {
  let q = db.selectFrom("audit_log").selectAll();
  if (filters.actor) q = q.where("actor_email", "ilike", `%${filters.actor.replace(/[%_\\]/g, "\\$&")}%`);
  if (filters.entityType) q = q.where("entity_type", "=", filters.entityType);
  if (filters.action) q = q.where("action", "=", filters.action);
  if (filters.eventId) q = q.where("event_id", "=", filters.eventId);
  if (filters.from) q = q.where("at", ">=", filters.from);
  if (filters.to) q = q.where("at", "<", filters.to);
  if (filters.beforeId) q = q.where("id", "<", filters.beforeId);
  return q.orderBy("id", "desc").limit(limit).execute();
}
