import { describe, expect, it } from "vitest";
import { formDataToObject } from "~/forms/form-data";
import { grandPrixSchema, overrideScoreSchema, specialPrizeSchema, tieOrderSchema } from "./results";

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return formDataToObject(fd);
};
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("the review page's forms", () => {
  it("turns the chair's places into an order, best first, and refuses a place given twice", () => {
    const ok = tieOrderSchema.parse(form({ "order.0.entryId": "11", "order.0.position": "2", "order.1.entryId": "12", "order.1.position": "1" }));
    expect(ok.order).toEqual([12, 11]);
    expect(messages(tieOrderSchema.safeParse(form({ "order.0.entryId": "11", "order.0.position": "1", "order.1.entryId": "12", "order.1.position": "1" })))).toEqual([
      "order: results.review.errors.positionsTwice",
    ]);
  });

  it("reads the Grand Prix choice", () => {
    expect(grandPrixSchema.parse({ choice: "17" }).choice).toBe(17);
    expect(grandPrixSchema.parse({ choice: "none" }).choice).toBe("none");
    expect(grandPrixSchema.parse({ choice: "undecided" }).choice).toBe("undecided");
    expect(grandPrixSchema.safeParse({ choice: "grand" }).success).toBe(false);
    expect(grandPrixSchema.safeParse({}).success).toBe(false);
  });

  it("needs a special prize's name in at least one language", () => {
    expect(messages(specialPrizeSchema.safeParse({ entryId: "3", nameKk: " ", nameRu: "", nameEn: "" }))).toEqual(["nameRu: errors.nameOneLanguage"]);
    expect(specialPrizeSchema.parse({ entryId: "3", nameKk: "Қазылар жүлдесі", nameRu: "", nameEn: "" })).toMatchObject({ entryId: 3, nameKk: "Қазылар жүлдесі" });
  });

  it("takes a decimal comma in an override and always wants a reason", () => {
    expect(overrideScoreSchema.parse({ entryId: "1", judgeUserId: "2", criterionId: "3", value: "8,5", reason: " Paper sheet " })).toEqual({
      entryId: 1, judgeUserId: 2, criterionId: 3, value: 8.5, reason: "Paper sheet",
    });
    expect(messages(overrideScoreSchema.safeParse({ entryId: "1", judgeUserId: "2", criterionId: "3", value: "", reason: "  " }))).toEqual([
      "value: errors.number",
      "reason: results.review.errors.reasonRequired",
    ]);
    expect(messages(overrideScoreSchema.safeParse({ entryId: "1", judgeUserId: "2", criterionId: "3", value: "-1", reason: "x" }))).toEqual(["value: errors.tooSmall"]);
  });
});
