import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import { ensureSection, eventRounds } from "~/.server/events/rounds.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { addChild } from "~/.server/registration/children.server";
import { addClubChild } from "~/.server/registration/club-children.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";
import { catalogues } from "~/i18n";

import { createEventFromForm, grantRole, insertUser } from "../db/factories";

/**
 * Who may do what, route by route. Every module in app/routes must have a row: a route added
 * without one fails this test. Loaders and actions are called directly, with the session cookie
 * each role would send, so the table checks the guards themselves (CSRF is checked in e2e).
 */
type Who = "anonymous" | "guardian" | "judge" | "otherOrganiser" | "organiser" | "admin";
const WHO: Who[] = ["anonymous", "guardian", "judge", "otherOrganiser", "organiser", "admin"];
type Outcome = 200 | 302 | 400 | 403 | 404 | 405 | 409 | 415 | "login";
type Expect = Outcome | (Partial<Record<Who, Outcome>> & { rest: Outcome });

interface Case {
  method: "GET" | "POST";
  path: (ids: Ids) => string;
  params?: (ids: Ids) => Record<string, string>;
  body?: Record<string, string>;
  expect: Expect;
}
interface Ids {
  draftSlug: string;
  draftId: number;
  guardianId: number;
  childId: number;
  /** A club the demo guardian leads, one of its own children, and a club they don't lead. */
  clubId: number;
  clubChildId: number;
  otherClubId: number;
  /** The upcoming demo festival (registration open) and the guardian's entry in it. */
  openSlug: string;
  entryRef: string;
  /** A master class of the draft event, and one of the demo academy. */
  classId: number;
  academyClassId: number;
  /** The open festival, and the round and nomination in which the guardian's entry holds a published award. */
  openId: number;
  awardRoundId: number;
  awardNominationId: number;
  /** The (locked, published) results section holding that award. */
  awardSectionId: number;
  /** The demo judge's panel in the 2017 final. */
  judgeAssignmentId: number;
}

const signedIn = (outcome: Outcome, anonymous: Outcome): Expect => ({ anonymous, rest: outcome });
const adminOnly = (ok: Outcome): Expect => ({ anonymous: "login", admin: ok, rest: 403 });
const eventOrganisers = (ok: Outcome): Expect => ({ anonymous: "login", organiser: ok, admin: ok, rest: 403 });
const draftPreview: Expect = { organiser: 200, admin: 200, rest: 404 };
// The demo guardian is also made the leader of one club for these rows.
const clubLeaders = (ok: Outcome): Expect => ({ anonymous: "login", guardian: ok, admin: ok, rest: 403 });

