import type { CriterionData } from "~/schemas/jury";

type CriterionNames = Pick<CriterionData, "nameKk" | "nameRu" | "nameEn">;

/** Sensible starting criteria by discipline, each out of 10 with weight 1. */
const PERFORMANCE: CriterionNames[] = [
  { nameKk: "Орындау техникасы", nameRu: "Техника исполнения", nameEn: "Technique" },
  { nameKk: "Артистизм", nameRu: "Артистизм", nameEn: "Artistry" },
  { nameKk: "Репертуар", nameRu: "Репертуар", nameEn: "Repertoire" },
  { nameKk: "Сахналық мәдениет", nameRu: "Сценическая культура", nameEn: "Stage presence" },
];
const VISUAL: CriterionNames[] = [
  { nameKk: "Композиция", nameRu: "Композиция", nameEn: "Composition" },
  { nameKk: "Орындау техникасы", nameRu: "Техника исполнения", nameEn: "Technique" },
  { nameKk: "Идеяның өзіндігі", nameRu: "Оригинальность замысла", nameEn: "Originality" },
  { nameKk: "Мәнерлілік", nameRu: "Выразительность", nameEn: "Expressiveness" },
];
const LITERARY: CriterionNames[] = [
  { nameKk: "Мазмұны", nameRu: "Содержание", nameEn: "Content" },
  { nameKk: "Тілі мен стилі", nameRu: "Язык и стиль", nameEn: "Language and style" },
  { nameKk: "Идеяның өзіндігі", nameRu: "Оригинальность замысла", nameEn: "Originality" },
  { nameKk: "Мәнерлілік", nameRu: "Выразительность", nameEn: "Expressiveness" },
];
const VISUAL_DISCIPLINES = new Set(["fine_art", "decorative_art", "photography", "fashion", "film"]);

export function standardCriteria(discipline: string): CriterionData[] {
  const names = VISUAL_DISCIPLINES.has(discipline) ? VISUAL : discipline === "literature" ? LITERARY : PERFORMANCE;
  return names.map((n) => ({ ...n, maxScore: 10, weight: 1 }));
}
