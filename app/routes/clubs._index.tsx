import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { listManagedClubs } from "~/.server/registration/clubs.server";
import { titled } from "~/http/meta";
import { forbidden } from "~/http/responses";

export const meta: MetaFunction = ({ matches }) => titled(matches, "clubs.listTitle");

// Club leaders see the clubs they lead; admins see every club.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const roles = await rolesOf(db, user.id);
  if (!roles.admin && roles.clubLeaderOf.size === 0) throw forbidden();
  return { clubs: await listManagedClubs(db, roles) };
}

export default function Clubs() {
  const { t } = useTranslation();
  const { clubs } = useLoaderData<typeof loader>();
  return (
    <section className="stack narrow-wide">
      <h1>{t("clubs.listTitle")}</h1>
      {clubs.length === 0 ? <p className="muted">{t("clubs.listEmpty")}</p> : null}
      <ul className="organiser-list">
        {clubs.map((c) => (
          <li key={c.id} className="card organiser-list__item">
            <h2 className="organiser-list__title">
              <Link to={`/clubs/${c.id}`}>{c.name}</Link>
            </h2>
            <p className="muted small">{t(`city.${c.city}`, { defaultValue: c.city })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
