import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUser } from "~/.server/accounts/auth.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { familySchedule } from "~/.server/schedule/family-schedule.server";
import { FamilySchedule } from "~/components/programme-family";
import { titled } from "~/http/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "programme.mySchedule");

// The signed-in family's own children's published performances, across events.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  return { locale, ...(await familySchedule(await getDb(), user.id, locale)) };
}

export default function MySchedule() {
  const { locale, upcoming, past } = useLoaderData<typeof loader>();
  return <FamilySchedule upcoming={upcoming} past={past} locale={locale} />;
}
