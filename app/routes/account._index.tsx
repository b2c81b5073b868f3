import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { changePassword, weakPasswordError } from "~/.server/accounts/accounts.server";
import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import { deleteOwnAccount } from "~/.server/accounts/delete-account.server";
import { endSession, revokeAllSessions, startSession } from "~/.server/accounts/session.server";
import { accountPhone, setAccountPhone } from "~/.server/accounts/users.server";
import {
  isNoticeKind,
  NOTICE_KINDS,
  noticePreferences,
  setNoticeWanted,
} from "~/.server/platform/email/notices.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { calendarFeedSince, issueCalendarFeed, revokeCalendarFeed } from "~/.server/schedule/calendar-feed.server";
import { NewPasswordField } from "~/components/account-fields";
import { Notice } from "~/components/notice";
import { SimpleField } from "~/components/simple-field";
import { formatPhone } from "~/domain/phone";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { badRequest } from "~/http/responses";
import { changePasswordSchema, phoneSchema } from "~/schemas/account";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.title");

const NOTICES = [
  "passwordSet",
  "passwordChanged",
  "calendarRevoked",
  "noticesSaved",
  "verifiedSignedIn",
  "phoneSaved",
] as const;
const INTENTS = [
  "changePassword",
  "phone",
  "signOutEverywhere",
  "deleteAccount",
  "calendarLink",
  "calendarRevoke",
  "emailNotice",
] as const;

