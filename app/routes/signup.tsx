import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { signUp, weakPasswordError } from "~/.server/accounts/accounts.server";
import { clientIp, enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getSessionUser } from "~/.server/accounts/session.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl, siteOrigin } from "~/.server/platform/urls.server";
import { EmailField, LocaleOptions, NewPasswordField } from "~/components/account-fields";
import { Field } from "~/components/field";
import { SimpleField } from "~/components/simple-field";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { afterSignIn } from "~/http/redirects";
import { signupSchema, type SignupValues } from "~/schemas/account";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.signupTitle", { index: true });

// Anyone who is not signed in may sign up.
export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/account");
  return { locale: await getLocale(request) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/account");
  await enforceRateLimit(request, "signup.ip", clientIp(context), RATE_LIMITS.signup.ip);
  const form = await readForm(request);
  const result = await validateForm<SignupValues, ReturnType<typeof signupSchema.parse>>(signupSchema, form);
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  const weak = weakPasswordError(result.data.password);
  if (weak) return data({ values: { ...result.data, password: "" }, errors: weak }, { status: 400 });
  // Where the guardian was going before signing up: the verification link brings them back there.
  const returnTo = afterSignIn(form.get("redirectTo"), "", await siteOrigin(request));
  await signUp(await getDb(), { ...result.data, returnTo }, await publicBaseUrl(request));
  return redirect("/check-email?reason=signup");
}

export default function Signup() {
  const { t } = useTranslation();
  const { locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const redirectTo = useSearchParams()[0].get("redirectTo") ?? "";
  const e = (name: keyof SignupValues) =>
    (result?.errors as Record<string, { message?: string }> | undefined)?.[name]?.message;
  return (
    <section className="narrow card stack">
      <h1>{t("account.signupTitle")}</h1>
      <p className="muted">{t("account.signupLead")}</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <SimpleField
          name="name"
          label={t("account.name")}
          autoComplete="name"
          defaultValue={result?.values.name}
          error={e("name")}
        />
        <EmailField autoComplete="email" defaultValue={result?.values.email} error={e("email")} />
        <NewPasswordField label={t("login.password")} error={e("password")} />
        <Field name="locale" label={t("account.preferredLanguage")} error={e("locale")}>
          {(p) => (
            <select {...p} name="locale" defaultValue={result?.values.locale ?? locale}>
              <LocaleOptions />
            </select>
          )}
        </Field>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("account.signupSubmit")}
        </button>
      </Form>
      <p className="small">
        {t("account.haveAccount")}{" "}
        <Link to={redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login"}>
          {t("nav.signIn")}
        </Link>
      </p>
    </section>
  );
}
