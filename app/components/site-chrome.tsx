import { Form, Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { type Locale, LOCALES } from "~/domain/locale";
import { signInHref } from "~/http/redirects";
import { forgetJudgeScreens } from "~/judge-offline/offline";

import { LogoMark } from "./logo-mark";

interface HeaderProps {
  locale: Locale;
  /** `clubIds`: the clubs the user leads. */
  /** null = signed out; undefined = not known (an error page rendered without the root's data). */
  user:
    { name: string; isOrganiser: boolean; isAdmin: boolean; isJudge?: boolean; clubIds: number[] } | null | undefined;
  returnTo: string;
}

export function SiteHeader({ locale, user, returnTo }: HeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label={`${t("app.name")} — ${t("app.federation")}`}>
          <span className="brand__mark">
            <LogoMark />
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        <nav className="site-nav" aria-label={t("nav.mainMenu")}>
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          {user?.isOrganiser ? <NavLink to="/organiser">{t("nav.organiser")}</NavLink> : null}
          {user?.isAdmin ? <NavLink to="/admin">{t("nav.admin")}</NavLink> : null}
          {user?.isJudge ? <NavLink to="/judge">{t("judge.nav")}</NavLink> : null}
          {user && user.clubIds.length > 0 ? (
            <NavLink to={user.clubIds.length === 1 ? `/clubs/${user.clubIds[0]}` : "/clubs"}>
              {t(user.clubIds.length === 1 ? "clubs.nav" : "clubs.navMany")}
            </NavLink>
          ) : null}
          {user ? (
            <>
              <NavLink to="/children">{t("nav.children")}</NavLink>
              <NavLink to="/entries">{t("nav.entries")}</NavLink>
              <NavLink to="/schedule">{t("programme.nav")}</NavLink>
              <NavLink to="/account" title={t("nav.signedInAs", { name: user.name })}>
                {t("nav.account")}
              </NavLink>
              {/* Signing out also forgets the judge's screens kept for offline use (app/judge-offline/offline.ts). */}
              <Form method="post" action="/logout" className="inline-form" onSubmit={forgetJudgeScreens}>
                <button type="submit" className="link-button">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : user === undefined ? null : (
            <>
              <NavLink to={signInHref(returnTo)}>{t("nav.signIn")}</NavLink>
              <NavLink to="/signup">{t("nav.signUp")}</NavLink>
            </>
          )}
        </nav>
        <Form method="post" action="/locale" reloadDocument className="lang-switch" aria-label={t("nav.language")}>
          <input type="hidden" name="redirectTo" value={returnTo} />
          {LOCALES.map((l) => (
            <button
              key={l}
              type="submit"
              name="locale"
              value={l}
              lang={l}
              aria-pressed={l === locale}
              className={l === locale ? "lang-switch__item is-current" : "lang-switch__item"}
              title={t(`locale.${l}`)}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </Form>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p className="site-footer__brand">
        <LogoMark size={22} />
        <span>{t("app.federation")}</span>
      </p>
      <p className="muted">{t("app.tagline")}</p>
      <nav aria-label={t("footer.nav")}>
        <ul className="site-footer__links">
          <li>
            <Link to="/about">{t("footer.about")}</Link>
          </li>
          <li>
            <Link to="/contact">{t("footer.contact")}</Link>
          </li>
          <li>
            <Link to="/privacy">{t("footer.privacy")}</Link>
          </li>
        </ul>
      </nav>
    </footer>
  );
}
