import { z } from "zod";

import { isIsoDate } from "~/domain/time";

import { idSchema } from "./id";

/** The most choices an organiser may offer per child (the academy settings pick 1 to this). */
export const MAX_RANKS_LIMIT = 20;
/** The most classes an organiser may let a child be given. */
export const MAX_CLASSES_LIMIT = 50;
/** Session rows the class form offers (empty ones are ignored). */
export const SESSION_ROWS = 4;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : (v ?? "")), z.string().max(max, "errors.tooLong"));
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "errors.wholeNumber" })
    .int("errors.wholeNumber")
    .min(min, "errors.tooSmall")
    .max(max, "errors.tooBig");

const sessionRow = z.object({ date: text(10), from: text(5), to: text(5) });

/** One session as the organiser types it: a date and a from–to time, in the event's timezone. */
export interface SessionData {
  date: string;
  from: string;
  to: string;
}

export const masterClassSchema = z
  .object({
    titleKk: text(200),
    titleRu: text(200),
    titleEn: text(200),
    teacher: text(200).pipe(z.string().min(1, "errors.required")),
    room: text(100),
    capacity: z
      .preprocess(blankToUndefined, wholeNumber(1, 1000).optional())
      .refine((v) => v !== undefined, "errors.required"),
    minAge: z.preprocess(blankToUndefined, wholeNumber(3, 30).optional()),
    maxAge: z.preprocess(blankToUndefined, wholeNumber(3, 30).optional()),
    sessions: z.preprocess(
      (v) => (Array.isArray(v) ? v : []),
      z.array(sessionRow).max(SESSION_ROWS * 4, "errors.tooMany"),
    ),
  })
  .superRefine((v, ctx) => {
    if (!v.titleKk && !v.titleRu && !v.titleEn)
      ctx.addIssue({ code: "custom", path: ["titleRu"], message: "errors.titleOneLanguage" });
    if (v.minAge !== undefined && v.maxAge !== undefined && v.maxAge < v.minAge) {
      ctx.addIssue({ code: "custom", path: ["maxAge"], message: "errors.maxBelowMin" });
    }
    let filled = 0;
    v.sessions.forEach((s, i) => {
      if (!s.date && !s.from && !s.to) return;
      filled++;
      if (!isIsoDate(s.date)) ctx.addIssue({ code: "custom", path: ["sessions", i, "date"], message: "errors.date" });
      if (!TIME.test(s.from))
        ctx.addIssue({ code: "custom", path: ["sessions", i, "from"], message: "academy.errors.time" });
      if (!TIME.test(s.to))
        ctx.addIssue({ code: "custom", path: ["sessions", i, "to"], message: "academy.errors.time" });
      else if (TIME.test(s.from) && s.to <= s.from)
        ctx.addIssue({ code: "custom", path: ["sessions", i, "to"], message: "academy.errors.endAfterStart" });
    });
    if (filled === 0)
      ctx.addIssue({ code: "custom", path: ["sessions", 0, "date"], message: "academy.errors.sessionRequired" });
  })
  .transform((v) => ({
    ...v,
    capacity: v.capacity!,
    sessions: v.sessions.filter((s) => s.date || s.from || s.to) as SessionData[],
  }));

export type MasterClassData = z.output<typeof masterClassSchema>;

export interface MasterClassFormValues {
  titleKk: string;
  titleRu: string;
  titleEn: string;
  teacher: string;
  room: string;
  capacity: string;
  minAge: string;
  maxAge: string;
  sessions: SessionData[];
}

export const blankMasterClass = (): MasterClassFormValues => ({
  titleKk: "",
  titleRu: "",
  titleEn: "",
  teacher: "",
  room: "",
  capacity: "",
  minAge: "",
  maxAge: "",
  sessions: [],
});

/**
 * A child's ranked wishes, at most `maxRanks` (the organiser's setting): `ranks.0` is the first
 * choice. Blank choices are skipped, so "1st, —, 3rd" means two wishes; the same class twice is an
 * error on the later choice.
 */
export const preferencesSchema = (maxRanks: number) =>
  z
    .object({
      childId: idSchema,
      ranks: z.preprocess(
        (v) => (Array.isArray(v) ? v : []),
        z.array(z.preprocess(blankToUndefined, idSchema.optional())),
      ),
    })
    .superRefine((v, ctx) => {
      const seen = new Set<number>();
      v.ranks.forEach((id, i) => {
        if (id === undefined) return;
        if (i >= maxRanks) ctx.addIssue({ code: "custom", path: ["ranks"], message: "academy.errors.tooManyChoices" });
        else if (seen.has(id))
          ctx.addIssue({ code: "custom", path: ["ranks", i], message: "academy.errors.duplicate" });
        seen.add(id);
      });
    })
    .transform((v) => ({ childId: v.childId, classIds: v.ranks.filter((id): id is number => id !== undefined) }));

export type PreferencesData = z.output<ReturnType<typeof preferencesSchema>>;

/** The organiser's academy settings: the academy round (blank = the last step), the two limits. */
export const academySettingsSchema = z.object({
  roundId: z.preprocess(blankToUndefined, idSchema.optional()).transform((v) => v ?? null),
  maxRanks: z
    .preprocess(blankToUndefined, wholeNumber(1, MAX_RANKS_LIMIT).optional())
    .refine((v) => v !== undefined, "errors.required")
    .transform((v) => v!),
  maxClasses: z.preprocess(blankToUndefined, wholeNumber(1, MAX_CLASSES_LIMIT).optional()).transform((v) => v ?? null),
});

export type AcademySettingsData = z.output<typeof academySettingsSchema>;

export interface AcademySettingsFormValues {
  roundId: string;
  maxRanks: string;
  maxClasses: string;
}
