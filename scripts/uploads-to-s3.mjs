// `npm run uploads:to-s3`: copies UPLOAD_DIR into the S3 bucket that S3_* names, verifying each file;
// run it again until it reports 0 failed. Uses the production build, so it runs where Toi runs.
import process from "node:process";

let build;
try {
  build = await import("../build/server/index.js");
} catch (err) {
  if (err?.code === "ERR_MODULE_NOT_FOUND") {
    console.error("No production build found: run `npm run build` first.");
    process.exit(1);
  }
  throw err;
}

// The build's modules keep timers (metrics) running: exit explicitly once the copy is done.
try {
  process.exit(await build.entry.module.uploadsToS3Command(process.env));
} catch (err) {
  console.error(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
