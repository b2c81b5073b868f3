import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** The link above a page's title back to where it belongs (the event, the club, the list). */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p>
      <Link to={to}>← {children}</Link>
    </p>
  );
}
