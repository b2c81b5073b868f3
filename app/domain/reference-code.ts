/**
 * Entry reference codes, e.g. "SF27-7K3M9Q": a short prefix naming the event, then six characters
 * read over the phone or copied from a screen. The random part leaves out 0/O and 1/I, which people
 * confuse; its 32 characters give about a billion codes per prefix, and the database's unique index
 * has the last word (the caller draws again on a collision).
 */
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export const REFERENCE_RANDOM_LENGTH = 6;

const REFERENCE_PATTERN = new RegExp(`^[A-Z0-9]{1,6}-[${REFERENCE_ALPHABET}]{${REFERENCE_RANDOM_LENGTH}}$`);

/**
 * The event part: the initials of the slug's first two words (the first two letters of a one-word
 * slug) and the last two digits of the year the event starts. "shabyt-festival", 2027 → "SF27".
 */
export function referencePrefix(event: { slug: string; startsOn: string }): string {
  const words = event.slug.split("-").filter((w) => /^[a-z]/i.test(w));
  const letters =
    words.length >= 2 ? words[0]![0]! + words[1]![0]! : (words[0]?.replace(/[^a-z]/gi, "").slice(0, 2) ?? "");
  const year = /^\d{4}-/.test(event.startsOn) ? event.startsOn.slice(2, 4) : "";
  return `${letters || "TOI"}${year}`.toUpperCase();
}

/** Random bytes for the code; the Web Crypto generator unless a test passes its own. */
export type RandomBytes = (length: number) => Uint8Array;
const cryptoBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** A fresh code under `prefix`. 32 characters divide 256, so taking a byte modulo 32 is unbiased. */
export function generateReferenceCode(prefix: string, randomBytes: RandomBytes = cryptoBytes): string {
  const bytes = randomBytes(REFERENCE_RANDOM_LENGTH);
  let random = "";
  for (let i = 0; i < REFERENCE_RANDOM_LENGTH; i++) random += REFERENCE_ALPHABET[bytes[i]! % REFERENCE_ALPHABET.length];
  return `${prefix}-${random}`;
}

/** A code as people type it ("sf27 7k3m9q", "SF27–7K3M9Q") → its canonical form, or null when it cannot be one. */
export function normaliseReferenceCode(input: string): string | null {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/[\s\u2010-\u2015_]+/g, "-")
    .replace(/-+/g, "-");
  return REFERENCE_PATTERN.test(compact) ? compact : null;
}

/**
 * Whether a string is a reference code exactly as this module writes it (no spaces, upper case):
 * what an address like /entries/<reference> must carry. Checked before the code reaches SQL, so a
 * crafted address (a NUL byte, a megabyte of text) is simply not found.
 */
export function isReferenceCode(raw: unknown): raw is string {
  return typeof raw === "string" && REFERENCE_PATTERN.test(raw);
}
