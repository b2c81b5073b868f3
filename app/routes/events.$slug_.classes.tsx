import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { familyAcademyPage, savePreferences } from "~/.server/academy/family-academy.server";
import { requireUser } from "~/.server/accounts/auth.server";
import { visibleEventId } from "~/.server/events/events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyRanking } from "~/components/academy-ranking";
import { AcademySessions, formatSession } from "~/components/academy-sessions";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { formDataToObject } from "~/forms/form-data";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { notFound } from "~/http/responses";
import { type PreferencesData, preferencesSchema } from "~/schemas/academy";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.familyTitle", { context: [eventTitleIn(data)] });

// A family's own children only: the page lists each child with a confirmed entry in the event.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const page = await familyAcademyPage(await getDb(), { guardianId: user.id }, params.slug ?? "", locale);
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  readIntent(form, ["rank"]);
  const db = await getDb();
  const eventId = await visibleEventId(db, params.slug ?? "");
  if (!eventId) throw notFound();
  const result = await validateForm<Record<string, unknown>, PreferencesData>(preferencesSchema, form);
  const childId = Number(form.get("childId"));
  if (!result.ok) return data({ childId, values: result.values, errors: result.errors }, { status: 400 });
  const saved = await savePreferences(
    db,
    { guardianId: user.id },
    { eventId, childId: result.data.childId, classIds: result.data.classIds },
  );
  if (saved === "missing") throw notFound();
  if (saved === "unknown_class") {
    return data(
      {
        childId,
        values: formDataToObject(form),
        errors: { ranks: [{ type: "custom", message: "academy.errors.unknownClass" }] },
      },
      { status: 400 },
    );
  }
  return redirect(`/events/${params.slug}/classes?saved=${result.data.childId}#child-${result.data.childId}`);
}

export default function FamilyClasses() {
  const { t } = useTranslation();
  const { locale, event, classes: listed, allocated, children } = useLoaderData<typeof loader>();
  const classes = listed.map((c) => {
    const first = c.sessions[0];
    return { ...c, label: first ? `${c.title} · ${formatSession(first, locale, event.timezone)}` : c.title };
  });
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const byId = new Map(classes.map((c) => [c.id, c]));
  return (
    <section className="stack">
      <BackLink to={`/events/${event.slug}`}>{event.title}</BackLink>
      <h1>{t("academy.familyTitle", { event: event.title })}</h1>
      <p className="muted">{t("academy.familyLead")}</p>
      {children.length === 0 ? <p className="card">{t("academy.familyNone")}</p> : null}
      {children.map((child) => {
        const error = failed?.childId === child.id ? failed : undefined;
        const posted = (error?.values as { ranks?: string[] } | undefined)?.ranks;
        return (
          <article key={child.id} id={`child-${child.id}`} className="card stack academy-child">
            <h2>{child.name}</h2>
            <Notice text={params.get("saved") === String(child.id) ? t("academy.familySaved") : null} />
            <section className="stack">
              <h3>{t("academy.yourClasses")}</h3>
              {!allocated ? (
                <p className="muted small">{t("academy.waitingForAllocation")}</p>
              ) : child.allocated.length === 0 ? (
                <p className="small">{t("academy.nothingAllocated")}</p>
              ) : (
                <ul className="academy-allocated">
                  {child.allocated.map((id) => {
                    const c = byId.get(id)!;
                    return (
                      <li key={id}>
                        <strong>{c.title}</strong>
                        <span className="small">
                          {" "}
                          · {c.teacher}
                          {c.room ? ` · ${t("academy.room")} ${c.room}` : ""}
                        </span>
                        <AcademySessions sessions={c.sessions} locale={locale} timeZone={event.timezone} />
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
            {classes.length > 0 ? (
              <AcademyRanking
                childId={child.id}
                classes={classes}
                ranks={posted ?? child.ranks}
                errors={error?.errors}
                busy={busy}
              />
            ) : (
              <p className="muted small">{t("academy.none")}</p>
            )}
          </article>
        );
      })}
    </section>
  );
}
