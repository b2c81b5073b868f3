import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { canManageEvent, rolesOf } from "~/.server/accounts/auth.server";
import { getSessionUser } from "~/.server/accounts/session.server";
import { eventPage } from "~/.server/events/public-events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { hasPublishedResults } from "~/.server/results/public-results.server";
import { hasPublishedProgramme } from "~/.server/schedule/public-programme.server";
import { EventDetails } from "~/components/event-details";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.event.title} — Toi` },
        { name: "description", content: data.event.description.slice(0, 200) },
        ...(data.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: "Toi" }];

// Public for published events; a draft is a preview for its organisers and a 404 for everyone else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const canPreview = async (eventId: number) => {
    const user = await getSessionUser(request);
    return user ? canManageEvent(await rolesOf(db, user.id), eventId) : false;
  };
  const event = await eventPage(db, params.slug ?? "", locale, canPreview);
  if (!event) throw notFound();
  const [hasProgramme, hasResults] = await Promise.all([
    hasPublishedProgramme(db, event.id),
    hasPublishedResults(db, event.id),
  ]);
  // The results page shows published events only, so a draft's preview does not link to it.
  return { locale, event: { ...event, hasProgramme, hasResults: hasResults && event.status === "published" } };
}

export default function EventRoute() {
  const { locale, event } = useLoaderData<typeof loader>();
  return <EventDetails event={event} locale={locale} />;
}
