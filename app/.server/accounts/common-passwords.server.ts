import { dictionary } from "@zxcvbn-ts/language-common";

import { PASSWORD_MIN } from "~/domain/password-policy";

let common: Set<string> | undefined;

/** zxcvbn's list of ~49,000 common passwords; only those long enough to pass the length rule matter. */
export function isCommonPassword(lowercased: string): boolean {
  common ??= new Set(
    dictionary["passwords-common"].filter((p) => p.length >= PASSWORD_MIN).map((p) => p.toLowerCase()),
  );
  return common.has(lowercased);
}
