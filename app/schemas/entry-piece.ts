import { z } from "zod";

import { FORMATS } from "~/domain/event-kinds";
import { parseId } from "~/forms/ids";

import { idSchema } from "./id";

const whole = (max: number) =>
  z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.coerce
      .number({ error: "errors.number" })
      .int("errors.wholeNumber")
      .min(0, "errors.tooSmall")
      .max(max, "errors.tooBig")
      .optional(),
  );

/** The piece of an entry as forms post it: title, duration in minutes and seconds, video link. */
export const pieceFields = {
  title: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(300, "errors.tooLong")),
  durationMinutes: whole(600),
  durationSeconds: whole(59),
  videoUrl: z.preprocess(
    (v) => (typeof v === "string" && v.trim() ? v.trim() : undefined),
    z.string().max(2000, "errors.tooLong").optional(),
  ),
};

/** Both boxes empty means no duration given; eligibility decides whether the nomination needs one. */
export function totalSeconds(v: { durationMinutes?: number; durationSeconds?: number }): number | null {
  return v.durationMinutes === undefined && v.durationSeconds === undefined
    ? null
    : (v.durationMinutes ?? 0) * 60 + (v.durationSeconds ?? 0);
}

const piece = (v: { title: string; durationMinutes?: number; durationSeconds?: number; videoUrl?: string }) => ({
  title: v.title,
  durationSeconds: totalSeconds(v),
  videoUrl: v.videoUrl ?? null,
});

/** A family changes its entry's piece. */
export const entryEditSchema = z.object(pieceFields).transform(piece);
export type EntryEditData = z.output<typeof entryEditSchema>;

/** The key a form sends once per page view, so a double submit makes one entry. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "errors.invalid");

const ticked = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/**
 * A club's batch form. Each roster child's row arrives as `children.c<id>.on` (its checkbox) and,
 * for solos, `children.c<id>.title` and so on: keys that are not bare numbers, so the form glue
 * keeps an object. With a group format the top-level piece belongs to the one group entry.
 */
export const clubEntryFormSchema = z
  .object({
    event: z.string().min(1, "errors.choose").max(200),
    nominationId: idSchema,
    format: z.enum(FORMATS, { error: "errors.choose" }),
    idempotencyKey: idempotencyKeySchema,
    children: z.preprocess(
      (v) =>
        v && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(
              Object.entries(v).filter(([key]) => /^c\d{1,10}$/.test(key) && parseId(key.slice(1)) !== undefined),
            )
          : {},
      z
        .record(z.string(), z.object({ on: ticked, ...pieceFields }))
        .refine((rows) => Object.values(rows).some((r) => r.on), "errors.chooseChild")
        .refine((rows) => Object.values(rows).filter((r) => r.on).length <= 200, "errors.tooMany"),
    ),
    ...pieceFields,
  })
  .transform((v) => ({
    event: v.event,
    nominationId: v.nominationId,
    format: v.format,
    idempotencyKey: v.idempotencyKey,
    ticked: Object.entries(v.children)
      .filter(([, row]) => row.on)
      .map(([key, row]) => ({ childId: Number(key.slice(1)), ...piece(row) })),
    group: piece(v),
  }));
export type ClubEntryFormData = z.output<typeof clubEntryFormSchema>;
