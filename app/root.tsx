import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { rolesOf } from "~/.server/accounts/auth.server";
import { getSessionUser } from "~/.server/accounts/session.server";
import { getLocale } from "~/.server/platform/locale.server";
import { getDb } from "~/.server/platform/runtime.server";
import { siteOrigin } from "~/.server/platform/urls.server";
import { SiteFooter, SiteHeader } from "~/components/site-chrome";
import { DEFAULT_LOCALE, languageAlternates } from "~/domain/locale";
import { titleOf } from "~/http/meta";
import { badRequestReason } from "~/http/responses";
import { useNonce } from "~/nonce";
import stylesUrl from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The brand alone, in the reader's language: every page names itself before it (app/http/meta.ts).
export const meta: MetaFunction = ({ matches }) => [{ title: titleOf(matches, []) }];

// The root renders every error page: a thrown 429's Retry-After must reach the browser with it.
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const user = await getSessionUser(request);
  const roles = user ? await rolesOf(await getDb(), user.id) : null;
  return {
    locale,
    // For the hreflang alternates, which must be absolute addresses.
    origin: await siteOrigin(request),
    user: user
      ? {
          name: user.name,
          isOrganiser: Boolean(roles && (roles.admin || roles.canCreateEvents || roles.organiserOf.size > 0)),
          isAdmin: Boolean(roles?.admin),
          isJudge: Boolean(roles && roles.judgeOf.size > 0),
          clubIds: roles ? [...roles.clubLeaderOf] : [],
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  const nonce = useNonce();
  const locale = data?.locale ?? (i18n.language as typeof DEFAULT_LOCALE) ?? DEFAULT_LOCALE;
  const location = useLocation();
  const alternates = data ? languageAlternates(data.origin, location.pathname, location.search) : [];
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {alternates.map((a) => (
          <link key={a.hrefLang} rel="alternate" hrefLang={a.hrefLang} href={a.href} />
        ))}
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Chrome({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <SiteHeader
        locale={data?.locale ?? DEFAULT_LOCALE}
        user={data ? data.user : undefined}
        returnTo={location.pathname + location.search}
      />
      <main id="main" className="main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}

export default function App() {
  return (
    <Chrome>
      <Outlet />
    </Chrome>
  );
}

const ERROR_KINDS: Record<number, string> = {
  400: "badRequest",
  403: "forbidden",
  415: "unsupportedMediaType",
  404: "notFound",
  503: "unavailable",
  429: "tooManyRequests",
};

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const reason = status === 400 && isRouteErrorResponse(error) ? badRequestReason(error.data) : undefined;
  const kind = ERROR_KINDS[status] ?? "server";
  // On the server, entry.server's handleError has logged it already, with the request's id.
  if (status >= 500 && typeof document !== "undefined") console.error(error);
  return (
    <Chrome>
      <section className="error-page">
        <p className="error-page__code">{status}</p>
        <h1>{t(`errors.${kind}Title`)}</h1>
        <p>{t(reason ? `errors.badRequest_${reason}` : `errors.${kind}`)}</p>
        <p>
          <a className="button" href="/">
            {t("errors.backHome")}
          </a>
        </p>
      </section>
    </Chrome>
  );
}
