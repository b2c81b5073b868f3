import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "about.title", { index: true });

// A public page with nothing to load: the loader lets a data request (and the route matrix) get a 200.
export function loader() {
  return null;
}

export default function About() {
  const { t } = useTranslation();
  return (
    <article className="stack prose">
      <h1>{t("about.title")}</h1>
      <p className="lead">{t("about.lead")}</p>
      <p>{t("about.body")}</p>
      <p>
        <Link to="/privacy">{t("about.privacyLink")}</Link>
      </p>
    </article>
  );
}
