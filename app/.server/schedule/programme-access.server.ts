import { type Locale, localized, localizedLang } from "~/domain/locale";
import { requireId } from "~/forms/ids";

import { canManageEvent, rolesOf } from "../accounts/auth.server";
import { getSessionUser } from "../accounts/session.server";
import { findEventBySlug } from "../events/events.server";
import type { DB } from "../platform/db.server";

/* Who may read an event's programme, and the request parameters its pages share. */

/** `?stage=<id>` picks one stage; without it, none is picked. Anything else is no such page. */
export function stageIdParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("stage");
  if (raw === null || raw === "") return null;
  return requireId(raw);
}

export type CanPreview = (eventId: number) => Promise<boolean>;

/** May the reader of `request` preview an unpublished event? Its organisers and admins may, as on the event page. */
export function previewFor(db: DB, request: Request): CanPreview {
  return async (eventId) => {
    const user = await getSessionUser(request);
    return user ? canManageEvent(await rolesOf(db, user.id), eventId) : false;
  };
}

/** The event, if this reader may see it at all: published, or a preview for those who manage it. */
export async function visibleEvent(db: DB, slug: string, canPreview: CanPreview) {
  const event = await findEventBySlug(db, slug);
  if (!event) return null;
  if (event.status !== "published" && !(await canPreview(event.id))) return null;
  return event;
}
export type VisibleEvent = NonNullable<Awaited<ReturnType<typeof visibleEvent>>>;

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
