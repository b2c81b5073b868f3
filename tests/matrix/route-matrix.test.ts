import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createSession } from "~/.server/accounts/session.server";
import { ensureSection, eventRounds } from "~/.server/events/rounds.server";
import { unsubscribeSecret, unsubscribeToken } from "~/.server/platform/email/notices.server";
import { boot, runtime, shutdown } from "~/.server/platform/runtime.server";
import { storeFile } from "~/.server/platform/uploads/files.server";
import { addChild } from "~/.server/registration/children.server";
import { addClubChild } from "~/.server/registration/club-children.server";
import { submitEntry } from "~/.server/registration/submit-entry.server";
import { issueDiplomaCodes } from "~/.server/results/diplomas/verification.server";
import { catalogues } from "~/i18n";

import { childData, createEventFromForm, eventParts, grantRole, insertUser } from "../db/factories";

/**
 * Who may do what, route by route. Every module in app/routes must have a row: a route added
 * without one fails this test. Loaders and actions are called directly, with the session cookie
 * each role would send, so the table checks the guards themselves (CSRF is checked in e2e).
 */
type Who = "anonymous" | "guardian" | "judge" | "otherOrganiser" | "organiser" | "admin";
const WHO: Who[] = ["anonymous", "guardian", "judge", "otherOrganiser", "organiser", "admin"];
type Outcome = 200 | 302 | 400 | 403 | 404 | 405 | 409 | 415 | "login";
type Expect = Outcome | (Partial<Record<Who, Outcome>> & { rest: Outcome });

/**
 * A request and who gets what. The path names ids as ":draftId" (see Ids); the route's params are read
 * off the path as Remix would, by its file name's "$" segments.
 */
interface Case {
  method: "GET" | "POST";
  path: string;
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
  entryId: number;
  /** A master class of the draft event, and one of the demo academy. */
  classId: number;
  academyClassId: number;
  /** The open festival, and the round and nomination in which the guardian's entry holds a published award. */
  openId: number;
  awardRoundId: number;
  /** A round of the draft event (its own public page is a preview). */
  draftRoundId: number;
  awardNominationId: number;
  /** The (locked, published) results section holding that award. */
  awardSectionId: number;
  /** The code of that award's diploma (its QR code's verification page). */
  diplomaCode: string;
  /** The demo judge's panel in the 2017 final. */
  judgeAssignmentId: number;
  /** The demo guardian's one-click unsubscribe token for results emails. */
  unsubscribeToken: string;
  /** A finished export job of the draft event, its file stored. */
  draftJobId: number;
}

const signedIn = (outcome: Outcome, anonymous: Outcome): Expect => ({ anonymous, rest: outcome });
// Also the demo events' organisers: the demo admin is the only one.
const adminOnly = (ok: Outcome): Expect => ({ anonymous: "login", admin: ok, rest: 403 });
const eventOrganisers = (ok: Outcome): Expect => ({ anonymous: "login", organiser: ok, admin: ok, rest: 403 });
const draftPreview: Expect = { organiser: 200, admin: 200, rest: 404 };
// The demo guardian is also made the leader of one club for these rows.
const clubLeaders = (ok: Outcome): Expect => ({ anonymous: "login", guardian: ok, admin: ok, rest: 403 });
// The demo guardian's own child and entry: anyone else cannot tell they exist.
const familyOwn = (ok: Outcome): Expect => ({ anonymous: "login", guardian: ok, rest: 404 });

const get = (path: string, expect: Expect): Case => ({ method: "GET", path, expect });
const post = (path: string, body: Record<string, string>, expect: Expect): Case => ({
  method: "POST",
  path,
  body,
  expect,
});
/** A page of the draft event, which only its own organisers (and admins) manage. */
const ofDraft = (rest = "") => `/organiser/events/:draftId${rest}`;
/** The draft event's pages and forms, as its organisers (and admins) get them; anyone else is refused. */
const draftGet = (rest: string, ok: Outcome) => get(ofDraft(rest), eventOrganisers(ok));
const draftPost = (rest: string, body: Record<string, string>, ok: Outcome) =>
  post(ofDraft(rest), body, eventOrganisers(ok));
/** A draft event's page: its organisers see it, and get a bad request for an unknown intent. */
const draftPage = (rest = ""): Case[] => [draftGet(rest, 200), draftPost(rest, { intent: "bogus" }, 400)];

