import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { previewFor } from "~/.server/events/event-preview.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { programmePage } from "~/.server/schedule/public-programme.server";
import { ProgrammeView } from "~/components/programme";
import { catalogueText, readerLocale, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [
        {
          title: titleOf(matches, [
            catalogueText(readerLocale(matches), "programme.title"),
            data.programme.event.title,
          ]),
        },
        ...(data.programme.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: titleOf(matches, []) }];

// Public for published events (only published running orders, never a draft); a draft event is a
// preview for its organisers and a 404 for everyone else, as on the event page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const db = await getDb();
  const programme = await programmePage(db, params.slug ?? "", locale, previewFor(db, request));
  if (!programme) throw notFound();
  return { locale, programme };
}

export default function ProgrammeRoute() {
  const { locale, programme } = useLoaderData<typeof loader>();
  return <ProgrammeView programme={programme} locale={locale} />;
}
