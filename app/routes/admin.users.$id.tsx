import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { grantRole, revokeRole } from "~/.server/accounts/accounts.server";
import { requireAdmin } from "~/.server/accounts/auth.server";
import { getUserWithMemberships, membershipOwner, scopeChoices, userExists } from "~/.server/accounts/users.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { BackLink } from "~/components/back-link";
import { RoleScopeFields } from "~/components/role-scope-fields";
import { parseId, requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, notFound } from "~/http/responses";
import { roleScopeSchema, type RoleScopeValues } from "~/schemas/staff";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "admin.users", { context: [data?.user?.name] });

const NOTICES = ["invited", "granted", "revoked", "selfAdmin"] as const;
const INTENTS = ["grant", "revoke"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const locale = await getLocale(request);
  const db = await getDb();
  const user = await getUserWithMemberships(db, requireId(params.id), locale);
  if (!user) throw notFound();
  return { user, ...(await scopeChoices(db, locale)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: admin } = await requireAdmin(request);
  const userId = requireId(params.id);
  const db = await getDb();
  if (!(await userExists(db, userId))) throw notFound();
  const formData = await readForm(request);
  const intent = readIntent(formData, INTENTS);
  if (intent === "revoke") {
    const membershipId = parseId(formData.get("membershipId"));
    if (!membershipId) throw badRequest();
    if ((await membershipOwner(db, membershipId)) !== userId) throw notFound();
    const outcome = await revokeRole(db, admin, membershipId);
    return redirectWithNotice(`/admin/users/${userId}`, outcome === "self_admin" ? "selfAdmin" : "revoked");
  }
  const result = await validateForm<RoleScopeValues, ReturnType<typeof roleScopeSchema.parse>>(
    roleScopeSchema,
    formData,
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  await grantRole(db, admin, userId, result.data.role, result.data);
  return redirectWithNotice(`/admin/users/${userId}`, "granted");
}

export default function AdminUser() {
  const { t } = useTranslation();
  const { user, events, clubs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  return (
    <section className="stack">
      <BackLink to="/admin/users">{t("admin.users")}</BackLink>
      <h1>{user.name}</h1>
      <p className="muted">
        {user.email}
        {user.email_verified_at ? "" : ` · ${t("admin.notVerified")}`}
      </p>
      {notice ? (
        <p className={`alert ${notice === "selfAdmin" ? "alert--error" : "alert--success"}`} role="status">
          {t(`admin.notice_${notice}`)}
        </p>
      ) : null}
      <div className="card stack">
        <h2>{t("admin.roles")}</h2>
        {user.memberships.length === 0 ? <p className="muted">{t("admin.noRoles")}</p> : null}
        <ul className="role-list">
          {user.memberships.map((m) => (
            <li key={m.id} className="role-list__item">
              <span>
                <strong>{t(`role.${m.role}`)}</strong>
                {m.event ? <span className="muted"> · {m.event}</span> : null}
                {m.club ? <span className="muted"> · {m.club}</span> : null}
              </span>
              <Form method="post">
                <input type="hidden" name="membershipId" value={m.id} />
                <button type="submit" name="intent" value="revoke" className="button button--quiet">
                  {t("admin.revoke")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </div>
      <div className="card stack">
        <h2>{t("admin.grant")}</h2>
        <Form method="post" className="stack" noValidate>
          <RoleScopeFields
            events={events}
            clubs={clubs}
            values={result?.values}
            errors={result?.errors as Record<string, { message?: string }> | undefined}
          />
          <button type="submit" name="intent" value="grant" className="button button--primary">
            {t("admin.grantSubmit")}
          </button>
        </Form>
      </div>
    </section>
  );
}
