import type { FieldErrors } from "react-hook-form";

import { formDataToObject } from "~/forms/form-data";
import { applyRowIntent } from "~/forms/row-intents";
import { validateForm } from "~/forms/validate";
import { badRequest } from "~/http/responses";
import { blankEvent, type EventData, type EventFormValues, eventSchema } from "~/schemas/event";

import { type RefusedRemoval, RemovalRefusedError, SlugTakenError } from "./events.server";

/**
 * What a post of the event form comes to: saved, or the form again (with a row added or removed,
 * with errors, or with the rows it may not remove put back and what holds them).
 */
export type EventFormPost<T> =
  | {
      saved: false;
      status: 200 | 400 | 409;
      values: EventFormValues;
      errors: FieldErrors<EventFormValues>;
      refused?: RefusedRemoval[];
    }
  | { saved: true; result: T };

/**
 * A post of the event form, creating and editing alike. Without JavaScript the "add" and "remove"
 * buttons post a row intent, and the form comes back with the row; otherwise the form is validated
 * and `save`d, and a slug another event has is the slug field's error. A save that would remove a
 * row something holds saves nothing: the form comes back as posted, with those rows back in place.
 * With `saveIntentOnly`, any other intent is a 400.
 */
export async function postEventForm<T>(
  formData: FormData,
  { intent, saveIntentOnly }: { intent: string; saveIntentOnly: boolean },
  save: (data: EventData) => Promise<T>,
): Promise<EventFormPost<T>> {
  const rows = applyRowIntent({ ...blankEvent(), ...formDataToObject(formData) } as EventFormValues, intent);
  if (rows) return { saved: false, status: 200, values: rows, errors: {} };
  if (saveIntentOnly && intent !== "save") throw badRequest();
  const result = await validateForm<EventFormValues, EventData>(eventSchema, formData);
  if (!result.ok) return { saved: false, status: 400, values: result.values, errors: result.errors };
  try {
    return { saved: true, result: await save(result.data) };
  } catch (err) {
    const posted = formDataToObject(formData) as unknown as EventFormValues;
    if (err instanceof RemovalRefusedError)
      return { saved: false, status: 409, values: putBack(posted, err.refused), errors: {}, refused: err.refused };
    if (!(err instanceof SlugTakenError)) throw err;
    return {
      saved: false,
      status: 409,
      values: posted,
      errors: { slug: { type: "custom", message: "errors.slugTaken" } },
    };
  }
}

/** The posted values with each refused row back at its place in the saved form. */
function putBack(posted: EventFormValues, refused: readonly RefusedRemoval[]): EventFormValues {
  return refused.reduce((values, { list, index, row }) => {
    const rows: unknown[] = [...(values[list] ?? [])];
    rows.splice(Math.min(index, rows.length), 0, row);
    return { ...values, [list]: rows };
  }, posted);
}
