// Runs an operations command of the production build: prints one summary line, or the reason it
// refused (a BackupError) without a stack trace.
import process from "node:process";

process.env.NODE_ENV ??= "production";
process.env.LOG_LEVEL ??= "warn";

export async function runOpsCommand(name, file) {
  let build;
  try {
    build = await import("../build/server/index.js");
  } catch (err) {
    if (err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
    console.error("No production build found: run `npm run build` first.");
    process.exit(1);
  }
  const { backupCommand, restoreCommand } = build.entry.module;
  try {
    if (name === "backup") {
      const r = await backupCommand(file);
      console.log(
        `Backed up ${r.rows} rows in ${r.manifest.tables.length} tables and ${r.manifest.uploads} uploaded files ` +
          `(${r.manifest.engine}) to ${r.file}: ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s.`,
      );
    } else {
      const r = await restoreCommand(file);
      console.log(
        `Restored ${r.rowsTotal} rows in ${r.manifest.tables.length} tables and ${r.uploads} uploaded files ` +
          `from ${file} (made on ${r.manifest.engine}, ${r.manifest.createdAt}) into ${r.engine} in ${(r.ms / 1000).toFixed(1)} s.`,
      );
    }
    process.exit(0);
  } catch (err) {
    if (err?.name === "BackupError" || /Invalid environment/.test(err?.message ?? "")) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
