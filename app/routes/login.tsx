import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { safeRedirect, verifyLogin } from "~/.server/auth.server";
import { getDb } from "~/.server/runtime.server";
import { getSessionUser, startSession } from "~/.server/session.server";
import { FieldError } from "~/components/field";
import { loginSchema } from "~/schemas/login";

export const meta: MetaFunction = () => [{ title: "Toi" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/organiser"));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = loginSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ error: null, fields }, { status: 400 });
  }
  const user = await verifyLogin(await getDb(), parsed.data.email, parsed.data.password);
  if (!user) return data({ error: "login.failed", fields: {} as Record<string, string> }, { status: 400 });
  return startSession(user.id, safeRedirect(parsed.data.redirectTo, "/organiser"));
}

export default function Login() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card">
      <h1>{t("login.title")}</h1>
      {result?.error ? <p className="alert alert--error" role="alert">{t(result.error)}</p> : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="email">{t("login.email")}</label>
          <input id="email" name="email" type="email" autoComplete="username" required
            aria-invalid={Boolean(result?.fields.email)} aria-describedby={result?.fields.email ? "email-error" : undefined} />
          <FieldError id="email-error" message={result?.fields.email} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required
            aria-invalid={Boolean(result?.fields.password)} aria-describedby={result?.fields.password ? "password-error" : undefined} />
          <FieldError id="password-error" message={result?.fields.password} />
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>{t("login.submit")}</button>
      </Form>
      <p className="muted small">{t("login.demoAccounts")}</p>
    </section>
  );
}
