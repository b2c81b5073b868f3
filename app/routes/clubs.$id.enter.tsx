import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { type FieldErrors, get } from "react-hook-form";
import { useTranslation } from "react-i18next";

import { requireClubLeader } from "~/.server/accounts/auth.server";
import { enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { readUploadForm } from "~/.server/platform/uploads/artwork.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import {
  type BatchOutcome,
  CLUB_BATCH_LIMITS,
  CLUB_BATCH_UPLOAD_BYTES,
  submitClubBatch,
  takeBatchArtworks,
} from "~/.server/registration/club-batch.server";
import { clubEntryFormContext } from "~/.server/registration/entry-forms.server";
import { BackLink } from "~/components/back-link";
import { FormProblems, PieceFields } from "~/components/entry-piece-fields";
import { errorAt, Field, FieldError } from "~/components/field";
import { NominationPicker } from "~/components/nomination-picker";
import { Options } from "~/components/options";
import { requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { formMediaType, readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { notFound } from "~/http/responses";
import { formatDate, formatDateTime } from "~/i18n/format";
import { type ClubEntryFormData, clubEntryFormSchema } from "~/schemas/entry-piece";

export const meta: MetaFunction = ({ matches }) => titled(matches, "clubs.enterBatch.resultTitle");

// A club's leaders (and admins) enter many of the club's own children at once: an event, then a
// nomination and how they perform (GET steps), then the roster checklist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const clubId = requireId(params.id);
  const { club } = await requireClubLeader(request, clubId);
  const locale = await getLocale(request);
  const slug = new URL(request.url).searchParams.get("event")?.slice(0, 200) || null;
  const context = await clubEntryFormContext(await getDb(), clubId, slug, locale);
  if (!context) throw notFound();
  return { locale, club, batchLimits: CLUB_BATCH_LIMITS, ...context };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const clubId = requireId(params.id);
  const { user } = await requireClubLeader(request, clubId);
  await enforceRateLimit(request, "entry.user", String(user.id), RATE_LIMITS.entry.user);
  // An artwork nomination's batch comes as multipart, with an image per child.
  let formData: FormData;
  if (formMediaType(request) === "multipart/form-data") {
    const upload = await readUploadForm(request, { maxFormBytes: CLUB_BATCH_UPLOAD_BYTES });
    if ("problem" in upload) {
      const errors = { children: { type: "custom", message: "clubs.enterBatch.imagesTooLarge" } };
      return data({ errors, values: null, outcomes: null }, { status: 413 });
    }
    formData = upload.formData;
  } else formData = await readForm(request);
  const artworks = takeBatchArtworks(formData);
  const result = await validateForm<Record<string, unknown>, ClubEntryFormData>(clubEntryFormSchema, formData);
  if (!result.ok) return data({ errors: result.errors, values: result.values, outcomes: null }, { status: 400 });
  const outcomes = await submitClubBatch(
    await getDb(),
    { userId: user.id, email: user.email, role: "club_leader", clubId },
    result.data,
    {
      locale: await getLocale(request),
      baseUrl: await publicBaseUrl(request),
      uploads: (await runtime()).uploads,
      artworks,
    },
  );
  if (!outcomes) throw notFound();
  return data({ errors: {}, values: null, outcomes });
}

export default function ClubEnter() {
  const { t } = useTranslation();
  const { locale, club, batchLimits, events, event, nominations, children, idempotencyKey } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { pathname, search } = useLocation();
  const busy = useNavigation().state !== "idle";
  const chosen = nominations.find((n) => String(n.id) === params.get("nomination"));
  const mode = params.get("mode") === "group" ? "group" : "solo";

  if (result?.outcomes) {
    const count = (status: BatchOutcome["status"]) => result.outcomes.filter((o) => o.status === status).length;
    return (
      <section className="narrow-wide stack">
        <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
        <h1>{t("clubs.enterBatch.resultTitle")}</h1>
        <p className="muted">
          {event?.title}
          {chosen ? ` · ${chosen.name}` : ""}
        </p>
        <p role="status" className={`alert ${count("refused") > 0 ? "alert--warning" : "alert--success"}`}>
          {t("clubs.enterBatch.resultCounts", {
            confirmed: count("confirmed"),
            waitlisted: count("waitlisted"),
            refused: count("refused"),
          })}
        </p>
        <ul className="organiser-list">
          {result.outcomes.map((o, i) => (
            <li key={i} className="card stack">
              <h2 className="organiser-list__title">{o.names.join(", ") || "—"}</h2>
              {o.status === "refused" ? (
                <>
                  <p className="entry-status">
                    <span className="pill pill--entry-rejected">{t("clubs.enterBatch.refused")}</span>
                  </p>
                  <ul className="problem-list">
                    {o.messages.map((m, j) => (
                      <li key={j}>{t(m.key, m.params)}</li>
                    ))}
                  </ul>
                </>
              ) : (
                <>
                  <p className="entry-status">
                    <span className={`pill pill--entry-${o.status}`}>{t(`entryStatus.${o.status}`)}</span>
                    {o.status === "waitlisted" && o.position ? (
                      <span className="small"> {t("myEntries.position", { position: o.position })}</span>
                    ) : null}
                    <span className="entry-status__ref">{o.reference}</span>
                  </p>
                  {o.duplicate ? <p className="small muted">{t("clubs.enterBatch.duplicate")}</p> : null}
                </>
              )}
            </li>
          ))}
        </ul>
        <p className="status-actions">
          <Link className="button button--primary" to={`${pathname}${search}`}>
            {t("clubs.enterBatch.enterMore")}
          </Link>
          <Link className="button" to={`/clubs/${club.id}`}>
            {t("clubs.enterBatch.backToClub")}
          </Link>
        </p>
      </section>
    );
  }

  const errors = (result?.errors ?? {}) as FieldErrors;
  // What was posted, for the boxes to keep after a refused post without JavaScript.
  const posted = (name: string): string | undefined => {
    const v: unknown = get(result?.values ?? {}, name);
    return typeof v === "string" ? v : undefined;
  };
  const groupFormats = chosen?.formats.filter((f) => f.format !== "solo") ?? [];
  const soloAllowed = chosen?.formats.some((f) => f.format === "solo") ?? false;
  const canEnter = chosen && (mode === "solo" ? soloAllowed : groupFormats.length > 0);
  const artwork = chosen?.entryKind === "artwork";

  // The piece's boxes: one set per child for solos (prefix "children.c<id>."), one for a group ("").
  const pieceFields = (prefix: string) =>
    chosen ? (
      <PieceFields
        prefix={prefix}
        entryKind={chosen.entryKind}
        maxSeconds={chosen.maxDurationSeconds}
        value={(name) => posted(`${prefix}${name}`)}
        error={(name) => errorAt(errors, name)}
        videoHint={false}
      />
    ) : null;
  // An artwork's image beside its title: one per child for solos, one for a group.
  const artworkField = (prefix: string) =>
    artwork ? (
      <Field
        name={`${prefix}artwork`}
        label={t("enter.artwork")}
        hint={prefix ? undefined : t("enter.artworkHint")}
        error={errorAt(errors, `${prefix}artwork`)}
      >
        {(p) => <input {...p} name={`${prefix}artwork`} type="file" accept="image/jpeg,image/png,image/webp" />}
      </Field>
    ) : null;

  return (
    <section className="narrow-wide stack">
      <BackLink to={`/clubs/${club.id}`}>{club.name}</BackLink>
      <h1>{t("clubs.enterBatch.title")}</h1>
      <p className="muted">{t("clubs.enterBatch.lead")}</p>

      {events.length === 0 && !event ? (
        <p className="alert alert--warning">{t("clubs.enterBatch.noEvents")}</p>
      ) : (
        <Form method="get" className="card stack">
          <Field name="event" label={t("clubs.enterBatch.event")}>
            {(p) => (
              <select {...p} name="event" defaultValue={event?.slug ?? ""}>
                <Options blank={t("form.choose")} items={events} value={(e) => e.slug} label={(e) => e.title} />
              </select>
            )}
          </Field>
          <button type="submit" className="button">
            {t("enter.chooseNomination")}
          </button>
        </Form>
      )}

      {event && event.registration !== "open" ? (
        <p className="alert alert--warning">{t(`registrationState.${event.registration}`)}</p>
      ) : null}
      {event && event.registration === "open" ? (
        <Form method="get" className="card stack">
          <h2>{event.title}</h2>
          {event.closesAt ? (
            <p className="muted small">
              {t("event.registrationCloses", { date: formatDateTime(event.closesAt, locale, event.timezone) })}
            </p>
          ) : null}
          <input type="hidden" name="event" value={event.slug} />
          <NominationPicker nominations={nominations} chosenId={chosen?.id} />
          <fieldset className="choice">
            <legend>{t("clubs.enterBatch.mode")}</legend>
            <label className="checkbox">
              <input type="radio" name="mode" value="solo" defaultChecked={mode === "solo"} />
              {t("clubs.enterBatch.modeSolo")}
            </label>
            <label className="checkbox">
              <input type="radio" name="mode" value="group" defaultChecked={mode === "group"} />
              {t("clubs.enterBatch.modeGroup")}
            </label>
          </fieldset>
          <button type="submit" className="button">
            {t("enter.chooseNomination")}
          </button>
        </Form>
      ) : null}

      {event && event.registration === "open" && chosen ? (
        !canEnter ? (
          <p className="alert alert--warning">
            {t(mode === "solo" ? "clubs.enterBatch.noSolo" : "clubs.enterBatch.noGroup")}
          </p>
        ) : (
          <Form
            method="post"
            action={`${pathname}${search}`}
            encType={artwork ? "multipart/form-data" : undefined}
            className="card stack"
            noValidate
          >
            <h2>{chosen.name}</h2>
            {artwork ? <p className="field__hint">{t("clubs.enterBatch.artworkHint", batchLimits)}</p> : null}
            <FormProblems fieldErrors={Object.keys(errors).length > 0} />
            <input type="hidden" name="event" value={event.slug} />
            <input type="hidden" name="nominationId" value={chosen.id} />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            {mode === "solo" ? (
              <input type="hidden" name="format" value="solo" />
            ) : (
              <fieldset className="choice">
                <legend>{t("clubs.enterBatch.groupFormat")}</legend>
                {groupFormats.map((f, i) => (
                  <label key={f.format} className="checkbox">
                    <input
                      type="radio"
                      name="format"
                      value={f.format}
                      defaultChecked={posted("format") ? posted("format") === f.format : i === 0}
                    />
                    {t(`format.${f.format}`)}
                    <span className="muted small"> · {t("event.members", { min: f.min, max: f.max })}</span>
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset className="choice">
              <legend>{t("clubs.enterBatch.children")}</legend>
              <p className="field__hint">
                {t("enter.ageOn", { date: formatDate(event.referenceDate, locale) })}{" "}
                {t("clubs.enterBatch.childrenHint")}
              </p>
              <FieldError id="children-error" message={errorAt(errors, "children")} />
              {children.length === 0 ? (
                <p className="muted">
                  {t("clubs.enterBatch.rosterEmpty")}{" "}
                  <Link to={`/clubs/${club.id}/children/new`}>{t("clubs.addChild")}</Link>
                </p>
              ) : (
                <ul className="organiser-list">
                  {children.map((c) => {
                    // Solo mode: a solo in this nomination blocks; group mode: every group format
                    // offered is taken. Where the event allows one entry per nomination, any entry does.
                    const taken = c.enteredIn.filter((e) => e.nominationId === chosen.id).map((e) => e.format);
                    const entered = event.oneEntryPerNomination
                      ? taken.length > 0
                      : mode === "solo"
                        ? taken.includes("solo")
                        : groupFormats.length > 0 && groupFormats.every((f) => taken.includes(f.format));
                    const blocked = !c.consent || entered;
                    return (
                      <li key={c.id} className="card stack">
                        <label className="checkbox">
                          <input
                            type="checkbox"
                            name={`children.c${c.id}.on`}
                            disabled={blocked}
                            defaultChecked={!blocked && posted(`children.c${c.id}.on`) === "on"}
                          />
                          <span>
                            {c.name}
                            <span className="muted small">
                              {c.age !== null ? ` · ${t("children.age", { age: c.age })}` : ""}
                              {c.group
                                ? ` · ${t("event.ageRange", { min: c.group.min, max: c.group.max })}`
                                : event.hasAgeGroups
                                  ? ` · ${t("clubs.enterBatch.noAgeGroup")}`
                                  : ""}
                              {` · ${t(c.consent ? "children.dataConsentGiven" : "children.dataConsentMissing")}`}
                              {entered ? ` · ${t("clubs.enterBatch.alreadyEntered")}` : ""}
                            </span>
                          </span>
                        </label>
                        {mode === "solo" && !blocked ? (
                          <>
                            {pieceFields(`children.c${c.id}.`)}
                            {artworkField(`children.c${c.id}.`)}
                          </>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              )}
            </fieldset>
            {mode === "group" ? (
              <fieldset className="choice">
                <legend>{t("clubs.enterBatch.groupPiece")}</legend>
                {pieceFields("")}
                {artworkField("")}
              </fieldset>
            ) : null}
            <button type="submit" className="button button--primary" disabled={busy || children.length === 0}>
              {t("clubs.enterBatch.submit")}
            </button>
          </Form>
        )
      ) : null}
    </section>
  );
}
