import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { stripNulBytes } from "./entry.server";

async function through(chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(stripNulBytes())) out.push(chunk as Buffer);
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
