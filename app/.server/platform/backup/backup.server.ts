/**
 * Toi's own logical backup: one `.tar.gz` holding a manifest, every table's rows as JSON lines and
 * every uploaded file. Written through plain SQL that PGlite and PostgreSQL both speak, so a backup
 * of one engine restores into the other (the way from the embedded database to a server). See
 * docs/decisions/0020-backup-restore-and-housekeeping.md.
 *
 * - Backup reads the whole database in one REPEATABLE READ, READ ONLY transaction: one consistent
 *   picture while Toi keeps serving. Rows are read `row_to_json`, a page at a time.
 * - Restore brings an empty database to the backup's migration, loads the tables parents first
 *   (`json_populate_recordset`, identity values kept), moves every identity sequence past the
 *   highest id, and checks each table's row count against the manifest, all in one transaction.
 */
import fs from "node:fs";
import type { Readable, Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";

import { sql } from "kysely";

import { appliedMigrations, type DB, migrateUpTo, migrationNames } from "../db.server";
import { type Uploads, uploadStore } from "../uploads/store.server";
import { readTar, tarWriter } from "./tar.server";

export const BACKUP_FORMAT = "toi-backup";
export const BACKUP_VERSION = 1;
/** Rows per archive entry: bounds the memory either end needs for one table's part. */
const PAGE_ROWS = 2_000;
/** Kysely's own bookkeeping: a restore re-creates it by migrating. */
// public_versions is derived: its triggers rebuild it while a restore loads the tables it counts.
const SKIPPED_TABLES = new Set(["kysely_migration", "kysely_migration_lock", "public_versions"]);

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  engine: "pglite" | "postgres";
  /** Applied migrations, oldest first: the schema the rows belong to. */
  migrations: string[];
  /** In load order (parents before children), with their row counts. */
  tables: { name: string; rows: number }[];
  uploads: number;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

const q = (name: string) => sql.id(name);

/** Toi's tables ordered so every table comes after the tables its foreign keys point to. */
export async function tablesInLoadOrder(db: DB): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    select ch.relname as child, pa.relname as parent from pg_constraint k
    join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`.execute(db);
  const names = tables.rows.map((t) => t.name).filter((t) => !SKIPPED_TABLES.has(t));
  const parents = new Map(names.map((t) => [t, new Set<string>()]));
  for (const e of edges.rows) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (!ready.length) throw new BackupError("The tables' foreign keys form a cycle: no load order exists.");
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  pdf: "application/pdf",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};
const contentTypeOf = (key: string) =>
  CONTENT_TYPES[key.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";

export interface BackupOptions {
  engine: "pglite" | "postgres";
  /** The uploads store: the folder (a path will do) or the bucket. */
  uploads: Uploads;
  now?: Date;
}

/** Writes a backup of `db` and the files in the uploads store to `out` (gzip-compressed tar). */
export async function writeBackup(db: DB, out: Writable, options: BackupOptions): Promise<BackupManifest> {
  const gzip = createGzip();
  const piped = new Promise<void>((resolve, reject) => {
    gzip.pipe(out);
    out.once("finish", resolve);
    out.once("close", resolve);
    out.once("error", reject);
    gzip.once("error", reject);
  });
  const tar = tarWriter(gzip);
  const manifest = await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .setAccessMode("read only")
    .execute(async (tx) => {
      const tables = await tablesInLoadOrder(tx);
      const counted: BackupManifest["tables"] = [];
      for (const name of tables) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${q(name)}`.execute(tx);
        counted.push({ name, rows: Number(rows[0]!.n) });
      }
      const store = uploadStore(options.uploads);
      const uploads = await store.list();
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: (options.now ?? new Date()).toISOString(),
        engine: options.engine,
        migrations: await appliedMigrations(tx),
        tables: counted,
        uploads: uploads.length,
      };
      await tar.add("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2) + "\n"));
      for (const { name, rows } of counted) {
        for (let offset = 0, part = 0; offset < rows; offset += PAGE_ROWS, part++) {
          // ctid is stable inside one snapshot: the pages neither overlap nor skip a row.
          const page = await sql<{ j: string }>`
            select row_to_json(t)::text as j from ${q(name)} t order by t.ctid limit ${PAGE_ROWS} offset ${offset}`.execute(
            tx,
          );
          const lines = page.rows.map((r) => r.j).join("\n") + "\n";
          await tar.add(`tables/${name}/${String(part).padStart(5, "0")}.jsonl`, Buffer.from(lines));
        }
      }
      let copied = 0;
      for (const rel of uploads) {
        const found = await store.get(rel);
        // Removed since the listing (a child's artwork deleted meanwhile): nothing to keep.
        if (!found) continue;
        await tar.add(`uploads/${rel}`, Buffer.from(await new Response(found.stream).arrayBuffer()));
        copied++;
      }
      return { ...manifest, uploads: copied };
    });
  await tar.finish();
  await piped;
  return manifest;
}

