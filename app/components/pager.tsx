import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface Props {
  /** What the pages are of, for screen readers ("Entries: pages"). */
  label: string;
  /** Where the reader is: "26–50 of 412". */
  status: string;
  /** Links to the previous and next pages; null at either end. */
  previous: string | null;
  next: string | null;
}

/** Previous and next links around a long list's page, with where the reader is between them. */
export function Pager({ label, status, previous, next }: Props) {
  const { t } = useTranslation();
  if (!previous && !next) return <p className="muted small pager__status">{status}</p>;
  return (
    <nav className="pager" aria-label={label}>
      {previous ? (
        <Link to={previous} rel="prev" className="button pager__previous">
          <span aria-hidden="true">←</span> {t("pager.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="pager__status">{status}</span>
      {next ? (
        <Link to={next} rel="next" className="button pager__next">
          {t("pager.next")} <span aria-hidden="true">→</span>
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
