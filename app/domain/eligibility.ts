import { type AgeBounds, ageGroupFor, ageOnDate } from "./age";
import type { EntryKind, PerformanceFormat } from "./event-kinds";
import { registrationState } from "./event-state";
import { FEDERATION_TIMEZONE } from "./time";

export type EntryStatus = "submitted" | "confirmed" | "waitlisted" | "withdrawn" | "rejected";

export interface AgeGroup extends AgeBounds {
  id: number;
}

export interface EligibilityInput {
  event: {
    status: "draft" | "published" | "archived";
    registrationOpensAt: Date | null;
    registrationClosesAt: Date | null;
    /** 'YYYY-MM-DD'; null means the first day of the event. */
    ageReferenceDate: string | null;
    startsOn: string;
    maxEntriesPerChild?: number | null;
    /** The organiser's stricter rule: one entry per child in a nomination, whatever its format. */
    oneEntryPerNomination?: boolean;
    /** Used only to show times in messages; Asia/Almaty when left out. */
    timezone?: string;
  };
  nomination: {
    id: number;
    entryKind: EntryKind;
    maxDurationSeconds: number | null;
    formats: readonly { format: PerformanceFormat; min: number; max: number }[];
  };
  /** The event's age groups; none means the event is open to all ages. */
  ageGroups: readonly AgeGroup[];
  format: PerformanceFormat;
  members: readonly { participantId: number; birthDate: string }[];
  durationSeconds: number | null;
  videoUrl: string | null;
  hasArtwork: boolean;
  /** Entries these children already have in this event, leaving out the entry being edited, if any. */
  existingEntries: readonly {
    participantId: number;
    nominationId: number;
    format: PerformanceFormat;
    status: EntryStatus;
  }[];
  now: Date;
}

/** Something that stops the entry; every one found is reported, so the form can show them all at once. */
export type Problem =
  | { code: "event_not_published"; params: Record<string, never> }
  | { code: "event_archived"; params: Record<string, never> }
  | { code: "registration_not_offered"; params: Record<string, never> }
  | { code: "registration_not_open"; params: { opensAt: string; timeZone: string } }
  | { code: "registration_closed"; params: { closedAt: string; timeZone: string } }
  | { code: "format_not_allowed"; params: { format: PerformanceFormat } }
  | { code: "too_few_members"; params: { format: PerformanceFormat; min: number; given: number } }
  | { code: "too_many_members"; params: { format: PerformanceFormat; max: number; given: number } }
  | { code: "member_twice"; memberId: number; params: Record<string, never> }
  | { code: "born_after_reference"; memberId: number; params: { birthDate: string; referenceDate: string } }
  | { code: "no_age_group"; memberId: number; params: { age: number; referenceDate: string; groups: AgeBounds[] } }
  | { code: "already_entered"; memberId: number; params: Record<string, never> }
  | { code: "child_limit"; memberId: number; params: { max: number } }
  | { code: "duration_required"; params: Record<string, never> }
  | { code: "duration_too_long"; params: { durationSeconds: number; maxSeconds: number } }
  | { code: "video_url_required"; params: Record<string, never> }
  | { code: "video_url_invalid"; params: Record<string, never> }
  | { code: "artwork_required"; params: Record<string, never> };

/** Worth telling the family, but no reason to refuse the entry. */
export type Notice = {
  code: "mixed_age_groups";
  memberId: number;
  params: { age: number; referenceDate: string; ageGroup: AgeBounds };
};

export interface MemberAge {
  participantId: number;
  age: number;
  /** The member's own age group, which for an ensemble may differ from the entry's. */
  ageGroupId: number | null;
}

export type EligibilityResult =
  | { ok: true; ageGroupId: number | null; perMember: MemberAge[]; notices: Notice[] }
  | { ok: false; problems: Problem[] };

const NO_PARAMS: Record<string, never> = Object.freeze({});

/**
 * Checks a proposed entry against the event's rules and lists every problem found.
 *
 * Age rule: ages are counted on the event's age reference date (its first day when unset). A group
 * entry (duet, trio, ensemble) competes in the age group of its OLDEST member, so an older child is
 * never placed among younger rivals; younger members compete up, even from an age that falls between
 * two groups, but nobody may be younger than the youngest group allows. Members whose own group
 * differs get a `mixed_age_groups` notice, not a refusal.
 *
 * Entry rule: one live entry per child per nomination per format, so a soloist may also sing in a
 * duet or an ensemble of the same nomination; an event may tighten it to one per nomination.
 */
