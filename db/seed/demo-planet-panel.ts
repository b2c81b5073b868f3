import { format, parseISO, subDays, subYears } from "date-fns";
import type { Kysely } from "kysely";
import sharp from "sharp";

import { storeArtwork } from "~/.server/platform/uploads/artwork.server";
import type { Uploads } from "~/.server/platform/uploads/store.server";
import { ageOnDate } from "~/domain/age";

import type { Database } from "../types";
import { demoReference, eventParts, insertChild, insertEntry, insertStandardCriteria } from "./demo-entries";

/*
 * Something for a new user to judge: the upcoming Planet of ART's remote round (blind) has a fine
 * art panel with the demo judge as its chair, and six children's drawings of the demo clubs waiting
 * for scores. The drawings are drawn here (SVG) and stored like any uploaded artwork.
 */

type Tx = Kysely<Database>;

interface Drawing {
  title: string;
  /** Age on the event's first day. */
  age: number;
  /** Index into the demo clubs; never 2, «Ertis» (see demo-final-2017.ts). */
  club: number;
  child: [lastName: string, firstName: string];
  svg: string;
}

const W = 1200;
const H = 900;
const frame = (defs: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><defs>${defs}</defs>${body}</svg>`;
const sky = (id: string, top: string, bottom: string) =>
  `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`;
const yurt = (x: number, y: number, s: number, door = "#8b3a1a") =>
  `<g stroke="#5b3a1e" stroke-width="${6 * s}" stroke-linejoin="round">` +
  `<rect x="${x - 110 * s}" y="${y - 90 * s}" width="${220 * s}" height="${90 * s}" fill="#f5efe0"/>` +
  `<path d="M${x - 120 * s} ${y - 90 * s} Q${x} ${y - 200 * s} ${x + 120 * s} ${y - 90 * s} Z" fill="#c8402f"/>` +
  `<path d="M${x - 60 * s} ${y - 112 * s} L${x} ${y - 145 * s} L${x + 60 * s} ${y - 112 * s}" fill="none" stroke="#f5efe0" stroke-width="${5 * s}"/>` +
  `<circle cx="${x}" cy="${y - 148 * s}" r="${14 * s}" fill="#f5efe0"/>` +
  `<path d="M${x - 110 * s} ${y - 45 * s} H${x + 110 * s}" stroke="#c8402f" stroke-dasharray="${18 * s} ${10 * s}"/>` +
  `<rect x="${x - 25 * s}" y="${y - 70 * s}" width="${50 * s}" height="${70 * s}" fill="${door}"/></g>`;
const tree = (x: number, y: number, s: number, crown: string) =>
  `<rect x="${x - 10 * s}" y="${y - 90 * s}" width="${20 * s}" height="${90 * s}" fill="#7a4b24"/>` +
  `<circle cx="${x}" cy="${y - 120 * s}" r="${60 * s}" fill="${crown}" stroke="#2f6b2f" stroke-width="${5 * s}"/>`;
const stars = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `<circle cx="${(i * 379) % W}" cy="${40 + ((i * 211) % 420)}" r="${3 + (i % 4)}" fill="#fff6c2"/>`,
  ).join("");

const DRAWINGS: Drawing[] = [
  {
    title: "Менің ауылым",
    age: 6,
    club: 0,
    child: ["Сағынтаева", "Айару"],
    svg: frame(
      sky("s", "#7ec8f2", "#d8f0ff"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/><circle cx="980" cy="150" r="90" fill="#ffd23f" stroke="#f59e0b" stroke-width="10"/>` +
        `<path d="M0 620 Q300 520 600 600 T1200 580 V900 H0 Z" fill="#6cc04a" stroke="#3f8f2a" stroke-width="8"/>` +
        yurt(420, 700, 1.4) +
        tree(850, 720, 1.1, "#4caf50") +
        tree(1000, 700, 0.9, "#66bb6a"),
    ),
  },
  {
    title: "Алатау таңы",
    age: 8,
    club: 1,
    child: ["Қалиев", "Дінмұхаммед"],
    svg: frame(
      sky("s", "#ff9a76", "#ffe5b4"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/><circle cx="860" cy="170" r="85" fill="#ffcf5c" stroke="#ffb13b" stroke-width="10"/>` +
        `<path d="M0 700 L220 330 L380 560 L600 240 L820 560 L980 360 L1200 700 Z" fill="#5d6d8a" stroke="#3c4a63" stroke-width="8" stroke-linejoin="round"/>` +
        `<path d="M540 330 L600 240 L660 330 L620 310 L600 340 L575 312 Z M180 395 L220 330 L262 392 L222 380 Z M940 420 L980 360 L1020 420 L985 405 Z" fill="#ffffff"/>` +
        `<rect y="700" width="${W}" height="200" fill="#8bc34a"/>`,
    ),
  },
  {
    title: "Жұлдызды түн",
    age: 9,
    club: 3,
    child: ["Ковальчук", "Мирослава"],
    svg: frame(
      sky("s", "#0b1d4d", "#27408b"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/>${stars(46)}` +
        `<circle cx="930" cy="170" r="80" fill="#fff3a6"/><circle cx="965" cy="145" r="72" fill="#132a66"/>` +
        `<path d="M0 680 Q400 560 800 660 T1200 640 V900 H0 Z" fill="#1f3b2c"/>` +
        yurt(560, 760, 1.3, "#ffcc33"),
    ),
  },
  {
    title: "Көктем бағы",
    age: 11,
    club: 3,
    child: ["Әбілқасымова", "Аяна"],
    svg: frame(
      sky("s", "#bfe9ff", "#f0fbff"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/><rect y="660" width="${W}" height="240" fill="#7cc35b"/>` +
        [180, 470, 760, 1040]
          .map((x, i) => tree(x, 700 + (i % 2) * 30, 1.3, ["#f8bbd0", "#f48fb1", "#fce4ec", "#f06292"][i]!))
          .join("") +
        Array.from(
          { length: 14 },
          (_, i) =>
            `<circle cx="${60 + i * 82}" cy="${800 + (i % 3) * 25}" r="14" fill="${["#ffeb3b", "#e91e63", "#ffffff"][i % 3]}" stroke="#c2185b" stroke-width="3"/>`,
        ).join(""),
    ),
  },
  {
    title: "Бәйтерек",
    age: 13,
    club: 4,
    child: ["Жүсіпбек", "Ернар"],
    svg: frame(
      sky("s", "#4fa3e0", "#cde9fb"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/>` +
        `<path d="M0 900 V640 H120 V560 H220 V660 H330 V520 H430 V700 H760 V540 H860 V620 H980 V500 H1080 V660 H1200 V900 Z" fill="#8aa1b8" stroke="#5c7286" stroke-width="6"/>` +
        `<path d="M560 820 L580 380 L540 300 L600 330 L660 300 L620 380 L640 820 Z" fill="#f3f3f3" stroke="#9e9e9e" stroke-width="6" stroke-linejoin="round"/>` +
        `<circle cx="600" cy="250" r="75" fill="#f5b700" stroke="#c58f00" stroke-width="8"/><rect y="820" width="${W}" height="80" fill="#9ccc65"/>`,
    ),
  },
  {
    title: "Арал теңізі",
    age: 15,
    club: 5,
    child: ["Тұрсынәлі", "Гаухар"],
    svg: frame(
      sky("s", "#ffd59e", "#fff3e0"),
      `<rect width="${W}" height="${H}" fill="url(#s)"/><circle cx="250" cy="230" r="110" fill="#ff8f00"/>` +
        `<rect y="470" width="${W}" height="260" fill="#2f8fbf"/>` +
        [500, 560, 620]
          .map(
            (y) =>
              `<path d="M0 ${y} q50 -25 100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0" fill="none" stroke="#bfe6f5" stroke-width="6"/>`,
          )
          .join("") +
        `<path d="M640 560 H900 L860 610 H680 Z" fill="#8d5524" stroke="#5d3614" stroke-width="6"/><path d="M770 560 V380 L860 540 Z" fill="#ffffff" stroke="#9e9e9e" stroke-width="5"/>` +
        `<path d="M0 730 H1200 V900 H0 Z" fill="#e8c07d"/>`,
    ),
  },
];

export interface PlanetPanelContext {
  judgeId: number;
  /** Demo clubs and their leaders, in the same order. */
  clubIds: number[];
  leaderIds: number[];
}

/** Six drawings of the Planet of ART's fine art nomination, unscored, on the demo judge's blind panel. */
export async function seedPlanetPanel(db: Tx, uploads: Uploads, ctx: PlanetPanelContext, now: Date): Promise<void> {
  const files: string[] = [];
  for (const d of DRAWINGS) {
    const png = await sharp(Buffer.from(d.svg)).png().toBuffer();
    const stored = await storeArtwork(png, uploads);
    if (!stored.ok) throw new Error(`A demo drawing was refused: ${stored.problem}`);
    files.push(stored.file);
  }
  await db.transaction().execute(async (tx) => {
    const event = await tx
      .selectFrom("events")
      .select(["id", "slug", "starts_on"])
      .where("slug", "like", "planet-of-art-%")
      .where("is_demo", "=", true)
      .executeTakeFirstOrThrow();
    const { nominations, ageGroups: groups, rounds } = await eventParts(tx, event.id);
    const nomination = nominations.find((n) => n.discipline === "fine_art")!;
    const round = rounds[0]!;
    await tx.updateTable("rounds").set({ blind: true }).where("id", "=", round.id).execute();
    await insertStandardCriteria(tx, nomination.id, nomination.discipline);
    await tx.insertInto("memberships").values({ user_id: ctx.judgeId, role: "judge", event_id: event.id }).execute();
    await tx
      .insertInto("jury_assignments")
      .values({
        round_id: round.id,
        nomination_id: nomination.id,
        age_group_id: null,
        user_id: ctx.judgeId,
        is_chair: true,
      })
      .execute();

    const dataText = await tx
      .selectFrom("consent_texts")
      .select(["id", "kind"])
      .where("kind", "=", "data")
      .orderBy("version", "desc")
      .executeTakeFirstOrThrow();
    for (const [i, d] of DRAWINGS.entries()) {
      const birthDate = format(subDays(subYears(parseISO(event.starts_on), d.age), 30 + 41 * i), "yyyy-MM-dd");
      const age = ageOnDate(birthDate, event.starts_on);
      const group = groups.find((g) => g.min_age <= age && age <= g.max_age)!;
      const [clubId, leaderId] = [ctx.clubIds[d.club]!, ctx.leaderIds[d.club]!];
      const club = await tx.selectFrom("clubs").select("city").where("id", "=", clubId).executeTakeFirstOrThrow();
      const submittedAt = subDays(now, 6 - i);
      const child = {
        guardianId: null,
        clubId,
        lastName: d.child[0],
        firstName: d.child[1],
        birthDate,
        city: club.city,
        publicName: i % 3 === 2 ? ("initial" as const) : ("full" as const),
        at: submittedAt,
      };
      const participantId = await insertChild(tx, child, leaderId, [dataText]);
      await insertEntry(tx, {
        eventId: event.id,
        nominationId: nomination.id,
        ageGroupId: group.id,
        format: "solo",
        title: d.title,
        artworkFile: files[i]!,
        reference: demoReference(event, (k, n) => (i * 7 + k * 13 + 5) % n),
        submittedBy: leaderId,
        clubId,
        memberIds: [participantId],
        at: submittedAt,
      });
    }
  });
}
