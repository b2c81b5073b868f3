import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { closeDocumentLast, stripNulBytes } from "~/.server/platform/html-stream.server";

async function through(chunks: Buffer[], transform = stripNulBytes()): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(transform)) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe("stripNulBytes", () => {
  it("removes the zero bytes React 18 can leave inside Cyrillic text", async () => {
    const text = Buffer.from("Қазақстан ЮНЕСКО", "utf8");
    const broken = Buffer.concat([text.subarray(0, 3), Buffer.from([0, 0]), text.subarray(3)]);
    const result = await through([broken.subarray(0, 4), broken.subarray(4)]);
    expect(result.includes(0)).toBe(false);
    expect(result.toString("utf8")).toBe("Қазақстан ЮНЕСКО");
  });

  it("passes clean chunks through untouched", async () => {
    const html = Buffer.from("<p>Фестиваль</p>", "utf8");
    expect((await through([html])).equals(html)).toBe(true);
  });
});

describe("closeDocumentLast", () => {
  const page = '<!DOCTYPE html><html lang="kk"><body><p>Той</p></body></html><script>a()</script><script>b()</script>';
  const expected =
    '<!DOCTYPE html><html lang="kk"><body><p>Той</p><script>a()</script><script>b()</script></body></html>';

  it("moves the closing tags after the streamed scripts, wherever the chunks split", async () => {
    const bytes = Buffer.from(page, "utf8");
    for (let cut = 1; cut < bytes.length; cut++) {
      const result = await through([bytes.subarray(0, cut), bytes.subarray(cut)], closeDocumentLast());
      expect(result.toString("utf8")).toBe(expected);
    }
    const oneByteAtATime = [...bytes].map((b) => Buffer.from([b]));
    expect((await through(oneByteAtATime, closeDocumentLast())).toString("utf8")).toBe(expected);
  });

  it("leaves a document without streamed scripts as it was, and text that merely looks alike", async () => {
    const plain = "<html><body><p>&lt;/body&gt;</p></body></html>";
    expect((await through([Buffer.from(plain)], closeDocumentLast())).toString()).toBe(plain);
    const fragment = "<p>no closing tags</p></bo";
    expect((await through([Buffer.from(fragment)], closeDocumentLast())).toString()).toBe(fragment);
  });
});
