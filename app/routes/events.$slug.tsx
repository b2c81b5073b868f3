import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { previewFor } from "~/.server/events/event-preview.server";
import { eventPageWithLinks } from "~/.server/events/public-events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { EventDetails } from "~/components/event-details";
import { titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [
        { title: titleOf(matches, [data.event.title]) },
        { name: "description", content: data.event.description.slice(0, 200) },
        ...(data.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: titleOf(matches, []) }];

// Public for published events; a draft is a preview for its organisers and a 404 for everyone else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const event = await eventPageWithLinks(db, params.slug ?? "", locale, previewFor(db, request));
  if (!event) throw notFound();
  return { locale, event };
}

export default function EventRoute() {
  const { locale, event } = useLoaderData<typeof loader>();
  return <EventDetails event={event} locale={locale} />;
}