export function checkEntry(input: EligibilityInput): EligibilityResult {
  const { event, nomination } = input;
  const referenceDate = event.ageReferenceDate ?? event.startsOn;
  const problems: Problem[] = [...registrationProblems(event, input.now)];

  const members: EligibilityInput["members"][number][] = [];
  const listedTwice = new Set<number>();
  for (const member of input.members) {
    if (members.some((m) => m.participantId === member.participantId)) listedTwice.add(member.participantId);
    else members.push(member);
  }
  for (const memberId of listedTwice) problems.push({ code: "member_twice", memberId, params: NO_PARAMS });

  const rule = nomination.formats.find((f) => f.format === input.format);
  const min = Math.max(1, rule?.min ?? 1);
  if (!rule) {
    problems.push({ code: "format_not_allowed", params: { format: input.format } });
  } else if (members.length < min) {
    problems.push({ code: "too_few_members", params: { format: input.format, min, given: members.length } });
  } else if (members.length > rule.max) {
    problems.push({ code: "too_many_members", params: { format: input.format, max: rule.max, given: members.length } });
  }

  const perMember: MemberAge[] = [];
  for (const member of members) {
    if (member.birthDate > referenceDate) {
      const params = { birthDate: member.birthDate, referenceDate };
      problems.push({ code: "born_after_reference", memberId: member.participantId, params });
      continue;
    }
    const age = ageOnDate(member.birthDate, referenceDate);
    perMember.push({
      participantId: member.participantId,
      age,
      ageGroupId: ageGroupFor(input.ageGroups, age)?.id ?? null,
    });
  }

  const entryGroup = entryAgeGroup(input.ageGroups, perMember);
  problems.push(...ageProblems(input.ageGroups, perMember, entryGroup, referenceDate));

  const active = input.existingEntries.filter((e) => e.status !== "withdrawn" && e.status !== "rejected");
  for (const { participantId } of members) {
    const own = active.filter((e) => e.participantId === participantId);
    if (
      own.some((e) => e.nominationId === nomination.id && (event.oneEntryPerNomination || e.format === input.format))
    ) {
      problems.push({ code: "already_entered", memberId: participantId, params: NO_PARAMS });
    }
    const max = event.maxEntriesPerChild;
    if (max != null && own.length >= max) {
      problems.push({ code: "child_limit", memberId: participantId, params: { max } });
    }
  }

  problems.push(...pieceProblems(input));

  if (problems.length > 0) return { ok: false, problems };
  const notices = mixedAgeNotices(entryGroup, perMember, referenceDate);
  return { ok: true, ageGroupId: entryGroup?.id ?? null, perMember, notices };
}

function registrationProblems(event: EligibilityInput["event"], now: Date): Problem[] {
  if (event.status === "draft") return [{ code: "event_not_published", params: NO_PARAMS }];
  if (event.status === "archived") return [{ code: "event_archived", params: NO_PARAMS }];
  const timeZone = event.timezone ?? FEDERATION_TIMEZONE;
  const state = registrationState(event, now);
  if (state === "none") return [{ code: "registration_not_offered", params: NO_PARAMS }];
  if (state === "not_open_yet" && event.registrationOpensAt) {
    return [{ code: "registration_not_open", params: { opensAt: event.registrationOpensAt.toISOString(), timeZone } }];
  }
  if (state === "closed" && event.registrationClosesAt) {
    return [{ code: "registration_closed", params: { closedAt: event.registrationClosesAt.toISOString(), timeZone } }];
  }
  return [];
}

/** The group of the oldest member decides; null when the event has no groups or the oldest fits none. */
function entryAgeGroup(groups: readonly AgeGroup[], members: readonly MemberAge[]): AgeGroup | null {
  if (members.length === 0) return null;
  return ageGroupFor(groups, Math.max(...members.map((m) => m.age)));
}

/** Members no group can take: the oldest when its age has no group, and anyone younger than every group. */
function ageProblems(
  groups: readonly AgeGroup[],
  members: readonly MemberAge[],
  entryGroup: AgeGroup | null,
  referenceDate: string,
): Problem[] {
  if (groups.length === 0 || members.length === 0) return [];
  const youngestAllowed = Math.min(...groups.map((g) => g.minAge));
  const oldest = Math.max(...members.map((m) => m.age));
  const bounds = groups.map(({ minAge, maxAge }) => ({ minAge, maxAge }));
  return members
    .filter((m) => (m.age === oldest && !entryGroup) || m.age < youngestAllowed)
    .map((m) => ({
      code: "no_age_group",
      memberId: m.participantId,
      params: { age: m.age, referenceDate, groups: bounds },
    }));
}

function mixedAgeNotices(entryGroup: AgeGroup | null, members: readonly MemberAge[], referenceDate: string): Notice[] {
  if (!entryGroup) return [];
  const ageGroup = { minAge: entryGroup.minAge, maxAge: entryGroup.maxAge };
  return members
    .filter((m) => m.ageGroupId !== entryGroup.id)
    .map((m) => ({
      code: "mixed_age_groups" as const,
      memberId: m.participantId,
      params: { age: m.age, referenceDate, ageGroup },
    }));
}

/** Duration, video link and artwork, as the nomination's kind of entry asks; a zero duration counts as none. */
function pieceProblems(input: EligibilityInput): Problem[] {
  const { entryKind, maxDurationSeconds } = input.nomination;
  const problems: Problem[] = [];
  const duration = input.durationSeconds;
  const hasDuration = duration != null && duration > 0;
  if ((entryKind === "live" || entryKind === "video") && !hasDuration) {
    problems.push({ code: "duration_required", params: NO_PARAMS });
  }
  if (hasDuration && maxDurationSeconds != null && duration > maxDurationSeconds) {
    problems.push({ code: "duration_too_long", params: { durationSeconds: duration, maxSeconds: maxDurationSeconds } });
  }

  const videoUrl = input.videoUrl?.trim() ?? "";
  if (entryKind === "video" && videoUrl === "") problems.push({ code: "video_url_required", params: NO_PARAMS });
  if (videoUrl !== "" && !isHttpUrl(videoUrl)) problems.push({ code: "video_url_invalid", params: NO_PARAMS });

  if (entryKind === "artwork" && !input.hasArtwork) problems.push({ code: "artwork_required", params: NO_PARAMS });
  return problems;
}

/**
 * An absolute http(s) address with a host. Everything else is refused: other schemes (javascript:,
 * data:, file:), relative paths, and addresses carrying a user name, which can disguise the real
 * host ("https://youtube.com@example.net").
 */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s/\\?#@]/i.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !url.username && !url.password
  );
}

/** 270 → "4:30". */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** Anything checkEntry reports: a problem that refuses the entry, or a notice that does not. */
export type Finding = Problem | Notice;