const MATRIX: Record<string, Case[]> = {
  "_index.tsx": [{ method: "GET", path: () => "/", expect: 200 }],
  "events.$slug.tsx": [
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 200,
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: draftPreview,
    },
    { method: "GET", path: () => "/events/no-such-event", params: () => ({ slug: "no-such-event" }), expect: 404 },
  ],
  "healthz.tsx": [{ method: "GET", path: () => "/healthz", expect: 200 }],
  "locale.tsx": [
    { method: "GET", path: () => "/locale", expect: 302 },
    { method: "POST", path: () => "/locale", body: { locale: "kk", redirectTo: "/" }, expect: 302 },
    { method: "POST", path: () => "/locale", body: { locale: "xx" }, expect: 400 },
  ],
  "login.tsx": [
    { method: "GET", path: () => "/login", expect: signedIn(302, 200) },
    { method: "POST", path: () => "/login", body: {}, expect: 400 },
  ],
  "logout.tsx": [
    { method: "GET", path: () => "/logout", expect: 302 },
    { method: "POST", path: () => "/logout", expect: 302 },
  ],
  "signup.tsx": [
    { method: "GET", path: () => "/signup", expect: signedIn(302, 200) },
    { method: "POST", path: () => "/signup", body: {}, expect: signedIn(302, 400) },
  ],
  "check-email.tsx": [{ method: "GET", path: () => "/check-email?reason=reset", expect: 200 }],
  "verify-email.tsx": [
    { method: "GET", path: () => "/verify-email?token=unknown", expect: 200 },
    { method: "POST", path: () => "/verify-email", body: { token: "unknown" }, expect: 302 },
    { method: "POST", path: () => "/verify-email", body: {}, expect: 400 },
  ],
  "forgot-password.tsx": [
    { method: "GET", path: () => "/forgot-password", expect: 200 },
    { method: "POST", path: () => "/forgot-password", body: { email: "not an email" }, expect: 400 },
  ],
  "set-password.tsx": [
    { method: "GET", path: () => "/set-password?token=unknown", expect: 200 },
    {
      method: "POST",
      path: () => "/set-password",
      body: { token: "unknown", password: "a long unusual passphrase" },
      expect: 400,
    },
  ],
  "account._index.tsx": [
    { method: "GET", path: () => "/account", expect: signedIn(200, "login") },
    { method: "POST", path: () => "/account", body: { intent: "bogus" }, expect: signedIn(400, "login") },
  ],
  "account.data.tsx": [{ method: "GET", path: () => "/account/data", expect: signedIn(200, "login") }],
  "organiser.events._index.tsx": [{ method: "GET", path: () => "/organiser/events", expect: 302 }],
  "organiser._index.tsx": [
    { method: "GET", path: () => "/organiser", expect: { anonymous: "login", guardian: 403, judge: 403, rest: 200 } },
  ],
  "organiser.events.new.tsx": [
    { method: "GET", path: () => "/organiser/events/new", expect: adminOnly(200) },
    { method: "POST", path: () => "/organiser/events/new", body: { intent: "save" }, expect: adminOnly(400) },
  ],
  "organiser.events.$id.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    { method: "GET", path: () => "/organiser/events/abc", params: () => ({ id: "abc" }), expect: 404 },
    // Bigger than a PostgreSQL integer: no such page, never a database error.
    { method: "GET", path: () => "/organiser/events/99999999999", params: () => ({ id: "99999999999" }), expect: 404 },
  ],
  "children._index.tsx": [{ method: "GET", path: () => "/children", expect: signedIn(200, "login") }],
  "children.new.tsx": [
    { method: "GET", path: () => "/children/new", expect: signedIn(200, "login") },
    { method: "POST", path: () => "/children/new", body: {}, expect: signedIn(400, "login") },
  ],
  "children.$id.tsx": [
    {
      method: "GET",
      path: (i) => `/children/${i.childId}`,
      params: (i) => ({ id: String(i.childId) }),
      expect: { anonymous: "login", guardian: 200, rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/children/${i.childId}`,
      params: (i) => ({ id: String(i.childId) }),
      body: { intent: "bogus" },
      expect: { anonymous: "login", guardian: 400, rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/children/${i.childId}`,
      params: (i) => ({ id: String(i.childId) }),
      body: { intent: "withdrawConsent", kind: "photo_video" },
      expect: { anonymous: "login", guardian: 302, rest: 404 },
    },
  ],
  "clubs._index.tsx": [{ method: "GET", path: () => "/clubs", expect: clubLeaders(200) }],
  "clubs.$id._index.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
    {
      method: "GET",
      path: (i) => `/clubs/${i.otherClubId}`,
      params: (i) => ({ id: String(i.otherClubId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: () => "/clubs/999999",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    { method: "GET", path: () => "/clubs/abc", params: () => ({ id: "abc" }), expect: 404 },
  ],
  "clubs.$id.import.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/import`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/import`,
      params: (i) => ({ id: String(i.clubId) }),
      body: { intent: "bogus" },
      expect: clubLeaders(400),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/import`,
      params: (i) => ({ id: String(i.clubId) }),
      body: { intent: "confirm", importId: "no-such-import", textVersion: "1", attest: "on" },
      expect: clubLeaders(400),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.otherClubId}/import`,
      params: (i) => ({ id: String(i.otherClubId) }),
      body: { intent: "bogus" },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
  ],
  "clubs.$id.import_.template[.]xlsx.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/import/template.xlsx`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
  ],
  "clubs.$id.children.new.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/children/new`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/children/new`,
      params: (i) => ({ id: String(i.clubId) }),
      body: {},
      expect: clubLeaders(400),
    },
  ],
  "clubs.$id.enter.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/enter`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/enter?event=${i.openSlug}`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(200),
    },
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/enter?event=${i.draftSlug}`,
      params: (i) => ({ id: String(i.clubId) }),
      expect: clubLeaders(404),
    },
    {
      method: "GET",
      path: (i) => `/clubs/${i.otherClubId}/enter`,
      params: (i) => ({ id: String(i.otherClubId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/enter`,
      params: (i) => ({ id: String(i.clubId) }),
      body: {},
      expect: clubLeaders(400),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/enter`,
      params: (i) => ({ id: String(i.clubId) }),
      body: {
        event: "no-such-event",
        nominationId: "1",
        format: "solo",
        idempotencyKey: "matrix-club-batch-0001",
        "children.c1.on": "on",
      },
      expect: clubLeaders(404),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.otherClubId}/enter`,
      params: (i) => ({ id: String(i.otherClubId) }),
      body: {},
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
  ],
  "clubs.$id.children.$childId.tsx": [
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/children/${i.clubChildId}`,
      params: (i) => ({ id: String(i.clubId), childId: String(i.clubChildId) }),
      expect: clubLeaders(200),
    },
    {
      method: "POST",
      path: (i) => `/clubs/${i.clubId}/children/${i.clubChildId}`,
      params: (i) => ({ id: String(i.clubId), childId: String(i.clubChildId) }),
      body: { intent: "bogus" },
      expect: clubLeaders(400),
    },
    // A family's child is never the club's to edit, even for an admin.
    {
      method: "GET",
      path: (i) => `/clubs/${i.clubId}/children/${i.childId}`,
      params: (i) => ({ id: String(i.clubId), childId: String(i.childId) }),
      expect: clubLeaders(404),
    },
    {
      method: "GET",
      path: (i) => `/clubs/${i.otherClubId}/children/${i.clubChildId}`,
      params: (i) => ({ id: String(i.otherClubId), childId: String(i.clubChildId) }),
      expect: { anonymous: "login", admin: 404, rest: 403 },
    },
  ],
  "events.$slug_.enter.tsx": [
    {
      method: "GET",
      path: (i) => `/events/${i.openSlug}/enter`,
      params: (i) => ({ slug: i.openSlug }),
      expect: signedIn(200, "login"),
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/enter`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/events/${i.openSlug}/enter`,
      params: (i) => ({ slug: i.openSlug }),
      // The entry form is multipart (it may carry an artwork): an urlencoded body is not it.
      body: {},
      expect: signedIn(415, "login"),
    },
  ],
  "events.$slug_.programme.tsx": [
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/programme",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 200,
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/programme`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: draftPreview,
    },
    {
      method: "GET",
      path: () => "/events/no-such-event/programme",
      params: () => ({ slug: "no-such-event" }),
      expect: 404,
    },
  ],
  "events.$slug_.programme[.]ics.tsx": [
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/programme.ics",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 200,
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/programme.ics`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: draftPreview,
    },
    {
      method: "GET",
      path: () => "/events/no-such-event/programme.ics",
      params: () => ({ slug: "no-such-event" }),
      expect: 404,
    },
  ],
  "events.$slug_.programme_.now.tsx": [
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/programme/now",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 200,
    },
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/programme/now?stage=999999",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 404,
    },
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/programme/now?stage=abc",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 404,
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/programme/now`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: draftPreview,
    },
  ],
  // Whole names: only the event's own organisers (and admins), never organisers of another event.
  "events.$slug_.programme_.print.tsx": [
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/programme/print`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: () => "/events/art-academy-2018/programme/print",
      params: () => ({ slug: "art-academy-2018" }),
      expect: { anonymous: "login", otherOrganiser: 200, admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/programme/print?stage=999999`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: eventOrganisers(404),
    },
    {
      method: "GET",
      path: () => "/events/no-such-event/programme/print",
      params: () => ({ slug: "no-such-event" }),
      expect: 404,
    },
  ],
  "schedule._index.tsx": [{ method: "GET", path: () => "/schedule", expect: signedIn(200, "login") }],
  "schedule[.]ics.tsx": [{ method: "GET", path: () => "/schedule.ics", expect: signedIn(200, "login") }],
  "entries._index.tsx": [{ method: "GET", path: () => "/entries", expect: signedIn(200, "login") }],
  "entries.$reference.tsx": [
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", guardian: 200, rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/entries/${i.entryRef}`,
      params: (i) => ({ reference: i.entryRef }),
      body: { intent: "bogus" },
      expect: { anonymous: "login", guardian: 400, rest: 404 },
    },
  ],
  "entries.$reference_.edit.tsx": [
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}/edit`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", guardian: 200, rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/entries/${i.entryRef}/edit`,
      params: (i) => ({ reference: i.entryRef }),
      body: { title: "x".repeat(301) },
      expect: { anonymous: "login", guardian: 400, rest: 404 },
    },
  ],
  "entries.$reference_.artwork.tsx": [
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}/artwork`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}%00/artwork`,
      params: (i) => ({ reference: `${i.entryRef}\u0000` }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  "organiser.events.$id_.entries.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/entries`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/entries`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.schedule.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/schedule`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/schedule",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/schedule`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/schedule`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "generate", roundId: "999999" },
      expect: eventOrganisers(404),
    },
  ],
  "organiser.events.$id_.jury.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/jury`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/jury",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "addCriterion", nominationId: "999999", nameEn: "", maxScore: "0" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "addCriterion", nominationId: "999999", nameEn: "Technique", maxScore: "10" },
      expect: eventOrganisers(404),
    },
  ],
  "organiser.events.$id_.jury_.panels.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels?round=999999`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "addJudge", roundId: "999999", nominationId: "1", email: "not an email", locale: "kk" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "blind", roundId: "999999", blind: "on" },
      expect: eventOrganisers(404),
    },
    // Ids beyond a database integer are form errors, not database errors.
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      body: {
        intent: "addJudge",
        roundId: "999999",
        nominationId: "99999999999",
        ageGroupId: "",
        email: "judge@example.kz",
        locale: "kk",
      },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/panels`,
      params: (i) => ({ id: String(i.draftId) }),
      body: {
        intent: "addJudge",
        roundId: "999999",
        nominationId: "999999",
        ageGroupId: "99999999999",
        email: "judge@example.kz",
        locale: "kk",
      },
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.jury_.conflicts.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/jury/conflicts`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/conflicts`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/conflicts`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "addConflict", userId: "", target: "" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/conflicts`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "removeConflict", conflictId: "999999" },
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/conflicts`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "addConflict", userId: "999999", target: "club:9999999999", note: "" },
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.jury_.rules.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/jury/rules`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/jury/rules",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/rules`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/rules`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "save", aggregation: "max", awardMode: "rank" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/jury/rules`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "tie-add", aggregation: "mean", awardMode: "rank", addTieBreak: "chair" },
      expect: eventOrganisers(200),
    },
  ],
  "organiser.events.$id_.classes.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/classes`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/classes`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/classes`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "remove", classId: "999999" },
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/classes`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "allocate" },
      expect: eventOrganisers(302),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/classes",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  "organiser.events.$id_.classes_.new.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/classes/new`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/classes/new`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { teacher: "" },
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.classes_.$classId.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/classes/${i.classId}`,
      params: (i) => ({ id: String(i.draftId), classId: String(i.classId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/classes/${i.classId}`,
      params: (i) => ({ id: String(i.draftId), classId: String(i.classId) }),
      body: { teacher: "" },
      expect: eventOrganisers(400),
    },
    // Another event's class is not found through this one, even by its own organiser.
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/classes/${i.academyClassId}`,
      params: (i) => ({ id: String(i.draftId), classId: String(i.academyClassId) }),
      expect: eventOrganisers(404),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/classes/abc`,
      params: (i) => ({ id: String(i.draftId), classId: "abc" }),
      expect: 404,
    },
  ],
  "events.$slug_.classes.tsx": [
    {
      method: "GET",
      path: () => "/events/art-academy-2018/classes",
      params: () => ({ slug: "art-academy-2018" }),
      expect: signedIn(200, "login"),
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/classes`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "GET",
      path: () => "/events/no-such-event/classes",
      params: () => ({ slug: "no-such-event" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: () => "/events/art-academy-2018/classes",
      params: () => ({ slug: "art-academy-2018" }),
      body: { intent: "bogus" },
      expect: signedIn(400, "login"),
    },
    // A child who is not the family's own (here: no one's) is simply not found.
    {
      method: "POST",
      path: () => "/events/art-academy-2018/classes",
      params: () => ({ slug: "art-academy-2018" }),
      body: { intent: "rank", childId: "999999", "ranks.0": "1" },
      expect: signedIn(404, "login"),
    },
  ],
  "organiser.events.$id_.export.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/export?format=csv`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/export?format=xlsx`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/export?format=pdf`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.results/route.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.openId}/results`,
      params: (i) => ({ id: String(i.openId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/results",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "bogus" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "compute", roundId: "999999" },
      expect: eventOrganisers(404),
    },
    // Another event's section is not found through this one.
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "lock", sectionId: "999999" },
      expect: eventOrganisers(404),
    },
    // Ids beyond a PostgreSQL integer: a bad request, never a database error.
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "lock", sectionId: "99999999999" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "compute", roundId: "99999999999" },
      expect: eventOrganisers(400),
    },
  ],
  "organiser.events.$id_.results_.export.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.openId}/results/export?format=csv&round=${i.awardRoundId}`,
      params: (i) => ({ id: String(i.openId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.openId}/results/export?format=xlsx&round=${i.awardRoundId}`,
      params: (i) => ({ id: String(i.openId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/export?format=pdf&round=1`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(400),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/export?format=csv&round=${i.awardRoundId}`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(404),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/export?format=csv&round=99999999999`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(400),
    },
  ],
  // A section's review: the event's organisers only, and only for a section of that event.
  "organiser.events.$id_.results_.$sectionId/route.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.draftId), sectionId: String(i.awardSectionId) }),
      expect: eventOrganisers(404),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/abc`,
      params: (i) => ({ id: String(i.draftId), sectionId: "abc" }),
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "bogus" },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "override", entryId: "1", judgeUserId: "1", criterionId: "1", value: "5", reason: " " },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "grandPrix", choice: "someone" },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.draftId), sectionId: String(i.awardSectionId) }),
      body: { intent: "recompute" },
      expect: eventOrganisers(404),
    },
    // The award's section is published: frozen until unpublished (409), whatever the change.
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "recompute" },
      expect: { anonymous: "login", admin: 409, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "grandPrix", choice: "none" },
      expect: { anonymous: "login", admin: 409, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "clearTie", "entryIds.0": "1" },
      expect: { anonymous: "login", admin: 409, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "removePrize", prizeId: "99999999999" },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: { intent: "addPrize", entryId: "99999999999", nameRu: "Приз" },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: {
        intent: "override",
        entryId: "1",
        judgeUserId: "1",
        criterionId: "99999999999",
        value: "5",
        reason: "Paper sheet",
      },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.openId}/results/${i.awardSectionId}`,
      params: (i) => ({ id: String(i.openId), sectionId: String(i.awardSectionId) }),
      body: {
        intent: "override",
        entryId: "1",
        judgeUserId: "1",
        criterionId: "1",
        value: "0x9",
        reason: "Paper sheet",
      },
      expect: { anonymous: "login", admin: 400, rest: 403 },
    },
  ],
  "organiser.events.$id_.results_.advance/route.tsx": [
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/advance`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(200),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.openId}/results/advance?round=${i.awardRoundId}`,
      params: (i) => ({ id: String(i.openId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/advance?round=999999`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results/advance`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { roundId: "abc" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results/advance`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "choose", roundId: "999999", sectionId: "1" },
      expect: eventOrganisers(404),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results/advance`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "choose", roundId: "1", sectionId: "99999999999" },
      expect: eventOrganisers(400),
    },
    {
      method: "POST",
      path: (i) => `/organiser/events/${i.draftId}/results/advance`,
      params: (i) => ({ id: String(i.draftId) }),
      body: { intent: "rule", roundId: "999999" },
      expect: eventOrganisers(404),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/advance?section=999999`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(404),
    },
  ],
  // Published sections of published events only, to everyone alike (organisers preview on the overview).
  "events.$slug_.results.tsx": [
    { method: "GET", path: (i) => `/events/${i.openSlug}/results`, params: (i) => ({ slug: i.openSlug }), expect: 200 },
    {
      method: "GET",
      path: () => "/events/children-in-the-rhythm-of-the-world-2017/results",
      params: () => ({ slug: "children-in-the-rhythm-of-the-world-2017" }),
      expect: 200,
    },
    {
      method: "GET",
      path: (i) => `/events/${i.draftSlug}/results`,
      params: (i) => ({ slug: i.draftSlug }),
      expect: 404,
    },
    {
      method: "GET",
      path: () => "/events/no-such-event/results",
      params: () => ({ slug: "no-such-event" }),
      expect: 404,
    },
  ],
  // Diplomas: the family, the club's leader and the event's organisers; anyone else can't tell the entry exists.
  "entries.$reference_.diploma.tsx": [
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}/diploma`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", guardian: 200, admin: 200, rest: 404 },
    },
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}/diploma?lang=xx`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", guardian: 400, admin: 400, rest: 404 },
    },
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}/diploma?round=999999`,
      params: (i) => ({ reference: i.entryRef }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "GET",
      path: () => "/entries/NO-SUCH-ENTRY/diploma",
      params: () => ({ reference: "NO-SUCH-ENTRY" }),
      expect: { anonymous: "login", rest: 404 },
    },
    // Not a reference code (a NUL byte was a database error): simply not found.
    {
      method: "GET",
      path: (i) => `/entries/${i.entryRef}%00/diploma`,
      params: (i) => ({ reference: `${i.entryRef}\u0000` }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  "organiser.events.$id_.results_.diplomas.tsx": [
    {
      method: "GET",
      path: (i) =>
        `/organiser/events/${i.openId}/results/diplomas?round=${i.awardRoundId}&nomination=${i.awardNominationId}&lang=kk`,
      params: (i) => ({ id: String(i.openId) }),
      expect: { anonymous: "login", admin: 200, rest: 403 },
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/diplomas`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(400),
    },
    {
      method: "GET",
      path: (i) => `/organiser/events/${i.draftId}/results/diplomas?round=999999&nomination=1`,
      params: (i) => ({ id: String(i.draftId) }),
      expect: eventOrganisers(400),
    },
    {
      method: "GET",
      path: () => "/organiser/events/999999/results/diplomas",
      params: () => ({ id: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  // The judge's screen: only judges; another judge's panel is simply not found.
  "judge._index.tsx": [{ method: "GET", path: () => "/judge", expect: { anonymous: "login", judge: 200, rest: 403 } }],
  "judge.panels.$assignmentId.tsx": [
    {
      method: "GET",
      path: (i) => `/judge/panels/${i.judgeAssignmentId}`,
      params: (i) => ({ assignmentId: String(i.judgeAssignmentId) }),
      expect: { anonymous: "login", judge: 200, rest: 404 },
    },
    {
      method: "POST",
      path: (i) => `/judge/panels/${i.judgeAssignmentId}`,
      params: (i) => ({ assignmentId: String(i.judgeAssignmentId) }),
      body: { intent: "bogus" },
      expect: { anonymous: "login", judge: 400, rest: 404 },
    },
    // A filter or a number the page doesn't know: the panel's default page, not an error.
    {
      method: "GET",
      path: (i) => `/judge/panels/${i.judgeAssignmentId}?show=bogus&from=abc`,
      params: (i) => ({ assignmentId: String(i.judgeAssignmentId) }),
      expect: { anonymous: "login", judge: 200, rest: 404 },
    },
    {
      method: "GET",
      path: () => "/judge/panels/999999",
      params: () => ({ assignmentId: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
    {
      method: "GET",
      path: () => "/judge/panels/99999999999",
      params: () => ({ assignmentId: "99999999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  "judge.panels.$assignmentId_.artwork.$entryId.tsx": [
    {
      method: "GET",
      path: (i) => `/judge/panels/${i.judgeAssignmentId}/artwork/999999`,
      params: (i) => ({ assignmentId: String(i.judgeAssignmentId), entryId: "999999" }),
      expect: { anonymous: "login", rest: 404 },
    },
  ],
  // JSON only: a form post is a bad request even from a judge.
  "judge.scores.tsx": [
    {
      method: "POST",
      path: () => "/judge/scores",
      body: { items: "[]" },
      expect: { anonymous: "login", judge: 400, rest: 403 },
    },
    // Opened in a browser: 405 with a translated pointer to the judge's screen.
    { method: "GET", path: () => "/judge/scores", expect: 405 },
  ],
  "admin._index.tsx": [{ method: "GET", path: () => "/admin", expect: adminOnly(200) }],
  "admin.users._index.tsx": [
    { method: "GET", path: () => "/admin/users", expect: adminOnly(200) },
    { method: "POST", path: () => "/admin/users", body: {}, expect: adminOnly(400) },
  ],
  "admin.users.$id.tsx": [
    {
      method: "GET",
      path: (i) => `/admin/users/${i.guardianId}`,
      params: (i) => ({ id: String(i.guardianId) }),
      expect: adminOnly(200),
    },
    {
      method: "POST",
      path: (i) => `/admin/users/${i.guardianId}`,
      params: (i) => ({ id: String(i.guardianId) }),
      body: { intent: "bogus" },
      expect: adminOnly(400),
    },
    { method: "GET", path: () => "/admin/users/999999", params: () => ({ id: "999999" }), expect: adminOnly(404) },
  ],
  "admin.audit.tsx": [{ method: "GET", path: () => "/admin/audit?entity=event", expect: adminOnly(200) }],
  "admin.outbox.tsx": [{ method: "GET", path: () => "/admin/outbox", expect: adminOnly(200) }],
};

const routeModules = import.meta.glob<{
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
}>(["../../app/routes/*.tsx", "../../app/routes/*/route.tsx"]);

/** The route modules: flat files ("a.b.tsx") and route folders ("a.b/route.tsx"), test files aside. */
function routeFiles(): string[] {
  const dir = path.resolve(__dirname, "../../app/routes");
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return fs.existsSync(path.join(dir, d.name, "route.tsx")) ? [`${d.name}/route.tsx`] : [];
    return d.name.endsWith(".tsx") && !d.name.endsWith(".test.tsx") ? [d.name] : [];
  });
}

const expected = (e: Expect, who: Who): Outcome => (typeof e === "object" ? (e[who] ?? e.rest) : e);

function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) {
    const location = value.headers.get("Location");
    if (value.status >= 300 && value.status < 400) return location?.startsWith("/login") ? "login" : 302;
    return value.status as Outcome;
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    return ((value as { init?: { status?: number } }).init?.status ?? 200) as Outcome;
  }
  return 200;
}

let users: Record<Exclude<Who, "anonymous">, number>;

/** The demo judge's seat on a panel of the 2017 final: the demo data's own, or one made here. */
async function judgeSeat(db: Awaited<ReturnType<typeof runtime>>["db"], judgeId: number): Promise<number> {
  const own = await db
    .selectFrom("jury_assignments")
    .select("id")
    .where("user_id", "=", judgeId)
    .orderBy("id")
    .executeTakeFirst();
  if (own) return own.id;
  const final = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", "children-in-the-rhythm-of-the-world-2017")
    .executeTakeFirstOrThrow();
  const [round] = await eventRounds(db, final.id);
  const nomination = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", final.id)
    .orderBy("position")
    .executeTakeFirstOrThrow();
  const seat = await db
    .insertInto("jury_assignments")
    .values({ round_id: round!.id, nomination_id: nomination.id, age_group_id: null, user_id: judgeId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return seat.id;
}
let ids: Ids;

/** A fresh session per request: some rows (sign-out) end the session they are sent with. */
async function cookieFor(who: Who): Promise<string | null> {
  if (who === "anonymous") return null;
  const { db, sessionCookie } = await runtime();
  return (await sessionCookie.serialize(await createSession(db, users[who]))).split(";")[0]!;
}

beforeAll(async () => {
  await boot({
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR: "memory://",
    UPLOAD_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "toi-matrix-uploads-")),
    SEED_DEMO: "1",
    EMAIL_WORKER: "0",
    SESSION_SECRETS: "matrix-secret",
  });
  const { db } = await runtime();
  const userId = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const other = await insertUser(db, { email: "other-organiser@example.kz" });
  const organiser = await insertUser(db, { email: "this-organiser@example.kz" });
  const academy = await db
    .selectFrom("events")
    .select("id")
    .where("slug", "=", "art-academy-2018")
    .executeTakeFirstOrThrow();
  await grantRole(db, other.id, "organiser", academy.id);
  const draft = await createEventFromForm(db, organiser.id, { titleEn: "A draft only its organisers see" });
  await grantRole(db, await userId("admin@toi.demo"), "organiser", null);
  const guardianId = await userId("guardian@toi.demo");
  const child = await addChild(
    db,
    { guardianId },
    {
      lastName: "Ахметова",
      firstName: "Аружан",
      patronymic: "",
      birthDate: "2015-04-12",
      city: "almaty",
      clubId: undefined,
      publicName: "full",
    },
    { photoVideo: true },
  );
  const [club, otherClub] = await db.selectFrom("clubs").select("id").orderBy("id").limit(2).execute();
  await db.insertInto("memberships").values({ user_id: guardianId, role: "club_leader", club_id: club!.id }).execute();
  const clubChild = await addClubChild(
    db,
    { clubId: club!.id },
    { id: guardianId, email: "guardian@toi.demo" },
    {
      lastName: "Серікова",
      firstName: "Әйгерім",
      patronymic: "",
      birthDate: "2014-09-01",
      city: "almaty",
      clubId: club!.id,
      publicName: "initial",
    },
  );
  if (!("id" in clubChild)) throw new Error("The club child was not added.");
  const open = await db
    .selectFrom("events")
    .select(["id", "slug"])
    .where("slug", "like", "planet-of-art-%")
    .executeTakeFirstOrThrow();
  const vocal = await db
    .selectFrom("nominations")
    .select("id")
    .where("event_id", "=", open.id)
    .where("discipline", "=", "vocal")
    .executeTakeFirstOrThrow();
  const entry = await submitEntry(
    db,
    { userId: guardianId, email: "guardian@toi.demo", role: "guardian" },
    {
      eventId: open.id,
      nominationId: vocal.id,
      format: "solo",
      memberIds: [child.id],
      title: "Әлди-әлди",
      durationSeconds: 180,
      videoUrl: "https://video.example.kz/aruzhan",
      artworkFile: null,
      idempotencyKey: "matrix-entry-0001",
    },
    "http://toi.test",
  );
  if (!entry.ok) throw new Error(`The matrix entry was refused: ${JSON.stringify(entry)}`);
  // A published award for the guardian's entry, so that it has a diploma.
  const [awardRound] = await eventRounds(db, open.id);
  const entryRow = await db
    .selectFrom("entries")
    .select(["id", "age_group_id"])
    .where("reference", "=", entry.reference)
    .executeTakeFirstOrThrow();
  const sectionId = await ensureSection(db, awardRound!.id, vocal.id, entryRow.age_group_id);
  await db
    .insertInto("results")
    .values({ round_id: awardRound!.id, entry_id: entryRow.id, section_id: sectionId, rank: 1, award: "laureate_1" })
    .execute();
  await db
    .updateTable("result_sections")
    .set({ locked_at: new Date(), published_at: new Date() })
    .where("id", "=", sectionId)
    .execute();
  const newClass = (eventId: number) =>
    db
      .insertInto("master_classes")
      .values({ event_id: eventId, title_en: "Watercolour", teacher: "Teacher", capacity: 10 })
      .returning("id")
      .executeTakeFirstOrThrow();
  const draftClass = await newClass(draft.id);
  const academyClass = await newClass(academy.id);
  ids = {
    draftSlug: draft.slug,
    draftId: draft.id,
    guardianId,
    childId: child.id,
    clubId: club!.id,
    clubChildId: clubChild.id,
    otherClubId: otherClub!.id,
    openSlug: open.slug,
    entryRef: entry.reference,
    classId: draftClass.id,
    academyClassId: academyClass.id,
    openId: open.id,
    awardRoundId: awardRound!.id,
    awardNominationId: vocal.id,
    awardSectionId: sectionId,
    judgeAssignmentId: await judgeSeat(db, await userId("judge@toi.demo")),
  };
  users = {
    guardian: ids.guardianId,
    judge: await userId("judge@toi.demo"),
    otherOrganiser: other.id,
    organiser: organiser.id,
    admin: await userId("admin@toi.demo"),
  };
}, 60_000);

afterAll(async () => {
  await shutdown();
});

describe("the role × route matrix", () => {
  it("has a row for every route module", () => {
    const files = routeFiles();
    expect(
      files.filter((f) => !(f in MATRIX)),
      "routes missing from the matrix",
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((f) => !files.includes(f)),
      "rows for routes that no longer exist",
    ).toEqual([]);
  });

  it("nests a page under another page only when the parent renders an <Outlet>", () => {
    // Flat routes: "a.b.tsx" is a child of "a.tsx". A parent page without <Outlet> would show its own
    // page at the child's address (use "a_.b.tsx" to opt out of nesting).
    const dir = path.resolve(__dirname, "../../app/routes");
    const files = routeFiles();
    const segments = (f: string) =>
      f
        .replace(/(\/route)?\.tsx$/, "")
        .split(".")
        .filter((seg) => seg !== "_index");
    const hasPage = (f: string) => /export default/.test(fs.readFileSync(path.join(dir, f), "utf8"));
    const problems = files.flatMap((parent) => {
      const p = segments(parent);
      if (
        parent.endsWith("_index.tsx") ||
        !hasPage(parent) ||
        /<Outlet/.test(fs.readFileSync(path.join(dir, parent), "utf8"))
      )
        return [];
      return files
        .filter(
          (child) =>
            child !== parent &&
            hasPage(child) &&
            segments(child).length > p.length &&
            p.every((seg, i) => segments(child)[i] === seg),
        )
        .map((child) => `${child} would render inside ${parent}, which has no <Outlet>`);
    });
    expect(problems).toEqual([]);
  });

  it("answers a file route's refusals with one line in the reader's language", async () => {
    const call = async (file: string, url: string, who: Who, params: Record<string, string>) => {
      const mod = await routeModules[`../../app/routes/${file}`]!();
      const headers = new Headers({ "Accept-Language": "ru" });
      const cookie = await cookieFor(who);
      if (cookie) headers.set("Cookie", cookie);
      let response: Response;
      try {
        response = (await mod.loader!({
          request: new Request(`http://toi.test${url}`, { headers }),
          params,
          context: {},
        })) as Response;
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      return [response.status, response.headers.get("Content-Type"), await response.text()];
    };
    const text = "text/plain; charset=utf-8";
    const ru = catalogues.ru;
    const event = { id: String(ids.openId) };
    const exportFile = "organiser.events.$id_.results_.export.tsx";
    expect(
      await call(
        exportFile,
        `/organiser/events/${ids.openId}/results/export?format=csv&round=${ids.awardRoundId}`,
        "otherOrganiser",
        event,
      ),
    ).toEqual([403, text, ru.errors.forbidden]);
    expect(
      await call(
        exportFile,
        `/organiser/events/${ids.openId}/results/export?format=pdf&round=${ids.awardRoundId}`,
        "admin",
        event,
      ),
    ).toEqual([400, text, ru.results.export.errors.query]);
    expect(
      await call(
        exportFile,
        `/organiser/events/${ids.draftId}/results/export?format=csv&round=${ids.awardRoundId}`,
        "organiser",
        { id: String(ids.draftId) },
      ),
    ).toEqual([404, text, ru.results.export.errors.notFound]);
    expect(
      await call(exportFile, "/organiser/events/999999/results/export?format=csv&round=1", "admin", { id: "999999" }),
    ).toEqual([404, text, ru.errors.notFound]);
    const batchFile = "organiser.events.$id_.results_.diplomas.tsx";
    expect(
      await call(
        batchFile,
        `/organiser/events/${ids.openId}/results/diplomas?round=${ids.awardRoundId}&nomination=${ids.awardNominationId}`,
        "otherOrganiser",
        event,
      ),
    ).toEqual([403, text, ru.errors.forbidden]);
    const diplomaFile = "entries.$reference_.diploma.tsx";
    expect(
      await call(diplomaFile, `/entries/${ids.entryRef}%00/diploma`, "guardian", {
        reference: `${ids.entryRef}\u0000`,
      }),
    ).toEqual([404, text, ru.diplomas.errors.notFound]);
    expect(await call(diplomaFile, `/entries/${ids.entryRef}/diploma`, "judge", { reference: ids.entryRef })).toEqual([
      404,
      text,
      ru.diplomas.errors.notFound,
    ]);
  });

  const cases = Object.entries(MATRIX).flatMap(([file, list]) => list.map((c) => ({ file, ...c })));
  it.each(
    cases.map(
      (c) =>
        [
          `${c.method} ${c.path({ draftSlug: "<draft>", draftId: 0, guardianId: 0, childId: 0, clubId: 0, clubChildId: 0, otherClubId: 0, openSlug: "<open>", entryRef: "<ref>", classId: 0, academyClassId: 0, openId: 0, awardRoundId: 0, awardNominationId: 0, awardSectionId: 0, judgeAssignmentId: 0 })} (${c.file})`,
          c,
        ] as const,
    ),
  )("%s answers each role as the table says", async (_name, c) => {
    const load = routeModules[`../../app/routes/${c.file}`];
    expect(load, c.file).toBeDefined();
    const mod = await load!();
    const fn = c.method === "GET" ? mod.loader : mod.action;
    const actual: Partial<Record<Who, Outcome>> = {};
    const wanted: Partial<Record<Who, Outcome>> = {};
    for (const who of WHO) {
      const headers = new Headers({ "Accept-Language": "en" });
      const cookie = await cookieFor(who);
      if (cookie) headers.set("Cookie", cookie);
      const init: RequestInit = { method: c.method, headers };
      if (c.method === "POST") {
        headers.set("Content-Type", "application/x-www-form-urlencoded");
        init.body = new URLSearchParams(c.body ?? {}).toString();
      }
      const request = new Request(`http://toi.test${c.path(ids)}`, init);
      wanted[who] = expected(c.expect, who);
      if (!fn) {
        actual[who] = 405 as Outcome;
        continue;
      }
      try {
        actual[who] = outcomeOf(
          await fn({ request, params: c.params?.(ids) ?? {}, context: { clientIp: `10.0.0.${WHO.indexOf(who)}` } }),
        );
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        actual[who] = outcomeOf(thrown);
      }
    }
    expect(actual).toEqual(wanted);
  });
});
