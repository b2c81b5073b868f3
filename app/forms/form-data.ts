const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);
const MAX_INDEX = 1000;
const INDEX = /^\d+$/;

type Container = Record<string, unknown> | unknown[];

/**
 * FormData with dotted names ("nominations.0.nameRu") → a nested object with arrays, as
 * react-hook-form names fields. Names that could reach an object's prototype are dropped and
 * array indexes are bounded, so a crafted post can neither pollute objects nor allocate at will.
 */
export function formDataToObject(formData: FormData | URLSearchParams): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const path = name.split(".");
    if (path.some((p) => p === "" || FORBIDDEN_KEYS.has(p) || (INDEX.test(p) && Number(p) > MAX_INDEX))) continue;
    let node: Container = root;
    path.forEach((key, i) => {
      const slot = node as Record<string, unknown>;
      if (i === path.length - 1) {
        slot[key] = raw; // a repeated name keeps the last value
        return;
      }
      const wantArray = INDEX.test(path[i + 1]!);
      const existing = slot[key];
      if (typeof existing !== "object" || existing === null || Array.isArray(existing) !== wantArray) {
        slot[key] = wantArray ? [] : {};
      }
      node = slot[key] as Container;
    });
  }
  return compactArrays(root) as Record<string, unknown>;
}

/** Removes holes left by missing indexes ("rows.0", "rows.2"), keeping order. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compactArrays);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = compactArrays(v);
    return out;
  }
  return value;
}
