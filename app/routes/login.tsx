import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { resendVerification } from "~/.server/accounts/accounts.server";
import { rolesOf, safeRedirect, verifyLogin } from "~/.server/accounts/auth.server";
import {
  clientIp,
  countFailure,
  enforceRateLimit,
  RATE_LIMITS,
  refuseWhenLimited,
} from "~/.server/accounts/rate-limit.server";
import { getSessionUser, startSession } from "~/.server/accounts/session.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { FieldError } from "~/components/field";
import { loginSchema } from "~/schemas/login";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account"));
  return null;
}

const NOTICES = ["verified", "passwordReset"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(request, "login.ip", clientIp(context), RATE_LIMITS.login.ip);
  const parsed = loginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ error: null, fields }, { status: 400 });
  }
  // Failed sign-ins per account are limited, whether or not the account exists, so the limit
  // reveals nothing; a correct password never counts, so nobody is locked out by their own use.
  const account = parsed.data.email.trim().toLowerCase();
  await refuseWhenLimited("login.account", account, RATE_LIMITS.login.account);
  const db = await getDb();
  const user = await verifyLogin(db, parsed.data.email, parsed.data.password);
  if (!user) {
    await countFailure("login.account", account, RATE_LIMITS.login.account);
    return data({ error: "login.failed", fields: {} as Record<string, string> }, { status: 400 });
  }
  if (!user.verified) {
    // The right password proves the account is theirs; a new link replaces a lost one.
    await resendVerification(db, user.id, await publicBaseUrl(request));
    return redirect("/check-email?reason=verify");
  }
  const roles = await rolesOf(db, user.id);
  const home = roles.admin || roles.canCreateEvents || roles.organiserOf.size > 0 ? "/organiser" : "/";
  return startSession(request, user.id, safeRedirect(parsed.data.redirectTo, home));
}

export default function Login() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const notice = NOTICES.find((n) => n === params.get("notice"));
  return (
    <section className="narrow card stack">
      <h1>{t("login.title")}</h1>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t(`account.${notice}`)}
        </p>
      ) : null}
      {result?.error ? (
        <p className="alert alert--error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="email">{t("login.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            aria-invalid={Boolean(result?.fields.email)}
            aria-describedby={result?.fields.email ? "email-error" : undefined}
          />
          <FieldError id="email-error" message={result?.fields.email} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={Boolean(result?.fields.password)}
            aria-describedby={result?.fields.password ? "password-error" : undefined}
          />
          <FieldError id="password-error" message={result?.fields.password} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="small">
        <Link to="/forgot-password">{t("account.forgotLink")}</Link>
        <br />
        {t("account.noAccount")} <Link to="/signup">{t("nav.signUp")}</Link>
      </p>
      <p className="muted small">{t("login.demoAccounts")}</p>
    </section>
  );
}
