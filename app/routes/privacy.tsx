import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";

import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "privacy.title", { index: true });

/** The notice's sections, in the order a guardian asks: what, why, who, photos, how long, their rights, where. */
const SECTIONS = ["what", "why", "who", "photo", "howLong", "rights", "where"] as const;

// A public page with nothing to load: the loader lets a data request (and the route matrix) get a 200.
export function loader() {
  return null;
}

export default function Privacy() {
  const { t } = useTranslation();
  return (
    <article className="stack prose">
      <h1>{t("privacy.title")}</h1>
      <p className="lead">{t("privacy.lead")}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`}>{t(`privacy.sections.${s}.title`)}</h2>
          <p>{t(`privacy.sections.${s}.body`)}</p>
        </section>
      ))}
      <p className="muted small">{t("privacy.updated")}</p>
    </article>
  );
}
