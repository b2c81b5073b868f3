import { z } from "zod";

import { LOCALES } from "~/domain/locale";

import { email, personName } from "./account";
import { optionalIdSchema } from "./id";

export const STAFF_ROLES = ["admin", "organiser", "judge", "club_leader"] as const;

const optionalId = optionalIdSchema;

/** A role and its scope: judges need an event, club leaders a club; an organiser without an event may create events. */
export const roleScopeSchema = z
  .object({ role: z.enum(STAFF_ROLES, { error: "errors.choose" }), eventId: optionalId, clubId: optionalId })
  .superRefine((v, ctx) => {
    if (v.role === "judge" && !v.eventId)
      ctx.addIssue({ code: "custom", path: ["eventId"], message: "errors.eventRequired" });
    if (v.role === "club_leader" && !v.clubId)
      ctx.addIssue({ code: "custom", path: ["clubId"], message: "errors.clubRequired" });
    if (v.role === "admin" && (v.eventId || v.clubId))
      ctx.addIssue({ code: "custom", path: ["role"], message: "errors.adminNoScope" });
    if (v.role !== "club_leader" && v.clubId)
      ctx.addIssue({ code: "custom", path: ["clubId"], message: "errors.clubOnlyForLeader" });
    if (v.role === "club_leader" && v.eventId)
      ctx.addIssue({ code: "custom", path: ["eventId"], message: "errors.eventNotForLeader" });
  });

export const inviteSchema = z
  .object({
    email,
    name: personName,
    locale: z.enum(LOCALES, { error: "errors.choose" }),
  })
  .and(roleScopeSchema);

export type InviteValues = {
  email: string;
  name: string;
  locale: string;
  role: string;
  eventId: string;
  clubId: string;
};
export type RoleScopeValues = { role: string; eventId: string; clubId: string };
