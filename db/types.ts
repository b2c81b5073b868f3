import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** `date` columns: written as 'YYYY-MM-DD'; read back as strings (type parsers set in the db factory). */
type DateOnly = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable timestamp that inserts may leave out. */
type OptionalTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Locale = "kk" | "ru" | "en";
export type EventKind = "festival" | "contest" | "festival_contest" | "academy" | "exhibition";
export type EventStatus = "draft" | "published" | "archived";
export type EntryKind = "live" | "video" | "artwork" | "workshop";
export type PerformanceFormat = "solo" | "duet" | "trio" | "ensemble";
export type RoundKind = "remote" | "heat" | "final" | "gala";
export type AdvanceRule = "none" | "top_n" | "min_score";
export type Role = "admin" | "organiser" | "judge" | "club_leader" | "guardian";

export interface AppSettingsTable {
  key: string;
  value: string;
}

/** How often what an event's public pages show has changed (triggers keep it; never deleted). */
export interface PublicVersionsTable {
  event_id: number;
  /** bigint: read back as a number (the db factory's int8 parser); only ever moves forward. */
  version: ColumnType<number, number | string | bigint, number | string | bigint>;
}

export interface ClubsTable {
  id: Generated<number>;
  name: string;
  city: string;
  /** A region code (app/domain/regions.ts); older free text until a person chooses. */
  region: string | null;
  /** ISO 3166-1 alpha-2, "KZ" unless the club is abroad. */
  country: Generated<string>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  /** Optional names in each language beside `name`, the club's own. */
  name_kk: Generated<string>;
  name_ru: Generated<string>;
  name_en: Generated<string>;
  /** The town as typed when `city` is "other". */
  town: string | null;
  /** An archived club is offered nowhere; nothing of it is deleted. */
  archived_at: OptionalTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string | null;
  name: string;
  locale: Generated<Locale>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  email_verified_at: OptionalTimestamp;
  password_changed_at: OptionalTimestamp;
  /** For the organisers on the day: "+77012345678" (app/domain/phone.ts); never public. */
  phone: string | null;
}

export type TokenPurpose = "verify_email" | "reset_password" | "invite";

export interface AccountTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: TokenPurpose;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: OptionalTimestamp;
}

export interface AuditLogTable {
  /** bigint identity: read back as a number (the db factory's int8 parser). */
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: number | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  event_id: number | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  kind: EventKind;
  status: Generated<EventStatus>;
  title_kk: Generated<string>;
  title_ru: Generated<string>;
  title_en: Generated<string>;
  description_kk: Generated<string>;
  description_ru: Generated<string>;
  description_en: Generated<string>;
  city: string;
  venue_kk: Generated<string>;
  venue_ru: Generated<string>;
  venue_en: Generated<string>;
  timezone: Generated<string>;
  starts_on: DateOnly;
  ends_on: DateOnly;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  age_reference_date: DateOnly | null;
  capacity: number | null;
  /** The organiser's stricter rule: one entry per child per nomination, whatever the format. */
  one_entry_per_nomination: Generated<boolean>;
  /** An entry may be in several rounds of a later step (two galas, each by its own rule). */
  several_rounds_per_step: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** jsonb: written as a JSON string, read back as an object */
  scoring: ColumnType<ScoringRules, string | undefined, string>;
}

export interface NominationsTable {
  id: Generated<number>;
  event_id: number;
  position: Generated<number>;
  name_kk: Generated<string>;
  name_ru: Generated<string>;
  name_en: Generated<string>;
  discipline: string;
  entry_kind: EntryKind;
  max_duration_seconds: number | null;
  capacity: number | null;
}

/** Confirmed entries per nomination, kept by a trigger on entries (registration's capacity guard). */
export interface NominationPlacesTable {
  nomination_id: number;
  confirmed: Generated<number>;
}

export interface NominationFormatsTable {
  nomination_id: number;
  format: PerformanceFormat;
  min_members: number;
  max_members: number;
}

export interface AgeGroupsTable {
  id: Generated<number>;
  event_id: number;
  min_age: number;
  max_age: number;
}

