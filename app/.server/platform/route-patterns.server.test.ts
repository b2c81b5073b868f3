import type { ServerBuild } from "@remix-run/node";
import { describe, expect, test } from "vitest";

import { routeMatcher } from "./route-patterns.server";

const route = (id: string, path: string | undefined, parentId: string | null = "root", index = false) => ({
  id,
  path,
  parentId: parentId ?? undefined,
  index,
  module: {},
});
const routes = {
  root: route("root", "", null),
  "routes/_index": route("routes/_index", undefined, "root", true),
  "routes/events.$slug": route("routes/events.$slug", "events/:slug"),
  "routes/events.$slug_.results": route("routes/events.$slug_.results", "events/:slug/results"),
  "routes/events.$slug_.programme[.]ics": route("routes/events.$slug_.programme[.]ics", "events/:slug/programme.ics"),
  "routes/organiser.events.new": route("routes/organiser.events.new", "organiser/events/new"),
  "routes/organiser.events.$id": route("routes/organiser.events.$id", "organiser/events/:id"),
} as unknown as ServerBuild["routes"];

describe("routeMatcher", () => {
  const match = routeMatcher(routes);
  test("names the pattern, never the ids in the URL", () => {
    expect(match("/")).toBe("/");
    expect(match("/events/planet-of-art-2027")).toBe("/events/:slug");
    expect(match("/events/planet-of-art-2027/results")).toBe("/events/:slug/results");
    expect(match("/events/planet-of-art-2027/programme.ics")).toBe("/events/:slug/programme.ics");
    expect(match("/organiser/events/17")).toBe("/organiser/events/:id");
  });
  test("prefers a static segment over a parameter, reads single-fetch data URLs, and admits what it does not know", () => {
    expect(match("/organiser/events/new")).toBe("/organiser/events/new");
    expect(match("/events/x.data")).toBe("/events/:slug");
    expect(match("/_root.data")).toBe("/");
    expect(match("/wp-login.php")).toBe("unmatched");
  });
});
