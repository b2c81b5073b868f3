import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireOrganiser } from "~/.server/accounts/auth.server";
import { listOrganiserEvents } from "~/.server/events/event-lists.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { localized } from "~/domain/locale";
import { titled } from "~/http/meta";
import { formatDateRange } from "~/i18n/format";

export const meta: MetaFunction = ({ matches }) => titled(matches, "organiser.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, roles } = await requireOrganiser(request);
  const events = await listOrganiserEvents(await getDb(), { id: user.id, admin: roles.admin });
  return { locale: await getLocale(request), canCreate: roles.canCreateEvents, events };
}

export default function OrganiserDashboard() {
  const { t } = useTranslation();
  const { locale, canCreate, events } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <div className="page-title">
        <h1>{t("organiser.title")}</h1>
        {canCreate ? (
          <p className="status-actions">
            <Link className="button button--primary" to="/organiser/events/new">
              {t("organiser.newEvent")}
            </Link>
            <Link className="button" to="/clubs">
              {t("clubs.listTitle")}
            </Link>
          </p>
        ) : null}
      </div>
      {events.length === 0 ? <p>{t("organiser.empty")}</p> : null}
      <ul className="organiser-list">
        {events.map((e) => (
          <li key={e.id} className="card organiser-list__item">
            <div className="organiser-list__main">
              <span className={`badge badge--${e.status}`}>{t(`status.${e.status}`)}</span>
              <h2 className="organiser-list__title">
                <Link to={`/organiser/events/${e.id}`}>{localized(e, "title", locale)}</Link>
              </h2>
              <p className="muted">
                {formatDateRange(e.starts_on, e.ends_on, locale)} · {t(`city.${e.city}`, { defaultValue: e.city })}
              </p>
            </div>
            <div className="organiser-list__actions">
              <Link className="button" to={`/organiser/events/${e.id}/edit`}>
                {t("organiser.edit")}
              </Link>
              {e.status === "published" ? (
                <Link className="button button--quiet" to={`/events/${e.slug}`}>
                  {t("organiser.view")}
                </Link>
              ) : null}
              {e.status === "draft" ? (
                <Form method="post" action={`/organiser/events/${e.id}`}>
                  <button className="button button--quiet" name="intent" value="publish">
                    {t("organiser.publish")}
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
