import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { peekUnsubscribeToken, unsubscribeWithToken } from "~/.server/platform/email/notices.server";
import { getDb } from "~/.server/platform/runtime.server";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "unsubscribe.title");

/*
 * The one-click unsubscribe link of a bulk notice (RFC 8058), public and authorised by its signed
 * token alone. Opening it changes nothing (mail scanners open links): the page asks, and a POST,
 * from its button or from the mail provider's one-click, turns that kind of notice off. The POST
 * needs no session, and the origin check lets it through from any site (security.server.ts); the
 * body ("List-Unsubscribe=One-Click") says nothing the token does not, so it is not read.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await peekUnsubscribeToken(await getDb(), params.token ?? "");
  if (!found) return data({ kind: null, optedOut: false }, { status: 404 });
  return { kind: found.kind, optedOut: found.optedOut };
}

export async function action({ params }: ActionFunctionArgs) {
  const kind = await unsubscribeWithToken(await getDb(), params.token ?? "");
  if (!kind) return data({ done: false }, { status: 404 });
  return { done: true };
}

export default function Unsubscribe() {
  const { t } = useTranslation();
  const { kind, optedOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!kind || result?.done === false)
    return (
      <section className="narrow card stack">
        <h1>{t("unsubscribe.title")}</h1>
        <p className="alert alert--error" role="alert">
          {t("unsubscribe.invalid")}
        </p>
        <p>
          <Link to="/account">{t("unsubscribe.account")}</Link>
        </p>
      </section>
    );
  return (
    <section className="narrow card stack">
      <h1>{t("unsubscribe.title")}</h1>
      <p>
        <strong>{t(`notices.kind.${kind}`)}</strong>
      </p>
      {result?.done || optedOut ? (
        <>
          <p className="alert alert--success" role="status">
            {result?.done ? t("unsubscribe.done") : t("unsubscribe.already")}
          </p>
          <p>
            <Link to="/account#email-notices">{t("unsubscribe.account")}</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <p>{t("unsubscribe.lead")}</p>
          <button type="submit" className="button button--primary">
            {t("unsubscribe.submit")}
          </button>
        </Form>
      )}
    </section>
  );
}
