import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireEventRole } from "~/.server/accounts/auth.server";
import { findEventBySlug } from "~/.server/events/events.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { stageIdParam } from "~/.server/schedule/programme-access.server";
import { runningOrder } from "~/.server/schedule/public-programme.server";
import { RunningOrder } from "~/components/programme-print";
import { eventTitleIn, titled } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  titled(matches, "programme.runningOrder", { context: [eventTitleIn(data)] });

// The stage managers' running order, with whole names: the event's organisers (and admins) only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await findEventBySlug(await getDb(), params.slug ?? "");
  if (!event) throw notFound();
  await requireEventRole(request, event.id, "organiser");
  const stageId = stageIdParam(request);
  const locale = await getLocale(request);
  const order = await runningOrder(await getDb(), event.id, locale, stageId);
  if (!order) throw notFound();
  return { locale, stageId, order };
}

export default function RunningOrderRoute() {
  const { locale, stageId, order } = useLoaderData<typeof loader>();
  return <RunningOrder data={order} stageId={stageId} allStages={order.stages} locale={locale} />;
}