const MATRIX: Record<string, Case[]> = {
  "_index.tsx": [get("/", 200)],
  "events.$slug.tsx": [
    get("/events/children-in-the-rhythm-of-the-world-2017", 200),
    get("/events/:draftSlug", draftPreview),
    get("/events/no-such-event", 404),
  ],
  "healthz.tsx": [get("/healthz", 200)],
  "about.tsx": [get("/about", 200)],
  "contact.tsx": [get("/contact", 200)],
  "privacy.tsx": [get("/privacy", 200)],
  "judge[.]webmanifest.tsx": [get("/judge.webmanifest", 200)],
  "locale.tsx": [
    get("/locale", 302),
    post("/locale", { locale: "kk", redirectTo: "/" }, 302),
    post("/locale", { locale: "xx" }, 400),
  ],
  "login.tsx": [get("/login", signedIn(302, 200)), post("/login", {}, 400)],
  "logout.tsx": [get("/logout", 302), post("/logout", {}, 302)],
  "signup.tsx": [get("/signup", signedIn(302, 200)), post("/signup", {}, signedIn(302, 400))],
  "check-email.tsx": [get("/check-email?reason=reset", 200)],
  "verify-email.tsx": [
    get("/verify-email?token=unknown", 200),
    post("/verify-email", { token: "unknown" }, 302),
    post("/verify-email", {}, 400),
  ],
  "forgot-password.tsx": [get("/forgot-password", 200), post("/forgot-password", { email: "not an email" }, 400)],
  "set-password.tsx": [
    get("/set-password?token=unknown", 200),
    post("/set-password", { token: "unknown", password: "a long unusual passphrase" }, 400),
  ],
  "account._index.tsx": [
    get("/account", signedIn(200, "login")),
    post("/account", { intent: "bogus" }, signedIn(400, "login")),
    post("/account", { intent: "calendarRevoke" }, signedIn(302, "login")),
    post("/account", { intent: "emailNotice", kind: "results", wanted: "1" }, signedIn(302, "login")),
    post("/account", { intent: "emailNotice", kind: "verify_email", wanted: "0" }, signedIn(400, "login")),
  ],
  "calendar.$file.tsx": [
    get("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", 404),
    get("/calendar/x", 404),
  ],
  "account.data.tsx": [get("/account/data", signedIn(200, "login"))],
  // Public, authorised by the signed token alone: the page asks, the POST (a mail provider's one-click) unsubscribes.
  "unsubscribe.$token.tsx": [
    get("/unsubscribe/:unsubscribeToken", 200),
    post("/unsubscribe/:unsubscribeToken", { "List-Unsubscribe": "One-Click" }, 200),
    get("/unsubscribe/1.results.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404),
    post("/unsubscribe/not-a-token", {}, 404),
  ],
  "organiser.events._index.tsx": [get("/organiser/events", 302)],
  "organiser._index.tsx": [get("/organiser", { anonymous: "login", guardian: 403, judge: 403, rest: 200 })],
  "organiser.events.new.tsx": [
    get("/organiser/events/new", adminOnly(200)),
    post("/organiser/events/new", { intent: "save" }, adminOnly(400)),
  ],
  "organiser.events.$id.tsx": [
    ...draftPage(),
    get("/organiser/events/999999", signedIn(404, "login")),
    get("/organiser/events/abc", 404),
    // Bigger than a PostgreSQL integer: no such page, never a database error.
    get("/organiser/events/99999999999", 404),
  ],
  "organiser.events.$id_.edit.tsx": [
    ...draftPage("/edit"),
    draftPost("/edit", { intent: "save" }, 400),
    get("/organiser/events/999999/edit", signedIn(404, "login")),
    get("/organiser/events/abc/edit", 404),
  ],
  "children._index.tsx": [get("/children", signedIn(200, "login"))],
  "children.new.tsx": [get("/children/new", signedIn(200, "login")), post("/children/new", {}, signedIn(400, "login"))],
  "children.$id.tsx": [
    get("/children/:childId", familyOwn(200)),
    post("/children/:childId", { intent: "bogus" }, familyOwn(400)),
    post("/children/:childId", { intent: "withdrawConsent", kind: "photo_video" }, familyOwn(302)),
  ],
  "clubs._index.tsx": [
    get("/clubs", clubLeaders(200)),
    get("/clubs?region=pavlodar&archived=1&q=%25&page=9", clubLeaders(200)),
    get("/clubs?region=nowhere&page=abc", clubLeaders(200)),
  ],
  // Admins and federation organisers add clubs; nobody else.
  "clubs.new.tsx": [get("/clubs/new", adminOnly(200)), post("/clubs/new", {}, adminOnly(400))],
  // A club's details: its leaders and club managers; leaders and archiving: managers only.
  "clubs.$id.edit.tsx": [
    get("/clubs/:clubId/edit", clubLeaders(200)),
    get("/clubs/:otherClubId/edit", adminOnly(200)),
    get("/clubs/999999/edit", signedIn(404, "login")),
    get("/clubs/abc/edit", 404),
    post("/clubs/:clubId/edit", { intent: "save" }, clubLeaders(400)),
    post("/clubs/:clubId/edit", { intent: "bogus" }, clubLeaders(400)),
    post("/clubs/:clubId/edit", { intent: "addLeader" }, { anonymous: "login", admin: 400, rest: 403 }),
    post(
      "/clubs/:clubId/edit",
      { intent: "removeLeader", membershipId: "999999" },
      { anonymous: "login", admin: 404, rest: 403 },
    ),
    post(
      "/clubs/:otherClubId/edit",
      { intent: "archive" },
      { anonymous: "login", guardian: 403, rest: 403, admin: 302 },
    ),
    post(
      "/clubs/:otherClubId/edit",
      { intent: "restore" },
      { anonymous: "login", guardian: 403, rest: 403, admin: 302 },
    ),
  ],
  "clubs.$id._index.tsx": [
    get("/clubs/:clubId", clubLeaders(200)),
    get("/clubs/:otherClubId", adminOnly(200)),
    get("/clubs/999999", signedIn(404, "login")),
    get("/clubs/abc", 404),
  ],
  "clubs.$id.import.tsx": [
    get("/clubs/:clubId/import", clubLeaders(200)),
    post("/clubs/:clubId/import", { intent: "bogus" }, clubLeaders(400)),
    post(
      "/clubs/:clubId/import",
      { intent: "confirm", importId: "no-such-import", textVersion: "1", attest: "on" },
      clubLeaders(400),
    ),
    post("/clubs/:otherClubId/import", { intent: "bogus" }, adminOnly(400)),
  ],
  "clubs.$id.import_.template[.]xlsx.tsx": [get("/clubs/:clubId/import/template.xlsx", clubLeaders(200))],
  "clubs.$id.children.new.tsx": [
    get("/clubs/:clubId/children/new", clubLeaders(200)),
    post("/clubs/:clubId/children/new", {}, clubLeaders(400)),
  ],
  "clubs.$id.enter.tsx": [
    get("/clubs/:clubId/enter", clubLeaders(200)),
    get("/clubs/:clubId/enter?event=:openSlug", clubLeaders(200)),
    get("/clubs/:clubId/enter?event=:draftSlug", clubLeaders(404)),
    get("/clubs/:otherClubId/enter", adminOnly(200)),
    post("/clubs/:clubId/enter", {}, clubLeaders(400)),
    post(
      "/clubs/:clubId/enter",
      {
        event: "no-such-event",
        nominationId: "1",
        format: "solo",
        idempotencyKey: "matrix-club-batch-0001",
        "children.c1.on": "on",
      },
      clubLeaders(404),
    ),
    post("/clubs/:otherClubId/enter", {}, adminOnly(400)),
  ],
  "clubs.$id.children.$childId.tsx": [
    get("/clubs/:clubId/children/:clubChildId", clubLeaders(200)),
    post("/clubs/:clubId/children/:clubChildId", { intent: "bogus" }, clubLeaders(400)),
    // A family's child is never the club's to edit, even for an admin.
    get("/clubs/:clubId/children/:childId", clubLeaders(404)),
    get("/clubs/:otherClubId/children/:clubChildId", adminOnly(404)),
  ],
  "events.$slug_.enter.tsx": [
    get("/events/:openSlug/enter", signedIn(200, "login")),
    get("/events/:draftSlug/enter", signedIn(404, "login")),
    // The entry form is multipart (it may carry an artwork): an urlencoded body is not it.
    post("/events/:openSlug/enter", {}, signedIn(415, "login")),
  ],
  "events.$slug_.programme.tsx": [
    get("/events/children-in-the-rhythm-of-the-world-2017/programme", 200),
    get("/events/:draftSlug/programme", draftPreview),
    get("/events/no-such-event/programme", 404),
  ],
  "events.$slug_.programme[.]ics.tsx": [
    get("/events/children-in-the-rhythm-of-the-world-2017/programme.ics", 200),
    get("/events/:draftSlug/programme.ics", draftPreview),
    get("/events/no-such-event/programme.ics", 404),
  ],
  "events.$slug_.programme_.now.tsx": [
    get("/events/children-in-the-rhythm-of-the-world-2017/programme/now", 200),
    get("/events/children-in-the-rhythm-of-the-world-2017/programme/now?stage=999999", 404),
    get("/events/children-in-the-rhythm-of-the-world-2017/programme/now?stage=abc", 404),
    get("/events/:draftSlug/programme/now", draftPreview),
  ],
  // Whole names: only the event's own organisers (and admins), never organisers of another event.
  "events.$slug_.programme_.print.tsx": [
    get("/events/:draftSlug/programme/print", eventOrganisers(200)),
    get("/events/art-academy-2018/programme/print", { anonymous: "login", otherOrganiser: 200, admin: 200, rest: 403 }),
    get("/events/:draftSlug/programme/print?stage=999999", eventOrganisers(404)),
    get("/events/no-such-event/programme/print", 404),
  ],
  "schedule._index.tsx": [get("/schedule", signedIn(200, "login"))],
  "schedule[.]ics.tsx": [get("/schedule.ics", signedIn(200, "login"))],
  "entries._index.tsx": [get("/entries", signedIn(200, "login"))],
  "entries.$reference.tsx": [
    get("/entries/:entryRef", familyOwn(200)),
    post("/entries/:entryRef", { intent: "bogus" }, familyOwn(400)),
  ],
  "entries.$reference_.edit.tsx": [
    get("/entries/:entryRef/edit", familyOwn(200)),
    post(
      "/entries/:entryRef/edit",
      {
        title:
          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      },
      familyOwn(400),
    ),
  ],
  "entries.$reference_.artwork.tsx": [
    get("/entries/:entryRef/artwork", signedIn(404, "login")),
    get("/entries/:entryRef%00/artwork", signedIn(404, "login")),
  ],
  "organiser.events.$id_.entries.tsx": [
    draftGet("/entries", 200),
    get("/organiser/events/:openId/entries?page=abc&size=7&sort=bogus&status=lost&region=Atlantis", adminOnly(200)),
    // One decision is posted from each entry's own page; here, rejecting many with one reason.
    draftPost("/entries", { intent: "bogus" }, 400),
    draftPost("/entries", { intent: "rejectMany", entryId: "x", reason: "Late" }, 400),
    draftPost("/entries", { intent: "rejectMany", entryId: "999999", reason: "Late" }, 302),
    draftPost("/entries", { intent: "rejectMany", scope: "all", filter: "status=bogus&page=-1", reason: "" }, 302),
  ],
  "organiser.events.$id_.entries_.$entryId.tsx": [
    get("/organiser/events/:openId/entries/:entryId", adminOnly(200)),
    // Another event's entry is not found, whoever asks.
    draftGet("/entries/:entryId", 404),
    get("/organiser/events/:openId/entries/99999999999", adminOnly(404)),
    post("/organiser/events/:openId/entries/:entryId", { intent: "bogus" }, adminOnly(400)),
    post("/organiser/events/:openId/entries/:entryId", { intent: "reject", entryId: "1x" }, adminOnly(400)),
    draftPost("/entries/:entryId", { intent: "reject", entryId: "" }, 400),
  ],
  "organiser.events.$id_.schedule.tsx": [
    ...draftPage("/schedule"),
    get("/organiser/events/999999/schedule", signedIn(404, "login")),
    draftPost("/schedule", { intent: "generate", roundId: "999999" }, 404),
  ],
  "organiser.events.$id_.jury.tsx": [
    ...draftPage("/jury"),
    get("/organiser/events/999999/jury", signedIn(404, "login")),
    draftPost("/jury", { intent: "addCriterion", nominationId: "999999", nameEn: "", maxScore: "0" }, 400),
    draftPost("/jury", { intent: "addCriterion", nominationId: "999999", nameEn: "Technique", maxScore: "10" }, 404),
  ],
  "organiser.events.$id_.jury_.panels.tsx": [
    ...draftPage("/jury/panels"),
    draftGet("/jury/panels?round=999999", 404),
    draftPost(
      "/jury/panels",
      { intent: "addJudge", roundId: "999999", nominationId: "1", email: "not an email", locale: "kk" },
      400,
    ),
    draftPost("/jury/panels", { intent: "blind", roundId: "999999", blind: "on" }, 404),
    draftPost("/jury/panels", { intent: "copyRound", roundId: "999999" }, 404),
    // Ids beyond a database integer are form errors, not database errors.
    draftPost(
      "/jury/panels",
      {
        intent: "addJudge",
        roundId: "999999",
        nominationId: "99999999999",
        ageGroupId: "",
        email: "judge@example.kz",
        locale: "kk",
      },
      400,
    ),
    draftPost(
      "/jury/panels",
      {
        intent: "addJudge",
        roundId: "999999",
        nominationId: "999999",
        ageGroupId: "99999999999",
        email: "judge@example.kz",
        locale: "kk",
      },
      400,
    ),
  ],
  "organiser.events.$id_.jury_.conflicts.tsx": [
    ...draftPage("/jury/conflicts"),
    draftPost("/jury/conflicts", { intent: "addConflict", userId: "", target: "" }, 400),
    draftPost("/jury/conflicts", { intent: "removeConflict", conflictId: "999999" }, 404),
    draftPost("/jury/conflicts", { intent: "addConflict", userId: "999999", target: "club:9999999999", note: "" }, 400),
  ],
  "organiser.events.$id_.jury_.rules.tsx": [
    ...draftPage("/jury/rules"),
    get("/organiser/events/999999/jury/rules", signedIn(404, "login")),
    draftPost("/jury/rules", { intent: "save", aggregation: "max", awardMode: "rank" }, 400),
    draftPost("/jury/rules", { intent: "tie-add", aggregation: "mean", awardMode: "rank", addTieBreak: "chair" }, 200),
  ],
  "organiser.events.$id_.classes.tsx": [
    ...draftPage("/classes"),
    draftPost("/classes", { intent: "remove", classId: "999999" }, 404),
    draftPost("/classes", { intent: "allocate" }, 302),
    draftPost("/classes", { intent: "settings", roundId: "", maxRanks: "0", maxClasses: "" }, 400),
    draftPost("/classes", { intent: "settings", roundId: "999999", maxRanks: "5", maxClasses: "" }, 400),
    draftPost("/classes", { intent: "settings", roundId: "", maxRanks: "5", maxClasses: "3" }, 302),
    draftGet("/classes?sort=title&dir=desc&show=full&size=25&page=9&q=x", 200),
    get("/organiser/events/999999/classes", signedIn(404, "login")),
  ],
  "organiser.events.$id_.classes_.$classId_.participants.tsx": [
    draftGet("/classes/:classId/participants", 200),
    draftGet("/classes/:classId/participants?sort=via&dir=desc&show=fillUp&page=3", 200),
    // Another event's class is not found through this one, even by its own organiser.
    draftGet("/classes/:academyClassId/participants", 404),
    get(ofDraft("/classes/abc/participants"), 404),
  ],
  "organiser.events.$id_.classes_.new.tsx": [
    draftGet("/classes/new", 200),
    draftPost("/classes/new", { teacher: "" }, 400),
  ],
  "organiser.events.$id_.classes_.$classId.tsx": [
    draftGet("/classes/:classId", 200),
    draftPost("/classes/:classId", { teacher: "" }, 400),
    // Another event's class is not found through this one, even by its own organiser.
    draftGet("/classes/:academyClassId", 404),
    get(ofDraft("/classes/abc"), 404),
  ],
  "clubs.$id.classes.$slug.tsx": [
    get("/clubs/:clubId/classes/art-academy-2018", clubLeaders(200)),
    get("/clubs/:otherClubId/classes/art-academy-2018", adminOnly(200)),
    get("/clubs/:clubId/classes/no-such-event", clubLeaders(404)),
    get("/clubs/:clubId/classes/:draftSlug", clubLeaders(404)),
    post("/clubs/:clubId/classes/art-academy-2018", { intent: "bogus" }, clubLeaders(400)),
    // A child who is not the club's own (here: no one's) is simply not found.
    post(
      "/clubs/:clubId/classes/art-academy-2018",
      { intent: "rank", childId: "999999", "ranks.0": "1" },
      clubLeaders(404),
    ),
  ],
  "events.$slug_.classes.tsx": [
    get("/events/art-academy-2018/classes", signedIn(200, "login")),
    get("/events/:draftSlug/classes", signedIn(404, "login")),
    get("/events/no-such-event/classes", signedIn(404, "login")),
    post("/events/art-academy-2018/classes", { intent: "bogus" }, signedIn(400, "login")),
    // A child who is not the family's own (here: no one's) is simply not found.
    post(
      "/events/art-academy-2018/classes",
      { intent: "rank", childId: "999999", "ranks.0": "1" },
      signedIn(404, "login"),
    ),
  ],
  "organiser.events.$id_.dashboard.tsx": [
    draftGet("/dashboard", 200),
    get("/organiser/events/:openId/dashboard", adminOnly(200)),
    get("/organiser/events/999999/dashboard", signedIn(404, "login")),
    post(ofDraft("/dashboard"), { intent: "bogus" }, 405),
  ],
  "organiser.events.$id_.export.tsx": [
    draftGet("/export?format=csv", 200),
    draftGet("/export?format=xlsx", 200),
    draftGet("/export?format=pdf", 400),
  ],
  "organiser.events.$id_.results/route.tsx": [
    ...draftPage("/results"),
    get("/organiser/events/:openId/results", adminOnly(200)),
    get("/organiser/events/999999/results", signedIn(404, "login")),
    draftPost("/results", { intent: "compute", roundId: "999999" }, 404),
    // Another event's section is not found through this one.
    draftPost("/results", { intent: "lock", sectionId: "999999" }, 404),
    // Ids beyond a PostgreSQL integer: a bad request, never a database error.
    draftPost("/results", { intent: "lock", sectionId: "99999999999" }, 400),
    draftPost("/results", { intent: "compute", roundId: "99999999999" }, 400),
    // A whole round: the summary first (an unknown round shows none), then the action.
    draftGet("/results?bulk=publish&round=999999", 200),
    draftGet("/results?bulk=bogus&round=x", 200),
    draftPost("/results", { intent: "lock_round", roundId: "999999" }, 404),
    draftPost("/results", { intent: "publish_round", roundId: "999999", include: "x" }, 400),
  ],
  "organiser.events.$id_.results_.$sectionId_.email.tsx": [
    get("/organiser/events/:openId/results/:awardSectionId/email", adminOnly(200)),
    draftGet("/results/:awardSectionId/email", 404),
    draftGet("/results/abc/email", 404),
    post("/organiser/events/:openId/results/:awardSectionId/email", { subject_kk: "" }, adminOnly(400)),
    draftPost("/results/999999/email", { subject_kk: "Хабар", body_kk: "Мәтін" }, 404),
  ],
  "organiser.events.$id_.results_.export.tsx": [
    get("/organiser/events/:openId/results/export?format=csv&round=:awardRoundId", adminOnly(200)),
    get("/organiser/events/:openId/results/export?format=xlsx&round=:awardRoundId", adminOnly(200)),
    draftGet("/results/export?format=pdf&round=1", 400),
    draftGet("/results/export?format=csv&round=:awardRoundId", 404),
    draftGet("/results/export?format=csv&round=99999999999", 400),
  ],
  // A section's review: the event's organisers only, and only for a section of that event.
  "organiser.events.$id_.results_.$sectionId/route.tsx": [
    get("/organiser/events/:openId/results/:awardSectionId", adminOnly(200)),
    draftGet("/results/:awardSectionId", 404),
    draftGet("/results/abc", 404),
    post("/organiser/events/:openId/results/:awardSectionId", { intent: "bogus" }, adminOnly(400)),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "override", entryId: "1", judgeUserId: "1", criterionId: "1", value: "5", reason: " " },
      adminOnly(400),
    ),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "grandPrix", choice: "someone" },
      adminOnly(400),
    ),
    draftPost("/results/:awardSectionId", { intent: "recompute" }, 404),
    // The award's section is published: frozen until unpublished (409), whatever the change.
    post("/organiser/events/:openId/results/:awardSectionId", { intent: "recompute" }, adminOnly(409)),
    post("/organiser/events/:openId/results/:awardSectionId", { intent: "grandPrix", choice: "none" }, adminOnly(409)),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "clearTie", "entryIds.0": "1" },
      adminOnly(409),
    ),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "removePrize", prizeId: "99999999999" },
      adminOnly(400),
    ),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "addPrize", entryId: "99999999999", nameRu: "Приз" },
      adminOnly(400),
    ),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      {
        intent: "override",
        entryId: "1",
        judgeUserId: "1",
        criterionId: "99999999999",
        value: "5",
        reason: "Paper sheet",
      },
      adminOnly(400),
    ),
    post(
      "/organiser/events/:openId/results/:awardSectionId",
      { intent: "override", entryId: "1", judgeUserId: "1", criterionId: "1", value: "0x9", reason: "Paper sheet" },
      adminOnly(400),
    ),
  ],
  "organiser.events.$id_.results_.advance/route.tsx": [
    draftGet("/results/advance", 200),
    get("/organiser/events/:openId/results/advance?round=:awardRoundId", adminOnly(200)),
    draftGet("/results/advance?round=999999", 404),
    draftPost("/results/advance", { roundId: "abc" }, 400),
    draftPost("/results/advance", { intent: "choose", roundId: "999999", sectionId: "1" }, 404),
    draftPost("/results/advance", { intent: "choose", roundId: "1", sectionId: "99999999999" }, 400),
    draftPost("/results/advance", { intent: "rule", roundId: "999999" }, 404),
    draftGet("/results/advance?section=999999", 404),
  ],
  // Published sections of published events only, to everyone alike (organisers preview on the overview).
  "events.$slug_.results.tsx": [
    get("/events/:openSlug/results", 200),
    get("/events/children-in-the-rhythm-of-the-world-2017/results", 200),
    get("/events/:draftSlug/results", 404),
    get("/events/no-such-event/results", 404),
  ],
  // A round's own page (a regional heat): its published programme and results, as the event page is shown.
  "events.$slug_.rounds.$roundId.tsx": [
    get("/events/:openSlug/rounds/:awardRoundId", 200),
    get("/events/:draftSlug/rounds/:draftRoundId", draftPreview),
    get("/events/children-in-the-rhythm-of-the-world-2017/rounds/:awardRoundId", 404),
    get("/events/:openSlug/rounds/999999", 404),
    get("/events/:openSlug/rounds/abc", 404),
    get("/events/no-such-event/rounds/:awardRoundId", 404),
  ],
  // One published section on its own page, paged: the same to everyone; any other section is a 404.
  "events.$slug_.results_.$sectionId.tsx": [
    get("/events/:openSlug/results/:awardSectionId", 200),
    get("/events/:openSlug/results/:awardSectionId?page=99", 200),
    get("/events/:openSlug/results/:awardSectionId?page=abc", 200),
    get("/events/children-in-the-rhythm-of-the-world-2017/results/:awardSectionId", 404),
    get("/events/:draftSlug/results/:awardSectionId", 404),
    get("/events/:openSlug/results/999999", 404),
    get("/events/:openSlug/results/abc", 404),
  ],
  // A diploma's verification page: public, the same to everyone; an unknown or malformed code is a 404.
  "verify.$code.tsx": [
    get("/verify/:diplomaCode", 200),
    get("/verify/00000000000000000000000000000000", 404),
    get("/verify/not-a-code", 404),
  ],
  // Diplomas: the family, the club's leader and the event's organisers; anyone else can't tell the entry exists.
  "entries.$reference_.diploma.tsx": [
    get("/entries/:entryRef/diploma", { anonymous: "login", guardian: 200, admin: 200, rest: 404 }),
    get("/entries/:entryRef/diploma?lang=xx", { anonymous: "login", guardian: 400, admin: 400, rest: 404 }),
    get("/entries/:entryRef/diploma?round=999999", signedIn(404, "login")),
    get("/entries/NO-SUCH-ENTRY/diploma", signedIn(404, "login")),
    // Not a reference code (a NUL byte was a database error): simply not found.
    get("/entries/:entryRef%00/diploma", signedIn(404, "login")),
  ],
  "organiser.events.$id_.results_.diplomas.tsx": [
    get(
      "/organiser/events/:openId/results/diplomas?round=:awardRoundId&nomination=:awardNominationId&lang=kk",
      adminOnly(200),
    ),
    draftGet("/results/diplomas", 400),
    draftGet("/results/diplomas?round=999999&nomination=1", 400),
    get("/organiser/events/999999/results/diplomas", signedIn(404, "login")),
  ],
  // Background jobs: the event's organisers start, follow, cancel and retry them, and download their files.
  "organiser.events.$id_.jobs.tsx": [
    ...draftPage("/jobs"),
    get("/organiser/events/:openId/jobs", adminOnly(200)),
    get("/organiser/events/999999/jobs", signedIn(404, "login")),
    draftPost("/jobs", { intent: "entries", format: "csv" }, 302),
    draftPost("/jobs", { intent: "entries", format: "pdf" }, 400),
    // Another event's round is not found; a job that is no longer this event's to change is said on the page.
    draftPost("/jobs", { intent: "diplomas", round: "999999", lang: "kk" }, 404),
    draftPost("/jobs", { intent: "results", round: "999999", format: "csv" }, 404),
    draftPost("/jobs", { intent: "diplomas", round: "1", lang: "xx" }, 400),
    draftPost("/jobs", { intent: "cancel", jobId: "999999" }, 302),
    draftPost("/jobs", { intent: "retry", jobId: "99999999999" }, 400),
  ],
  "organiser.events.$id_.jobs_.$jobId.download.tsx": [
    draftGet("/jobs/:draftJobId/download", 200),
    // Through another event's address, the job is not found.
    get("/organiser/events/:openId/jobs/:draftJobId/download", adminOnly(404)),
    draftGet("/jobs/999999/download", 404),
    draftGet("/jobs/abc/download", 404),
    get("/organiser/events/999999/jobs/1/download", signedIn(404, "login")),
  ],
  // The judge's screen: only judges; another judge's panel is simply not found.
  "judge._index.tsx": [get("/judge", { anonymous: "login", judge: 200, rest: 403 })],
  "judge.panels.$assignmentId.tsx": [
    get("/judge/panels/:judgeAssignmentId", { anonymous: "login", judge: 200, rest: 404 }),
    post("/judge/panels/:judgeAssignmentId", { intent: "bogus" }, { anonymous: "login", judge: 400, rest: 404 }),
    // A filter or a number the page doesn't know: the panel's default page, not an error.
    get("/judge/panels/:judgeAssignmentId?show=bogus&from=abc", { anonymous: "login", judge: 200, rest: 404 }),
    get("/judge/panels/999999", signedIn(404, "login")),
    get("/judge/panels/99999999999", signedIn(404, "login")),
  ],
  "judge.panels.$assignmentId_.artwork.$entryId.tsx": [
    get("/judge/panels/:judgeAssignmentId/artwork/999999", signedIn(404, "login")),
  ],
  // JSON only: a form post is a bad request even from a judge.
  "judge.scores.tsx": [
    post("/judge/scores", { items: "[]" }, { anonymous: "login", judge: 400, rest: 403 }),
    // Opened in a browser: 405 with a translated pointer to the judge's screen.
    get("/judge/scores", 405),
  ],
  "admin._index.tsx": [get("/admin", adminOnly(200))],
  "admin.users._index.tsx": [get("/admin/users", adminOnly(200)), post("/admin/users", {}, adminOnly(400))],
  "admin.users.$id.tsx": [
    get("/admin/users/:guardianId", adminOnly(200)),
    post("/admin/users/:guardianId", { intent: "bogus" }, adminOnly(400)),
    get("/admin/users/999999", adminOnly(404)),
  ],
  "admin.audit.tsx": [get("/admin/audit?entity=event", adminOnly(200))],
  "admin.outbox.tsx": [get("/admin/outbox", adminOnly(200))],
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

