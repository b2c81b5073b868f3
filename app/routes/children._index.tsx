import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { listChildren } from "~/.server/registration/children.server";
import { Notice } from "~/components/notice";
import { ageOnDate } from "~/domain/age";
import { todayIn } from "~/domain/time";
import { titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { formatDate } from "~/i18n/format";

export const meta: MetaFunction = ({ matches }) => titled(matches, "children.title");

const NOTICES = ["added", "deleted", "anonymised"] as const;

// A signed-in user's own children only.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const children = await listChildren(await getDb(), { guardianId: user.id });
  const today = todayIn();
  return {
    locale: await getLocale(request),
    children: children.map((c) => ({ ...c, age: c.birth_date ? ageOnDate(c.birth_date, today) : null })),
  };
}

export default function Children() {
  const { t } = useTranslation();
  const { locale, children } = useLoaderData<typeof loader>();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack narrow-wide">
      <div className="page-title">
        <h1>{t("children.title")}</h1>
        <Link className="button button--primary" to="/children/new">
          {t("children.add")}
        </Link>
      </div>
      <Notice text={notice ? t(`children.notice_${notice}`) : null} />
      {children.length === 0 ? <p className="muted">{t("children.empty")}</p> : null}
      <ul className="organiser-list">
        {children.map((c) => (
          <li key={c.id} className="card organiser-list__item">
            <div>
              <h2 className="organiser-list__title">
                <Link to={`/children/${c.id}`}>
                  {c.last_name} {c.first_name}
                </Link>
              </h2>
              <p className="muted small">
                {c.birth_date ? formatDate(c.birth_date, locale) : null}
                {c.age !== null ? ` · ${t("children.age", { age: c.age })}` : null}
                {c.club ? ` · ${c.club}` : null}
              </p>
            </div>
            <p className="chips">
              <span className={`chip ${c.data_consent ? "" : "chip--warn"}`}>
                {t(c.data_consent ? "children.dataConsentGiven" : "children.dataConsentMissing")}
              </span>
              {c.photo_consent ? <span className="chip">{t("children.photoConsentGiven")}</span> : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
