import path from "node:path";

import { sql } from "kysely";
import ts from "typescript";
import { describe, expect, test } from "vitest";

import { engines, useTestDb } from "../setup/db";

/**
 * db/types.ts is written by hand, beside migrations that are frozen once they land: this test
 * reads both and fails when they drift apart (a table or column on one side only, a column that is
 * nullable on one side only, a broadly different type, or a column inserts may leave out that the
 * database has no default for).
 */

type Broad = "string" | "number" | "boolean" | "Date" | "array" | "json";

interface Column {
  nullable: boolean;
  /** Declared `unknown`: any type, null included. */
  anyType?: boolean;
  types: Broad[];
  /** Inserts may leave it out (types) / the database fills it in (schema). */
  optional: boolean;
}
type Schema = Record<string, Record<string, Column>>;

/** Reads the `Database` interface of db/types.ts with the TypeScript checker, through every alias. */
function readDeclaredSchema(): Schema {
  const file = path.resolve(__dirname, "../../db/types.ts");
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const database = program
    .getSourceFile(file)!
    .statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Database");
  if (!database) throw new Error("db/types.ts has no `interface Database`.");

  const typeOf = (symbol: ts.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, database);
  const flatten = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
  const broad = (type: ts.Type): Broad | "null" | "undefined" | "unknown" => {
    const f = type.flags;
    // `unknown` (a JSON document read back as is) may be null as well as anything else.
    if (f & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return "unknown";
    if (f & ts.TypeFlags.Null) return "null";
    if (f & ts.TypeFlags.Undefined) return "undefined";
    if (f & ts.TypeFlags.StringLike) return "string";
    if (f & ts.TypeFlags.NumberLike) return "number";
    if (f & ts.TypeFlags.BooleanLike) return "boolean";
    if (checker.isArrayType(type)) return "array";
    if (type.getSymbol()?.getName() === "Date") return "Date";
    return "json";
  };

  const schema: Schema = {};
  for (const table of checker.getTypeAtLocation(database.name).getProperties()) {
    schema[table.name] = {};
    for (const column of typeOf(table).getProperties()) {
      const declared = typeOf(column);
      // Kysely's ColumnType<Select, Insert, Update> (Generated<T> too) carries its types in
      // phantom properties (Kysely reads `ColumnType<...> | null` member by member, so do we); a
      // plain type is the same for select and insert.
      const side = (name: "__select__" | "__insert__") =>
        flatten(declared).flatMap((member) => {
          const phantom = member.getProperty(name);
          return flatten(phantom ? typeOf(phantom) : member).map(broad);
        });
      const select = side("__select__");
      const insert = side("__insert__");
      schema[table.name]![column.name] = {
        nullable: select.includes("null") || select.includes("unknown"),
        anyType: select.includes("unknown"),
        types: [...new Set(select.filter((t): t is Broad => !["null", "undefined", "unknown"].includes(t)))].sort(),
        optional: insert.includes("undefined") || (column.flags & ts.SymbolFlags.Optional) !== 0,
      };
    }
  }
  return schema;
}

let declaredOnce: Schema | undefined;
/** Building a TypeScript program takes seconds: once per file is enough. */
const declaredSchema = (): Schema => (declaredOnce ??= readDeclaredSchema());

/** What node-postgres hands back for each column type, with Toi's parsers (date stays a string, int8 a number). */
function broadOf(dataType: string): Broad {
  switch (dataType) {
    case "integer":
    case "smallint":
    case "bigint":
    case "real":
    case "double precision":
      return "number";
    case "boolean":
      return "boolean";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return "Date";
    case "ARRAY":
      return "array";
    case "json":
    case "jsonb":
      return "json";
    default:
      // text, varchar, date, time, numeric, uuid, enums...
      return "string";
  }
}

describe.each(engines)("db/types.ts against the migrated schema on %s", (engine) => {
  const t = useTestDb(engine);

  async function migratedSchema(): Promise<Schema> {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      is_nullable: "YES" | "NO";
      data_type: string;
      column_default: string | null;
      is_identity: "YES" | "NO";
    }>`
      select c.table_name, c.column_name, c.is_nullable, c.data_type, c.column_default, c.is_identity
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'
      order by c.table_name, c.ordinal_position
    `.execute(t.db);
    const schema: Schema = {};
    for (const r of rows) {
      schema[r.table_name] ??= {};
      schema[r.table_name]![r.column_name] = {
        nullable: r.is_nullable === "YES",
        types: [broadOf(r.data_type)],
        optional: r.column_default !== null || r.is_identity === "YES" || r.is_nullable === "YES",
      };
    }
    return schema;
  }

  test("every table and column of the database is declared, and nothing more", async () => {
    const declared = declaredSchema();
    const migrated = await migratedSchema();
    const columns = (s: Schema) =>
      Object.entries(s).flatMap(([table, cols]) => Object.keys(cols).map((c) => `${table}.${c}`));
    expect(Object.keys(declared).sort()).toEqual(Object.keys(migrated).sort());
    expect(columns(declared).sort()).toEqual(columns(migrated).sort());
  });

  /** Columns a BEFORE INSERT trigger fills, so inserts leave them out though they have no default. */
  const FILLED_BY_TRIGGER = new Set(["entry_members.format"]);

  test("each declared column has the database's nullability and broad type", async () => {
    const declared = declaredSchema();
    const migrated = await migratedSchema();
    const drift: string[] = [];
    for (const [table, cols] of Object.entries(migrated)) {
      for (const [name, db] of Object.entries(cols)) {
        const ts = declared[table]?.[name];
        if (!ts) continue;
        const at = `${table}.${name}`;
        if (ts.nullable !== db.nullable)
          drift.push(`${at}: nullable ${db.nullable} in the database, ${ts.nullable} in types`);
        if (db.types[0] !== "json" && ts.types.join("|") !== db.types[0]) {
          drift.push(`${at}: ${db.types[0]} in the database, ${ts.types.join("|")} in types`);
        }
        if (ts.optional && !db.optional && !FILLED_BY_TRIGGER.has(at))
          drift.push(`${at}: inserts may leave it out, but the database has no default`);
      }
    }
    expect(drift).toEqual([]);
  });
});
