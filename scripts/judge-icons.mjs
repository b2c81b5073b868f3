// Draws the judge app's PNG icons (192 and 512 px) from public/icons/judge.svg. Run after changing
// the SVG: `node scripts/judge-icons.mjs`. The square, full-bleed drawing keeps its mark inside the
// safe zone, so the same file serves as a maskable icon.
import sharp from "sharp";

for (const size of [192, 512]) {
  await sharp("public/icons/judge.svg", { density: 300 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(`public/icons/judge-${size}.png`);
}
