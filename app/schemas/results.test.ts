import { describe, expect, it } from "vitest";

import { formDataToObject } from "~/forms/form-data";

import { advanceRuleSchema, advanceSchema, resultsActionSchema, resultsExportSchema } from "./publication";
import {
  clearTieSchema,
  grandPrixSchema,
  overrideScoreSchema,
  removePrizeSchema,
  specialPrizeSchema,
  tieOrderSchema,
} from "./results";

const form = (fields: Record<string, string>) => formDataToObject(new URLSearchParams(fields));
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("the review page's forms", () => {
  it("turns the chair's places into an order, best first, and refuses a place given twice", () => {
    const ok = tieOrderSchema.parse(
      form({ "order.0.entryId": "11", "order.0.position": "2", "order.1.entryId": "12", "order.1.position": "1" }),
    );
    expect(ok.order).toEqual([12, 11]);
    expect(
      messages(
        tieOrderSchema.safeParse(
          form({ "order.0.entryId": "11", "order.0.position": "1", "order.1.entryId": "12", "order.1.position": "1" }),
        ),
      ),
    ).toEqual(["order: results.review.errors.positionsTwice"]);
  });

  it("preselects nothing: every tied entry needs a place of its own", () => {
    expect(
      messages(
        tieOrderSchema.safeParse(
          form({ "order.0.entryId": "11", "order.0.position": "", "order.1.entryId": "12", "order.1.position": "1" }),
        ),
      ),
    ).toEqual(["order: results.review.errors.positionMissing"]);
    expect(
      messages(
        tieOrderSchema.safeParse(form({ "order.0.entryId": "11", "order.1.entryId": "12", "order.1.position": "2" })),
      ),
    ).toEqual(["order: results.review.errors.positionMissing"]);
    // Places beyond the tie (two entries: places 1 and 2 only).
    expect(
      messages(
        tieOrderSchema.safeParse(
          form({ "order.0.entryId": "11", "order.0.position": "1", "order.1.entryId": "12", "order.1.position": "3" }),
        ),
      ),
    ).toEqual(["order: errors.choose"]);
    expect(clearTieSchema.parse(form({ "entryIds.0": "12", "entryIds.1": "11" })).entryIds).toEqual([12, 11]);
  });

  it("refuses ids a PostgreSQL integer cannot hold, as a form error (never a database error)", () => {
    const big = "99999999999";
    expect(messages(removePrizeSchema.safeParse({ prizeId: big }))).toEqual(["prizeId: errors.choose"]);
    expect(messages(removePrizeSchema.safeParse({ prizeId: "2147483648" }))).toEqual(["prizeId: errors.choose"]);
    expect(removePrizeSchema.parse({ prizeId: "2147483647" }).prizeId).toBe(2147483647);
    expect(messages(specialPrizeSchema.safeParse({ entryId: big, nameKk: "", nameRu: "Приз", nameEn: "" }))).toEqual([
      "entryId: errors.choose",
    ]);
    expect(
      messages(
        overrideScoreSchema.safeParse({ entryId: big, judgeUserId: big, criterionId: big, value: "5", reason: "x" }),
      ),
    ).toEqual(["entryId: errors.choose", "judgeUserId: errors.choose", "criterionId: errors.choose"]);
    expect(grandPrixSchema.safeParse({ choice: big }).success).toBe(false);
    expect(
      tieOrderSchema.safeParse(
        form({ "order.0.entryId": big, "order.0.position": "1", "order.1.entryId": "12", "order.1.position": "2" }),
      ).success,
    ).toBe(false);
    expect(clearTieSchema.safeParse({ entryIds: [big] }).success).toBe(false);
    expect(messages(resultsActionSchema.safeParse({ intent: "lock", sectionId: big }))).toEqual([
      "sectionId: errors.choose",
    ]);
    expect(messages(resultsActionSchema.safeParse({ intent: "compute", roundId: big }))).toEqual([
      "roundId: errors.choose",
    ]);
    expect(advanceSchema.safeParse({ roundId: "1", sectionIds: [big], entryIds: [] }).success).toBe(false);
    expect(advanceSchema.safeParse({ roundId: "1", sectionIds: ["1"], entryIds: [big] }).success).toBe(false);
    expect(advanceSchema.safeParse({ roundId: "1", sectionIds: ["1"], entryIds: [], shownIds: [big] }).success).toBe(
      false,
    );
    expect(advanceSchema.parse({ roundId: "1", sectionIds: ["1"], entryIds: ["2"] }).shownIds).toEqual([]);
    expect(advanceRuleSchema.safeParse({ roundId: "1", sectionId: big }).success).toBe(false);
    expect(advanceRuleSchema.parse({ roundId: "1" })).toEqual({ roundId: 1 });
    expect(resultsExportSchema.safeParse({ format: "csv", round: big }).success).toBe(false);
    expect(resultsExportSchema.parse({ format: "csv", round: "7" })).toEqual({ format: "csv", round: 7 });
  });

  it("reads the Grand Prix choice", () => {
    expect(grandPrixSchema.parse({ choice: "17" }).choice).toBe(17);
    expect(grandPrixSchema.parse({ choice: "none" }).choice).toBe("none");
    expect(grandPrixSchema.parse({ choice: "undecided" }).choice).toBe("undecided");
    expect(grandPrixSchema.safeParse({ choice: "grand" }).success).toBe(false);
    expect(grandPrixSchema.safeParse({}).success).toBe(false);
  });

  it("needs a special prize's name in at least one language", () => {
    expect(messages(specialPrizeSchema.safeParse({ entryId: "3", nameKk: " ", nameRu: "", nameEn: "" }))).toEqual([
      "nameRu: errors.nameOneLanguage",
    ]);
    expect(specialPrizeSchema.parse({ entryId: "3", nameKk: "Қазылар жүлдесі", nameRu: "", nameEn: "" })).toMatchObject(
      { entryId: 3, nameKk: "Қазылар жүлдесі" },
    );
  });

  it("takes a decimal comma in an override and always wants a reason", () => {
    expect(
      overrideScoreSchema.parse({
        entryId: "1",
        judgeUserId: "2",
        criterionId: "3",
        value: "8,5",
        reason: " Paper sheet ",
      }),
    ).toEqual({
      entryId: 1,
      judgeUserId: 2,
      criterionId: 3,
      value: 8.5,
      reason: "Paper sheet",
    });
    expect(
      messages(
        overrideScoreSchema.safeParse({ entryId: "1", judgeUserId: "2", criterionId: "3", value: "", reason: "  " }),
      ),
    ).toEqual(["value: errors.number", "reason: results.review.errors.reasonRequired"]);
    expect(
      messages(
        overrideScoreSchema.safeParse({ entryId: "1", judgeUserId: "2", criterionId: "3", value: "-1", reason: "x" }),
      ),
    ).toEqual(["value: errors.tooSmall"]);
  });

  it("reads an override's value exactly as the judge's screen does (parseScoreText)", () => {
    const value = (v: string) => {
      const r = overrideScoreSchema.safeParse({
        entryId: "1",
        judgeUserId: "2",
        criterionId: "3",
        value: v,
        reason: "Paper sheet",
      });
      return r.success ? r.data.value : messages(r);
    };
    expect(value("9")).toBe(9);
    expect(value(" 9,25 ")).toBe(9.25);
    expect(value("7.5")).toBe(7.5);
    expect(value(".5")).toBe(0.5);
    // Number() would read all of these; the judge's screen reads none.
    for (const odd of ["0x9", "0b1", "1e1", "9.", "Infinity", "9.125", "9,5,0", "+9"]) {
      expect(value(odd), odd).toEqual(odd === "9." ? 9 : ["value: errors.number"]);
    }
    expect(value("1000.5")).toEqual(["value: errors.tooBig"]);
  });
});
