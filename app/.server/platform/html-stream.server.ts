import { Transform } from "node:stream";

/**
 * React 18's streaming renderer can emit 0x00 bytes when a two-byte Cyrillic character straddles its
 * buffer (react#27554): pages in Kazakh and Russian would show garbage. No valid HTML contains NUL,
 * so dropping every zero byte is safe.
 */
export function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      callback(null, out.subarray(0, n));
    },
  });
}

const CLOSING = Buffer.from("</body></html>");

/**
 * React 18 writes `</body></html>` when the shell is done, and Remix's streamed data scripts come
 * after it, so every page ended in `<script>`s outside the document, where a strict HTML5 parser
 * stops. This holds the closing tags back and writes them last. Everything else streams as it comes:
 * only the few bytes that might begin the closing tags wait for the next chunk.
 */
export function closeDocumentLast(): Transform {
  let held = Buffer.alloc(0);
  let closed = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (closed) return callback(null, chunk);
      const data = held.length ? Buffer.concat([held, chunk]) : chunk;
      const at = data.indexOf(CLOSING);
      if (at !== -1) {
        closed = true;
        held = Buffer.alloc(0);
        return callback(null, Buffer.concat([data.subarray(0, at), data.subarray(at + CLOSING.length)]));
      }
      // Keep back a tail that could be the start of the closing tags.
      let keep = Math.min(CLOSING.length - 1, data.length);
      while (keep > 0 && !CLOSING.subarray(0, keep).equals(data.subarray(data.length - keep))) keep--;
      held = Buffer.from(data.subarray(data.length - keep));
      callback(null, data.subarray(0, data.length - keep));
    },
    flush(callback) {
      callback(null, closed ? CLOSING : held);
    },
  });
}