/** The case's path with the ids filled in. */
const urlOf = (path: string, ids: Ids): string =>
  path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in ids)) throw new Error(`No id ${name} for ${path}`);
    return String(ids[name as keyof Ids]);
  });

/** The params Remix passes the route: its file name's "$" segments read off the URL's path, decoded. */
function paramsOf(file: string, url: string): Record<string, string> {
  const pattern = file
    .replace(/(\/route)?\.tsx$/, "")
    .replaceAll("[.]", "\u0001")
    .split(".")
    .filter((segment) => segment !== "_index");
  const parts = new URL(url, "http://toi.test").pathname.split("/").slice(1);
  return Object.fromEntries(
    pattern.flatMap((segment, n) =>
      segment.startsWith("$") ? [[segment.slice(1).replace(/_$/, ""), decodeURIComponent(parts[n]!)]] : [],
    ),
  );
}

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
  const { rounds, nominations } = await eventParts(db, final.id);
  const seat = await db
    .insertInto("jury_assignments")
    .values({ round_id: rounds[0]!.id, nomination_id: nominations[0]!.id, age_group_id: null, user_id: judgeId })
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

/**
 * Calls the route's loader (GET) or action (POST) as this role would, with the ids filled in and the
 * params Remix would pass: what it returns or throws as a Response, or a 405 where it has none.
 */
