import { type ActionFunctionArgs, data, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requestPasswordReset } from "~/.server/accounts/accounts.server";
import { clientIp, enforceRateLimit, RATE_LIMITS } from "~/.server/accounts/rate-limit.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { EmailField } from "~/components/account-fields";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { emailOnlySchema } from "~/schemas/account";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.forgotTitle");

// Public. The answer is the same whether or not the email has an account.
export async function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  await enforceRateLimit(request, "passwordReset.ip", clientIp(context), RATE_LIMITS.passwordReset.ip);
  const result = await validateForm<{ email: string }, { email: string }>(emailOnlySchema, await readForm(request));
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  await enforceRateLimit(
    request,
    "passwordReset.account",
    result.data.email.toLowerCase(),
    RATE_LIMITS.passwordReset.account,
  );
  await requestPasswordReset(await getDb(), result.data.email, await publicBaseUrl(request));
  return redirect("/check-email?reason=reset");
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="narrow card stack">
      <h1>{t("account.forgotTitle")}</h1>
      <p className="muted">{t("account.forgotLead")}</p>
      <Form method="post" className="stack" noValidate>
        <EmailField
          autoComplete="email"
          defaultValue={result?.values.email}
          error={(result?.errors as { email?: { message?: string } } | undefined)?.email?.message}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("account.forgotSubmit")}
        </button>
      </Form>
    </section>
  );
}