export interface RoundsTable {
  id: Generated<number>;
  event_id: number;
  position: Generated<number>;
  kind: RoundKind;
  city: string | null;
  venue_kk: Generated<string>;
  venue_ru: Generated<string>;
  venue_en: Generated<string>;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  advance_rule: Generated<AdvanceRule>;
  /** numeric: comes back from pg as a string */
  advance_value: ColumnType<string | null, number | string | null, number | string | null>;
  /** Blind judging: the judge's screen hides names and clubs. */
  blind: Generated<boolean>;
  /** Catchment when the round's step (position) has parallel rounds: region codes; empty = none by region. */
  regions: ColumnType<string[], string[] | undefined, string[]>;
  /** Catchment by town (city codes or names as typed); empty = none by town. */
  towns: ColumnType<string[], string[] | undefined, string[]>;
  /** A round fed by parallel rounds takes from each by its own rule; null = the feeding round's rule. */
  intake_rule: Exclude<AdvanceRule, "none"> | null;
  /** numeric: comes back from pg as a string */
  intake_value: ColumnType<string | null, number | string | null, number | string | null>;
}

export interface MembershipsTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  event_id: number | null;
  club_id: number | null;
  created_at: Generated<Date>;
}

/** A family's private calendar link: the SHA-256 (hex) of the token in its address. */
export interface CalendarFeedsTable {
  user_id: number;
  token_hash: string;
  created_at: Generated<Date>;
}

