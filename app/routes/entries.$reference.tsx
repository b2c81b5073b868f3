import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { entryJourney } from "~/.server/registration/entry-journey.server";
import { requireFamilyEntry } from "~/.server/registration/family-entries.server";
import { emailedAboutStatus, withdrawEntry } from "~/.server/registration/withdraw-entry.server";
import { publishedHonours } from "~/.server/results/diplomas/diplomas.server";
import { BackLink } from "~/components/back-link";
import { EntryJourneyCard } from "~/components/entry-journey";
import { EntryStatusBadge } from "~/components/entry-status";
import { Fact } from "~/components/fact";
import { formatDuration } from "~/domain/eligibility";
import { type Locale, LOCALES } from "~/domain/locale";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { invariantResponse } from "~/http/responses";
import { catalogues } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "myEntries.title", { context: [data?.entry?.reference] });

const NOTICES = [
  "confirmed",
  "waitlisted",
  "duplicate",
  "withdrawn",
  "tooLate",
  "edited",
  "unchanged",
  "editTooLate",
  "resultsPublished",
] as const;
const WARNINGS: readonly string[] = ["tooLate", "editTooLate", "resultsPublished"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, entry, locale } = await requireFamilyEntry(request, params.reference);
  const db = await getDb();
  const [honours, emailed, journey] = await Promise.all([
    publishedHonours(db, entry.id),
    emailedAboutStatus(db, user.id, entry.reference, entry.status),
    entryJourney(db, entry, locale),
  ]);
  // The diploma in each language, each link named in its own language: read here, so the page does not
  // ship every language's catalogue for three labels.
  const diplomaLinks = LOCALES.map((l) => ({
    locale: l,
    label: `${catalogues[l].diplomas.link} · ${catalogues[l].locale[l]}`,
  }));
  const hasDiploma = honours.awards.length > 0 || honours.prizes.length > 0;
  return { entry, honours, emailed, journey, hasDiploma, diplomaLinks };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, entry } = await requireFamilyEntry(request, params.reference);
  readIntent(await readForm(request), ["withdraw"]);
  const outcome = await withdrawEntry(
    await getDb(),
    { userId: user.id, email: user.email },
    entry.id,
    await publicBaseUrl(request),
  );
  invariantResponse(outcome !== "missing");
  const notice = { too_late: "tooLate", results_published: "resultsPublished", withdrawn: "withdrawn" } as const;
  return redirectWithNotice(`/entries/${entry.reference}`, notice[outcome]);
}

/** A whole address would overflow a phone's width; its site says enough to recognise it. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

export default function EntryPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { entry, honours, emailed, journey, hasDiploma, diplomaLinks } = useLoaderData<typeof loader>();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack narrow-wide">
      <BackLink to="/entries">{t("myEntries.title")}</BackLink>
      {notice ? (
        <p className={`alert ${WARNINGS.includes(notice) ? "alert--error" : "alert--success"}`} role="status">
          {t(`myEntries.notice_${notice}`)}
        </p>
      ) : null}
      <div className="card stack">
        <p className="muted">{entry.eventTitle}</p>
        <h1>{entry.nominationName}</h1>
        <EntryStatusBadge status={entry.status} position={entry.waitlistPosition} reference={entry.reference} />
        <dl className="facts facts--narrow">
          <Fact term={t("myEntries.reference")} className="entry-status__ref">
            {entry.reference}
          </Fact>
          <Fact term={t("enter.members")}>{entry.memberNames.join(", ")}</Fact>
          <Fact term={t("enter.format")}>{t(`format.${entry.format}`)}</Fact>
          {entry.title ? (
            <Fact term={t(entry.entryKind === "artwork" ? "enter.workTitle" : "enter.pieceTitle")}>{entry.title}</Fact>
          ) : null}
          {entry.durationSeconds ? (
            <Fact term={t("enter.duration")}>{formatDuration(entry.durationSeconds)}</Fact>
          ) : null}
          {entry.videoUrl ? (
            <Fact term={t("enter.videoUrl")}>
              <a href={entry.videoUrl} rel="noopener noreferrer nofollow" target="_blank">
                {hostOf(entry.videoUrl)}
              </a>
            </Fact>
          ) : null}
        </dl>
        {emailed ? (
          <p className="small muted">
            {t(entry.status === "withdrawn" ? "myEntries.emailSentWithdrawn" : "myEntries.emailSent")}
          </p>
        ) : null}
      </div>
      <EntryJourneyCard journey={journey} eventSlug={entry.eventSlug} locale={locale} />
      {hasDiploma ? (
        <div className="card stack">
          <ul className="honours">
            {honours.awards.map((a, i) => (
              <li key={`a${i}`}>
                <strong>{t(`results.award.${a}`)}</strong>
              </li>
            ))}
            {honours.prizes.map((p, i) => (
              <li key={`p${i}`}>
                <strong>{p[locale] || p.ru || p.en || p.kk}</strong>
              </li>
            ))}
          </ul>
          <p>{t("diplomas.linkLead")}</p>
          <p className="status-actions">
            {diplomaLinks.map(({ locale: l, label }) => (
              <a
                key={l}
                className="button"
                href={`/entries/${entry.reference}/diploma?lang=${l}`}
                hrefLang={l}
                lang={l}
                type="application/pdf"
              >
                {label}
              </a>
            ))}
          </p>
        </div>
      ) : null}
      {entry.canEdit ? (
        <p>
          <Link className="button" to={`/entries/${entry.reference}/edit`}>
            {t("myEntries.edit")}
          </Link>
        </p>
      ) : null}
      {entry.canWithdraw ? (
        <Form
          method="post"
          className="card stack"
          onSubmit={(e) => {
            if (!confirm(t("myEntries.withdrawConfirm"))) e.preventDefault();
          }}
        >
          <p className="muted">{t("myEntries.withdrawLead")}</p>
          <button type="submit" name="intent" value="withdraw" className="button button--danger">
            {t("myEntries.withdraw")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
