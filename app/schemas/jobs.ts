import { z } from "zod";

import { LOCALES } from "~/domain/locale";

import { idSchema as id } from "./id";

const format = z.enum(["csv", "xlsx"]);

/** What the organiser's jobs page can do: start a batch or an export, cancel one, retry one. */
export const jobActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("diplomas"), round: id, lang: z.enum(LOCALES) }),
  /** `query`: the entries page's filters and order, as its query string. */
  z.object({ intent: z.literal("entries"), format, query: z.string().max(2000).default("") }),
  z.object({ intent: z.literal("results"), round: id, format }),
  z.object({ intent: z.literal("cancel"), jobId: id }),
  z.object({ intent: z.literal("retry"), jobId: id }),
]);
export type JobAction = z.output<typeof jobActionSchema>;

/** The payloads stored with each kind of job (checked again when a worker picks one up). */
/** `baseUrl`: Toi's public address, for the diplomas' QR codes (jobs queued before it print none). */
export const diplomasJobSchema = z.object({
  roundId: id,
  locale: z.enum(LOCALES),
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export const entriesExportJobSchema = z.object({ format, locale: z.enum(LOCALES), query: z.string().max(2000) });
export const resultsExportJobSchema = z.object({ roundId: id, format, locale: z.enum(LOCALES) });
