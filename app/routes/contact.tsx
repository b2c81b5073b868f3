import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { runtime } from "~/.server/platform/runtime.server";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "contact.title", { index: true });

export async function loader(_: LoaderFunctionArgs) {
  const { env } = await runtime();
  return { email: env.CONTACT_EMAIL ?? null };
}

export default function Contact() {
  const { t } = useTranslation();
  const { email } = useLoaderData<typeof loader>();
  return (
    <article className="stack prose">
      <h1>{t("contact.title")}</h1>
      <p>{t("contact.event")}</p>
      <p>{t("contact.data")}</p>
      <p>
        {email ? (
          <>
            {t("contact.email")} <a href={`mailto:${email}`}>{email}</a>
          </>
        ) : (
          t("contact.noEmail")
        )}
      </p>
    </article>
  );
}
