import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { runtime } from "~/.server/platform/runtime.server";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "privacy.title", { index: true });

/** The notice's sections, in the order a guardian asks: what, why, who, photos, how long, their rights, where. */
const SECTIONS = ["what", "why", "who", "photo", "howLong", "rights", "where"] as const;

// A public page; it states the retention this deployment is set to (EMAIL_RETENTION_DAYS).
export async function loader() {
  const { env } = await runtime();
  return { emailRetentionDays: env.EMAIL_RETENTION_DAYS };
}

export default function Privacy() {
  const { t } = useTranslation();
  const { emailRetentionDays } = useLoaderData<typeof loader>();
  return (
    <article className="stack prose">
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.lead")}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`}>{t(`privacy.sections.${s}.title`)}</h2>
          <p>{t(`privacy.sections.${s}.body`)}</p>
          {s === "howLong" ? <p>{t("privacy.sections.howLong.housekeeping", { days: emailRetentionDays })}</p> : null}
        </section>
      ))}
      <p className="muted small">{t("privacy.updated")}</p>
    </article>
  );
}
