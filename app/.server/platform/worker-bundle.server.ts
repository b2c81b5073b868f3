import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/*
 * Worker threads run files, and Node 20 runs no TypeScript: a worker written in TypeScript (one that
 * shares the app's code, like the diploma renderer) is bundled on its own with esbuild, its packages
 * left as imports. `npm run build` writes it beside the server bundle (vite.config.ts); under Vite and
 * Vitest, where the sources run, it is bundled on first use into .cache/workers/.
 */

// Bare imports (packages, node:) stay imports; the app's own `~/` and `#db/` are bundled.
const packagesExternal = {
  name: "packages-external",
  setup(build: {
    onResolve(o: { filter: RegExp }, cb: (a: { path: string }) => { path: string; external: boolean }): void;
  }) {
    build.onResolve({ filter: /^[^./~#]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** Bundles a worker's TypeScript entry into one ES module; with `outfile`, written there. */
export async function bundleWorker(entry: string, outfile?: string): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    outfile: outfile ?? "worker.mjs",
    tsconfig: path.resolve(path.dirname(entry), findTsconfig(entry)),
    plugins: [packagesExternal],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  if (outfile) await writeAtomically(outfile, code);
  return code;
}

function findTsconfig(entry: string): string {
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, "tsconfig.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No tsconfig.json above ${entry}`);
    dir = parent;
  }
  return path.relative(path.dirname(entry), path.join(dir, "tsconfig.json"));
}

async function writeAtomically(file: string, code: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, file);
}

const bundled = new Map<string, Promise<URL>>();

/**
 * The file a worker thread runs: `<name>.worker.mjs` beside the calling module when it is there (the
 * built server), else the TypeScript `<name>.worker.ts` beside it bundled once per process into
 * .cache/workers/ under a name from its contents (so parallel test files share it, and a change to the
 * sources makes a new one). `from` is the caller's import.meta.url.
 */
export function workerFile(from: string, name: string): Promise<URL> {
  const dir = path.dirname(fileURLToPath(from));
  const built = path.join(dir, `${name}.worker.mjs`);
  if (existsSync(built)) return Promise.resolve(new URL(`file://${built}`));
  const source = path.join(dir, `${name}.worker.ts`);
  let file = bundled.get(source);
  if (!file) {
    file = (async () => {
      const code = await bundleWorker(source);
      const root = path.dirname(path.resolve(path.dirname(source), findTsconfig(source)));
      const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
      // Inside the project, so the bundle's package imports resolve from its node_modules.
      const out = path.join(root, ".cache", "workers", `${name}-${hash}.mjs`);
      if (!existsSync(out)) await writeAtomically(out, code);
      return new URL(`file://${out}`);
    })();
    bundled.set(source, file);
    file.catch(() => bundled.delete(source));
  }
  return file;
}
