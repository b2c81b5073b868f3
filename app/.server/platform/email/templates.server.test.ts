import { describe, expect, it } from "vitest";

import { LOCALES } from "~/domain/locale";
import { catalogues } from "~/i18n";

import {
  EMAIL_TEMPLATES,
  type EmailTemplateParams,
  escapeHtml,
  renderEmail,
  validateEmailParams,
} from "./templates.server";

const URL_WITH_TOKEN = "https://toi.example.kz/verify-email?token=abc_DEF-123&x=1";
const KAZAKH_LETTERS = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

// Latin titles, so the subject checks below see only the catalogue's own letters.
const entryFacts = {
  name: "Айгерім",
  childNames: "Dias Akhmetov",
  event: "Shabyt 2027",
  nomination: "Vocal",
  reference: "SH27-7K3M9Q",
  url: URL_WITH_TOKEN,
};

const params: EmailTemplateParams = {
  verify_email: { name: "Айгерім", url: URL_WITH_TOKEN },
  reset_password: { name: "Айгерім", url: URL_WITH_TOKEN },
  invite: { name: "Айгерім", inviterName: "Бауыржан", url: URL_WITH_TOKEN, role: "judge" },
  entry_confirmed: { ...entryFacts },
  entry_waitlisted: { ...entryFacts, position: 3 },
  entry_promoted: { ...entryFacts },
  entry_withdrawn: { ...entryFacts },
  entry_rejected: { ...entryFacts, reason: "The video link does not open." },
  entry_moved: { ...entryFacts, round: "Regional heat, 3 March 2027, Semey", reason: "The club is in Abai region." },
  schedule_changed: {
    name: "Айгерім",
    event: "Shabyt 2027",
    url: URL_WITH_TOKEN,
    changes: "Dias «Kelinshek»: 10.12.2026 10:15, Main stage",
  },
  results_published: {
    name: "Айгерім",
    event: "Shabyt 2027",
    section: "Vocal, 7-10",
    url: URL_WITH_TOKEN,
    blocks: [
      { heading: "Dias", lines: ["Dias «Kelinshek»: Laureate."] },
      { heading: "Aruzhan", lines: ["Aruzhan «Aldi»: place 4.", "Ensemble «Shugyla»: Diplomant."] },
    ],
  },
  club_digest: {
    name: "Айгерім",
    club: "Shabyt Club",
    count: 2,
    url: URL_WITH_TOKEN,
    blocks: [{ heading: "Shabyt 2027", lines: ["SH27-7K3M9Q · Dias Akhmetov · Vocal: confirmed"] }],
  },
  entry_advanced: {
    name: "Айгерім",
    childNames: "Dias Akhmetov",
    event: "Shabyt 2027",
    round: "Final, 10.10.2027, Almaty",
    reference: "SH27-7K3M9Q",
    url: URL_WITH_TOKEN,
  },
  section_message: {
    name: "Айгерім",
    event: "Shabyt 2027",
    section: "Vocal, 7-10",
    subject: "Rehearsal moved",
    body: "The rehearsal starts at 9:00 in Hall 2.",
    url: URL_WITH_TOKEN,
  },
  schedule_dropped: { name: "Айгерім", event: "Shabyt 2027", url: URL_WITH_TOKEN, entries: "Dias «Kelinshek»" },
};

