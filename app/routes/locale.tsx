import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { localeCookie } from "~/.server/platform/locale.server";
import { siteOrigin } from "~/.server/platform/urls.server";
import { isLocale } from "~/domain/locale";
import { readForm } from "~/http/forms";
import { safeRedirect } from "~/http/redirects";
import { badRequest } from "~/http/responses";

// Anyone may choose a language; nothing else changes.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  if (!isLocale(locale)) throw badRequest();
  return redirect(safeRedirect(form.get("redirectTo"), "/", await siteOrigin(request)), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export async function loader() {
  return redirect("/");
}
