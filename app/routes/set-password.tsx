import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { peekToken, setPasswordWithToken, weakPasswordError } from "~/.server/accounts/accounts.server";
import { startSession } from "~/.server/accounts/session.server";
import { getDb } from "~/.server/platform/runtime.server";
import { NewPasswordField } from "~/components/account-fields";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { newPasswordSchema } from "~/schemas/account";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.setPasswordTitle");

// Public, authorised by a single-use reset or invitation token.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const found =
    token && token.length <= 200 ? await peekToken(await getDb(), token, ["reset_password", "invite"]) : undefined;
  return { token, purpose: found?.purpose ?? null, email: found?.email ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const result = await validateForm<{ token: string; password: string }, { token: string; password: string }>(
    newPasswordSchema,
    formData,
  );
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  const weak = weakPasswordError(result.data.password);
  if (weak) return data({ errors: weak }, { status: 400 });
  const done = await setPasswordWithToken(await getDb(), result.data.token, result.data.password);
  if (!done) return data({ errors: { token: { type: "custom", message: "account.linkInvalid" } } }, { status: 400 });
  return startSession(request, done.userId, "/account?notice=passwordSet");
}

export default function SetPassword() {
  const { t } = useTranslation();
  const { token, purpose, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors as Record<string, { message?: string }> | undefined;
  if (!purpose || errors?.token) {
    return (
      <section className="narrow card stack">
        <h1>{t("account.setPasswordTitle")}</h1>
        <p className="alert alert--error" role="alert">
          {t("account.linkInvalid")}
        </p>
        <p>
          <Link to="/forgot-password">{t("account.forgotTitle")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow card stack">
      <h1>{t(purpose === "invite" ? "account.inviteTitle" : "account.setPasswordTitle")}</h1>
      {purpose === "invite" ? <p>{t("account.inviteLead")}</p> : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="token" value={token} />
        <input type="email" name="email" autoComplete="username" value={email ?? ""} readOnly hidden />
        <NewPasswordField error={errors?.password?.message} />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("account.setPasswordSubmit")}
        </button>
      </Form>
    </section>
  );
}
