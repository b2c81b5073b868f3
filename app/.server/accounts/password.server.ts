import { hash, verify } from "@node-rs/argon2";

// @node-rs/argon2's defaults are argon2id (m=19456, t=2, p=1); its `Algorithm` enum is const and
// vanishes under esbuild, so the option is left out on purpose.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
