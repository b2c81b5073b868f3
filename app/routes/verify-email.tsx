import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { confirmEmail, peekToken } from "~/.server/accounts/accounts.server";
import { getDb } from "~/.server/platform/runtime.server";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { redirectWithNotice } from "~/http/notices";
import { badRequest } from "~/http/responses";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.verifyTitle");

// Public, authorised by the token. Opening the link changes nothing (mail scanners open links);
// the button's POST confirms.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid =
    token.length > 0 && token.length <= 200 && Boolean(await peekToken(await getDb(), token, ["verify_email"]));
  return { token, valid };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = String((await readForm(request)).get("token") ?? "");
  if (!token || token.length > 200) throw badRequest();
  const ok = await confirmEmail(await getDb(), token);
  return ok ? redirectWithNotice("/login", "verified") : redirect("/verify-email?token=");
}

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { token, valid } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card stack">
      <h1>{t("account.verifyTitle")}</h1>
      {valid ? (
        <Form method="post" className="stack">
          <input type="hidden" name="token" value={token} />
          <p>{t("account.verifyLead")}</p>
          <button type="submit" className="button button--primary">
            {t("account.verifySubmit")}
          </button>
        </Form>
      ) : (
        <>
          <p className="alert alert--error" role="alert">
            {t("account.linkInvalid")}
          </p>
          <p>
            <Link to="/login">{t("nav.signIn")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