async function send(c: Pick<Case, "method" | "path" | "body"> & { file: string }, who: Who, locale: string) {
  const mod = await routeModules[`../../app/routes/${c.file}`]!();
  const fn = c.method === "GET" ? mod.loader : mod.action;
  if (!fn) return new Response(null, { status: 405 });
  const headers = new Headers({ "Accept-Language": locale });
  const cookie = await cookieFor(who);
  if (cookie) headers.set("Cookie", cookie);
  const init: RequestInit = { method: c.method, headers };
  if (c.method === "POST") {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    init.body = new URLSearchParams(c.body ?? {}).toString();
  }
  const url = urlOf(c.path, ids);
  try {
    return await fn({
      request: new Request(`http://toi.test${url}`, init),
      params: paramsOf(c.file, url),
      context: { clientIp: `10.0.0.${WHO.indexOf(who)}` },
    });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return thrown;
  }
}

beforeAll(async () => {
  await boot({
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR: "memory://",
    UPLOAD_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "toi-matrix-uploads-")),
    SEED_DEMO: "1",
    EMAIL_WORKER: "0",
    JOB_WORKER: "0",
    SESSION_SECRETS: "matrix-secret",
  });
  const { db, env } = await runtime();
  // A job of the draft event that has made its file, as the worker leaves one.
  const finishedJob = async (eventId: number) => {
    const file = await storeFile(env.UPLOAD_DIR, new TextEncoder().encode("a;b\n"), "csv");
    const job = await db
      .insertInto("jobs")
      .values({
        kind: "entries_export",
        payload: JSON.stringify({ format: "csv", locale: "en", query: "" }),
        state: "done",
        event_id: eventId,
        result_file: file,
        result_name: "entries.csv",
        result_type: "text/csv; charset=utf-8",
        result_bytes: 4,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return job.id;
  };
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
  const draftRound = await db
    .insertInto("rounds")
    .values({ event_id: draft.id, kind: "final" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await grantRole(db, await userId("admin@toi.demo"), "organiser", null);
  const guardianId = await userId("guardian@toi.demo");
  const child = await addChild(db, { guardianId }, childData(), { photoVideo: true });
  const [club, otherClub] = await db.selectFrom("clubs").select("id").orderBy("id").limit(2).execute();
  await db.insertInto("memberships").values({ user_id: guardianId, role: "club_leader", club_id: club!.id }).execute();
  const clubChild = await addClubChild(
    db,
    { clubId: club!.id },
    { id: guardianId, email: "guardian@toi.demo" },
    childData({
      lastName: "Серікова",
      firstName: "Әйгерім",
      birthDate: "2014-09-01",
      clubId: club!.id,
      publicName: "initial",
    }),
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
  await issueDiplomaCodes(db, sectionId);
  const { code: diplomaCode } = await db
    .selectFrom("diploma_codes")
    .select("code")
    .where("entry_id", "=", entryRow.id)
    .executeTakeFirstOrThrow();
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
    entryId: entryRow.id,
    classId: draftClass.id,
    academyClassId: academyClass.id,
    openId: open.id,
    awardRoundId: awardRound!.id,
    draftRoundId: draftRound.id,
    awardNominationId: vocal.id,
    awardSectionId: sectionId,
    diplomaCode,
    judgeAssignmentId: await judgeSeat(db, await userId("judge@toi.demo")),
    unsubscribeToken: unsubscribeToken(await unsubscribeSecret(db), guardianId, "results"),
    draftJobId: await finishedJob(draft.id),
  };
  users = {
    guardian: ids.guardianId,
    judge: await userId("judge@toi.demo"),
    otherOrganiser: other.id,
    organiser: organiser.id,
    admin: await userId("admin@toi.demo"),
  };
}, 240_000);

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
    const call = async (file: string, path: string, who: Who) => {
      const response = (await send({ file, method: "GET", path }, who, "ru")) as Response;
      return [response.status, response.headers.get("Content-Type"), await response.text()];
    };
    const text = "text/plain; charset=utf-8";
    const ru = catalogues.ru;
    const exportFile = "organiser.events.$id_.results_.export.tsx";
    const exportOf = (event: string, query: string) => `/organiser/events/${event}/results/export?${query}`;
    expect(await call(exportFile, exportOf(":openId", "format=csv&round=:awardRoundId"), "otherOrganiser")).toEqual([
      403,
      text,
      ru.errors.forbidden,
    ]);
    expect(await call(exportFile, exportOf(":openId", "format=pdf&round=:awardRoundId"), "admin")).toEqual([
      400,
      text,
      ru.results.export.errors.query,
    ]);
    expect(await call(exportFile, exportOf(":draftId", "format=csv&round=:awardRoundId"), "organiser")).toEqual([
      404,
      text,
      ru.results.export.errors.notFound,
    ]);
    expect(await call(exportFile, exportOf("999999", "format=csv&round=1"), "admin")).toEqual([
      404,
      text,
      ru.errors.notFound,
    ]);
    const batch = "/organiser/events/:openId/results/diplomas?round=:awardRoundId&nomination=:awardNominationId";
    expect(await call("organiser.events.$id_.results_.diplomas.tsx", batch, "otherOrganiser")).toEqual([
      403,
      text,
      ru.errors.forbidden,
    ]);
    const diplomaFile = "entries.$reference_.diploma.tsx";
    expect(await call(diplomaFile, "/entries/:entryRef%00/diploma", "guardian")).toEqual([
      404,
      text,
      ru.diplomas.errors.notFound,
    ]);
    expect(await call(diplomaFile, "/entries/:entryRef/diploma", "judge")).toEqual([
      404,
      text,
      ru.diplomas.errors.notFound,
    ]);
  });

  const cases = Object.entries(MATRIX).flatMap(([file, list]) => list.map((c) => ({ file, ...c })));
  it.each(cases.map((c) => [`${c.method} ${c.path} (${c.file})`, c] as const))(
    "%s answers each role as the table says",
    async (_name, c) => {
      expect(routeModules[`../../app/routes/${c.file}`], c.file).toBeDefined();
      const actual: Partial<Record<Who, Outcome>> = {};
      const wanted: Partial<Record<Who, Outcome>> = {};
      for (const who of WHO) {
        wanted[who] = expected(c.expect, who);
        actual[who] = outcomeOf(await send(c, who, "en"));
      }
      expect(actual).toEqual(wanted);
    },
  );
});
