import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { previewFor } from "~/.server/events/event-preview.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { stageNowPage } from "~/.server/schedule/now-and-next.server";
import { stageIdParam } from "~/.server/schedule/programme-access.server";
import { StageNow } from "~/components/programme-now";
import { catalogueText, readerLocale, titleOf } from "~/http/meta";
import { notFound } from "~/http/responses";

const REFRESH_SECONDS = 30;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  {
    title: titleOf(matches, [
      catalogueText(readerLocale(matches), "programme.nowAndNext"),
      data?.stage?.name,
      data?.event.title,
    ]),
  },
  ...(data?.event.status !== "published" ? [{ name: "robots", content: "noindex" }] : []),
];

// "Now and next" on one stage, public like the programme. The server decides what is on from its
// own clock at every request; the page asks again every 30 seconds.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const stageId = stageIdParam(request);
  const locale = await getLocale(request);
  const db = await getDb();
  const page = await stageNowPage(db, params.slug ?? "", locale, previewFor(db, request), stageId, new Date());
  if (!page) throw notFound();
  return page;
}

/** Reloads the loader data every `seconds` while the page is visible (with JavaScript off, the meta refresh does it). */
function useRevalidateEvery(seconds: number) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, seconds * 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
}

export default function StageNowRoute() {
  const data = useLoaderData<typeof loader>();
  useRevalidateEvery(REFRESH_SECONDS);
  return (
    <>
      {data.stage ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
      ) : null}
      <StageNow data={data} />
    </>
  );
}
