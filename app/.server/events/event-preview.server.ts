import { canManageEvent, rolesOf } from "../accounts/auth.server";
import { getSessionUser } from "../accounts/session.server";
import type { DB } from "../platform/db.server";
import { findEventBySlug } from "./events.server";

/*
 * Who may see an event that is not published: its organisers and admins, as a preview. To everyone
 * else a draft or archived event does not exist.
 */

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