// The signed-in user's own account.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const [wanted, roles, calendarSince, phone] = await Promise.all([
    noticePreferences(db, user.id),
    rolesOf(db, user.id),
    calendarFeedSince(db, user.id),
    accountPhone(db, user.id),
  ]);
  // The club digest only concerns club leaders (or anyone who turned it off while one).
  const kinds = NOTICE_KINDS.filter((k) => k !== "club_digest" || roles.clubLeaderOf.size > 0 || !wanted[k]);
  return {
    name: user.name,
    email: user.email,
    phone: phone ? formatPhone(phone) : "",
    hasCalendarLink: calendarSince !== null,
    notices: kinds.map((kind) => ({ kind, wanted: wanted[kind] })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const intent = readIntent(formData, INTENTS);
  const db = await getDb();
  if (intent === "calendarLink") {
    // Shown once: only the token's hash is kept, so a lost link is replaced, not looked up.
    const token = await issueCalendarFeed(db, user.id);
    const locale = await getLocale(request);
    return { calendarUrl: `${await publicBaseUrl(request)}/calendar/${token}.ics?lang=${locale}` };
  }
  if (intent === "phone") {
    const result = await validateForm<{ phone: string }, { phone: string | null }>(phoneSchema, formData);
    if (!result.ok) return data({ errors: result.errors }, { status: 400 });
    await setAccountPhone(db, user.id, result.data.phone);
    return redirectWithNotice("/account", "phoneSaved");
  }
  if (intent === "calendarRevoke") {
    await revokeCalendarFeed(db, user.id);
    return redirectWithNotice("/account", "calendarRevoked");
  }
  if (intent === "emailNotice") {
    const kind = formData.get("kind");
    const wanted = formData.get("wanted");
    if (!isNoticeKind(kind) || (wanted !== "1" && wanted !== "0")) throw badRequest();
    await setNoticeWanted(db, user.id, kind, wanted === "1");
    return redirect("/account?notice=noticesSaved#email-notices");
  }
  if (intent === "signOutEverywhere") {
    await revokeAllSessions(db, user.id);
    return endSession(request, "/login");
  }
  if (intent === "deleteAccount") {
    const password = formData.get("deletePassword");
    const outcome = await deleteOwnAccount(db, user.id, typeof password === "string" ? password : "", {
      baseUrl: await publicBaseUrl(request),
      uploads: (await runtime()).uploads,
    });
    if (outcome === "wrong_password")
      return data(
        { errors: { deletePassword: { type: "custom", message: "errors.currentPasswordWrong" } } },
        { status: 400 },
      );
    if (outcome === "staff")
      return data(
        { errors: { deletePassword: { type: "custom", message: "account.deleteAccountStaff" } } },
        { status: 403 },
      );
    return endSession(request, "/login?notice=accountDeleted");
  }
  type Values = { currentPassword: string; password: string };
  const result = await validateForm<Values, Values>(changePasswordSchema, formData);
  if (!result.ok) return data({ errors: result.errors }, { status: 400 });
  const weak = weakPasswordError(result.data.password);
  if (weak) return data({ errors: weak }, { status: 400 });
  if (!(await changePassword(db, user.id, result.data.currentPassword, result.data.password)))
    return data(
      { errors: { currentPassword: { type: "custom", message: "errors.currentPasswordWrong" } } },
      { status: 400 },
    );
  return startSession(request, user.id, "/account?notice=passwordChanged");
}

export default function Account() {
  const { t } = useTranslation();
  const { name, email, phone, hasCalendarLink, notices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  const busy = useNavigation().state !== "idle";
  const errors = (result && "errors" in result ? result.errors : undefined) as
    Record<string, { message?: string }> | undefined;
  const calendarUrl = result && "calendarUrl" in result ? result.calendarUrl : null;
  return (
    <section className="stack narrow-wide">
      <h1>{t("account.title")}</h1>
      <Notice text={notice === "noticesSaved" ? t("notices.saved") : notice ? t(`account.${notice}`) : null} />
      <div className="card stack">
        <p>
          <strong>{name}</strong>
          <br />
          <span className="muted">{email}</span>
        </p>
        <Form method="post" className="stack" noValidate>
          <SimpleField
            name="phone"
            type="tel"
            label={t("account.phone")}
            hint={t("account.phoneHint")}
            autoComplete="tel"
            defaultValue={phone}
            error={errors?.phone?.message ? t(errors.phone.message) : undefined}
            required={false}
          />
          <button type="submit" name="intent" value="phone" className="button" disabled={busy}>
            {t("account.phoneSave")}
          </button>
        </Form>
      </div>
      <div className="card stack">
        <h2>{t("account.changePassword")}</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="changePassword" />
          <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
          <SimpleField
            name="currentPassword"
            label={t("account.currentPassword")}
            type="password"
            autoComplete="current-password"
            error={errors?.currentPassword?.message}
          />
          <NewPasswordField error={errors?.password?.message} />
          <button type="submit" className="button button--primary" disabled={busy}>
            {t("account.changePasswordSubmit")}
          </button>
        </Form>
      </div>
      <div className="card stack" id="email-notices">
        <h2>{t("notices.title")}</h2>
        <p className="muted">{t("notices.lead")}</p>
        <ul className="role-list">
          {notices.map(({ kind, wanted }) => (
            <li key={kind} className="role-list__item">
              <span>
                {t(`notices.kind.${kind}`)}
                <br />
                <strong className={wanted ? undefined : "muted"}>{wanted ? t("notices.on") : t("notices.off")}</strong>
              </span>
              <Form method="post">
                <input type="hidden" name="intent" value="emailNotice" />
                <input type="hidden" name="kind" value={kind} />
                <input type="hidden" name="wanted" value={wanted ? "0" : "1"} />
                <button type="submit" className="button" disabled={busy}>
                  {wanted ? t("notices.turnOff") : t("notices.turnOn")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </div>
      <div className="card stack">
        <h2>{t("account.calendar")}</h2>
        <p className="muted">{t("account.calendarLead")}</p>
        {calendarUrl ? (
          <div className="stack" role="status">
            <label className="field">
              <span>{t("account.calendarUrl")}</span>
              <input type="text" readOnly value={calendarUrl} onFocus={(e) => e.currentTarget.select()} />
            </label>
            <p className="muted small">{t("account.calendarOnce")}</p>
          </div>
        ) : hasCalendarLink ? (
          <p>{t("account.calendarActive")}</p>
        ) : null}
        <Form method="post" className="status-actions">
          <button type="submit" name="intent" value="calendarLink" className="button">
            {t(hasCalendarLink || calendarUrl ? "account.calendarRenew" : "account.calendarCreate")}
          </button>
          {hasCalendarLink || calendarUrl ? (
            <button type="submit" name="intent" value="calendarRevoke" className="button button--quiet">
              {t("account.calendarRevoke")}
            </button>
          ) : null}
        </Form>
      </div>
      <div className="card stack">
        <h2>{t("account.myData")}</h2>
        <p className="muted">{t("account.myDataLead")}</p>
        <p>
          <a className="button" href="/account/data" download>
            {t("account.downloadData")}
          </a>
        </p>
      </div>
      <div className="card stack">
        <h2>{t("account.deleteAccount")}</h2>
        <p className="muted">{t("account.deleteAccountLead")}</p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="deleteAccount" />
          <SimpleField
            name="deletePassword"
            label={t("account.deleteAccountPassword")}
            type="password"
            autoComplete="current-password"
            error={errors?.deletePassword?.message}
          />
          <button type="submit" className="button button--danger" disabled={busy}>
            {t("account.deleteAccountSubmit")}
          </button>
        </Form>
      </div>
      <div className="card stack">
        <h2>{t("account.sessions")}</h2>
        <Form method="post">
          <button type="submit" name="intent" value="signOutEverywhere" className="button">
            {t("account.signOutEverywhere")}
          </button>
        </Form>
      </div>
    </section>
  );
}
