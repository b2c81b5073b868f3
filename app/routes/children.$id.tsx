import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { validateChildForm } from "~/.server/registration/child-form.server";
import {
  childValues,
  currentConsentTexts,
  deleteChild,
  getChild,
  giveConsent,
  updateChild,
  withdrawConsent,
} from "~/.server/registration/children.server";
import { listClubChoices } from "~/.server/registration/clubs.server";
import { BackLink } from "~/components/back-link";
import { ChildFields } from "~/components/child-fields";
import { ConsentText } from "~/components/consent-text";
import { Notice } from "~/components/notice";
import { todayIn } from "~/domain/time";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest, invariantResponse, notFound } from "~/http/responses";
import { formatDateTime } from "~/i18n/format";
import { childSchema, type ChildValues } from "~/schemas/child";

export const meta: MetaFunction = ({ matches }) => titled(matches, "children.title");

const NOTICES = ["saved", "consentGiven", "consentWithdrawn"] as const;
const KINDS = ["data", "photo_video"] as const;
const INTENTS = ["save", "giveConsent", "withdrawConsent", "delete"] as const;

// Only the child's own guardian; anyone else gets 404, exactly as for a child that doesn't exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const child = await getChild(db, { guardianId: user.id }, requireId(params.id));
  if (!child) throw notFound();
  const [texts, clubs] = await Promise.all([currentConsentTexts(db), listClubChoices(db, { keep: child.club_id })]);
  return {
    locale: await getLocale(request),
    today: todayIn(),
    clubs,
    texts,
    child: {
      id: child.id,
      values: childValues(child),
      consents: child.consents.map((c) => ({
        ...c,
        given_at: c.given_at.toISOString(),
        withdrawn_at: c.withdrawn_at?.toISOString() ?? null,
      })),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = requireId(params.id);
  const owner = { guardianId: user.id };
  const db = await getDb();
  const child = await getChild(db, owner, id);
  if (!child) throw notFound();
  const formData = await readForm(request);
  const intent = readIntent(formData, INTENTS);
  if (intent === "giveConsent" || intent === "withdrawConsent") {
    const kind = KINDS.find((k) => k === formData.get("kind"));
    if (!kind) throw badRequest();
    const change = intent === "giveConsent" ? giveConsent : withdrawConsent;
    invariantResponse(await change(db, owner, id, kind));
    throw redirectWithNotice(`/children/${id}`, intent === "giveConsent" ? "consentGiven" : "consentWithdrawn");
  }
  if (intent === "delete") {
    const { uploads } = await runtime();
    const outcome = await deleteChild(db, owner, id, await publicBaseUrl(request), uploads);
    invariantResponse(outcome !== "missing");
    throw redirectWithNotice("/children", outcome === "anonymised" ? "anonymised" : "deleted");
  }
  const result = await validateChildForm<ChildValues, ReturnType<typeof childSchema.parse>>(
    db,
    childSchema,
    formData,
    child.club_id,
  );
  if (!result.ok) return data({ values: result.values, errors: result.errors }, { status: 400 });
  invariantResponse(await updateChild(db, owner, id, result.data));
  throw redirectWithNotice(`/children/${id}`, "saved");
}

export default function ChildPage() {
  const { t } = useTranslation();
  const { locale, today, clubs, texts, child } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  const standing = (kind: string) => child.consents.find((c) => c.kind === kind && !c.withdrawn_at);
  return (
    <section className="stack narrow-wide">
      <BackLink to="/children">{t("children.title")}</BackLink>
      <h1>
        {child.values.lastName} {child.values.firstName}
      </h1>
      <Notice text={notice ? t(`children.notice_${notice}`) : null} />
      {!standing("data") ? <p className="alert alert--warning">{t("children.dataConsentNeeded")}</p> : null}
      <Form method="post" className="card stack" noValidate>
        <ChildFields
          values={(result?.values as Record<string, string> | undefined) ?? child.values}
          errors={result?.errors as Record<string, { message?: string }>}
          clubs={clubs}
          maxBirthDate={today}
        />
        <button type="submit" name="intent" value="save" className="button button--primary">
          {t("children.save")}
        </button>
      </Form>
      <div className="card stack">
        <h2>{t("children.consents")}</h2>
        {KINDS.map((kind) => {
          const current = standing(kind);
          return (
            <div key={kind} className="consent-row">
              <ConsentText text={texts[kind]} locale={locale} />
              <p className="small">
                {current
                  ? t("children.consentSince", {
                      date: formatDateTime(current.given_at, locale, "Asia/Almaty"),
                      version: current.version,
                    })
                  : t("children.consentNone")}
              </p>
              <Form method="post">
                <input type="hidden" name="kind" value={kind} />
                {current ? (
                  <button type="submit" name="intent" value="withdrawConsent" className="button">
                    {t("children.withdraw")}
                  </button>
                ) : (
                  <button type="submit" name="intent" value="giveConsent" className="button button--primary">
                    {t(`children.give_${kind}`)}
                  </button>
                )}
              </Form>
            </div>
          );
        })}
        <details>
          <summary>{t("children.history")}</summary>
          <ul className="small">
            {child.consents.map((c) => (
              <li key={c.id}>
                {t(`children.consentTitle_${c.kind}`)} · v{c.version} ·{" "}
                {formatDateTime(c.given_at, locale, "Asia/Almaty")}
                {c.withdrawn_at
                  ? ` → ${t("children.withdrawnAt", { date: formatDateTime(c.withdrawn_at, locale, "Asia/Almaty") })}`
                  : ""}
              </li>
            ))}
          </ul>
        </details>
      </div>
      <div className="card stack">
        <h2>{t("children.deleteTitle")}</h2>
        <p className="muted">{t("children.deleteLead")}</p>
        <Form
          method="post"
          onSubmit={(e) => {
            if (!confirm(t("children.deleteConfirm"))) e.preventDefault();
          }}
        >
          <button type="submit" name="intent" value="delete" className="button button--danger">
            {t("children.delete")}
          </button>
        </Form>
      </div>
    </section>
  );
}
