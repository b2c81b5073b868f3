import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { confirmEmail, peekToken } from "~/.server/accounts/accounts.server";
import { startSession } from "~/.server/accounts/session.server";
import { getDb } from "~/.server/platform/runtime.server";
import { siteOrigin } from "~/.server/platform/urls.server";
import { readForm } from "~/http/forms";
import { titled } from "~/http/meta";
import { afterSignIn } from "~/http/redirects";
import { badRequest } from "~/http/responses";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.verifyTitle");

// Public, authorised by the token. Opening the link changes nothing (mail scanners open links);
// the button's POST confirms, signs the owner in and takes them where they were going.
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const token = params.get("token") ?? "";
  const valid =
    token.length > 0 && token.length <= 200 && Boolean(await peekToken(await getDb(), token, ["verify_email"]));
  return { token, valid, redirectTo: afterSignIn(params.get("redirectTo"), "", await siteOrigin(request)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const token = String(form.get("token") ?? "");
  if (!token || token.length > 200) throw badRequest();
  const userId = await confirmEmail(await getDb(), token);
  if (userId === null) return redirect("/verify-email?token=");
  const to = afterSignIn(form.get("redirectTo"), "/account?notice=verifiedSignedIn", await siteOrigin(request));
  return startSession(request, userId, to);
}

export default function VerifyEmail() {
  const { t } = useTranslation();
  const { token, valid, redirectTo } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card stack">
      <h1>{t("account.verifyTitle")}</h1>
      {valid ? (
        <Form method="post" className="stack">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
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
