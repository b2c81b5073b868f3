/*
 * RFC 5545 §3.1: a content line is at most 75 octets, excluding the line break; a longer line is
 * folded into continuation lines that each start with one space. The ics library counts
 * characters, not octets, so a Kazakh or Russian line (two octets a letter) came out at up to
 * twice the limit; these refold what it wrote.
 */

const MAX_OCTETS = 75;
const FOLD = /\r\n[ \t]/g;

/** UTF-8 length of one code point (a lone surrogate is written as U+FFFD, three octets). */
function utf8Octets(codePoint: string): number {
  const cp = codePoint.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** One unfolded content line, folded at 75 octets and never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let part = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const codePoint of line) {
    const size = utf8Octets(codePoint);
    if (octets + size > limit) {
      parts.push(part);
      part = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space counts
    }
    part += codePoint;
    octets += size;
  }
  parts.push(part);
  return parts.join("\r\n ");
}

/** An iCalendar text with its folds undone: one content line per CRLF. */
export function unfoldCalendar(text: string): string {
  return text.replace(FOLD, "");
}

/** An iCalendar text refolded by octets, whatever folding it had. */
export function foldCalendar(text: string): string {
  return unfoldCalendar(text).split("\r\n").map(foldLine).join("\r\n");
}
