import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { changePassword, weakPasswordError } from "~/.server/accounts/accounts.server";
import { requireUser } from "~/.server/accounts/auth.server";
import { deleteOwnAccount } from "~/.server/accounts/delete-account.server";
import { endSession, revokeAllSessions, startSession } from "~/.server/accounts/session.server";
import { getDb, runtime } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { NewPasswordField } from "~/components/account-fields";
import { Notice } from "~/components/notice";
import { SimpleField } from "~/components/simple-field";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { useNotice } from "~/http/notices";
import { changePasswordSchema } from "~/schemas/account";

export const meta: MetaFunction = ({ matches }) => titled(matches, "account.title");

const NOTICES = ["passwordSet", "passwordChanged", "verifiedSignedIn"] as const;
const INTENTS = ["changePassword", "signOutEverywhere", "deleteAccount"] as const;

// The signed-in user's own account.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, email: user.email };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const intent = readIntent(formData, INTENTS);
  const db = await getDb();
  if (intent === "signOutEverywhere") {
    await revokeAllSessions(db, user.id);
    return endSession(request, "/login");
  }
  if (intent === "deleteAccount") {
    const password = formData.get("deletePassword");
    const outcome = await deleteOwnAccount(db, user.id, typeof password === "string" ? password : "", {
      baseUrl: await publicBaseUrl(request),
      uploadDir: (await runtime()).env.UPLOAD_DIR,
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
  const { name, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  const busy = useNavigation().state !== "idle";
  const errors = result?.errors as Record<string, { message?: string }> | undefined;
  return (
    <section className="stack narrow-wide">
      <h1>{t("account.title")}</h1>
      <Notice text={notice ? t(`account.${notice}`) : null} />
      <div className="card stack">
        <p>
          <strong>{name}</strong>
          <br />
          <span className="muted">{email}</span>
        </p>
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
