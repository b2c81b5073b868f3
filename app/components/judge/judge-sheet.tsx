import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/domain/locale";
import { parseScoreText, scoreStep, stepScore } from "~/domain/score-value";
import { formatNumber } from "~/i18n/format";
import { ScoreCard, type FieldStatus, type SheetCriterion, type SheetEntry } from "./score-card";
import type { KeyValueStore, QueuedScore, ScoreOutcome, Send } from "./score-queue";
import { postScores, useScoreQueue } from "./use-score-queue";

/** What the server sent back for a sheet posted without JavaScript. */
export interface SheetFormResult {
  entryId: number;
  values: Record<string, string>;
  /** criterion id → "invalid" or a refusal reason */
  errors: Record<string, string>;
}

interface Props {
  judgeId: number;
  roundId: number;
  criteria: readonly SheetCriterion[];
  entries: readonly (SheetEntry & { scores: Record<number, { value: number }> })[];
  locale: Locale;
  showAgeGroups: boolean;
  formAction: string;
  formResult?: SheetFormResult | null;
  /** For tests: the network and the device's storage. */
  send?: Send;
  storage?: KeyValueStore;
}

type Texts = Record<number, Record<number, string>>;
type Statuses = Record<number, Record<number, FieldStatus>>;

/**
 * The judge's score sheets for one panel: every change is kept on the device at once and sent to the
 * server; a banner says when scores are waiting for the connection.
 */
