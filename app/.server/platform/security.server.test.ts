import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import express from "express";
import { describe, expect, it } from "vitest";

import { readEnv } from "./env.server";
import {
  checkOrigin,
  createNonce,
  getLoadContext,
  inlineScriptHashes,
  isOneClickUnsubscribe,
  requestOrigin,
  securityHeaders,
  securityMiddleware,
} from "./security.server";

const APP = "https://toi.example.kz";

function request(method: string, headers: Record<string, string> = {}) {
  return new Request(`${APP}/login`, { method, headers });
}

describe("checkOrigin", () => {
  it("lets a post from the site itself through", () => {
    expect(checkOrigin(request("POST", { Origin: APP, "Sec-Fetch-Site": "same-origin" }))).toBeNull();
  });

  it("refuses a post whose Origin names another site", () => {
    expect(checkOrigin(request("POST", { Origin: "https://evil.example" }))).toBe("cross-origin");
  });

  it("refuses the same host on another scheme or port", () => {
    expect(checkOrigin(request("POST", { Origin: "http://toi.example.kz" }))).toBe("cross-origin");
    expect(checkOrigin(request("POST", { Origin: "https://toi.example.kz:8443" }))).toBe("cross-origin");
  });

  it("refuses an opaque 'null' origin", () => {
    expect(checkOrigin(request("POST", { Origin: "null" }))).toBe("cross-origin");
  });

  it("refuses a request the browser marks Sec-Fetch-Site: cross-site, even without Origin", () => {
    expect(checkOrigin(request("POST", { "Sec-Fetch-Site": "cross-site" }))).toBe("cross-site");
  });

  it("checks every state-changing method", () => {
    for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS"]) {
      expect(checkOrigin(request(method, { Origin: "https://evil.example" })), method).toBe("cross-origin");
    }
  });

  it("allows a post without Origin: a non-browser client carries no victim's cookies", () => {
    expect(checkOrigin(request("POST"))).toBeNull();
  });

  it("never judges GET or HEAD", () => {
    expect(checkOrigin(request("GET", { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }))).toBeNull();
    expect(checkOrigin(request("HEAD", { "Sec-Fetch-Site": "cross-site" }))).toBeNull();
  });

  it("compares against the origin it is given (the one the proxy served)", () => {
    const behindProxy = new Request("http://10.0.0.5:3000/login", { method: "POST", headers: { Origin: APP } });
    expect(checkOrigin(behindProxy)).toBe("cross-origin");
    expect(checkOrigin(behindProxy, APP)).toBeNull();
  });
});

describe("requestOrigin", () => {
  const forwarded = new Headers({
    Host: "10.0.0.5:3000",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "toi.example.kz",
  });

  it("uses the Host header and the connection's scheme without a trusted proxy", () => {
    expect(requestOrigin(forwarded, { trustProxy: false, encrypted: false })).toBe("http://10.0.0.5:3000");
    expect(requestOrigin(new Headers({ Host: "toi.example.kz" }), { trustProxy: false, encrypted: true })).toBe(APP);
  });

  it("believes X-Forwarded-Proto and -Host only behind a trusted proxy", () => {
    expect(requestOrigin(forwarded, { trustProxy: true, encrypted: false })).toBe(APP);
  });

  it("takes the first value of a forwarded list", () => {
    const chained = new Headers({
      Host: "x",
      "X-Forwarded-Proto": "https, http",
      "X-Forwarded-Host": "toi.example.kz, lb.internal",
    });
    expect(requestOrigin(chained, { trustProxy: true, encrypted: false })).toBe(APP);
  });
});

describe("securityHeaders", () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );

  it("sends a strict policy with the nonce in production", () => {
    const headers = securityHeaders({ nonce: "abc123", production: true, https: false });
    const csp = directives(headers["Content-Security-Policy"]!);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
  });

  it("never allows inline or eval'd scripts, even in development", () => {
    for (const production of [true, false]) {
      const csp = securityHeaders({ nonce: "n", production, https: false })["Content-Security-Policy"]!;
      expect(csp).not.toContain("unsafe-eval");
      expect(directives(csp).get("script-src")).not.toContain("'unsafe-inline'");
    }
  });

  it("relaxes only styles and the HMR socket for Vite's dev server", () => {
    const prod = directives(
      securityHeaders({ nonce: "n", production: true, https: false })["Content-Security-Policy"]!,
    );
    const dev = directives(
      securityHeaders({ nonce: "n", production: false, https: false })["Content-Security-Policy"]!,
    );
    const changed = [...prod.keys()].filter((name) => prod.get(name)!.join(" ") !== dev.get(name)!.join(" "));
    expect(changed.sort()).toEqual(["connect-src", "style-src"]);
    expect(dev.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
  });

  it("sends HSTS only in production over HTTPS", () => {
    expect(securityHeaders({ nonce: "n", production: true, https: true })["Strict-Transport-Security"]).toMatch(
      /^max-age=\d+/,
    );
    expect(securityHeaders({ nonce: "n", production: true, https: false })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
    expect(securityHeaders({ nonce: "n", production: false, https: true })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
  });

  it("gets a fresh, unguessable nonce for every response", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64").length).toBe(16);
  });
});

