import fs from "node:fs";
import { createRequire } from "node:module";

// PT Serif (ParaType, OFL) covers every Kazakh Cyrillic letter; see docs/decisions/0008-diploma-pdfs.md.
// Resolved from node_modules at run time, so the dev server and the built server find the same files.
const FONT_FILES = {
  regular: "@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf",
  bold: "@expo-google-fonts/pt-serif/700Bold/PTSerif_700Bold.ttf",
  italic: "@expo-google-fonts/pt-serif/400Regular_Italic/PTSerif_400Regular_Italic.ttf",
} as const;
export type FontName = keyof typeof FONT_FILES;

const requireFromHere = createRequire(import.meta.url);

/** Where the diploma fonts are on disk. */
export function diplomaFontFiles(): Record<FontName, string> {
  return {
    regular: requireFromHere.resolve(FONT_FILES.regular),
    bold: requireFromHere.resolve(FONT_FILES.bold),
    italic: requireFromHere.resolve(FONT_FILES.italic),
  };
}

let fontData: Record<FontName, Buffer> | undefined;
export function fonts(): Record<FontName, Buffer> {
  if (!fontData) {
    const files = diplomaFontFiles();
    fontData = {
      regular: fs.readFileSync(files.regular),
      bold: fs.readFileSync(files.bold),
      italic: fs.readFileSync(files.italic),
    };
  }
  return fontData;
}
