import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { saveAcademySettings } from "~/.server/academy/academy-settings.server";
import { runAllocation } from "~/.server/academy/allocation.server";
import { deleteMasterClass } from "~/.server/academy/master-classes.server";
import { organiserAcademyPage } from "~/.server/academy/organiser-academy.server";
import { requireEventRole } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { AcademyAllocation } from "~/components/academy-allocation";
import { AcademyClassTable } from "~/components/academy-class-table";
import { ListFilters, ListPager, ListShowing } from "~/components/academy-lists";
import { AcademySettingsForm } from "~/components/academy-settings-form";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { CLASS_SHOWS } from "~/domain/academy/lists";
import { requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { eventTitleIn, titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { formatNumber } from "~/i18n/format";
import { type AcademySettingsData, academySettingsSchema } from "~/schemas/academy";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "academy.title", { context: [eventTitleIn(data)] });

const INTENTS = ["allocate", "remove", "settings"] as const;
const NOTICES = ["created", "saved", "removed", "allocated", "settingsSaved"] as const;
const NOTICE_TEXT = { allocated: "academy.allocatedNotice", settingsSaved: "academy.settings.saved" } as const;

// The event's organisers and admins only: the pages name every participant.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const page = await organiserAcademyPage(
    await getDb(),
    eventId,
    await getLocale(request),
    new URL(request.url).searchParams,
  );
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const db = await getDb();
  const back = `/organiser/events/${eventId}/classes`;
  if (intent === "settings") {
    const result = await validateForm<Record<string, unknown>, AcademySettingsData>(academySettingsSchema, form);
    if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
    if ((await saveAcademySettings(db, eventId, result.data, user)) === "unknown_round") {
      const errors = { roundId: { type: "custom", message: "academy.errors.unknownRound" } };
      return data({ values: Object.fromEntries(form) as Record<string, unknown>, errors }, { status: 400 });
    }
    return redirectWithNotice(back, "settingsSaved");
  }
  if (intent === "allocate") await runAllocation(db, eventId, user);
  else if (!(await deleteMasterClass(db, eventId, requireId(String(form.get("classId") ?? "")), user)))
    throw notFound();
  return redirectWithNotice(back, intent === "allocate" ? "allocated" : "removed");
}

export default function OrganiserClasses() {
  const { t } = useTranslation();
  const page = useLoaderData<typeof loader>();
  const { locale, event, classes, query, counts } = page;
  const failed = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  const busy = useNavigation().state === "submitting";
  const n = (x: number) => formatNumber(x, locale);
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
      <Notice
        text={
          notice
            ? t(notice in NOTICE_TEXT ? NOTICE_TEXT[notice as keyof typeof NOTICE_TEXT] : `academy.${notice}`)
            : null
        }
      />
      <p className="muted">{t("academy.lead")}</p>
      <AcademySettingsForm settings={page.settings} values={failed?.values} errors={failed?.errors} busy={busy} />
      <AcademyAllocation view={page} locale={locale} busy={busy} canAllocate={counts.all > 0} />

      {counts.all === 0 ? (
        <p className="muted">{t("academy.none")}</p>
      ) : (
        <section className="stack" aria-labelledby="classes-title">
          <h2 id="classes-title">{t("academy.title")}</h2>
          <ListFilters
            query={query}
            searchLabel={t("academy.list.search")}
            shows={CLASS_SHOWS}
            showLabel={(s) => t(`academy.list.shows.${s}`, { count: counts[s] })}
          />
          {classes.total === 0 ? (
            <p className="muted">{t("academy.list.none")}</p>
          ) : (
            <>
              <ListShowing page={classes} text="academy.list.showing" locale={locale} />
              <AcademyClassTable
                classes={classes.items}
                query={query}
                caption={t("academy.list.caption", { page: n(classes.page), pages: n(classes.pages) })}
                eventId={event.id}
                locale={locale}
                timeZone={event.timezone}
                busy={busy}
              />
              <ListPager {...classes} label={t("academy.list.pages")} locale={locale} />
            </>
          )}
        </section>
      )}
    </section>
  );
}