describe.each(EMAIL_TEMPLATES)("the %s email", (template) => {
  it.each(LOCALES)("renders a subject, a text and an HTML part in %s", (locale) => {
    const email = renderEmail(template, locale, params[template]);
    expect(email.subject.trim()).not.toBe("");
    expect(email.subject).not.toContain("email.");
    expect(email.text).toContain(URL_WITH_TOKEN);
    expect(email.text).toContain("Айгерім");
    expect(email.html).toContain(`href="${URL_WITH_TOKEN.replace("&", "&amp;")}"`);
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).not.toMatch(/{{|}}/);
    expect(email.text).not.toMatch(/{{|}}/);
  });

  it("writes the Kazakh subject with Kazakh letters, and the others in their own language", () => {
    // Latin names, so every Cyrillic letter in a subject comes from the catalogue.
    const latin = { ...params[template], name: "Aigerim", inviterName: "Baurzhan" };
    expect(renderEmail(template, "kk", latin).subject).toMatch(KAZAKH_LETTERS);
    expect(renderEmail(template, "ru", latin).subject).toMatch(/[а-яё]/i);
    expect(renderEmail(template, "ru", latin).subject).not.toMatch(KAZAKH_LETTERS);
    expect(renderEmail(template, "en", latin).subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it("escapes names in the HTML part and keeps them as written in the text part", () => {
    const hostile = { ...params[template], name: "<b>Ә</b>", inviterName: `"><script>x</script>` };
    const email = renderEmail(template, "kk", hostile);
    expect(email.html).not.toContain("<b>Ә</b>");
    expect(email.html).toContain("&lt;b&gt;Ә&lt;/b&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain("<b>Ә</b>");
  });
});

describe("the outbox titles", () => {
  const titles = (locale: (typeof LOCALES)[number]): Record<string, string | undefined> =>
    catalogues[locale].outbox.template;

  it.each(LOCALES)("name every template in %s, each differently, never by its key", (locale) => {
    const named = EMAIL_TEMPLATES.map((template) => [template, titles(locale)[template]?.trim() || null]);
    expect(named.filter(([, title]) => !title).map(([template]) => template)).toEqual([]);
    expect(named.filter(([template, title]) => title === template)).toEqual([]);
    expect(new Set(named.map(([, title]) => title)).size).toBe(EMAIL_TEMPLATES.length);
  });
});

describe("email parameters", () => {
  it("names the invited role in the recipient's language", () => {
    const p = { ...params.invite, role: "club_leader" as const };
    expect(renderEmail("invite", "kk", p).text).toContain("клуб жетекшісі ретінде");
    expect(renderEmail("invite", "ru", p).text).toContain("в качестве руководителя клуба");
    expect(renderEmail("invite", "en", p).text).toContain("as a club leader");
    expect(renderEmail("invite", "en", p).subject).toBe("Бауыржан invites you to Toi");
  });

  it("greets without a name when there is none", () => {
    expect(renderEmail("invite", "ru", { ...params.invite, name: "  " }).text.split("\n")[0]).toBe("Здравствуйте!");
  });

  it("keeps a name on one line, so it cannot add header lines to the subject", () => {
    const email = renderEmail("invite", "en", { ...params.invite, inviterName: "Eve\r\nBcc: all@example.kz" });
    expect(email.subject).toBe("Eve Bcc: all@example.kz invites you to Toi");
  });

  it("puts names in as written, never reading placeholders inside them", () => {
    const email = renderEmail("invite", "en", {
      ...params.invite,
      name: "$t(app.name) {{url}}",
      inviterName: "{{role}}",
    });
    expect(email.subject).toBe("{{role}} invites you to Toi");
    expect(email.text).toContain("Hello, $t(app.name) {{url}}!");
    expect(email.text).toContain("{{role}} invites you to join Toi");
  });

  it("refuses relative and non-http links, unknown roles and unknown templates", () => {
    expect(() => validateEmailParams("verify_email", { name: "A", url: "/verify-email?token=x" })).toThrow(/url/);
    expect(() => validateEmailParams("verify_email", { name: "A", url: "javascript:alert(1)" })).toThrow(/url/);
    expect(() => validateEmailParams("invite", { ...params.invite, role: "guardian" })).toThrow(/role/);
    expect(() => renderEmail("welcome", "en", { name: "A", url: URL_WITH_TOKEN })).toThrow(/Unknown email template/);
  });

  it("escapes every character that matters in HTML text and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});

describe("entry emails", () => {
  it("give the reference, the facts, the wait-list position and the reason in the recipient's language", () => {
    const waitlisted = renderEmail("entry_waitlisted", "ru", params.entry_waitlisted);
    expect(waitlisted.subject).toBe("Заявка SH27-7K3M9Q в листе ожидания — Shabyt 2027");
    expect(waitlisted.text).toContain("под номером 3");
    expect(waitlisted.text).toContain("Участники: Dias Akhmetov");
    const rejected = renderEmail("entry_rejected", "kk", params.entry_rejected);
    expect(rejected.text).toContain("Себебі: The video link does not open.");
    expect(renderEmail("entry_confirmed", "en", params.entry_confirmed).text).toContain(
      "Entry SH27-7K3M9Q is confirmed. Event: Shabyt 2027. Nomination: Vocal.",
    );
  });

  it("do not warn about a single-use link: the link is the family's list of entries", () => {
    for (const template of [
      "entry_confirmed",
      "entry_waitlisted",
      "entry_promoted",
      "entry_rejected",
      "entry_withdrawn",
    ] as const) {
      expect(renderEmail(template, "en", params[template]).text).not.toContain("works once");
    }
  });

  it("refuse a malformed reference, a position below one and an empty reason", () => {
    expect(() =>
      validateEmailParams("entry_confirmed", { ...params.entry_confirmed, reference: "sh27-7k3m9q" }),
    ).toThrow(/reference/);
    expect(() => validateEmailParams("entry_waitlisted", { ...params.entry_waitlisted, position: 0 })).toThrow(
      /position/,
    );
    expect(() => validateEmailParams("entry_rejected", { ...params.entry_rejected, reason: "  " })).toThrow(/reason/);
  });
});

describe("headed blocks and the unsubscribe line", () => {
  it("gives each child of the results email a heading and a list, in text and HTML", () => {
    const email = renderEmail("results_published", "en", params.results_published);
    expect(email.text).toContain(
      "Dias\n- Dias «Kelinshek»: Laureate.\n\nAruzhan\n- Aruzhan «Aldi»: place 4.\n- Ensemble «Shugyla»: Diplomant.",
    );
    expect(email.html.match(/<h2 /g)).toHaveLength(2);
    expect(email.html).toContain("<li>Aruzhan «Aldi»: place 4.</li><li>Ensemble «Shugyla»: Diplomant.</li>");
  });

  it("still renders a results email queued with one paragraph of outcomes", () => {
    const { blocks: _, ...old } = params.results_published;
    const email = renderEmail("results_published", "ru", { ...old, outcomes: "Dias «Kelinshek»: Laureate." });
    expect(email.text).toContain("Номинация и возрастная категория: Vocal, 7-10. Dias «Kelinshek»: Laureate.");
    expect(() => renderEmail("results_published", "ru", old)).toThrow();
  });

  it("ends a bulk notice with the link that turns it off, when it is given one", () => {
    const url = "https://toi.example.kz/unsubscribe/7.results.abc";
    const email = renderEmail("results_published", "kk", params.results_published, { unsubscribeUrl: url });
    expect(email.text.trimEnd().split("\n").slice(-2)).toEqual([catalogues.kk.email.unsubscribe, url]);
    expect(email.html).toContain(`<a href="${url}"`);
    expect(renderEmail("results_published", "kk", params.results_published).text).not.toContain("unsubscribe");
  });
});

describe("the outbox page's titles", () => {
  it.each(LOCALES)("name every template in words in %s, never by its key", (locale) => {
    const titles: Record<string, string> = catalogues[locale].outbox.template;
    for (const template of EMAIL_TEMPLATES) {
      expect(titles[template], template).toBeTruthy();
      expect(titles[template]).not.toContain("_");
    }
  });
});
