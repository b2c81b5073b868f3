import type { FieldErrors } from "react-hook-form";

import { formDataToObject } from "~/forms/form-data";
import { applyRowIntent } from "~/forms/row-intents";
import { validateForm } from "~/forms/validate";
import { badRequest } from "~/http/responses";
import { blankEvent, type EventData, type EventFormValues, eventSchema } from "~/schemas/event";

import { SlugTakenError } from "./events.server";

/** What a post of the event form comes to: the form again (with a row added or removed, or errors), or saved. */
export type EventFormPost<T> =
  | { saved: false; status: 200 | 400 | 409; values: EventFormValues; errors: FieldErrors<EventFormValues> }
  | { saved: true; result: T };

/**
 * A post of the event form, creating and editing alike. Without JavaScript the "add" and "remove"
 * buttons post a row intent, and the form comes back with the row; otherwise the form is validated
 * and `save`d, and a slug another event has is the slug field's error. With `saveIntentOnly`, any
 * other intent is a 400.
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
    if (!(err instanceof SlugTakenError)) throw err;
    return {
      saved: false,
      status: 409,
      values: formDataToObject(formData) as unknown as EventFormValues,
      errors: { slug: { type: "custom", message: "errors.slugTaken" } },
    };
  }
}