describe("securityMiddleware behind a proxy", () => {
  /** An Express app set up the way server.mjs does it, answering with what Remix would be given. */
  async function serve(env: NodeJS.ProcessEnv, send: (url: string) => Promise<Response>) {
    const app = express();
    if (env.TRUST_PROXY === "1") app.set("trust proxy", 1);
    app.use(securityMiddleware(readEnv(env)));
    app.all("*", (req, res) => void res.json(getLoadContext(req, res)));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      return await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.close();
    }
  }
  const viaProxy = (url: string) =>
    fetch(`${url}/login`, {
      method: "POST",
      headers: {
        Origin: APP,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "toi.example.kz",
        "X-Forwarded-For": "203.0.113.7",
      },
    });

  it("with TRUST_PROXY=1 takes the proxy's origin, client address and HTTPS (HSTS)", async () => {
    const res = await serve({ NODE_ENV: "production", TRUST_PROXY: "1" }, viaProxy);
    expect(res.status).toBe(200);
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    const context = (await res.json()) as { cspNonce: string; clientIp: string };
    expect(context.clientIp).toBe("203.0.113.7");
    expect(res.headers.get("content-security-policy")).toContain(`'nonce-${context.cspNonce}'`);
  });

  /** fetch() will not send a Host of our choosing; node:http will, as any attacker's client does. */
  const postFrom = (origin: string, host: string) => (url: string) =>
    new Promise<Response>((resolve, reject) => {
      const req = http.request(`${url}/login`, { method: "POST", headers: { Origin: origin, Host: host } }, (res) => {
        res.resume();
        resolve(new Response(null, { status: res.statusCode }));
      });
      req.on("error", reject);
      req.end();
    });

  it("with PUBLIC_URL takes forms from its origin only, whatever Host the request names", async () => {
    const env = { NODE_ENV: "production" as const, PUBLIC_URL: `${APP}/` };
    expect((await serve(env, postFrom(APP, "10.0.0.5:3000"))).status).toBe(200);
    expect((await serve(env, postFrom("http://evil.example", "evil.example"))).status).toBe(403);
    expect((await serve(env, postFrom("http://127.0.0.1", "127.0.0.1"))).status).toBe(403);
  });

  it("without PUBLIC_URL compares with the request's own Host", async () => {
    expect((await serve({ NODE_ENV: "production" }, postFrom("http://toi.test", "toi.test"))).status).toBe(200);
    expect((await serve({ NODE_ENV: "production" }, postFrom(APP, "toi.test"))).status).toBe(403);
  });

  it("without TRUST_PROXY believes none of the forwarded headers", async () => {
    const res = await serve({ NODE_ENV: "production" }, viaProxy);
    expect(res.status).toBe(403);
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the one-click unsubscribe exemption", () => {
  it("covers exactly POST /unsubscribe/<token>", () => {
    expect(isOneClickUnsubscribe("POST", "/unsubscribe/7.results.abc")).toBe(true);
    expect(isOneClickUnsubscribe("post", "/unsubscribe/7.results.abc")).toBe(true);
    expect(isOneClickUnsubscribe("GET", "/unsubscribe/7.results.abc")).toBe(false);
    for (const path of ["/unsubscribe", "/unsubscribe/", "/unsubscribe/a/b", "/account", "/x/unsubscribe/a"])
      expect(isOneClickUnsubscribe("POST", path), path).toBe(false);
  });

  it("lets a mail provider's cross-site POST through, without its Origin, and no other cross-site POST", async () => {
    const app = express();
    app.use(securityMiddleware(readEnv({ NODE_ENV: "production", PUBLIC_URL: APP })));
    app.all("*", (req, res) => void res.json({ origin: req.headers.origin ?? null }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (path: string) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          Origin: "https://mail.example.com",
          "Sec-Fetch-Site": "cross-site",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "List-Unsubscribe=One-Click",
      });
    try {
      const res = await post("/unsubscribe/7.results.abc");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ origin: null });
      expect((await post("/account")).status).toBe(403);
      expect((await post("/unsubscribe/7.results.abc/more")).status).toBe(403);
    } finally {
      server.close();
    }
  });
});

describe("inline script hashes for pages served as fixed bytes", () => {
  it("hashes each inline script's UTF-8 text once, skips scripts with a src, and takes no nonce", () => {
    const html =
      '<script nonce="">window.x = "Қазақ";</script><script src="/assets/a.js"></script>' +
      '<script type="module" async="">import "/b.js";</script><script>window.x = "Қазақ";</script>';
    const sha = (text: string) => `sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}`;
    expect(inlineScriptHashes(html)).toEqual([sha('window.x = "Қазақ";'), sha('import "/b.js";')]);
    const csp = securityHeaders({ scriptHashes: inlineScriptHashes(html), production: true, https: false })[
      "Content-Security-Policy"
    ];
    expect(csp).toContain(`script-src 'self' '${sha('window.x = "Қазақ";')}' '${sha('import "/b.js";')}';`);
    expect(csp).not.toContain("nonce");
  });
});
