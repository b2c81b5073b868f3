import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import type { AdvanceSection } from "~/.server/results/advancement.server";

import { SectionName, sectionText } from "./section-name";

/**
 * The round's sections with their counts against one round of the next step: entries, proposed by
 * the rule, advancing now. The rule can be applied at once to every section not decided yet (into
 * every round of the next step), or to one of them; a section opens to choose its entries by hand.
 */
export function SectionList({
  roundId,
  targetId,
  parallel,
  sections,
}: {
  roundId: number;
  /** The round of the next step shown (one of several when `parallel`). */
  targetId: number;
  parallel: boolean;
  sections: readonly AdvanceSection[];
}) {
  const { t } = useTranslation();
  const locked = sections.filter((s) => s.locked);
  const unlocked = sections.filter((s) => !s.locked);
  const undecided = (s: AdvanceSection) => s.chosen === 0 && s.proposed > 0;
  const toDecide = locked.filter(undecided).length;
  return (
    <>
      {locked.length === 0 ? (
        <p className="muted">{t("results.advance.noneLocked")}</p>
      ) : (
        <section className="stack" aria-labelledby="advance-sections-title">
          <h2 id="advance-sections-title">{t("results.advance.sections")}</h2>
          {toDecide > 0 ? (
            <Form method="post" className="advance-rule">
              <input type="hidden" name="roundId" value={roundId} />
              <button className="button button--primary" name="intent" value="rule">
                {t("results.advance.applyRuleAll", { count: toDecide })}
              </button>
              <p className="muted small">{t("results.advance.applyRuleAllNote")}</p>
              {parallel ? <p className="muted small">{t("results.advance.applyRuleStepNote")}</p> : null}
            </Form>
          ) : null}
          <ul className="advance-sections">
            {locked.map((s) => {
              const open = `?round=${roundId}&to=${targetId}&section=${s.id}`;
              return (
                <li key={s.id} className="card advance-sections__item">
                  <h3 className="advance-sections__name">
                    <Link to={open}>
                      <SectionName section={s} />
                    </Link>
                  </h3>
                  <dl className="advance-sections__counts">
                    <div>
                      <dt>{t("results.advance.entries")}</dt>
                      <dd>{s.entries}</dd>
                    </div>
                    <div>
                      <dt>{t("results.advance.byRule")}</dt>
                      <dd>{s.proposed}</dd>
                    </div>
                    <div>
                      <dt>{t("results.advance.chosen")}</dt>
                      <dd>
                        {s.chosen}
                        {s.chosen === 0 ? <span className="muted"> · {t("results.advance.undecided")}</span> : null}
                      </dd>
                    </div>
                  </dl>
                  <div className="advance-sections__actions">
                    <Link
                      className="button"
                      to={open}
                      aria-label={t("results.advance.openNamed", { section: sectionText(s, t) })}
                    >
                      {t("results.advance.open")}
                    </Link>
                    {/* Here only where nothing advances yet: resetting a hand-made choice is done from the section's page. */}
                    {undecided(s) ? (
                      <Form method="post">
                        <input type="hidden" name="roundId" value={roundId} />
                        <input type="hidden" name="targetId" value={targetId} />
                        <input type="hidden" name="sectionId" value={s.id} />
                        <button
                          className="button"
                          name="intent"
                          value="rule"
                          aria-label={t("results.advance.applyRuleNamed", { section: sectionText(s, t) })}
                        >
                          {t("results.advance.applyRule")}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {unlocked.length > 0 ? (
        <ul className="advance-unlocked">
          {unlocked.map((s) => (
            <li key={s.id}>
              <SectionName section={s} />: <span className="muted">{t("results.advance.notLocked")}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
