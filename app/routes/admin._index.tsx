import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireAdmin } from "~/.server/accounts/auth.server";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export default function AdminHome() {
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1>{t("admin.title")}</h1>
      <ul className="admin-links">
        <li className="card">
          <Link to="/admin/users">{t("admin.users")}</Link>
          <p className="muted small">{t("admin.usersLead")}</p>
        </li>
        <li className="card">
          <Link to="/admin/audit">{t("admin.audit")}</Link>
          <p className="muted small">{t("admin.auditLead")}</p>
        </li>
        <li className="card">
          <Link to="/admin/outbox">{t("admin.outbox")}</Link>
          <p className="muted small">{t("admin.outboxLead")}</p>
        </li>
        <li className="card">
          <Link to="/clubs">{t("clubs.listTitle")}</Link>
          <p className="muted small">{t("clubs.adminLead")}</p>
        </li>
      </ul>
    </section>
  );
}
