import { describe, expect, it } from "vitest";

import { formDataToObject } from "./form-data";

const fd = (pairs: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of pairs) f.append(k, v);
  return f;
};

describe("formDataToObject", () => {
  it("turns dotted names into nested objects and arrays", () => {
    const out = formDataToObject(
      fd([
        ["titleRu", "Финал"],
        ["nominations.0.nameRu", "Вокал"],
        ["nominations.0.formats.1.enabled", "on"],
        ["nominations.1.nameRu", "Хореография"],
      ]),
    );
    expect(out).toEqual({
      titleRu: "Финал",
      nominations: [{ nameRu: "Вокал", formats: [{ enabled: "on" }] }, { nameRu: "Хореография" }],
    });
  });

  it("keeps text that looks like JSON as text", () => {
    expect(
      formDataToObject(
        fd([
          ["titleRu", "2025"],
          ["titleEn", "true"],
        ]),
      ),
    ).toEqual({ titleRu: "2025", titleEn: "true" });
  });

  it("closes holes left by missing indexes, keeping order", () => {
    expect(
      formDataToObject(
        fd([
          ["rows.0.a", "x"],
          ["rows.2.a", "z"],
        ]),
      ),
    ).toEqual({ rows: [{ a: "x" }, { a: "z" }] });
  });

  it("cannot pollute prototypes", () => {
    formDataToObject(
      fd([
        ["__proto__.polluted", "yes"],
        ["a.constructor.prototype.polluted", "yes"],
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores absurd array indexes instead of allocating them", () => {
    expect(formDataToObject(fd([["rows.99999999.a", "x"]]))).toEqual({});
  });
});
