import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import S3rver from "s3rver";

import type { S3Settings } from "~/.server/platform/uploads/store.server";

/** s3rver's fixed credentials: it checks request signatures against them like S3 does. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3Server {
  settings: S3Settings;
  /** The same settings as Toi reads them from the environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver, on loopback, files in a temporary folder) with one empty
 * bucket, for tests of the object store and of several Toi instances sharing it.
 */
export async function startS3Server(bucket = "toi-test"): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "toi-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    settings: { bucket, endpoint, region: "us-east-1", forcePathStyle: true, credentials: CREDENTIALS },
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "1",
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
