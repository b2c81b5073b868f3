import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/.server/accounts/auth.server";
import { getDb } from "~/.server/platform/runtime.server";
import { artworkResponse } from "~/.server/platform/uploads/artwork-response.server";
import { artworkFileForViewer } from "~/.server/registration/entry-forms.server";
import { isReferenceCode } from "~/domain/reference-code";
import { notFound } from "~/http/responses";

// An entry's artwork: for the family of a child in the entry and the event's organisers only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Not a reference code (a NUL byte would even be a database error): nothing to find.
  if (!isReferenceCode(params.reference)) throw notFound();
  const file = await artworkFileForViewer(await getDb(), user.id, params.reference!);
  if (!file) throw notFound();
  return artworkResponse(request, file);
}
