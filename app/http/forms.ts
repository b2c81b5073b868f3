import { badRequest, unsupportedMediaType } from "./responses";

/** The body types an HTML form sends: every action reads one of these, and nothing else. */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * C0 control characters other than tab, line feed and carriage return, DEL, and the C1 controls.
 * No one types them; PostgreSQL refuses NUL in text outright (error 22021), and the rest only
 * corrupt names on diplomas and in emails. Tab and line breaks stay: textareas send them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** The form's media type without its parameters, lower case ("" when there is none). */
export function formMediaType(request: Request): string {
  return (request.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Throws a 415 unless the request carries a form body (urlencoded or multipart). */
export function requireFormBody(request: Request): void {
  if (!FORM_TYPES.has(formMediaType(request))) throw unsupportedMediaType();
}

/** Throws a 400 when a field's name, text or file name holds a control character. */
export function refuseControlCharacters(form: FormData): void {
  for (const [name, value] of form) {
    const text = typeof value === "string" ? value : value.name;
    if (hasControlCharacters(name) || hasControlCharacters(text)) throw badRequest("controlCharacters");
  }
}

/**
 * Every action's way to read its form: a body that is not a form is a 415, a malformed one a 400,
 * and control characters in any field a 400 — each a translated page, never a 500 — before any
 * value reaches a schema or the database.
 */
export async function readForm(request: Request): Promise<FormData> {
  requireFormBody(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw badRequest("malformedForm");
  }
  refuseControlCharacters(form);
  return form;
}
