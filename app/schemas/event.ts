import { z } from "zod";

import { CITIES } from "~/domain/cities";
import {
  ADVANCE_RULES,
  DISCIPLINES,
  ENTRY_KINDS,
  EVENT_KINDS,
  FORMAT_BOUNDS,
  FORMATS,
  ROUND_KINDS,
} from "~/domain/event-kinds";
import { isRegion, type Region, REGIONS } from "~/domain/regions";
import { catchmentClashes, type SeasonRound } from "~/domain/season";
import { SLUG_PATTERN } from "~/domain/slug";
import { isIsoDate, zonedLocalToInstant } from "~/domain/time";

import { idSchema } from "./id";

// Messages are i18n keys under `errors.*`, translated where they are shown: zod has no Kazakh.
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const text = (max: number) => z.string().trim().max(max, "errors.tooLong");
const optionalText = (max: number) => z.preprocess((v) => (v == null ? "" : v), text(max));
const isoDate = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .refine(isIsoDate, "errors.date");
const optionalIsoDate = z.preprocess(blankToUndefined, isoDate.optional());
const localDateTime = z.preprocess(
  blankToUndefined,
  z
    .string()
    .refine((v) => zonedLocalToInstant(v) !== null, "errors.dateTime")
    .optional(),
);
const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: "errors.number" })
    .int("errors.wholeNumber")
    .min(min, "errors.tooSmall")
    .max(max, "errors.tooBig");
const optionalWholeNumber = (min: number, max: number) =>
  z.preprocess(blankToUndefined, wholeNumber(min, max).optional());
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
const id = z.preprocess(blankToUndefined, idSchema.optional());
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: "errors.choose" });

const localizedName = {
  nameKk: optionalText(200),
  nameRu: optionalText(200),
  nameEn: optionalText(200),
};

export const formatSchema = z
  .object({
    format: enumOf(FORMATS),
    enabled: checkbox,
    minMembers: wholeNumber(1, 100),
    maxMembers: wholeNumber(1, 100),
  })
  .superRefine((f, ctx) => {
    if (!f.enabled) return;
    const bounds = FORMAT_BOUNDS[f.format];
    if (f.minMembers < bounds.min) ctx.addIssue({ code: "custom", path: ["minMembers"], message: "errors.tooSmall" });
    if (f.maxMembers > bounds.max) ctx.addIssue({ code: "custom", path: ["maxMembers"], message: "errors.tooBig" });
    if (f.maxMembers < f.minMembers)
      ctx.addIssue({ code: "custom", path: ["maxMembers"], message: "errors.maxBelowMin" });
  });

export const nominationSchema = z
  .object({
    id,
    ...localizedName,
    discipline: enumOf(DISCIPLINES),
    entryKind: enumOf(ENTRY_KINDS),
    maxDurationMinutes: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: "errors.number" }).positive("errors.tooSmall").max(600, "errors.tooBig").optional(),
    ),
    capacity: optionalWholeNumber(1, 100_000),
    formats: z.array(formatSchema).length(FORMATS.length),
  })
  .superRefine((n, ctx) => {
    if (![n.nameKk, n.nameRu, n.nameEn].some((v) => v?.trim()))
      ctx.addIssue({ code: "custom", path: ["nameRu"], message: "errors.nameOneLanguage" });
    if (!n.formats.some((f) => f.enabled))
      ctx.addIssue({ code: "custom", path: ["formats"], message: "errors.formatRequired" });
  });

export const ageGroupSchema = z
  .object({ id, minAge: wholeNumber(0, 99), maxAge: wholeNumber(0, 99) })
  .refine((g) => g.maxAge >= g.minAge, { path: ["maxAge"], message: "errors.maxBelowMin" });

// A round's catchment: a box per region (posted as `regions.<code>`), and towns typed one per line
// or separated by commas, kept exactly as typed (trimmed).
const regionBoxes = z.preprocess(
  (v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.entries(v)
          .filter(([code, on]) => isRegion(code) && (on === true || on === "on" || on === "true"))
          .map(([code]) => code)
      : [],
  z.array(z.enum(REGIONS)),
);
const townList = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[,;\n]/)
          .map((t) => t.trim())
          .filter(Boolean)
      : [],
  z.array(z.string().max(100, "errors.tooLong")).max(100, "errors.tooMany"),
);

