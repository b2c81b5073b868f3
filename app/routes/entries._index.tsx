import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { listFamilyEntries } from "~/.server/registration/family-entries.server";
import { EntryStatusBadge } from "~/components/entry-status";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "myEntries.title");

// The signed-in family's own entries: every entry any of its children is in.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  return { entries: await listFamilyEntries(await getDb(), user.id, locale) };
}

export default function MyEntries() {
  const { t } = useTranslation();
  const { entries } = useLoaderData<typeof loader>();
  return (
    <section className="stack narrow-wide">
      <h1>{t("myEntries.title")}</h1>
      {entries.length === 0 ? (
        <p className="muted">
          {t("myEntries.none")} <Link to="/">{t("nav.home")}</Link>
        </p>
      ) : null}
      <ul className="organiser-list">
        {entries.map((e) => (
          <li key={e.reference} className="card organiser-list__item">
            <div>
              <p className="muted small">{e.eventTitle}</p>
              <h2 className="organiser-list__title">
                <Link to={`/entries/${e.reference}`}>{e.nominationName}</Link>
              </h2>
              <p className="small">{e.memberNames.join(", ")}</p>
            </div>
            <EntryStatusBadge status={e.status} position={e.waitlistPosition} reference={e.reference} />
          </li>
        ))}
      </ul>
    </section>
  );
}
