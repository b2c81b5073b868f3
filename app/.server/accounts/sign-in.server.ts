import type { DB } from "../platform/db.server";
import { resendVerification } from "./accounts.server";
import { rolesOf, verifyLogin } from "./auth.server";
import { claimSignInAttempt } from "./rate-limit.server";

export type SignInOutcome =
  { status: "failed" } | { status: "unverified" } | { status: "signedIn"; userId: number; home: string };

/**
 * Checks an email and password from the client address `ip`. Attempts are limited per account and
 * address (see SIGN_IN_BACKOFF): an attacker slows down their own address, not the owner's, and a
 * refused attempt throws a 429 before its password is checked. The limits apply whether or not the
 * account exists, so they reveal nothing.
 */
export async function signIn(
  db: DB,
  { email, password, ip }: { email: string; password: string; ip: string },
  baseUrl: string,
  now = new Date(),
): Promise<SignInOutcome> {
  const attempt = await claimSignInAttempt(db, email.trim().toLowerCase(), ip, now);
  const user = await verifyLogin(db, email, password);
  // A wrong password stays counted: the attempt was counted as a failure before the check.
  if (!user) return { status: "failed" };
  await attempt.succeeded();
  if (!user.verified) {
    // The right password proves the account is theirs; a new link replaces a lost one.
    await resendVerification(db, user.id, baseUrl);
    return { status: "unverified" };
  }
  const roles = await rolesOf(db, user.id);
  const home = roles.admin || roles.canCreateEvents || roles.organiserOf.size > 0 ? "/organiser" : "/";
  return { status: "signedIn", userId: user.id, home };
}
