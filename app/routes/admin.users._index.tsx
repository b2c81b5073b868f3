import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { inviteStaff } from "~/.server/accounts/accounts.server";
import { requireAdmin } from "~/.server/accounts/auth.server";
import { listUsers, scopeChoices } from "~/.server/accounts/users.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { EmailField, LocaleOptions } from "~/components/account-fields";
import { Field } from "~/components/field";
import { RoleScopeFields } from "~/components/role-scope-fields";
import { SearchForm } from "~/components/search-form";
import { SimpleField } from "~/components/simple-field";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { inviteSchema, type InviteValues } from "~/schemas/staff";

export const meta: MetaFunction = ({ matches }) => titled(matches, "admin.users");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const locale = await getLocale(request);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  const db = await getDb();
  const [users, choices] = await Promise.all([listUsers(db, q), scopeChoices(db, locale)]);
  return { locale, q, users, ...choices };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireAdmin(request);
  const result = await validateForm<InviteValues, ReturnType<typeof inviteSchema.parse>>(
    inviteSchema,
    await readForm(request),
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  const { userId } = await inviteStaff(await getDb(), user, result.data, await publicBaseUrl(request));
  return redirectWithNotice(`/admin/users/${userId}`, "invited");
}

export default function AdminUsers() {
  const { t } = useTranslation();
  const { locale, q, users, events, clubs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params] = useSearchParams();
  const errors = result?.errors as Record<string, { message?: string }> | undefined;
  return (
    <section className="stack">
      <h1>{t("admin.users")}</h1>
      <details className="card" open={Boolean(result) || params.has("invite")}>
        <summary className="summary-button">{t("admin.invite")}</summary>
        <Form method="post" className="stack" noValidate>
          <div className="grid-2">
            <EmailField defaultValue={result?.values.email} error={errors?.email?.message} />
            <SimpleField
              name="name"
              label={t("account.name")}
              defaultValue={result?.values.name}
              error={errors?.name?.message}
            />
            <Field name="locale" label={t("account.preferredLanguage")} error={errors?.locale?.message}>
              {(p) => (
                <select {...p} name="locale" defaultValue={result?.values.locale ?? locale}>
                  <LocaleOptions />
                </select>
              )}
            </Field>
          </div>
          <RoleScopeFields events={events} clubs={clubs} values={result?.values} errors={errors} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("admin.sendInvite")}
          </button>
        </Form>
      </details>
      <SearchForm id="q" q={q} label={t("admin.search")} submit={t("admin.searchSubmit")} />
      <ul className="organiser-list">
        {users.map((u) => (
          <li key={u.id} className="card organiser-list__item">
            <div>
              <h2 className="organiser-list__title">
                <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
              </h2>
              <p className="muted small">
                {u.email}
                {u.email_verified_at ? "" : ` · ${t("admin.notVerified")}`}
              </p>
            </div>
            <p className="chips">
              {u.roles.map((r) => (
                <span key={r} className="chip">
                  {t(`role.${r}`)}
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
      {users.length === 0 ? <p className="muted">{t("admin.noUsers")}</p> : null}
    </section>
  );
}
