/*
 * A guardian's phone number, for the organisers to reach the family on the day. Kazakhstan's numbers
 * are +7 and ten digits; people type them in many ways ("+7 701 234 56 78", "8 (701) 234-56-78",
 * "87012345678"), which all mean the same number. Stored as "+77012345678", shown grouped.
 */

/** The number as stored ("+77012345678"), or null when the text is not a +7 number. */
export function normalisePhone(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[+\d][\d\s()-]*$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  const national = trimmed.startsWith("+")
    ? digits.startsWith("7") && digits.length === 11
      ? digits.slice(1)
      : null
    : digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7"))
      ? digits.slice(1)
      : null;
  return national ? `+7${national}` : null;
}

/** "+77012345678" as people write it: "+7 701 234 56 78". */
export function formatPhone(stored: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(stored);
  return m ? `+7 ${m[1]} ${m[2]} ${m[3]} ${m[4]}` : stored;
}
