import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { entryMoveChoices, moveFromForm } from "~/.server/events/round-moves.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { decideFromForm } from "~/.server/registration/decide-entry.server";
import { organiserEntry } from "~/.server/registration/organiser-entries.server";
import { BackLink } from "~/components/back-link";
import { Notice } from "~/components/notice";
import { EntryMove } from "~/components/organiser-entries/entry-move";
import { MOVE_NOTICES } from "~/components/organiser-entries/move-notices";
import { OrganiserEntry } from "~/components/organiser-entries/organiser-entry";
import { queryWith } from "~/domain/paging";
import { requireId } from "~/forms/ids";
import { readForm } from "~/http/forms";
import { titleOf } from "~/http/meta";
import { redirectWithNotice, useNotice } from "~/http/notices";
import { notFound } from "~/http/responses";
import { createI18n } from "~/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  { title: titleOf(matches, [data?.heading, data?.event.title]) },
  { name: "robots", content: "noindex" },
];

// The event's organisers and admins only; an entry of another event is not found.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { eventId } = await requireEventRole(request, params.id, "organiser");
  const locale = await getLocale(request);
  const db = await getDb();
  const entryId = requireId(params.entryId);
  const page = await organiserEntry(db, eventId, entryId, locale);
  if (!page) throw notFound();
  const heading = createI18n(locale).t("organiserEntries.entryHeading", { reference: page.entry.reference });
  return { locale, heading, ...page, moves: await entryMoveChoices(db, eventId, entryId, locale) };
}

// Decided here or in the table, the organiser goes back to the table as they left it.
export async function action({ request, params }: ActionFunctionArgs) {
  const { eventId, user } = await requireEventRole(request, params.id, "organiser");
  const form = await readForm(request);
  if (form.get("intent") === "move") {
    // A move stays on the entry's page, with what came of it.
    const entryId = requireId(params.entryId);
    const moved = await moveFromForm(await getDb(), user, {
      eventId,
      entryIds: [entryId],
      form,
      baseUrl: await publicBaseUrl(request),
    });
    throw redirectWithNotice(`/organiser/events/${eventId}/entries/${entryId}`, moved.notice, { count: moved.count });
  }
  const decided = await decideFromForm(await getDb(), user, eventId, form, await publicBaseUrl(request));
  if ("error" in decided) return data(decided, { status: 400 });
  throw redirectWithNotice(`/organiser/events/${eventId}/entries${new URL(request.url).search}`, decided.notice);
}

export default function OrganiserEntryPage() {
  const { t } = useTranslation();
  const { locale, heading, event, entry, moves } = useLoaderData<typeof loader>();
  const moved = useNotice(MOVE_NOTICES);
  const failed = useActionData<typeof action>();
  const back = `/organiser/events/${event.id}/entries${queryWith(useLocation().search, { notice: null })}`;
  return (
    <section className="stack">
      <BackLink to={back}>{t("organiserEntries.title")}</BackLink>
      <h1>{heading}</h1>
      <Notice
        text={moved ? t(`seasonGraph.move.notice_${moved}`, { count: 1, refused: 0 }) : null}
        tone={moved === "moved" ? "success" : "error"}
      />
      <OrganiserEntry entry={entry} locale={locale} timeZone={event.timezone} error={failed?.error} />
      <EntryMove entryId={entry.id} choices={moves} />
    </section>
  );
}
