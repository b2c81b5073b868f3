import { copyFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

import { bundleWorker } from "./app/.server/platform/worker-bundle.server";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const WORKER_FILES = [
  fileURLToPath(new URL("./app/.server/registration/roster/read-xlsx.worker.mjs", import.meta.url)),
];
// Workers in TypeScript that share the app's code: each bundled on its own (worker-bundle.server.ts).
const TS_WORKERS = [
  fileURLToPath(new URL("./app/.server/results/diplomas/diplomas.worker.ts", import.meta.url)),
  fileURLToPath(new URL("./app/.server/registration/roster/xlsx.worker.ts", import.meta.url)),
];

export default defineConfig({
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("./app", import.meta.url)),
      "#db": fileURLToPath(new URL("./db", import.meta.url)),
    },
  },
  server: { port: 3000 },
  ssr: { external: ["@electric-sql/pglite", "@node-rs/argon2"] },
  optimizeDeps: {
    // Server-only packages reached through app/.server imports: the dependency scanner must not bundle them for the browser.
    exclude: [
      "@node-rs/argon2",
      "nodemailer",
      "@zxcvbn-ts/language-common",
      "@electric-sql/pglite",
      "pg",
      "kysely",
      "proper-lockfile",
      "sharp",
      "file-type",
      "exceljs",
      "papaparse",
      "ics",
      "pdfkit",
    ],
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react-hook-form",
      "@hookform/resolvers/zod",
      "zod",
      "i18next",
      "react-i18next",
      "date-fns",
      "@date-fns/tz",
      "date-fns/locale",
      "@remix-run/node",
      "@remix-run/react",
    ],
  },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
      // Worker threads run files, not bundled modules: each worker's plain .mjs file goes beside the
      // server bundle, where the module that starts it looks for it (new URL(file, import.meta.url)).
      async buildEnd({ remixConfig }) {
        for (const worker of WORKER_FILES)
          await copyFile(worker, path.join(remixConfig.buildDirectory, "server", path.basename(worker)));
        for (const worker of TS_WORKERS)
          await bundleWorker(
            worker,
            path.join(remixConfig.buildDirectory, "server", path.basename(worker).replace(/\.ts$/, ".mjs")),
          );
      },
    }),
  ],
});