/** The code a diploma's QR code carries to its public verification page; one per diploma. */
export interface DiplomaCodesTable {
  code: Generated<string>;
  round_id: number;
  entry_id: number;
  /** Set for a special prize's diploma; null for the award of the round's results. */
  special_prize_id: number | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export type OutboxStatus = "pending" | "sent" | "failed";

export interface OutboxTable {
  id: Generated<number>;
  user_id: number | null;
  to_email: string;
  locale: Locale;
  template: string;
  /** jsonb: written as a JSON string, read back as an object */
  params: ColumnType<Record<string, string>, string, string>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Bulk notices an account can turn off; transactional mail is always sent. */
export type NoticeKind = "results" | "schedule" | "club_digest";

/** A kind of bulk notice an account has turned off (see app/.server/platform/email/notices.server.ts). */
export interface EmailOptOutsTable {
  user_id: number;
  kind: NoticeKind;
  created_at: Generated<Date>;
}

/** A club's daily digest of new and changed entries, queued once per Almaty day. */
export interface ClubDigestsTable {
  club_id: number;
  /** The Almaty day, 'YYYY-MM-DD'. */
  day: DateOnly;
  /** The digest covered the club's entries changed up to this moment; the next starts there. */
  covered_until: Timestamp;
  /** How many entries it listed. */
  entries: number;
  created_at: Generated<Date>;
}

export type JobState = "queued" | "running" | "done" | "failed" | "cancelled";

/** Background work (see app/.server/platform/jobs/ and docs/decisions/0019-background-jobs.md). */
export interface JobsTable {
  id: Generated<number>;
  kind: string;
  /** jsonb: written as a JSON string, read back as an object */
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  state: Generated<JobState>;
  progress_done: Generated<number>;
  progress_total: number | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_by: string | null;
  locked_until: OptionalTimestamp;
  last_error: string | null;
  result_file: string | null;
  result_name: string | null;
  result_type: string | null;
  result_bytes: number | null;
  created_by: number | null;
  event_id: number | null;
  created_at: Generated<Date>;
  started_at: OptionalTimestamp;
  finished_at: OptionalTimestamp;
}

/** One fixed window of one rate-limited key (see app/.server/accounts/rate-limit.server.ts). */
export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** Failed sign-ins of one (account, client address) pair (see app/.server/accounts/rate-limit.server.ts). */
export interface SignInFailuresTable {
  /** A hash of the account and the address. */
  key: string;
  /** Attempts counted since the pair's last success, the one in flight included. */
  failures: number;
  last_failure_at: Timestamp;
  /** The pair's next attempt is refused until then. */
  blocked_until: OptionalTimestamp;
}

export type ConsentKind = "data" | "photo_video";

export interface ParticipantsTable {
  id: Generated<number>;
  guardian_user_id: number | null;
  club_id: number | null;
  last_name: string;
  first_name: string;
  patronymic: Generated<string>;
  /** 'YYYY-MM-DD'; null only after anonymisation */
  birth_date: DateOnly | null;
  city: string;
  /** A region code (app/domain/regions.ts); null when unknown. */
  region: string | null;
  /** The town as typed when `city` is "other". */
  town: string | null;
  /** ISO 3166-1 alpha-2, "KZ" unless the child lives abroad. */
  country: Generated<string>;
  public_name: Generated<"full" | "initial">;
  anonymised_at: OptionalTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConsentTextsTable {
  id: Generated<number>;
  kind: ConsentKind;
  version: number;
  text_kk: string;
  text_ru: string;
  text_en: string;
  published_at: Generated<Date>;
}

export interface ConsentsTable {
  id: Generated<number>;
  participant_id: number;
  guardian_user_id: number | null;
  kind: ConsentKind;
  text_id: number;
  given_at: Generated<Date>;
  withdrawn_at: OptionalTimestamp;
}

export type EntryStatus = "submitted" | "confirmed" | "waitlisted" | "withdrawn" | "rejected";

export interface EntriesTable {
  id: Generated<number>;
  event_id: number;
  nomination_id: number;
  age_group_id: number | null;
  format: PerformanceFormat;
  title: Generated<string>;
  duration_seconds: number | null;
  video_url: string | null;
  artwork_file: string | null;
  status: EntryStatus;
  status_reason: string | null;
  queued_at: Generated<Date>;
  reference: string;
  submitted_by_user_id: number | null;
  club_id: number | null;
  idempotency_key: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EntryMembersTable {
  entry_id: number;
  participant_id: number;
  nomination_id: number;
  /** The entry's format, copied by a trigger so one live entry per child, nomination and format is a unique index. */
  format: Generated<PerformanceFormat>;
  active: Generated<boolean>;
}

/** One row of a confirmed-to-be roster import: the normalised values `validateRosterRows` gave. */
export interface RosterImportRow {
  /** The row's number in the uploaded file. */
  line: number;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  city: string;
  /** The town as the file wrote it when it is not in Toi's list (city "other"). */
  town?: string | null;
  /** A region code: the known town's, else the file's region column, else the club's. */
  region?: string | null;
  country?: string;
}

export interface RosterImportsTable {
  id: string;
  club_id: number;
  user_id: number;
  file_name: string;
  /** jsonb: written as a JSON string, read back as an array */
  rows: ColumnType<RosterImportRow[], string, string>;
  created_at: Generated<Date>;
  confirmed_at: OptionalTimestamp;
}

export interface StagesTable {
  id: Generated<number>;
  round_id: number;
  position: Generated<number>;
  name_kk: Generated<string>;
  name_ru: Generated<string>;
  name_en: Generated<string>;
  venue: Generated<string>;
}

export interface StageWindowsTable {
  id: Generated<number>;
  stage_id: number;
  kind: Generated<"open" | "break">;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface ScheduleVersionsTable {
  id: Generated<number>;
  round_id: number;
  status: "draft" | "published" | "superseded";
  created_at: Generated<Date>;
  published_at: OptionalTimestamp;
  published_by: number | null;
  /** jsonb: written as a JSON string, read back as an object */
  options: ColumnType<ScheduleVersionOptions, string | undefined, string>;
}

export interface ScheduleVersionOptions {
  changeoverMinutes?: number;
  minGapMinutes?: number;
  ageOrder?: "younger" | "older";
  /** What the generator could not place, as it reported it (app/domain/schedule `Unplaced`); absent when it placed all. */
  unplaced?: { entryId: number; reason: string; params: Record<string, unknown> }[];
}

export interface ScheduleSlotsTable {
  id: Generated<number>;
  version_id: number;
  stage_id: number;
  kind: Generated<"entry" | "break">;
  entry_id: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface MasterClassesTable {
  id: Generated<number>;
  event_id: number;
  title_kk: Generated<string>;
  title_ru: Generated<string>;
  title_en: Generated<string>;
  teacher: Generated<string>;
  room: Generated<string>;
  capacity: number;
  min_age: number | null;
  max_age: number | null;
}

export interface MasterClassSessionsTable {
  id: Generated<number>;
  master_class_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface MasterClassPreferencesTable {
  master_class_id: number;
  participant_id: number;
  rank: number;
}

/** The organiser's academy settings (ADR 0025); no row = the defaults. */
export interface AcademySettingsTable {
  event_id: number;
  /** The round whose entries are the finalists; null = every round of the event's last step. */
  round_id: number | null;
  /** How many classes may be ranked per child (1–20). */
  max_ranks: Generated<number>;
  /** The most classes a child may be given; null = as many as fit. */
  max_classes: number | null;
  /** A hash of the input the stored enrolments were allocated from; null before the first run. */
  allocated_fingerprint: string | null;
  /** jsonb: the last allocation's statistics and unmet wishes; written as a JSON string, read back as an object */
  allocation_report: ColumnType<AllocationReport | null, string | null, string | null>;
  updated_at: Generated<Date>;
}

export interface AllocationReport {
  stats: { firstChoiceShare: number; anyChoiceShare: number; emptyParticipants: number };
  unmet: { participantId: number; classId: number; rank: number; reason: "full" | "overlap" | "age" | "limit" }[];
}

export interface MasterClassEnrolmentsTable {
  master_class_id: number;
  participant_id: number;
  via_rank: number | null;
  created_at: Generated<Date>;
}

/** numeric columns come back from pg as strings. */
type Numeric = ColumnType<string, number | string, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export type Award =
  | "grand_prix"
  | "laureate_1"
  | "laureate_2"
  | "laureate_3"
  | "diplomant_1"
  | "diplomant_2"
  | "diplomant_3"
  | "participant";
export type Aggregation = "mean" | "trimmed_mean" | "median";
export type TieBreak = "median" | "mean" | "first_criterion" | "chair";

/** events.scoring (jsonb). Missing keys take the defaults in app/domain/results. */
export interface ScoringRules {
  /** How judges' totals are combined: mean, trimmed mean (drop highest and lowest), median. */
  aggregation?: Aggregation;
  /** Applied in order to entries with equal totals; "chair" = the order the organiser recorded. */
  tieBreaks?: TieBreak[];
  /** When every tie-break is exhausted, tied entries share a place (otherwise they wait for the chair). */
  sharedPlaces?: boolean;
  /** Awards by rank (1st = Laureate I …) or by score bands (percent of the maximum). */
  awardMode?: "rank" | "bands";
  /** For awardMode "bands": the lowest percent for each award, checked from the top. */
  bands?: { award: Exclude<Award, "grand_prix" | "participant">; minPercent: number }[];
  /** The Grand Prix is chosen across the nomination's age groups rather than in each. */
  grandPrixAcrossAgeGroups?: boolean;
  /** The least total, in percent of the maximum, for the Grand Prix; below it none is awarded. Null: no minimum. */
  grandPrixMinPercent?: number | null;
}

export interface RoundEntriesTable {
  round_id: number;
  entry_id: number;
  advanced_at: Generated<Date>;
  advanced_by_user_id: number | null;
}

/** An entry the organiser put in a round of a step other than routing gives it (one per entry and step). */
export interface RoundMovesTable {
  entry_id: number;
  round_id: number;
  reason: Generated<string>;
  moved_by_user_id: number | null;
  moved_at: Generated<Date>;
}

/** An entry whose family was told it advanced into a round (once, even if it leaves and comes back). */
export interface AdvanceNoticesTable {
  round_id: number;
  entry_id: number;
  emailed_at: Generated<Date>;
}

export interface CriteriaTable {
  id: Generated<number>;
  nomination_id: number;
  position: Generated<number>;
  name_kk: Generated<string>;
  name_ru: Generated<string>;
  name_en: Generated<string>;
  max_score: Numeric;
  weight: ColumnType<string, number | string | undefined, number | string>;
}

export interface JuryAssignmentsTable {
  id: Generated<number>;
  round_id: number;
  nomination_id: number;
  /** null = every age group of the nomination */
  age_group_id: number | null;
  user_id: number;
  is_chair: Generated<boolean>;
  created_at: Generated<Date>;
}

/** A judge's number for an entry in a blind round: given once, never changed (ADR 0023). */
export interface JudgeBlindNumbersTable {
  round_id: number;
  judge_user_id: number;
  nomination_id: number;
  entry_id: number;
  number: number;
}

export interface JudgeConflictsTable {
  id: Generated<number>;
  event_id: number;
  user_id: number;
  club_id: number | null;
  participant_id: number | null;
  note: Generated<string>;
  created_at: Generated<Date>;
}

export interface ScoresTable {
  round_id: number;
  entry_id: number;
  judge_user_id: number;
  criterion_id: number;
  value: Numeric;
  /** bigint: read back as a number (the db factory's int8 parser); only ever moves forward. */
  version: ColumnType<number, number | string | bigint, number | string | bigint>;
  updated_at: Generated<Date>;
  updated_by_user_id: number | null;
}

export interface ResultSectionsTable {
  id: Generated<number>;
  round_id: number;
  nomination_id: number;
  age_group_id: number | null;
  computed_at: OptionalTimestamp;
  locked_at: OptionalTimestamp;
  locked_by_user_id: number | null;
  published_at: OptionalTimestamp;
  published_by_user_id: number | null;
  /** When the section was first published: its families were emailed then, and only then. */
  first_published_at: OptionalTimestamp;
}

export interface ResultsTable {
  round_id: number;
  entry_id: number;
  section_id: number;
  total: NullableNumeric;
  percent: NullableNumeric;
  judge_count: Generated<number>;
  rank: number | null;
  shared: Generated<boolean>;
  award: Award | null;
  computed_at: Generated<Date>;
}

export interface TieDecisionsTable {
  section_id: number;
  entry_id: number;
  position: number;
  decided_by_user_id: number | null;
  decided_at: Generated<Date>;
}

export interface GrandPrixTable {
  id: Generated<number>;
  round_id: number;
  nomination_id: number;
  age_group_id: number | null;
  /** null = the jury decided not to award it */
  entry_id: number | null;
  decided_by_user_id: number | null;
  decided_at: Generated<Date>;
}

export interface SpecialPrizesTable {
  id: Generated<number>;
  round_id: number;
  entry_id: number;
  name_kk: Generated<string>;
  name_ru: Generated<string>;
  name_en: Generated<string>;
  created_by_user_id: number | null;
  created_at: Generated<Date>;
}

export interface Database {
  app_settings: AppSettingsTable;
  public_versions: PublicVersionsTable;
  clubs: ClubsTable;
  users: UsersTable;
  events: EventsTable;
  nominations: NominationsTable;
  nomination_formats: NominationFormatsTable;
  nomination_places: NominationPlacesTable;
  age_groups: AgeGroupsTable;
  rounds: RoundsTable;
  round_moves: RoundMovesTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  calendar_feeds: CalendarFeedsTable;
  rate_limits: RateLimitsTable;
  sign_in_failures: SignInFailuresTable;
  outbox: OutboxTable;
  email_opt_outs: EmailOptOutsTable;
  club_digests: ClubDigestsTable;
  jobs: JobsTable;
  account_tokens: AccountTokensTable;
  audit_log: AuditLogTable;
  participants: ParticipantsTable;
  consent_texts: ConsentTextsTable;
  consents: ConsentsTable;
  entries: EntriesTable;
  entry_members: EntryMembersTable;
  stages: StagesTable;
  stage_windows: StageWindowsTable;
  schedule_versions: ScheduleVersionsTable;
  schedule_slots: ScheduleSlotsTable;
  master_classes: MasterClassesTable;
  master_class_sessions: MasterClassSessionsTable;
  master_class_preferences: MasterClassPreferencesTable;
  master_class_enrolments: MasterClassEnrolmentsTable;
  academy_settings: AcademySettingsTable;
  roster_imports: RosterImportsTable;
  round_entries: RoundEntriesTable;
  advance_notices: AdvanceNoticesTable;
  criteria: CriteriaTable;
  jury_assignments: JuryAssignmentsTable;
  judge_conflicts: JudgeConflictsTable;
  judge_blind_numbers: JudgeBlindNumbersTable;
  scores: ScoresTable;
  result_sections: ResultSectionsTable;
  results: ResultsTable;
  tie_decisions: TieDecisionsTable;
  grand_prix: GrandPrixTable;
  special_prizes: SpecialPrizesTable;
  diploma_codes: DiplomaCodesTable;
}

export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type Nomination = Selectable<NominationsTable>;
export type NominationFormat = Selectable<NominationFormatsTable>;
export type AgeGroup = Selectable<AgeGroupsTable>;
export type Round = Selectable<RoundsTable>;
export type Club = Selectable<ClubsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
