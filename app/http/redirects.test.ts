import { describe, expect, test } from "vitest";

import { afterSignIn, safeRedirect, signInHref } from "./redirects";

const ORIGIN = "https://toi.example.kz";
const go = (to: FormDataEntryValue | null | undefined) => safeRedirect(to, "/fallback", ORIGIN);

describe("safeRedirect", () => {
  test("keeps a path on this site with its query and hash", () => {
    expect(go("/events/planet-2027?tab=classes#child-3")).toBe("/events/planet-2027?tab=classes#child-3");
    expect(go("/account")).toBe("/account");
    expect(go(`${ORIGIN}/account?x=1`)).toBe("/account?x=1");
  });

  test("falls back without a target", () => {
    for (const to of [null, undefined, "", new File([], "x")]) expect(go(to)).toBe("/fallback");
  });

  test("refuses a target that a browser would open on another host", () => {
    const hostile = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\r\n/evil.example",
      "/\n/evil.example",
      "\t//evil.example",
      " //evil.example",
      "\u000b//evil.example",
      "http:evil.example",
      "http:\\\\evil.example",
      "https://evil.example/",
      "http://toi.example.kz/",
      "https://toi.example.kz:8443/",
      "https://toi.example.kz@evil.example/",
      "javascript:alert(1)",
      "data:text/html,hi",
      "/.//evil.example",
      "/./\\evil.example",
      "/a/../..//evil.example",
    ];
    for (const to of hostile) expect(go(to), JSON.stringify(to)).toBe("/fallback");
  });

  test("reads a scheme-relative `https:evil` the browser's way: another host on http, a path on https", () => {
    expect(safeRedirect("https:evil.example", "/fallback", "http://localhost:3000")).toBe("/fallback");
    expect(go("https:evil.example")).toBe("/evil.example");
  });

  test("keeps encoded slashes and tabs encoded: they stay one path on this site", () => {
    expect(go("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(go("/%09/evil.example")).toBe("/%09/evil.example");
    expect(go("/%5Cevil.example")).toBe("/%5Cevil.example");
  });

  test("percent-encodes Cyrillic paths, queries and hashes instead of dropping them", () => {
    expect(go("/события/ёлка?q=ё#жк")).toBe(
      "/%D1%81%D0%BE%D0%B1%D1%8B%D1%82%D0%B8%D1%8F/%D1%91%D0%BB%D0%BA%D0%B0?q=%D1%91#%D0%B6%D0%BA",
    );
  });

  test("gives a Location-safe ASCII path for control characters, never a header injection", () => {
    const cases = ["/x?a=\r\nSet-Cookie:%20s=1", "/a\u000bb", "/a\u000cb", "/a\u0000b", "/x\r\n", "/ü\u2028"];
    for (const to of cases) {
      const path = go(to);
      expect(path, JSON.stringify(to)).toMatch(/^\/[\x21-\x7e]*$/);
      expect(() => new Headers({ Location: path })).not.toThrow();
    }
    expect(go("/x?a=\r\nSet-Cookie:%20s=1")).toBe("/x?a=Set-Cookie:%20s=1");
    expect(go("/a\u000bb")).toBe("/a%0Bb");
  });
});

describe("afterSignIn", () => {
  const go = (to: string) => afterSignIn(to, "/fallback", ORIGIN);
  test("never sends a reader back to a sign-in page, however deeply nested", () => {
    expect(go("/login")).toBe("/fallback");
    expect(go("/login/")).toBe("/fallback");
    expect(go("/login?redirectTo=%2Flogin%3FredirectTo%3D%252Fentries")).toBe("/fallback");
    expect(go("/verify-email?token=abc")).toBe("/fallback");
    expect(go("/signup")).toBe("/fallback");
    expect(go("/logout")).toBe("/fallback");
    expect(go("/entries?from=/login")).toBe("/entries?from=/login");
    expect(go("//evil.example")).toBe("/fallback");
  });
});

describe("signInHref", () => {
  test("returns to the page the reader is on", () => {
    expect(signInHref("/events/planet-of-art-2027?lang=kk")).toBe(
      "/login?redirectTo=%2Fevents%2Fplanet-of-art-2027%3Flang%3Dkk",
    );
    expect(signInHref("/")).toBe("/login?redirectTo=%2F");
  });

  test("never nests the sign-in page inside itself, however often it is clicked", () => {
    let href = signInHref("/login?redirectTo=%2Fentries");
    expect(href).toBe("/login?redirectTo=%2Fentries");
    for (let i = 0; i < 3; i++) href = signInHref(href);
    expect(href).toBe("/login?redirectTo=%2Fentries");
    expect(signInHref("/login")).toBe("/login");
    expect(signInHref("/signup")).toBe("/login");
    expect(signInHref("/set-password?token=abc")).toBe("/login");
  });

  test("unwinds a nested chain a reader arrived with instead of keeping it", () => {
    expect(signInHref("/login?redirectTo=%2Flogin%3FredirectTo%3D%252Fentries")).toBe("/login");
    expect(signInHref("/login?redirectTo=https%3A%2F%2Fevil.example%2F")).toBe("/login");
  });
});
