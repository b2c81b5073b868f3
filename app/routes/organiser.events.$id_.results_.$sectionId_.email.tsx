import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { emailSection, sectionAudience, type SectionMessage } from "~/.server/results/section-email.server";
import { resultsEvent } from "~/.server/results/section-facts.server";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { LOCALES, localized } from "~/domain/locale";
import { parseId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "results.sectionEmail.title", { context: [data?.sectionName, eventTitleIn(data)] });

// The event's organisers and admins only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const sectionId = parseId(params.sectionId);
  if (!sectionId) throw notFound();
  const db = await getDb();
  const locale = await getLocale(request);
  const [event, audience] = await Promise.all([
    resultsEvent(db, eventId, locale),
    sectionAudience(db, eventId, sectionId),
  ]);
  if (!audience) throw notFound();
  const { section, entries, families, byLocale } = audience;
  const name = localized(section.nomination, "name", locale);
  return {
    event,
    sectionId,
    sectionName: name,
    ageGroup: section.ageGroup ? { min: section.ageGroup.min, max: section.ageGroup.max } : null,
    entries,
    families,
    byLocale,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const sectionId = parseId(params.sectionId);
  if (!sectionId) throw notFound();
  const form = await readForm(request);
  const field = (name: string) => String(form.get(name) ?? "");
  const message: SectionMessage = Object.fromEntries(
    LOCALES.map((l) => [l, { subject: field(`subject_${l}`).slice(0, 200), body: field(`body_${l}`).slice(0, 5000) }]),
  );
  const result = await emailSection(await getDb(), user, {
    eventId,
    sectionId,
    message,
    baseUrl: await publicBaseUrl(request),
  });
  if (result.status === "not_found") throw notFound();
  if (result.status === "empty") return data({ error: "results.sectionEmail.empty" }, { status: 400 });
  return redirectWithNotice(`/organiser/events/${eventId}/results/${sectionId}/email`, "queued", {
    count: result.emailed,
  });
}

export default function SectionEmail() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const notice = useNotice(["queued"] as const);
  const [params] = useSearchParams();
  const section = d.ageGroup
    ? `${d.sectionName}, ${t("event.ageRange", { min: d.ageGroup.min, max: d.ageGroup.max })}`
    : d.sectionName;
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${d.event.id}/results/${d.sectionId}`}>{section}</BackLink>
      <h1>{t("results.sectionEmail.title")}</h1>
      <Notice
        text={notice ? t("results.sectionEmail.queued", { count: Number(params.get("count") ?? 0) }) : null}
        tone="success"
      />
      {failed && "error" in failed ? <Notice text={t(failed.error)} tone="error" /> : null}
      <p className="alert alert--warning" role="status">
        {t("results.sectionEmail.preview", {
          families: d.families,
          entries: d.entries,
          kk: d.byLocale.kk,
          ru: d.byLocale.ru,
          en: d.byLocale.en,
        })}
      </p>
      <p className="muted">{t("results.sectionEmail.lead")}</p>
      <Form method="post" className="card stack">
        {LOCALES.map((l) => (
          <fieldset key={l} className="stack">
            <legend lang={l}>{t(`locale.${l}`)}</legend>
            <label className="field">
              <span>{t("results.sectionEmail.subject")}</span>
              <input name={`subject_${l}`} lang={l} maxLength={200} />
            </label>
            <label className="field">
              <span>{t("results.sectionEmail.body")}</span>
              <textarea name={`body_${l}`} lang={l} rows={5} maxLength={5000} />
            </label>
          </fieldset>
        ))}
        <p>
          <button className="button button--primary" disabled={d.families === 0}>
            {t("results.sectionEmail.send", { count: d.families })}
          </button>
        </p>
      </Form>
    </section>
  );
}
