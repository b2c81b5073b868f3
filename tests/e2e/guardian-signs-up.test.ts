import type { BrowserContext } from "playwright-core";
import { describe, expect, inject, it } from "vitest";

import { expectAccessible, linkFromMail, withBrowser } from "./browser";

const baseURL = inject("baseURL");
const browser = withBrowser();

async function signIn(
  context: BrowserContext,
  email: string,
  password: string,
  labels = { email: "Email", password: "Password", submit: "Sign in" },
) {
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole("button", { name: labels.submit, exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return page;
}

describe("a guardian signs up in Kazakh", () => {
  it("signs up, confirms the email from the emailed link, signs in and out", async () => {
    const email = `asem-${Date.now()}@example.kz`;
    const password = "көктемде гүл ашылады";
    const family = await browser.newReader("kk");
    const page = await family.newPage();

    await page.goto("/signup");
    await expectAccessible(page);
    await page.getByLabel("Тегі мен аты").fill("Әсем Қайратқызы");
    await page.getByLabel("Электрондық пошта").fill(email);
    await page.getByLabel("Құпиясөз").fill("qwertyuiop");
    await page.getByRole("button", { name: "Тіркелу", exact: true }).click();
    await expect.poll(() => page.getByText("Бұл құпиясөз ең көп қолданылатындардың бірі").count()).toBe(1);
    expect(await page.getByLabel("Электрондық пошта").inputValue()).toBe(email);

    await page.getByLabel("Құпиясөз").fill(password);
    await page.getByRole("button", { name: "Тіркелу", exact: true }).click();
    await page.waitForURL("**/check-email?reason=signup");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Поштаңызды тексеріңіз");

    const unverified = await signIn(family, email, password, {
      email: "Электрондық пошта",
      password: "Құпиясөз",
      submit: "Кіру",
    });
    expect(unverified.url()).toContain("/check-email?reason=verify");

    // Two emails: the sign-up's, and the fresh link the early sign-in sent (it voids the first).
    const link = await linkFromMail(email, { emails: 2 });
    expect(link).toContain("/verify-email?token=");
    // The admin sees the email on the outbox page by its title, but not the link that opens the account.
    const admin = await browser.newReader("en", { width: 1280 });
    const outbox = await signIn(admin, "admin@toi.demo", "toi-admin-demo");
    await outbox.goto("/admin/outbox");
    const item = outbox.locator(".outbox-item", { hasText: email }).first();
    expect(await item.textContent()).toContain("Email confirmation");
    expect(await outbox.content()).not.toContain(new URL(link).searchParams.get("token")!);

    await page.goto(link);
    await expectAccessible(page);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Электрондық поштаны растау");
    await page.getByRole("button", { name: "Растау" }).click();
    // Confirming signs the guardian in: no second trip through the sign-in form.
    await page.waitForURL("**/account?notice=verifiedSignedIn");
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Мекенжай расталды, сіз жүйеге кірдіңіз.");
    await expect.poll(() => page.getByText(email).count()).toBe(1);
    await expectAccessible(page);

    const cookieBefore = (await family.cookies()).find((c) => c.name === "toi_session")?.value;
    expect(cookieBefore).toBeTruthy();
    await page.getByRole("button", { name: "Шығу", exact: true }).click();
    await page.waitForURL(`${baseURL}/`);
    expect((await family.cookies()).find((c) => c.name === "toi_session")).toBeUndefined();

    // The old cookie no longer opens the account: sign-out ended the session on the server.
    const replay = await fetch(`${baseURL}/account`, {
      headers: { Cookie: `toi_session=${cookieBefore}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toContain("/login");
    await admin.close();
    await family.close();
  });

  it("comes back, signed in, to the page it was going to when it chose to sign up", async () => {
    const email = `dana-${Date.now()}@example.kz`;
    const family = await browser.newReader("en");
    const page = await family.newPage();
    await page.goto("/children");
    await page.waitForURL("**/login?redirectTo=%2Fchildren");
    await page.getByRole("link", { name: "Sign up", exact: true }).last().click();
    await page.waitForURL("**/signup?redirectTo=%2Fchildren");
    await page.getByLabel("Full name", { exact: true }).fill("Dana Serikova");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill("spring garden in the steppe");
    await page.getByRole("button", { name: "Create account", exact: true }).click();
    await page.waitForURL("**/check-email?reason=signup");

    const link = await linkFromMail(email);
    expect(new URL(link).searchParams.get("redirectTo")).toBe("/children");
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL(`${baseURL}/children`);
    await family.close();
  });
});
