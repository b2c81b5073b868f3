import { redirect } from "@remix-run/node";

/** The organiser's list of events lives at /organiser; /organiser/events is where people look for it too. */
export const loader = () => redirect("/organiser", 301);
