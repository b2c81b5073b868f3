import { z } from "zod";

import { LOCALES } from "~/domain/locale";
import { MAX_ID } from "~/forms/ids";

import { email } from "./account";
import { idSchema } from "./id";

// Messages are i18n keys, translated where they are shown: zod has no Kazakh.
const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, "errors.tooLong"));
/** A row id: a positive integer that fits the column (a larger one is a form error, never a database error). */
const id = idSchema;
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/**
 * A decimal typed by a person: "10", "0.5" or "0,5", from `min` to `max` with at most two decimals
 * (scores are kept in hundredths, and a judge must be able to reach the maximum); empty gives
 * `empty` (undefined = required). Every failure but "required" carries `message`, which names the range.
 */
function decimalInRange(min: number, max: number, message: string, empty?: number) {
  return z.preprocess(
    (v) => {
      if (typeof v === "number") return v;
      const s = typeof v === "string" ? v.trim().replace(",", ".") : "";
      if (s === "") return empty;
      return /^(\d{1,7}(\.\d{1,2})?|\.\d{1,2})$/.test(s) ? Number(s) : Number.NaN;
    },
    z
      .number({ error: (issue) => (issue.input === undefined ? "errors.required" : message) })
      .min(min, message)
      .max(max, message)
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, message),
  );
}

/** One criterion of a nomination: a name in at least one language, the maximum score and a weight (1 when left empty). */
export const criterionSchema = z
  .object({
    nameKk: text(200),
    nameRu: text(200),
    nameEn: text(200),
    maxScore: decimalInRange(0.5, 1000, "jury.errors.maxScore"),
    weight: decimalInRange(0.1, 100, "jury.errors.weight", 1),
  })
  // `when`: zod 4 would skip this check while another field fails, and the person would meet it only later.
  .refine((c) => [c.nameKk, c.nameRu, c.nameEn].some((v) => typeof v === "string" && v.trim() !== ""), {
    message: "errors.nameOneLanguage",
    path: ["nameRu"],
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  });
export type CriterionFormValues = { nameKk: string; nameRu: string; nameEn: string; maxScore: string; weight: string };
export type CriterionData = z.output<typeof criterionSchema>;

/**
 * A judge added to the panel of a round × nomination (× age group; empty = all age groups) by email.
 * The name and language are used only when the person has no account yet and is invited.
 */
export const judgeSchema = z.object({
  roundId: id,
  nominationId: id,
  ageGroupId: z.preprocess((v) => (v === "" || v === "all" || v == null ? null : v), id.nullable()),
  email,
  name: text(200),
  locale: z.enum(LOCALES, { error: "errors.choose" }),
  chair: checkbox,
});
export type JudgeFormValues = {
  roundId: string;
  nominationId: string;
  ageGroupId: string;
  email: string;
  name: string;
  locale: string;
  chair?: boolean | string;
};
export type JudgeData = z.output<typeof judgeSchema>;

/**
 * A conflict of interest: the judge never scores entries of a club or of a named participant.
 * `target` is "club:<id>" or "participant:<id>", so one list offers both.
 */
export const conflictSchema = z.object({
  userId: id,
  target: z
    .string({ error: "errors.choose" })
    .regex(/^(club|participant):[1-9]\d{0,9}$/, "errors.choose")
    .refine((v) => Number(v.split(":")[1]) <= MAX_ID, "errors.choose")
    .transform((v) => {
      const [kind, raw] = v.split(":") as ["club" | "participant", string];
      return {
        clubId: kind === "club" ? Number(raw) : null,
        participantId: kind === "participant" ? Number(raw) : null,
      };
    }),
  note: text(500),
});
export type ConflictFormValues = { userId: string; target: string; note: string };
export type ConflictData = z.output<typeof conflictSchema>;