function parseManifest(data: Buffer): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(data.toString("utf8")) as BackupManifest;
  } catch {
    throw new BackupError("This is not a Toi backup: its manifest is unreadable.");
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError("This is not a Toi backup.");
  if (manifest.version > BACKUP_VERSION)
    throw new BackupError(`This backup was written by a newer Toi (format ${manifest.version}): upgrade Toi first.`);
  return manifest;
}

/** Brings the database to the backup's schema and checks that it holds nothing yet. */
async function prepareTarget(db: DB, manifest: BackupManifest): Promise<void> {
  const known = await migrationNames();
  const unknown = manifest.migrations.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new BackupError(`This backup comes from a newer Toi (migration ${unknown[0]}): upgrade Toi first.`);
  const applied = await appliedMigrations(db);
  const beyond = applied.filter((m) => !manifest.migrations.includes(m));
  if (beyond.length)
    throw new BackupError(
      "The database is at a later version than the backup: restore into a new, empty database; Toi migrates it on start.",
    );
  const last = manifest.migrations.at(-1);
  if (last) await migrateUpTo(db, last);
  for (const { name } of manifest.tables) {
    if (name === "app_settings") continue;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${q(name)}`.execute(db);
    if (Number(rows[0]!.n) > 0)
      throw new BackupError(`The database is not empty (table ${name} has rows): restore into a new, empty database.`);
  }
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Rows loaded per table, equal to the manifest's counts. */
  rows: Record<string, number>;
  uploads: number;
}

/** Tables that triggers write while others load (see restoreBackup). */
const TRIGGER_WRITTEN = ["app_settings", "nomination_places"];

/** Restores a backup from `input` (as written by writeBackup) into an empty database and uploads store. */
export async function restoreBackup(db: DB, input: Readable, options: { uploads: Uploads }): Promise<RestoreReport> {
  const store = uploadStore(options.uploads);
  if ((await store.list()).length)
    throw new BackupError(`The uploads (${store.description}) are not empty: restore into an empty one.`);
  const entries = readTar(input.pipe(createGunzip()));
  const first = await entries.next();
  if (first.done || first.value.name !== "manifest.json") throw new BackupError("This is not a Toi backup.");
  const manifest = parseManifest(first.value.data);
  await prepareTarget(db, manifest);
  const loaded: Record<string, number> = {};
  let uploads = 0;
  await db.transaction().execute(async (tx) => {
    const tables = new Set(manifest.tables.map((t) => t.name));
    const load = async (table: string, rows: string[]) => {
      await sql`insert into ${q(table)} overriding system value
        select * from json_populate_recordset(null::${q(table)}, ${`[${rows.join(",")}]`}::json)`.execute(tx);
      loaded[table] = (loaded[table] ?? 0) + rows.length;
    };
    // Tables that triggers write while the others load go in last, replacing what the migrations
    // and the triggers wrote: settings and nomination_places (the confirmed entries per nomination).
    // The backup's rows must win.
    const deferred = new Map<string, string[]>(TRIGGER_WRITTEN.map((t) => [t, []]));
    for await (const entry of entries) {
      const table = /^tables\/([a-z0-9_]+)\/\d+\.jsonl$/.exec(entry.name)?.[1];
      if (table) {
        if (!tables.has(table)) throw new BackupError(`The backup holds rows of an unknown table ${table}.`);
        const rows = entry.data.toString("utf8").split("\n").filter(Boolean);
        const later = deferred.get(table);
        if (later) later.push(...rows);
        else await load(table, rows);
      } else if (entry.name.startsWith("uploads/")) {
        const rel = entry.name.slice("uploads/".length);
        if (!rel || rel.startsWith("/") || rel.split("/").some((part) => part === ".." || part === ""))
          throw new BackupError(`The backup names a file outside the uploads: ${entry.name}`);
        await store.put(rel, entry.data, contentTypeOf(rel));
        uploads++;
      }
    }
    for (const [table, rows] of deferred) {
      if (!tables.has(table)) continue;
      await sql`delete from ${q(table)}`.execute(tx);
      if (rows.length) await load(table, rows);
    }
    for (const { name, rows } of manifest.tables) {
      if ((loaded[name] ?? 0) !== rows)
        throw new BackupError(
          `The backup is incomplete: table ${name} should have ${rows} rows, it has ${loaded[name] ?? 0}.`,
        );
      loaded[name] = rows;
    }
    if (uploads !== manifest.uploads)
      throw new BackupError(`The backup is incomplete: ${manifest.uploads} uploaded files expected, ${uploads} found.`);
    await resetIdentities(tx);
  });
  return { manifest, rows: loaded, uploads };
}

/** Moves every identity (and serial) sequence past the highest value its column holds. */
async function resetIdentities(db: DB): Promise<void> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and (is_identity = 'YES' or column_default like 'nextval(%')`.execute(db);
  for (const { table_name: table, column_name: column } of columns.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}),
      coalesce((select max(${q(column)}) from ${q(table)}), 0) + 1, false)`.execute(db);
  }
}

/** Opens a file for a backup (refusing to overwrite one) and writes it. */
export function backupFileStream(file: string): Writable {
  return fs.createWriteStream(file, { flags: "wx", mode: 0o600 });
}