export const roundSchema = z
  .object({
    id,
    /** Rounds with the same step run in parallel; empty = the step after the previous round's. */
    step: optionalWholeNumber(1, 100),
    kind: enumOf(ROUND_KINDS),
    city: z.preprocess(blankToUndefined, enumOf(CITIES).optional()),
    venueKk: optionalText(300),
    venueRu: optionalText(300),
    venueEn: optionalText(300),
    startsOn: optionalIsoDate,
    endsOn: optionalIsoDate,
    advanceRule: enumOf(ADVANCE_RULES),
    advanceValue: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: "errors.number" }).min(0, "errors.tooSmall").max(100_000, "errors.tooBig").optional(),
    ),
    regions: regionBoxes,
    towns: townList,
    /** How a round fed by parallel rounds takes from each; none = by the feeding round's own rule. */
    intakeRule: z.preprocess((v) => (v == null || v === "" ? "none" : v), enumOf(ADVANCE_RULES)),
    intakeValue: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: "errors.number" }).min(0, "errors.tooSmall").max(100_000, "errors.tooBig").optional(),
    ),
  })
  .superRefine((r, ctx) => {
    if (r.intakeRule !== "none" && r.intakeValue === undefined)
      ctx.addIssue({ code: "custom", path: ["intakeValue"], message: "errors.required" });
    if (r.intakeRule === "top_n" && r.intakeValue !== undefined && !Number.isInteger(r.intakeValue))
      ctx.addIssue({ code: "custom", path: ["intakeValue"], message: "errors.wholeNumber" });
    if (r.startsOn && r.endsOn && r.endsOn < r.startsOn)
      ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.endBeforeStart" });
    if (r.advanceRule !== "none" && r.advanceValue === undefined)
      ctx.addIssue({ code: "custom", path: ["advanceValue"], message: "errors.required" });
    if (r.advanceRule === "top_n" && r.advanceValue !== undefined && !Number.isInteger(r.advanceValue))
      ctx.addIssue({ code: "custom", path: ["advanceValue"], message: "errors.wholeNumber" });
  });

export const eventSchema = z
  .object({
    slug: z.preprocess(
      blankToUndefined,
      z.string().trim().toLowerCase().max(60, "errors.tooLong").regex(SLUG_PATTERN, "errors.slug").optional(),
    ),
    kind: enumOf(EVENT_KINDS),
    city: enumOf(CITIES),
    titleKk: optionalText(200),
    titleRu: optionalText(200),
    titleEn: optionalText(200),
    descriptionKk: optionalText(5000),
    descriptionRu: optionalText(5000),
    descriptionEn: optionalText(5000),
    venueKk: optionalText(300),
    venueRu: optionalText(300),
    venueEn: optionalText(300),
    startsOn: isoDate,
    endsOn: isoDate,
    registrationOpensAt: localDateTime,
    registrationClosesAt: localDateTime,
    ageReferenceDate: optionalIsoDate,
    capacity: optionalWholeNumber(1, 1_000_000),
    oneEntryPerNomination: checkbox,
    severalRoundsPerStep: checkbox,
    nominations: z.preprocess((v) => v ?? [], z.array(nominationSchema).max(100, "errors.tooMany")),
    ageGroups: z.preprocess((v) => v ?? [], z.array(ageGroupSchema).max(50, "errors.tooMany")),
    rounds: z.preprocess((v) => v ?? [], z.array(roundSchema).max(20, "errors.tooMany")),
  })
  .superRefine(
    (e, ctx) => {
      // Runs even when other fields fail (`when`), so every problem shows at once.
      if (![e.titleKk, e.titleRu, e.titleEn].some((v) => typeof v === "string" && v.trim()))
        ctx.addIssue({ code: "custom", path: ["titleRu"], message: "errors.titleOneLanguage" });
      if (
        typeof e.startsOn === "string" &&
        typeof e.endsOn === "string" &&
        isIsoDate(e.startsOn) &&
        e.endsOn < e.startsOn
      )
        ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.endBeforeStart" });
      const opens = typeof e.registrationOpensAt === "string" ? zonedLocalToInstant(e.registrationOpensAt) : null;
      const closes = typeof e.registrationClosesAt === "string" ? zonedLocalToInstant(e.registrationClosesAt) : null;
      if (opens && closes && closes <= opens)
        ctx.addIssue({ code: "custom", path: ["registrationClosesAt"], message: "errors.closeBeforeOpen" });
      if (Array.isArray(e.rounds)) roundGraphIssues(e.rounds, e.severalRoundsPerStep === true, ctx);
      if (Array.isArray(e.ageGroups)) {
        const groups = e.ageGroups.filter((g) => typeof g?.minAge === "number" && typeof g?.maxAge === "number");
        groups.forEach((g, i) => {
          const overlaps = groups.some((o, j) => j < i && g.minAge <= o.maxAge && o.minAge <= g.maxAge);
          if (overlaps)
            ctx.addIssue({ code: "custom", path: ["ageGroups", i, "minAge"], message: "errors.ageGroupsOverlap" });
        });
      }
    },
    { when: () => true },
  );

/** Each round's step: as given, or the step after the previous round's. */
export function roundSteps(rounds: readonly { step?: number | undefined }[]): number[] {
  const steps: number[] = [];
  rounds.forEach((r, i) => steps.push(typeof r.step === "number" ? r.step : (steps[i - 1] ?? 0) + 1));
  return steps;
}

