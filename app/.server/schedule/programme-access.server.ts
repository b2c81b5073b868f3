import { type Locale, localized, localizedLang } from "~/domain/locale";
import { requireId } from "~/forms/ids";

import type { VisibleEvent } from "../events/event-preview.server";

/* What the programme's pages share: the `?stage=` parameter and the event at their top. */

/** `?stage=<id>` picks one stage; without it, none is picked. Anything else is no such page. */
export function stageIdParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("stage");
  if (raw === null || raw === "") return null;
  return requireId(raw);
}

export function eventHeader(event: VisibleEvent, locale: Locale) {
  return {
    id: event.id,
    slug: event.slug,
    status: event.status,
    title: localized(event, "title", locale),
    titleLang: localizedLang(event, "title", locale),
    city: event.city,
    venue: localized(event, "venue", locale),
    timezone: event.timezone,
  };
}
