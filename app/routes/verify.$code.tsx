import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { verifyDiploma } from "~/.server/results/diplomas/verification.server";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "diplomas.verifyPage.title");

/*
 * A diploma's verification page, which the QR code on the diploma opens: public, and showing only
 * what the public results show of the diploma (event, award, the name as consented, the club). An
 * unknown code, or one whose results are no longer published, is a translated "not found" (404).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const diploma = await verifyDiploma(await getDb(), params.code ?? "", await getLocale(request));
  if (!diploma) return data({ diploma: null }, { status: 404 });
  return { diploma };
}

export default function VerifyDiploma() {
  const { t } = useTranslation();
  const { diploma } = useLoaderData<typeof loader>();
  if (!diploma)
    return (
      <section className="narrow card stack">
        <h1>{t("diplomas.verifyPage.title")}</h1>
        <p className="alert alert--error" role="alert">
          {t("diplomas.verifyPage.notFound")}
        </p>
      </section>
    );
  const names = diploma.performers.map((n) => n ?? t("children.anonymous")).join(", ");
  return (
    <section className="narrow card stack">
      <h1>{t("diplomas.verifyPage.title")}</h1>
      <p className="alert alert--success" role="status">
        {t("diplomas.verifyPage.valid")}
      </p>
      <dl className="facts">
        <dt>{t("diplomas.verifyPage.event")}</dt>
        <dd lang={diploma.event.lang}>{diploma.event.title}</dd>
        <dt>{t("diplomas.verifyPage.award")}</dt>
        {"award" in diploma.prize ? (
          <dd>{t(`results.award.${diploma.prize.award}`)}</dd>
        ) : (
          <dd lang={diploma.prize.lang}>{t("results.public.specialPrize", { name: diploma.prize.specialPrize })}</dd>
        )}
        <dt>{t(diploma.ensemble ? "diplomas.verifyPage.performers" : "diplomas.verifyPage.name")}</dt>
        <dd>{names || t("children.anonymous")}</dd>
        {diploma.clubs.length ? (
          <>
            <dt>{t("diplomas.verifyPage.club")}</dt>
            <dd>{diploma.clubs.join(", ")}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
