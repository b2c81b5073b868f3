import { type ActionFunctionArgs, redirect } from "@remix-run/node";

import { endSession } from "~/.server/accounts/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return endSession(request, "/");
}

// Signing out changes state, so it is never done by a GET.
export async function loader() {
  return redirect("/");
}
