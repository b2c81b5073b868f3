import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { inviteStaff } from "~/.server/accounts/accounts.server";
import { requireUser, rolesOf } from "~/.server/accounts/auth.server";
import {
  clubAccess,
  clubDetails,
  removeClubLeader,
  setClubArchived,
  updateClub,
} from "~/.server/clubs/manage-clubs.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { LocaleOptions } from "~/components/account-fields";
import { BackLink } from "~/components/back-link";
import { ClubFields } from "~/components/club-fields";
import { Field } from "~/components/field";
import { Notice } from "~/components/notice";
import { SimpleField } from "~/components/simple-field";
import { requireId } from "~/forms/ids";
import { validateForm } from "~/forms/validate";
import { readForm } from "~/http/forms";
import { readIntent } from "~/http/intents";
import { titled } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { forbidden, notFound } from "~/http/responses";
import { type ClubData, clubSchema, type ClubValues } from "~/schemas/club";
import { inviteSchema, type InviteValues } from "~/schemas/staff";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "clubs.editTitle", { context: [data?.club.name] });

const INTENTS = ["save", "archive", "restore", "addLeader", "removeLeader"] as const;
const NOTICES = ["created", "saved", "archived", "restored", "leaderAdded", "leaderRemoved"] as const;

/** The club and what this user may do with it: 404 for no such club, 403 for one that isn't theirs. */
async function clubFor(request: Request, rawId: string | undefined) {
  const clubId = requireId(rawId);
  const user = await requireUser(request);
  const db = await getDb();
  const details = await clubDetails(db, clubId);
  if (!details) throw notFound();
  const access = clubAccess(await rolesOf(db, user.id), clubId);
  if (!access) throw forbidden();
  return { db, user, clubId, details, access };
}

// Admins and the federation's organisers edit any club, archive it and choose its leaders; a
// club's leader edits its details only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { details, access } = await clubFor(request, params.id);
  return { ...details, manage: access === "manage", locale: await getLocale(request) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, clubId, access } = await clubFor(request, params.id);
  const form = await readForm(request);
  const intent = readIntent(form, INTENTS);
  const here = `/clubs/${clubId}/edit`;
  if (intent === "save") {
    const result = await validateForm<ClubValues, ClubData>(clubSchema, form);
    if (!result.ok)
      return data({ form: "details" as const, values: result.values, errors: result.errors }, { status: 400 });
    await updateClub(db, user, clubId, result.data);
    throw redirectWithNotice(here, "saved");
  }
  if (access !== "manage") throw forbidden();
  if (intent === "archive" || intent === "restore") {
    await setClubArchived(db, user, clubId, intent === "archive");
    throw redirectWithNotice(here, intent === "archive" ? "archived" : "restored");
  }
  if (intent === "addLeader") {
    form.set("role", "club_leader");
    form.set("clubId", String(clubId));
    form.delete("eventId");
    const result = await validateForm<InviteValues, ReturnType<typeof inviteSchema.parse>>(inviteSchema, form);
    if (!result.ok)
      return data({ form: "leader" as const, values: result.values, errors: result.errors }, { status: 400 });
    await inviteStaff(db, user, result.data, await publicBaseUrl(request));
    throw redirectWithNotice(here, "leaderAdded");
  }
  // removeLeader: only a leader membership of this very club.
  const membershipId = requireId(String(form.get("membershipId") ?? ""));
  if (!(await removeClubLeader(db, user, clubId, membershipId))) throw notFound();
  throw redirectWithNotice(here, "leaderRemoved");
}

export default function EditClub() {
  const { t } = useTranslation();
  const { club, leaders, manage, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const notice = useNotice(NOTICES);
  const busy = useNavigation().state !== "idle";
  const details = result?.form === "details" ? result : null;
  const leader = result?.form === "leader" ? result : null;
  const leaderErrors = leader?.errors as Record<string, { message?: string }> | undefined;
  return (
    <section className="stack narrow-wide">
      <BackLink to="/clubs">{t("clubs.listTitle")}</BackLink>
      <div className="page-title">
        <h1>{t("clubs.editTitle")}</h1>
        {club.archived ? <span className="pill">{t("clubs.archived")}</span> : null}
      </div>
      <Notice text={notice ? t(`clubs.notice_${notice}`) : null} />
      <Form method="post" className="card stack" noValidate>
        <ClubFields
          values={details?.values ?? club.values}
          errors={details?.errors as Record<string, { message?: string }> | undefined}
        />
        <div>
          <button type="submit" name="intent" value="save" className="button button--primary" disabled={busy}>
            {t("clubs.save")}
          </button>
        </div>
      </Form>

      <section className="card stack" aria-labelledby="leaders-title">
        <h2 id="leaders-title">{t("clubs.leaders")}</h2>
        {leaders.length === 0 ? <p className="muted">{t("clubs.noLeaders")}</p> : null}
        <ul className="leader-list">
          {leaders.map((l) => (
            <li key={l.membershipId} className="status-actions">
              <span>
                {l.name} <span className="muted small">{l.email}</span>
              </span>
              {manage ? (
                <Form method="post">
                  <input type="hidden" name="membershipId" value={l.membershipId} />
                  <button type="submit" name="intent" value="removeLeader" className="button" disabled={busy}>
                    {t("clubs.removeLeader")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {manage ? (
          <Form method="post" className="stack" noValidate>
            <h3>{t("clubs.addLeader")}</h3>
            <p className="field__hint">{t("clubs.addLeaderHint")}</p>
            <div className="grid-3">
              <SimpleField
                name="name"
                label={t("account.name")}
                defaultValue={leader?.values.name}
                error={leaderErrors?.name?.message}
              />
              <SimpleField
                name="email"
                type="email"
                label={t("login.email")}
                defaultValue={leader?.values.email}
                error={leaderErrors?.email?.message}
              />
              <Field name="locale" label={t("account.preferredLanguage")} error={leaderErrors?.locale?.message}>
                {(p) => (
                  <select {...p} name="locale" defaultValue={leader?.values.locale ?? locale}>
                    <LocaleOptions />
                  </select>
                )}
              </Field>
            </div>
            <div>
              <button type="submit" name="intent" value="addLeader" className="button" disabled={busy}>
                {t("clubs.sendInvite")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {manage ? (
        <section className="card stack" aria-labelledby="archive-title">
          <h2 id="archive-title">{t(club.archived ? "clubs.restoreTitle" : "clubs.archiveTitle")}</h2>
          <p className="muted">{t(club.archived ? "clubs.restoreHint" : "clubs.archiveHint")}</p>
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value={club.archived ? "restore" : "archive"}
              className={club.archived ? "button" : "button button--danger"}
              disabled={busy}
            >
              {t(club.archived ? "clubs.restore" : "clubs.archive")}
            </button>
          </Form>
        </section>
      ) : (
        <p>
          <Link to={`/clubs/${club.id}`}>{t("clubs.backToClub")}</Link>
        </p>
      )}
    </section>
  );
}
