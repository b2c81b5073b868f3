// node .shoot-as.mjs BASE email password lang prefix path1 path2 ...
import { createRequire } from "node:module";
import { execSync } from "node:child_process";
import path from "node:path";
const require = createRequire(path.join(process.cwd(), "package.json"));
const { chromium } = require("playwright-core");
const [base, email, password, lang, prefix, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: execSync("which chromium").toString().trim(),
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
try {
  for (const width of [390, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: lang, extraHTTPHeaders: { "Accept-Language": lang } });
    const page = await ctx.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(String(e)));
    if (email !== "-") {
      await page.goto(base + "/login", { waitUntil: "networkidle" });
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', password);
      await Promise.all([page.waitForNavigation(), page.click('form[method="post"] button[type="submit"]')]);
    }
    for (const [i, p] of paths.entries()) {
      const res = await page.goto(base + p, { waitUntil: "networkidle" });
      const file = `${prefix}-${i}-${width}.png`;
      await page.screenshot({ path: file, fullPage: true });
      const title = await page.title();
      console.log(`${file}: ${p} HTTP ${res?.status()} "${title}" ${problems.length} console errors`);
      for (const q of problems.splice(0).slice(0, 3)) console.log("   " + q);
    }
    await ctx.close();
  }
} finally { await browser.close(); }