/**
 * The season's graph as the form sets it: two rounds of a step open to the same region or town (or
 * both open to everyone) would make routing guess, unless the event lets an entry be in several
 * rounds of a later step; a first step's round takes no intake (nothing feeds it).
 */
function roundGraphIssues(rounds: readonly unknown[], several: boolean, ctx: z.RefinementCtx) {
  const parsed = rounds.map((r) => (r && typeof r === "object" ? (r as Partial<RoundData>) : {}));
  const steps = roundSteps(parsed);
  const first = Math.min(...steps);
  const graph: SeasonRound[] = parsed.map((r, i) => ({
    id: i,
    step: steps[i]!,
    regions: (Array.isArray(r.regions) ? r.regions : []).filter((x): x is Region => isRegion(x)),
    towns: Array.isArray(r.towns) ? r.towns.filter((x) => typeof x === "string") : [],
  }));
  const marked = new Set<number>();
  for (const clash of catchmentClashes(graph)) {
    if (several && clash.step !== first) continue;
    for (const i of clash.roundIds) marked.add(i);
  }
  for (const i of marked)
    ctx.addIssue({ code: "custom", path: ["rounds", i, "towns"], message: "seasonGraph.errors.catchmentClash" });
  parsed.forEach((r, i) => {
    if (steps[i] === first && r.intakeRule && r.intakeRule !== "none")
      ctx.addIssue({
        code: "custom",
        path: ["rounds", i, "intakeRule"],
        message: "seasonGraph.errors.intakeFirstStep",
      });
  });
}

export type EventInput = z.input<typeof eventSchema>;
export type EventData = z.output<typeof eventSchema>;
export type NominationData = z.output<typeof nominationSchema>;
export type RoundData = z.output<typeof roundSchema>;
export type AgeGroupData = z.output<typeof ageGroupSchema>;

/** What the event form's inputs hold: strings and booleans, before the schema parses them. */
export interface FormatFormValues {
  format: (typeof FORMATS)[number];
  enabled: boolean;
  minMembers: string;
  maxMembers: string;
}
export interface NominationFormValues {
  id?: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  discipline: string;
  entryKind: string;
  maxDurationMinutes: string;
  capacity: string;
  formats: FormatFormValues[];
}
export interface AgeGroupFormValues {
  id?: string;
  minAge: string;
  maxAge: string;
}
export interface RoundFormValues {
  id?: string;
  kind: string;
  city: string;
  venueKk: string;
  venueRu: string;
  venueEn: string;
  startsOn: string;
  endsOn: string;
  advanceRule: string;
  advanceValue: string;
  step: string;
  regions: Partial<Record<Region, boolean>>;
  /** Towns as typed, one per line. */
  towns: string;
  intakeRule: string;
  intakeValue: string;
}
export interface EventFormValues {
  slug: string;
  kind: string;
  city: string;
  titleKk: string;
  titleRu: string;
  titleEn: string;
  descriptionKk: string;
  descriptionRu: string;
  descriptionEn: string;
  venueKk: string;
  venueRu: string;
  venueEn: string;
  startsOn: string;
  endsOn: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  ageReferenceDate: string;
  capacity: string;
  oneEntryPerNomination: boolean;
  severalRoundsPerStep: boolean;
  nominations: NominationFormValues[];
  ageGroups: AgeGroupFormValues[];
  rounds: RoundFormValues[];
}

export function blankNomination(): NominationFormValues {
  return {
    nameKk: "",
    nameRu: "",
    nameEn: "",
    discipline: "",
    entryKind: "live",
    maxDurationMinutes: "",
    capacity: "",
    formats: FORMATS.map((format) => ({
      format,
      enabled: format === "solo",
      minMembers: String(FORMAT_BOUNDS[format].min),
      maxMembers: String(format === "ensemble" ? 20 : FORMAT_BOUNDS[format].max),
    })),
  };
}

export function blankAgeGroup(): AgeGroupFormValues {
  return { minAge: "", maxAge: "" };
}

export function blankRound(): RoundFormValues {
  return {
    kind: "final",
    city: "",
    venueKk: "",
    venueRu: "",
    venueEn: "",
    startsOn: "",
    endsOn: "",
    advanceRule: "none",
    advanceValue: "",
    step: "",
    regions: {},
    towns: "",
    intakeRule: "none",
    intakeValue: "",
  };
}

export function blankEvent(): EventFormValues {
  return {
    slug: "",
    kind: "",
    city: "",
    titleKk: "",
    titleRu: "",
    titleEn: "",
    descriptionKk: "",
    descriptionRu: "",
    descriptionEn: "",
    venueKk: "",
    venueRu: "",
    venueEn: "",
    startsOn: "",
    endsOn: "",
    registrationOpensAt: "",
    registrationClosesAt: "",
    ageReferenceDate: "",
    capacity: "",
    oneEntryPerNomination: false,
    severalRoundsPerStep: false,
    nominations: [],
    ageGroups: [],
    rounds: [],
  };
}
