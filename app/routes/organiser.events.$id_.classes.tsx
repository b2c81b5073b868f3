import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { organiserAcademyPage, runAllocation } from "~/.server/academy/allocation.server";
import { deleteMasterClass } from "~/.server/academy/master-classes.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademySessions, ageLimits } from "~/components/academy-sessions";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.title", { context: [eventTitleIn(data)] });

const INTENTS = ["allocate", "remove"] as const;
const NOTICES = ["created", "saved", "removed", "allocated"] as const;

// The event's organisers and admins only: the page names every participant.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  return organiserAcademyPage(await getDb(), eventId, await getLocale(request));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  if (intent === "allocate") await runAllocation(db, eventId, user);
  else if (!(await deleteMasterClass(db, eventId, requireId(String(form.get("classId") ?? "")), user)))
    throw notFound();
  return redirectWithNotice(`/organiser/events/${eventId}/classes`, intent === "allocate" ? "allocated" : "removed");
}

export default function OrganiserClasses() {
  const { t } = useTranslation();
  const { locale, event, classes, participantCount, rankedCount, allocated, current, report } =
    useLoaderData<typeof loader>();
  const notice = useNotice(NOTICES);
  const busy = useNavigation().state === "submitting";
  const percent = (share: number) =>
    new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
  return (
    <section className="stack">
      <BackLink to={`/organiser/events/${event.id}`}>{event.title}</BackLink>
      <div className="page-title">
        <h1>{t("academy.title")}</h1>
        <p className="status-actions">
          <Link className="button" to={`/organiser/events/${event.id}/classes/new`}>
            {t("academy.newClass")}
          </Link>
        </p>
      </div>
      <Notice text={notice ? t(notice === "allocated" ? "academy.allocatedNotice" : `academy.${notice}`) : null} />
      <p className="muted">{t("academy.lead")}</p>

      <section className="card stack academy-allocation" aria-labelledby="allocation-title">
        <h2 id="allocation-title">{t("academy.allocationTitle")}</h2>
        <p>{t("academy.participants", { count: participantCount, ranked: rankedCount })}</p>
        {!allocated ? <p className="muted">{t("academy.notAllocated")}</p> : null}
        {allocated && !current ? (
          <p className="alert alert--warning" role="status">
            {t("academy.stale")}
          </p>
        ) : null}
        {report ? (
          <>
            <ul className="academy-stats">
              <li>{t("academy.firstChoice", { share: percent(report.stats.firstChoiceShare) })}</li>
              <li>{t("academy.anyChoice", { share: percent(report.stats.anyChoiceShare) })}</li>
              <li>{t("academy.empty", { count: report.stats.emptyParticipants })}</li>
            </ul>
            <h3>{t("academy.unmetTitle")}</h3>
            {report.unmet.length === 0 ? (
              <p className="muted">{t("academy.unmetNone")}</p>
            ) : (
              <ul className="academy-unmet small">
                {report.unmet.map((u) => (
                  <li key={`${u.participantId}-${u.classId}`}>
                    {t("academy.unmetRow", { name: u.name, rank: u.rank, title: u.title })} —{" "}
                    <span className={`academy-reason academy-reason--${u.reason}`}>
                      {t(`academy.reason.${u.reason}`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
        <Form method="post" className="stack">
          <p className="field__hint">{t("academy.allocateHint")}</p>
          <div>
            <button
              type="submit"
              name="intent"
              value="allocate"
              className="button button--primary"
              disabled={busy || classes.length === 0}
            >
              {t("academy.allocate")}
            </button>
          </div>
        </Form>
      </section>

      {classes.length === 0 ? <p className="muted">{t("academy.none")}</p> : null}
      <ul className="organiser-list">
        {classes.map((c) => {
          const ages = ageLimits(c.minAge, c.maxAge);
          return (
            <li key={c.id} className="card stack academy-class">
              <div className="academy-class__head">
                <h2 className="academy-class__title">{c.title}</h2>
                <span className={`pill${c.enrolled.length >= c.capacity ? " pill--full" : ""}`}>
                  {t("academy.placesTaken", { taken: c.enrolled.length, capacity: c.capacity })}
                </span>
              </div>
              <p className="small">
                {c.teacher}
                {c.room ? ` · ${t("academy.room")} ${c.room}` : ""}
                {ages ? ` · ${t(ages.key, ages.params)}` : ""}
              </p>
              <AcademySessions sessions={c.sessions} locale={locale} timeZone={event.timezone} />
              {c.enrolled.length === 0 ? (
                <p className="small muted">{t("academy.nobodyEnrolled")}</p>
              ) : (
                <ol className="small academy-enrolled">
                  {c.enrolled.map((e) => (
                    <li key={e.participantId}>
                      {e.name}{" "}
                      <span className="muted">
                        ({e.viaRank === null ? t("academy.viaFillUp") : t("academy.viaRank", { rank: e.viaRank })})
                      </span>
                    </li>
                  ))}
                </ol>
              )}
              <Form method="post" className="status-actions">
                <Link className="button" to={`/organiser/events/${event.id}/classes/${c.id}`}>
                  {t("organiser.edit")}
                </Link>
                <input type="hidden" name="classId" value={c.id} />
                <button type="submit" name="intent" value="remove" className="button button--danger" disabled={busy}>
                  {t("academy.remove")}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
