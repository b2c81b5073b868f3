import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  /** Comma-separated; the first signs new cookies, all are accepted (rotation). */
  SESSION_SECRETS: z.string().optional(),
  /** "0" skips the demo data on an empty database. */
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  /** Set to "1" when served over HTTPS (a proxy in front): cookies become Secure. */
  SECURE_COOKIES: z.enum(["0", "1"]).optional(),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = schema.safeParse({ ...source, DATABASE_URL: source.DATABASE_URL || undefined });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}
