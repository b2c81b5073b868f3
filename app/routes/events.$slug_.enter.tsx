import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { readUploadForm } from "~/.server/platform/uploads/artwork.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { entryFormContext } from "~/.server/registration/entry-forms.server";
import type { ShownMessage } from "~/.server/registration/problem-messages.server";
import { submitFamilyEntry } from "~/.server/registration/submit-family-entry.server";
import { BackLink } from "~/components/back-link";
import { FormProblems, PieceFields } from "~/components/entry-piece-fields";
import { Field, FieldError } from "~/components/field";
import { NominationPicker } from "~/components/nomination-picker";
import { SimpleField } from "~/components/simple-field";
import { validateForm } from "~/forms/validate";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { formatDate, formatDateTime } from "~/i18n/format";
import { type EntryFormData, entryFormSchema } from "~/schemas/entry";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "enter.title", { context: [eventTitleIn(data)] });

// A signed-in family enters its own children in a published event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const context = await entryFormContext(await getDb(), params.slug ?? "", user.id, locale);
  if (!context) throw notFound();
  return { locale, ...context };
}

/** The artwork's field error, in the shape validateForm gives the others. */
function artworkRefused(problem: string) {
  return { errors: { artwork: { type: "custom", message: `upload.${problem}` } }, messages: [] as ShownMessage[] };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await enforceRateLimit(request, "entry.user", String(user.id), RATE_LIMITS.entry.user);
  const db = await getDb();
  const locale = await getLocale(request);
  const page = await entryFormContext(db, params.slug ?? "", user.id, locale);
  if (!page) throw notFound();

  const upload = await readUploadForm(request);
  if ("problem" in upload) return data(artworkRefused(upload.problem), { status: 413 });
  const result = await validateForm<Record<string, unknown>, EntryFormData>(entryFormSchema, upload.formData);
  if (!result.ok) return data({ errors: result.errors, messages: [] as ShownMessage[] }, { status: 400 });
  const outcome = await submitFamilyEntry(
    db,
    { userId: user.id, email: user.email },
    page,
    { form: result.data, artwork: upload.formData.get("artwork") },
    { locale, uploads: (await runtime()).uploads, baseUrl: await publicBaseUrl(request) },
  );
  switch (outcome.status) {
    case "missing":
      throw notFound();
    case "artwork_refused":
      return data(artworkRefused(outcome.problem), { status: 400 });
    case "refused":
      return data({ errors: {}, messages: outcome.messages }, { status: 422 });
    case "entered":
      throw redirectWithNotice(`/entries/${outcome.reference}`, outcome.notice);
  }
}

export default function EnterEvent() {
  const { t } = useTranslation();
  const { locale, event, nominations, children, hasPhone, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const chosen = nominations.find((n) => String(n.id) === params.get("nomination"));
  const errors = (result?.errors ?? {}) as Record<string, { message?: string } | undefined>;

  if (event.registration !== "open") {
    return (
      <section className="narrow-wide stack">
        <BackLink to={`/events/${event.slug}`}>{event.title}</BackLink>
        <h1>{t("enter.title")}</h1>
        <p className="alert alert--warning">{t(`registrationState.${event.registration}`)}</p>
      </section>
    );
  }
  return (
    <section className="narrow-wide stack">
      <BackLink to={`/events/${event.slug}`}>{event.title}</BackLink>
      <h1>{t("enter.title")}</h1>
      {event.closesAt ? (
        <p className="muted">
          {t("event.registrationCloses", { date: formatDateTime(event.closesAt, locale, event.timezone) })}
        </p>
      ) : null}
      {children.length === 0 ? (
        <p className="alert alert--warning">
          {t("enter.noChildren")} <Link to="/children/new">{t("children.add")}</Link>
        </p>
      ) : null}
      <Form method="get" className="card stack">
        <NominationPicker nominations={nominations} chosenId={chosen?.id} />
        <button type="submit" className="button">
          {t("enter.chooseNomination")}
        </button>
      </Form>
      {chosen ? (
        <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
          <h2>{chosen.name}</h2>
          <FormProblems fieldErrors={Object.keys(errors).length > 0} messages={result?.messages} />
          <input type="hidden" name="nominationId" value={chosen.id} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <fieldset className="choice">
            <legend>{t("enter.format")}</legend>
            {chosen.formats.map((f, i) => (
              <label key={f.format} className="checkbox">
                <input type="radio" name="format" value={f.format} defaultChecked={i === 0} />
                {t(`format.${f.format}`)}
                {f.min !== f.max ? (
                  <span className="muted small"> · {t("event.members", { min: f.min, max: f.max })}</span>
                ) : null}
              </label>
            ))}
            <FieldError id="format-error" message={errors.format?.message} />
          </fieldset>
          <fieldset className="choice">
            <legend>{t("enter.members")}</legend>
            {children.map((c) => (
              <label key={c.id} className="checkbox">
                <input type="checkbox" name={`members.child${c.id}`} disabled={!c.consent} />
                <span>
                  {c.name}
                  <span className="muted small">
                    {c.age !== null ? ` · ${t("children.age", { age: c.age })}` : ""}
                    {c.group ? ` · ${t("event.ageRange", { min: c.group.min, max: c.group.max })}` : ""}
                    {!c.consent ? ` · ${t("children.dataConsentMissing")}` : ""}
                  </span>
                </span>
              </label>
            ))}
            <p className="field__hint">{t("enter.ageOn", { date: formatDate(event.referenceDate, locale) })}</p>
            <FieldError id="members-error" message={errors.members?.message} />
          </fieldset>
          <PieceFields
            entryKind={chosen.entryKind}
            maxSeconds={chosen.maxDurationSeconds}
            error={(name) => errors[name]?.message}
          />
          {chosen.entryKind === "artwork" ? (
            <Field
              name="artwork"
              label={t("enter.artwork")}
              hint={t("enter.artworkHint")}
              error={errors.artwork?.message}
            >
              {(p) => <input {...p} name="artwork" type="file" accept="image/jpeg,image/png,image/webp" />}
            </Field>
          ) : null}
          {hasPhone ? null : (
            <SimpleField
              name="phone"
              type="tel"
              label={t("account.phone")}
              hint={t("account.phoneHint")}
              autoComplete="tel"
              error={errors.phone?.message ? t(errors.phone.message) : undefined}
              required={false}
            />
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("enter.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
