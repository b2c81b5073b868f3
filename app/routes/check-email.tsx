import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.checkEmailTitle");

const REASONS = ["signup", "reset", "verify"] as const;

// Public: a notice after sign-up, reset requests and unverified sign-ins; it reveals nothing.
export async function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get("reason");
  return { reason: REASONS.find((r) => r === reason) ?? "signup" };
}

export default function CheckEmail() {
  const { t } = useTranslation();
  const { reason } = useLoaderData<typeof loader>();
  return (
    <section className="narrow card stack" role="status">
      <h1>{t("account.checkEmailTitle")}</h1>
      <p>{t(`account.checkEmail_${reason}`)}</p>
      <p className="muted small">{t("account.checkEmailSpam")}</p>
    </section>
  );
}
