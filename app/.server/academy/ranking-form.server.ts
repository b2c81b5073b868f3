import { formDataToObject } from "~/forms/form-data";
import { validateForm } from "~/forms/validate";
import { type PreferencesData, preferencesSchema } from "~/schemas/academy";

import { visibleEventId } from "../events/events.server";
import type { DB } from "../platform/db.server";
import { academySettings } from "./academy-settings.server";
import { type Ranker, savePreferences } from "./family-academy.server";

/** What a posted ranking form comes to: saved, refused with field errors (400), or not there (404). */
export type RankingOutcome =
  | { kind: "saved"; childId: number }
  | { kind: "invalid"; childId: number; values: Record<string, unknown>; errors: object }
  | { kind: "missing" };

/**
 * The family's and the club leader's ranking form, one rule set: validated against the organiser's
 * number of choices, then saved for a child the ranker may rank for.
 */
export async function rankFromForm(db: DB, slug: string, ranker: Ranker, form: FormData): Promise<RankingOutcome> {
  const eventId = await visibleEventId(db, slug);
  if (!eventId) return { kind: "missing" };
  const { maxRanks } = await academySettings(db, eventId);
  const result = await validateForm<Record<string, unknown>, PreferencesData>(preferencesSchema(maxRanks), form);
  const childId = Number(form.get("childId"));
  if (!result.ok) return { kind: "invalid", childId, values: result.values, errors: result.errors };
  const saved = await savePreferences(db, ranker, { eventId, ...result.data });
  if (saved === "missing") return { kind: "missing" };
  if (saved === "saved") return { kind: "saved", childId: result.data.childId };
  const message = saved === "too_many" ? "academy.errors.tooManyChoices" : "academy.errors.unknownClass";
  return {
    kind: "invalid",
    childId,
    values: formDataToObject(form),
    errors: { ranks: { type: "custom", message } },
  };
}
