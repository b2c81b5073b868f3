export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export type PasswordProblem = "tooShort" | "tooLong" | "common";

/**
 * NIST 800-63B style: length counts characters (a Kazakh letter is one), no composition rules,
 * and passwords from a list of the most common ones are refused.
 */
export function passwordProblem(password: string, isCommon: (lowercased: string) => boolean): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return "tooShort";
  if (length > PASSWORD_MAX) return "tooLong";
  if (isCommon(password.toLowerCase())) return "common";
  return null;
}
