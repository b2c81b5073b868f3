import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { clientIp, enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getSessionUser, startSession } from "~/.server/accounts/session.server";
import { signIn } from "~/.server/accounts/sign-in.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl, siteOrigin } from "~/.server/platform/urls.server";
import { FieldError } from "~/components/field";
import { Notice } from "~/components/notice";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { afterSignIn } from "~/http/redirects";
import { loginSchema } from "~/schemas/login";

export const meta: MetaFunction = ({ matches }) => titled(matches, "login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const back = new URL(request.url).searchParams.get("redirectTo");
  if (user) throw redirect(afterSignIn(back, "/account", await siteOrigin(request)));
  return null;
}

const NOTICES = ["verified", "passwordReset", "accountDeleted"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const ip = clientIp(context);
  await enforceRateLimit(request, "login.requests", ip, RATE_LIMITS.login.requests);
  const parsed = loginSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ error: null, fields }, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  const outcome = await signIn(await getDb(), { email, password, ip }, await publicBaseUrl(request));
  if (outcome.status === "failed")
    return data({ error: "login.failed", fields: {} as Record<string, string> }, { status: 400 });
  if (outcome.status === "unverified") return redirect("/check-email?reason=verify");
  return startSession(request, outcome.userId, afterSignIn(redirectTo, outcome.home, await siteOrigin(request)));
}

export default function Login() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const redirectTo = params.get("redirectTo") ?? "";
  const notice = useNotice(NOTICES);
  return (
    <section className="narrow card stack">
      <h1>{t("login.title")}</h1>
      <Notice text={notice ? t(`account.${notice}`) : null} />
      {result?.error ? (
        <p className="alert alert--error" role="alert">
          {t(result.error)}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <LoginField name="email" type="email" autoComplete="username" error={result?.fields.email} />
        <LoginField name="password" type="password" autoComplete="current-password" error={result?.fields.password} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p className="small">
        <Link to="/forgot-password">{t("account.forgotLink")}</Link>
        <br />
        {t("account.noAccount")}{" "}
        <Link to={redirectTo ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup"}>
          {t("nav.signUp")}
        </Link>
      </p>
      <p className="muted small">{t("login.demoAccounts")}</p>
    </section>
  );
}

/** The sign-in form's inputs keep their bare ids (`#email`, `#password`), which password managers and tests know. */
function LoginField({
  name,
  type,
  autoComplete,
  error,
}: {
  name: "email" | "password";
  type: string;
  autoComplete: string;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={name}>{t(`login.${name}`)}</label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      <FieldError id={`${name}-error`} message={error} />
    </div>
  );
}
