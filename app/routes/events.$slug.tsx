import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { previewFor } from "~/.server/events/event-preview.server";
import { eventPageWithLinks } from "~/.server/events/public-events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { publicBaseUrl } from "~/.server/platform/urls.server";
import { EventDetails } from "~/components/event-details";
import { LOCALES, OG_LOCALES } from "~/domain/locale";
import { catalogueText, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => {
  if (!data) return [{ title: titleOf(matches, []) }];
  const description = data.event.description.slice(0, 200);
  return [
    { title: titleOf(matches, [data.event.title]) },
    { name: "description", content: description },
    ...(data.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
    // How a shared link to the event previews in messengers and social networks (Open Graph).
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: catalogueText(data.locale, "app.name") },
    { property: "og:title", content: data.event.title },
    { property: "og:description", content: description },
    { property: "og:url", content: data.shareUrl },
    { property: "og:locale", content: OG_LOCALES[data.locale] },
    ...LOCALES.filter((l) => l !== data.locale).map((l) => ({
      property: "og:locale:alternate",
      content: OG_LOCALES[l],
    })),
  ];
};

// Public for published events; a draft is a preview for its organisers and a 404 for everyone else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const event = await eventPageWithLinks(db, params.slug ?? "", locale, previewFor(db, request));
  if (!event) throw notFound();
  // The address to share, in the language it was read in.
  const shareUrl = `${await publicBaseUrl(request)}/events/${encodeURIComponent(params.slug ?? "")}?lang=${locale}`;
  return { locale, event, shareUrl };
}

export default function EventRoute() {
  const { locale, event } = useLoaderData<typeof loader>();
  return <EventDetails event={event} locale={locale} />;
}
