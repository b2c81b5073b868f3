import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { deleteArtwork, readUploadForm, storeArtwork } from "~/.server/platform/uploads/artwork.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { entryProblemMessage, submitEntry } from "~/.server/registration/entries.server";
import { entryFormContext } from "~/.server/registration/entry-forms.server";
import { Field, FieldError } from "~/components/field";
import { NominationPicker } from "~/components/nomination-picker";
import { validateForm } from "~/forms/validate";
import { notFound } from "~/http/responses";
import { formatDate, formatDateTime } from "~/i18n/format";
import { type EntryFormData, entryFormSchema } from "~/schemas/entry";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

type Message = { key: string; params: Record<string, string | number> };

// A signed-in family enters its own children in a published event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const context = await entryFormContext(await getDb(), params.slug ?? "", user.id, locale);
  if (!context) throw notFound();
  return { locale, ...context };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await enforceRateLimit(request, "entry.user", String(user.id), RATE_LIMITS.entry.user);
  const db = await getDb();
  const locale = await getLocale(request);
  const page = await entryFormContext(db, params.slug ?? "", user.id, locale);
  if (!page) throw notFound();

  const upload = await readUploadForm(request);
  if ("problem" in upload)
    return data(
      { errors: { artwork: { type: "custom", message: `upload.${upload.problem}` } }, messages: [] as Message[] },
      { status: 413 },
    );
  const formData = upload.formData;
  const result = await validateForm<Record<string, unknown>, EntryFormData>(entryFormSchema, formData);
  if (!result.ok) return data({ errors: result.errors, messages: [] as Message[] }, { status: 400 });
  const nomination = page.nominations.find((n) => n.id === result.data.nominationId);
  if (!nomination) throw notFound();

  let artworkFile: string | null = null;
  const { env } = await runtime();
  const file = formData.get("artwork");
  if (nomination.entryKind === "artwork" && file instanceof File && file.size > 0) {
    const stored = await storeArtwork(new Uint8Array(await file.arrayBuffer()), env.UPLOAD_DIR);
    if (!stored.ok)
      return data(
        { errors: { artwork: { type: "custom", message: `upload.${stored.problem}` } }, messages: [] as Message[] },
        { status: 400 },
      );
    artworkFile = stored.file;
  }
  const outcome = await submitEntry(
    db,
    { userId: user.id, email: user.email, role: "guardian" },
    {
      eventId: page.event.id,
      nominationId: nomination.id,
      format: result.data.format,
      memberIds: result.data.members,
      title: result.data.title,
      durationSeconds: result.data.totalSeconds,
      videoUrl: result.data.videoUrl ?? null,
      artworkFile,
      idempotencyKey: result.data.idempotencyKey,
    },
    await publicBaseUrl(request),
  );
  if (!outcome.ok && artworkFile) await deleteArtwork(env.UPLOAD_DIR, artworkFile);
  if ("notFound" in outcome) throw notFound();
  if (!outcome.ok) {
    const names = new Map(page.children.map((c) => [c.id, c.name]));
    const messages = outcome.problems.map((p) =>
      entryProblemMessage(p, { locale, nameOf: (id) => names.get(id) ?? "" }),
    );
    return data({ errors: {}, messages: messages as Message[] }, { status: 422 });
  }
  return redirect(`/entries/${outcome.reference}?notice=${outcome.duplicate ? "duplicate" : outcome.status}`);
}

export default function EnterEvent() {
  const { t } = useTranslation();
  const { locale, event, nominations, children, idempotencyKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const chosen = nominations.find((n) => String(n.id) === params.get("nomination"));
  const errors = (result?.errors ?? {}) as Record<string, { message?: string } | undefined>;

  if (event.registration !== "open") {
    return (
      <section className="narrow-wide stack">
        <p>
          <Link to={`/events/${event.slug}`}>← {event.title}</Link>
        </p>
        <h1>{t("enter.title")}</h1>
        <p className="alert alert--warning">{t(`registrationState.${event.registration}`)}</p>
      </section>
    );
  }
  return (
    <section className="narrow-wide stack">
      <p>
        <Link to={`/events/${event.slug}`}>← {event.title}</Link>
      </p>
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
          {Object.keys(errors).length > 0 ? (
            <p className="alert alert--error" role="alert">
              {t("form.errorSummary")}
            </p>
          ) : null}
          {result?.messages.length ? (
            <ul className="alert alert--error problem-list" role="alert">
              {result.messages.map((m, i) => (
                <li key={i}>{t(m.key, m.params)}</li>
              ))}
            </ul>
          ) : null}
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
          <Field
            name="title"
            label={t(chosen.entryKind === "artwork" ? "enter.workTitle" : "enter.pieceTitle")}
            error={errors.title?.message}
          >
            {(p) => <input {...p} name="title" type="text" maxLength={300} />}
          </Field>
          {chosen.entryKind === "live" || chosen.entryKind === "video" ? (
            <fieldset className="duration">
              <legend>
                {t("enter.duration")}
                {chosen.maxDurationSeconds
                  ? ` (${t("enter.durationMax", { max: `${Math.floor(chosen.maxDurationSeconds / 60)}:${String(chosen.maxDurationSeconds % 60).padStart(2, "0")}` })})`
                  : ""}
              </legend>
              <label>
                {t("enter.minutes")}{" "}
                <input name="durationMinutes" type="number" min={0} max={600} inputMode="numeric" />
              </label>
              <label>
                {t("enter.seconds")} <input name="durationSeconds" type="number" min={0} max={59} inputMode="numeric" />
              </label>
            </fieldset>
          ) : null}
          {chosen.entryKind === "video" ? (
            <Field
              name="videoUrl"
              label={t("enter.videoUrl")}
              hint={t("enter.videoUrlHint")}
              error={errors.videoUrl?.message}
            >
              {(p) => <input {...p} name="videoUrl" type="url" inputMode="url" placeholder="https://" />}
            </Field>
          ) : null}
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
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("enter.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
