import { badRequest } from "./responses";

/**
 * The `intent` of a multi-intent form post, one of `intents`, or a thrown 400: every action that
 * serves several buttons starts with this.
 */
export function readIntent<I extends string>(form: FormData, intents: readonly I[]): I {
  const raw = form.get("intent");
  const intent = intents.find((i) => i === raw);
  if (!intent) throw badRequest();
  return intent;
}
