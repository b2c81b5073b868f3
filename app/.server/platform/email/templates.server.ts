import { z } from "zod";

import type { Locale } from "~/domain/locale";
import { normaliseReferenceCode } from "~/domain/reference-code";
import { catalogues } from "~/i18n";

export const INVITE_ROLES = ["admin", "organiser", "judge", "club_leader"] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

// Names go into a subject line and a greeting: one line, whitespace collapsed, cut at 200 characters
// (an overlong name must not fail the sign-up whose transaction queues the email); may be empty.
const personName = z.string().transform((s) => s.replace(/\s+/g, " ").trim().slice(0, 200));
// Only absolute http(s) links: a relative or javascript: URL in an email is always a bug.
const link = z.url({ protocol: /^https?$/ });

// Titles and names of the children go into the subject or one sentence: one line, like a name.
const oneLine = personName;
const reference = z.string().refine((s) => normaliseReferenceCode(s) === s, "not a reference code");
// Headed blocks of lines (a child's results, an event's entries): rendered as a heading and a list.
const blocks = z
  .array(
    z.object({
      heading: oneLine,
      lines: z
        .array(
          z
            .string()
            .trim()
            .min(1)
            .transform((s) => s.slice(0, 1000)),
        )
        .min(1)
        .max(1000),
    }),
  )
  .min(1)
  .max(500);
export type EmailBlock = z.infer<typeof blocks>[number];
const entryFacts = { name: personName, childNames: oneLine, event: oneLine, nomination: oneLine, reference, url: link };

const paramSchemas = {
  verify_email: z.object({ name: personName, url: link }),
  reset_password: z.object({ name: personName, url: link }),
  invite: z.object({ name: personName, inviterName: personName, url: link, role: z.enum(INVITE_ROLES) }),
  entry_confirmed: z.object(entryFacts),
  entry_waitlisted: z.object({ ...entryFacts, position: z.number().int().positive() }),
  entry_promoted: z.object(entryFacts),
  entry_withdrawn: z.object(entryFacts),
  // An organiser's own words: kept as written (line breaks included), but never empty.
  entry_rejected: z.object({
    ...entryFacts,
    reason: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.slice(0, 2000)),
  }),
  // An entry the organisers moved into another round of the same step (another heat): the round as
  // one fact ("Regional heat, 3 March 2027, Semey") and the organiser's reason, kept as written.
  entry_moved: z.object({
    ...entryFacts,
    round: oneLine,
    reason: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.slice(0, 2000)),
  }),
  // One line per changed entry, joined: the children's performances with their new time and stage.
  schedule_changed: z.object({
    name: personName,
    event: oneLine,
    url: link,
    changes: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.slice(0, 4000)),
  }),
  // An organiser's message to the families of one section (round × nomination × age group): their
  // own subject and words, kept as written (line breaks included), never empty.
  section_message: z.object({
    name: personName,
    event: oneLine,
    section: oneLine,
    subject: z
      .string()
      .transform((s) => s.replace(/\s+/g, " ").trim().slice(0, 200))
      .pipe(z.string().min(1)),
    body: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.slice(0, 5000)),
    url: link,
  }),
  // One block per child of the family in the published section (an ensemble is a child's own entry
  // too), each with one sentence per entry: its award or place, and for an award the entry page
  // where the diploma is. Messages queued before blocks existed carry `outcomes`, one paragraph.
  results_published: z
    .object({
      name: personName,
      event: oneLine,
      section: oneLine,
      url: link,
      blocks: blocks.optional(),
      outcomes: z
        .string()
        .trim()
        .min(1)
        .transform((s) => s.slice(0, 4000))
        .optional(),
    })
    .refine((p) => p.blocks !== undefined || p.outcomes !== undefined, "blocks or outcomes"),
  // A club leader's daily digest: one block per event, one line per new or changed entry.
  club_digest: z.object({
    name: personName,
    club: oneLine,
    count: z.number().int().positive(),
    url: link,
    blocks,
  }),
  // `round` names the next round as one fact: its kind, dates and city ("Final, 10 October 2017, Almaty").
  entry_advanced: z.object({
    name: personName,
    childNames: oneLine,
    event: oneLine,
    round: oneLine,
    reference,
    url: link,
  }),
  // The still-confirmed entries a newly published running order no longer has, joined.
  schedule_dropped: z.object({
    name: personName,
    event: oneLine,
    url: link,
    entries: z
      .string()
      .trim()
      .min(1)
      .transform((s) => s.slice(0, 4000)),
  }),
};

export type EmailTemplate = keyof typeof paramSchemas;
export type EmailTemplateParams = { [T in EmailTemplate]: z.input<(typeof paramSchemas)[T]> };
export const EMAIL_TEMPLATES = Object.keys(paramSchemas) as EmailTemplate[];

