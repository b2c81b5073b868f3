import type { DB } from "../platform/db.server";
import { resendVerification } from "./accounts.server";
import { rolesOf, verifyLogin } from "./auth.server";
import { countFailure, RATE_LIMITS, refuseWhenLimited } from "./rate-limit.server";

export type SignInOutcome =
  { status: "failed" } | { status: "unverified" } | { status: "signedIn"; userId: number; home: string };

/**
 * Checks an email and password (the route has counted the request against its IP already).
 * Failed sign-ins per account are limited, whether or not the account exists, so the limit
 * reveals nothing; a correct password never counts, so nobody is locked out by their own use.
 */
export async function signIn(
  db: DB,
  { email, password }: { email: string; password: string; ip: string },
  baseUrl: string,
): Promise<SignInOutcome> {
  const account = email.trim().toLowerCase();
  await refuseWhenLimited(db, "login.account", account, RATE_LIMITS.login.account);
  const user = await verifyLogin(db, email, password);
  if (!user) {
    await countFailure(db, "login.account", account, RATE_LIMITS.login.account);
    return { status: "failed" };
  }
  if (!user.verified) {
    // The right password proves the account is theirs; a new link replaces a lost one.
    await resendVerification(db, user.id, baseUrl);
    return { status: "unverified" };
  }
  const roles = await rolesOf(db, user.id);
  const home = roles.admin || roles.canCreateEvents || roles.organiserOf.size > 0 ? "/organiser" : "/";
  return { status: "signedIn", userId: user.id, home };
}
