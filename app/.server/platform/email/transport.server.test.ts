import { describe, expect, it } from "vitest";

import { readEnv } from "../env.server";
import { createMailTransport } from "./transport.server";

const env = (vars: Record<string, string>) => readEnv({ NODE_ENV: "test", ...vars });

describe("choosing how emails leave", () => {
  it("uses the log without SMTP_URL (an empty one counts as unset) and SMTP with it", () => {
    expect(createMailTransport(env({})).kind).toBe("log");
    expect(createMailTransport(env({ SMTP_URL: "" })).kind).toBe("log");
    const smtp = createMailTransport(
      env({ SMTP_URL: "smtps://toi:secret@mail.example.kz:465", MAIL_FROM: "Toi <no-reply@example.kz>" }),
    );
    expect(smtp.kind).toBe("smtp");
    smtp.close();
  });

  it("refuses an SMTP_URL without MAIL_FROM, or one that is not smtp(s)", () => {
    expect(() => env({ SMTP_URL: "smtp://mail.example.kz:587" })).toThrow(/MAIL_FROM/);
    expect(() => env({ SMTP_URL: "https://mail.example.kz", MAIL_FROM: "Toi <a@example.kz>" })).toThrow(/SMTP_URL/);
  });

  it("runs the sender unless EMAIL_WORKER=0", () => {
    expect(env({}).EMAIL_WORKER).toBe("1");
    expect(env({ EMAIL_WORKER: "0" }).EMAIL_WORKER).toBe("0");
  });
});
