import { type ChildProcess, execSync, spawn } from "node:child_process";
import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";

import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    /** Where the mail sink keeps what Toi sends: one JSON file ({ to, subject, text }) per email, in order. */
    mailDir: string;
  }
}

/**
 * A local SMTP server that Toi delivers to as it would to a real one: browser specs read the links
 * in the emails from here, so the product needs no test-only way to show other people's tokens.
 */
async function startMailSink(mailDir: string): Promise<{ port: number; close(): Promise<void> }> {
  let count = 0;
  const sink = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ""));
          const file = path.join(mailDir, `${String(++count).padStart(6, "0")}.json`);
          fs.writeFileSync(file, JSON.stringify({ to, subject: mail.subject ?? "", text: mail.text ?? "" }));
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const { port } = sink.server.address() as net.AddressInfo;
  return { port, close: () => new Promise((resolve) => sink.close(() => resolve())) };
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Toi exited early:\n${log()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Toi did not answer within 90 s:\n${log()}`);
}

/**
 * Builds Toi and starts the production server the way a new user does: embedded database in a fresh
 * DATA_DIR with the demo data, emails sent over SMTP to a local sink. Browser specs read its address
 * with inject("baseURL") and the emails from inject("mailDir").
 */
export default async function setup(project: TestProject) {
  if (process.env.E2E_SKIP_BUILD !== "1") execSync("npm run build", { stdio: "ignore" });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "toi-e2e-"));
  const mailDir = path.join(dataDir, "mail");
  fs.mkdirSync(mailDir);
  const mail = await startMailSink(mailDir);
  const port = await freePort();
  let output = "";
  const child = spawn(process.execPath, ["server.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      UPLOAD_DIR: path.join(dataDir, "uploads"),
      DATABASE_URL: "",
      SEED_DEMO: "1",
      NODE_ENV: "production",
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      MAIL_FROM: "Toi <no-reply@toi.test>",
      // Where links in emails point and where forms must come from: the address the browsers use.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitUntilUp(baseURL, child, () => output);
  project.provide("baseURL", baseURL);
  project.provide("mailDir", mailDir);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    await mail.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