export function isEmailTemplate(value: unknown): value is EmailTemplate {
  return typeof value === "string" && Object.hasOwn(paramSchemas, value);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Checks a template's parameters and returns them normalised; throws on a programming error. */
export function validateEmailParams<T extends EmailTemplate>(template: T, params: unknown): EmailTemplateParams[T] {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template "${String(template)}"`);
  const parsed = paramSchemas[template].safeParse(params);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "params").join(", ");
    throw new Error(`Invalid parameters for email "${template}": ${fields}`);
  }
  return parsed.data as EmailTemplateParams[T];
}

/**
 * Puts values into a catalogue text in one pass. Not i18next's t(): it interpolates again inside
 * the values, so an inviter named "{{url}}" would turn into the link.
 */
function fill(text: string, values: Record<string, string>): string {
  return text.replace(/{{\s*(\w+)\s*}}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : placeholder,
  );
}

/**
 * Renders a stored message (template name and params as read from the outbox) in the recipient's
 * language. Throws when the template is unknown or its params don't fit it.
 */
export function renderEmail(
  template: string,
  locale: Locale,
  params: unknown,
  { unsubscribeUrl }: { unsubscribeUrl?: string } = {},
): RenderedEmail {
  if (!isEmailTemplate(template)) throw new Error(`Unknown email template "${template}"`);
  const p = validateEmailParams(template, params);
  const messages = catalogues[locale];
  const m = messages.email;
  const own = m[template];
  const vars: Record<string, string> = Object.fromEntries(
    Object.entries(p)
      .filter(([, v]) => typeof v === "string" || typeof v === "number")
      .map(([k, v]) => [k, String(v)]),
  );
  if ("role" in p) vars.role = m.invite.role[p.role];
  const intro = fill(own.intro, vars);
  // A message queued before results came in blocks keeps its one paragraph of outcomes.
  const outcomes = "outcomes" in p && p.outcomes && !p.blocks ? ` ${p.outcomes}` : "";
  const parts: EmailParts = {
    lang: locale,
    brand: messages.app.name,
    subject: fill(own.subject, vars),
    greeting: p.name ? fill(m.greeting, vars) : m.greetingNoName,
    intro: intro + outcomes,
    blocks: "blocks" in p && p.blocks ? p.blocks : [],
    action: own.action,
    url: p.url,
    linkHint: m.linkHint,
    // An invitation to an existing account links to the sign-in page, and entry emails link to the
    // family's entries: no single-use token to warn about.
    notes: "note" in own ? [own.note] : template === "invite" ? [own.ignore] : [m.singleUse, own.ignore],
    footer: [m.signature, m.automatic],
    unsubscribe: unsubscribeUrl ? { text: m.unsubscribe, url: unsubscribeUrl } : null,
  };
  return { subject: parts.subject, text: plainText(parts), html: html(parts) };
}

interface EmailParts {
  lang: Locale;
  brand: string;
  subject: string;
  greeting: string;
  intro: string;
  action: string;
  url: string;
  linkHint: string;
  notes: string[];
  footer: string[];
  blocks: EmailBlock[];
  /** Bulk notices: where the recipient turns this kind off. */
  unsubscribe: { text: string; url: string } | null;
}

function plainText(p: EmailParts): string {
  const blocks = p.blocks.flatMap((b) => [b.heading, ...b.lines.map((line) => `- ${line}`), ""]);
  const unsubscribe = p.unsubscribe ? [p.unsubscribe.text, p.unsubscribe.url] : [];
  return [
    p.greeting,
    "",
    p.intro,
    "",
    ...blocks,
    `${p.action}:`,
    p.url,
    "",
    ...p.notes,
    "",
    "-- ",
    ...p.footer,
    ...unsubscribe,
    "",
  ].join("\n");
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Table layout and inline styles: the subset of HTML that mail clients render alike.
function html(p: EmailParts): string {
  const e = escapeHtml;
  const url = e(p.url);
  const muted = "margin:0 0 12px;font-size:14px;color:#55606e;";
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(p.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f6f7f9;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f7f9;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #dde3ea;border-radius:12px;font-family:'Noto Sans','Segoe UI',Roboto,Arial,sans-serif;color:#1c2430;line-height:1.5;">
<tr><td style="padding:24px;">
<p style="margin:0 0 16px;font-size:20px;font-weight:700;color:#0b6e6e;">${e(p.brand)}</p>
<p style="margin:0 0 12px;font-size:16px;">${e(p.greeting)}</p>
<p style="margin:0 0 12px;font-size:16px;">${e(p.intro)}</p>
${p.blocks
  .map(
    (b) =>
      `<h2 style="margin:20px 0 8px;font-size:17px;">${e(b.heading)}</h2>\n<ul style="margin:0 0 12px;padding-left:20px;font-size:16px;">${b.lines.map((l) => `<li>${e(l)}</li>`).join("")}</ul>`,
  )
  .join("\n")}
<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;background:#0b6e6e;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:10px;">${e(p.action)}</a></p>
<p style="${muted}">${e(p.linkHint)}<br><a href="${url}" style="color:#0b6e6e;word-break:break-all;">${url}</a></p>
${p.notes.map((n) => `<p style="${muted}">${e(n)}</p>`).join("\n")}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #dde3ea;font-size:13px;color:#55606e;">${p.footer.map(e).join("<br>")}${p.unsubscribe ? `<br><a href="${e(p.unsubscribe.url)}" style="color:#55606e;">${e(p.unsubscribe.text)}</a>` : ""}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