export function JudgeSheet({ judgeId, roundId, criteria, entries, locale, showAgeGroups, formAction, formResult, send = postScores, storage }: Props) {
  const { t } = useTranslation();
  const fmt = useCallback((v: number) => formatNumber(v, locale), [locale]);
  const maxOf = (criterionId: number) => criteria.find((c) => c.id === criterionId)?.maxScore ?? 0;

  const [texts, setTexts] = useState<Texts>(() => {
    const out: Texts = {};
    for (const e of entries) {
      out[e.entryId] = {};
      for (const c of criteria) out[e.entryId]![c.id] = e.scores[c.id] ? fmt(e.scores[c.id]!.value) : "";
    }
    if (formResult) for (const [id, text] of Object.entries(formResult.values)) if (out[formResult.entryId]) out[formResult.entryId]![Number(id)] = text;
    return out;
  });
  const [statuses, setStatuses] = useState<Statuses>(() => {
    const out: Statuses = {};
    for (const e of entries) {
      out[e.entryId] = {};
      for (const c of criteria) out[e.entryId]![c.id] = e.scores[c.id] ? "saved" : "empty";
    }
    if (formResult && out[formResult.entryId]) {
      for (const [id, error] of Object.entries(formResult.errors)) {
        out[formResult.entryId]![Number(id)] = error === "invalid" ? "invalid" : { refused: error as Extract<FieldStatus, object>["refused"] };
      }
    }
    return out;
  });
  const [locked, setLocked] = useState(() => new Set(entries.filter((e) => e.locked).map((e) => e.entryId)));
  const [enhanced, setEnhanced] = useState(false);
  /** The last value each score had on the device or the server, to restore an emptied field. */
  const known = useRef<Map<string, number>>(null as unknown as Map<string, number>);
  known.current ??= new Map(entries.flatMap((e) => criteria.flatMap((c) => (e.scores[c.id] ? [[`${e.entryId}:${c.id}`, e.scores[c.id]!.value] as const] : []))));

  const setField = (entryId: number, criterionId: number, text: string | undefined, status: FieldStatus) => {
    if (text !== undefined) setTexts((prev) => ({ ...prev, [entryId]: { ...prev[entryId], [criterionId]: text } }));
    setStatuses((prev) => ({ ...prev, [entryId]: { ...prev[entryId], [criterionId]: status } }));
  };

  const onReady = (queued: QueuedScore[]) => {
    // What waits on this device is newer than what the server sent.
    for (const q of queued) {
      if (q.roundId !== roundId || !texts[q.entryId] || !criteria.some((c) => c.id === q.criterionId)) continue;
      known.current.set(`${q.entryId}:${q.criterionId}`, q.value);
      setField(q.entryId, q.criterionId, fmt(q.value), "queued");
    }
    setEnhanced(true);
  };

  const onOutcomes = (outcomes: ScoreOutcome[]) => {
    const waiting = new Set((queue.current?.queued() ?? []).map((q) => `${q.roundId}:${q.entryId}:${q.criterionId}`));
    for (const o of outcomes) {
      if (o.roundId !== roundId || !texts[o.entryId]) continue;
      // A newer change of the same score is still on its way: its own answer will settle the field.
      if (waiting.has(`${o.roundId}:${o.entryId}:${o.criterionId}`)) continue;
      if (o.status === "accepted") setField(o.entryId, o.criterionId, undefined, "saved");
      else if (o.status === "stale") {
        known.current.set(`${o.entryId}:${o.criterionId}`, o.stored.value);
        setField(o.entryId, o.criterionId, fmt(o.stored.value), "saved");
      } else {
        setField(o.entryId, o.criterionId, undefined, { refused: o.reason });
        if (o.reason === "locked") setLocked((prev) => new Set(prev).add(o.entryId));
      }
    }
  };

  const { snapshot, queue } = useScoreQueue({ judgeId, send, storage, onReady, onOutcomes });

  const record = (entryId: number, criterionId: number, value: number) => {
    known.current.set(`${entryId}:${criterionId}`, value);
    queue.current?.add({ roundId, entryId, criterionId, value });
  };

  const onText = (entryId: number) => (criterionId: number, text: string) => {
    const parsed = parseScoreText(text, maxOf(criterionId));
    if (parsed === "invalid") return setField(entryId, criterionId, text, "invalid");
    if (parsed === null) return setField(entryId, criterionId, text, known.current.has(`${entryId}:${criterionId}`) ? "invalid" : "empty");
    setField(entryId, criterionId, text, "queued");
    record(entryId, criterionId, parsed);
  };

  const onStep = (entryId: number) => (criterionId: number, direction: 1 | -1) => {
    const max = maxOf(criterionId);
    const current = parseScoreText(texts[entryId]?.[criterionId] ?? "", max);
    const value = stepScore(typeof current === "number" ? current : (known.current.get(`${entryId}:${criterionId}`) ?? null), direction, max, scoreStep(max));
    setField(entryId, criterionId, fmt(value), "queued");
    record(entryId, criterionId, value);
  };

  const onBlur = (entryId: number) => (criterionId: number) => {
    // An emptied field doesn't delete a score: show the score that stands.
    const last = known.current.get(`${entryId}:${criterionId}`);
    if ((texts[entryId]?.[criterionId] ?? "").trim() === "" && last !== undefined) {
      const waiting = queue.current?.queued().some((q) => q.roundId === roundId && q.entryId === entryId && q.criterionId === criterionId);
      setField(entryId, criterionId, fmt(last), waiting ? "queued" : "saved");
    }
  };

  const onSubmit = (entryId: number) => () => {
    for (const c of criteria) {
      const parsed = parseScoreText(texts[entryId]?.[c.id] ?? "", c.maxScore);
      if (parsed === "invalid") setField(entryId, c.id, undefined, "invalid");
      else if (typeof parsed === "number" && statuses[entryId]?.[c.id] !== "saved" && statuses[entryId]?.[c.id] !== "queued") record(entryId, c.id, parsed);
    }
    void queue.current?.retryNow();
  };

  const scored = entries.filter((e) => criteria.length > 0 && criteria.every((c) => typeof parseScoreText(texts[e.entryId]?.[c.id] ?? "", c.maxScore) === "number")).length;
  const waiting = snapshot.queued.length;

  return (
    <div className="judge-sheet">
      <div className="judge-sheet__bar">
        <p className="judge-sheet__progress">{t("judge.progress", { scored, total: entries.length })}</p>
        {snapshot.problem && waiting > 0 ? (
          <div className="alert alert--warning judge-sheet__banner" role="status">
            <p>{t(`judge.problem.${snapshot.problem}`, { count: waiting })}</p>
            {snapshot.problem !== "signed_out" ? (
              <button type="button" className="button" onClick={() => void queue.current?.retryNow()}>{t("judge.retry")}</button>
            ) : null}
          </div>
        ) : null}
      </div>
      <ol className="judge-sheet__entries">
        {entries.map((e) => (
          <li key={e.entryId}>
            <ScoreCard
              entry={{ ...e, locked: locked.has(e.entryId) }}
              criteria={criteria}
              locale={locale}
              showAgeGroup={showAgeGroups}
              texts={texts[e.entryId] ?? {}}
              statuses={statuses[e.entryId] ?? {}}
              enhanced={enhanced}
              formAction={formAction}
              onText={onText(e.entryId)}
              onStep={onStep(e.entryId)}
              onBlur={onBlur(e.entryId)}
              onSubmit={onSubmit(e.entryId)}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
