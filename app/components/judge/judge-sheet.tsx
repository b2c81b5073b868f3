import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { SheetCriterion, SheetEntry } from "~/.server/judging/judge-sheet.server";
import type { Locale } from "~/domain/locale";
import { parseScoreText, scoreStep, stepScore } from "~/domain/score-value";
import { formatNumber } from "~/i18n/format";
import { rememberJudgePage } from "~/judge-offline/offline";
import type { KeyValueStore, QueuedScore, RefusalReason, ScoreOutcome, Send } from "~/judge-offline/score-queue";
import { postScores, useScoreQueue } from "~/judge-offline/use-score-queue";

import { type FieldStatus, ScoreCard } from "./score-card";

/** What the server sent back for a sheet posted without JavaScript. */
export interface SheetFormResult {
  entryId: number;
  values: Record<string, string>;
  /** criterion id → "invalid" or a refusal reason */
  errors: Record<string, string>;
  /** criterion id → the newer score from another device that the server kept instead */
  kept?: Record<string, number>;
}

interface Props {
  judgeId: number;
  roundId: number;
  criteria: readonly SheetCriterion[];
  entries: readonly (SheetEntry & { scores: Record<number, { value: number }> })[];
  /** The whole panel's progress as the server counted it, when the sheet shows one page of it. */
  progress?: { scored: number; total: number };
  locale: Locale;
  showAgeGroups: boolean;
  formAction: string;
  formResult?: SheetFormResult | null;
  /** For tests: the network, the device's storage, and the pause after typing before a value is sent. */
  send?: Send;
  storage?: KeyValueStore;
  pauseMs?: number;
}

type Texts = Record<number, Record<number, string>>;
type Statuses = Record<number, Record<number, FieldStatus>>;

/** A typed value goes after this pause (or at once on Enter, on leaving the field, or with −/+). */
export const TYPING_PAUSE_MS = 800;

const fieldKey = (entryId: number, criterionId: number) => `${entryId}:${criterionId}`;

/**
 * The judge's score sheets for one panel. Only a complete, valid score is sent: on Enter, on leaving
 * the field, with the −/+ buttons, or after a short pause in typing; each change waits on the device
 * until the server answers. An answer settles a field only when it is about the value the field
 * shows now (the version sent for it): a late answer never marks a newer or an invalid entry saved.
 * A banner says when scores are waiting for the connection.
 */
export function JudgeSheet({
  judgeId,
  roundId,
  criteria,
  entries,
  progress,
  locale,
  showAgeGroups,
  formAction,
  formResult,
  send = postScores,
  storage,
  pauseMs = TYPING_PAUSE_MS,
}: Props) {
  const { t } = useTranslation();
  const fmt = useCallback((v: number) => formatNumber(v, locale), [locale]);
  const maxOf = (criterionId: number) => criteria.find((c) => c.id === criterionId)?.maxScore ?? 0;

  const [texts, setTexts] = useState<Texts>(() => {
    const out: Texts = {};
    for (const e of entries) {
      out[e.entryId] = {};
      for (const c of criteria) out[e.entryId]![c.id] = e.scores[c.id] ? fmt(e.scores[c.id]!.value) : "";
    }
    // A sheet posted without JavaScript: what was refused shows as typed; what was saved or kept shows as the server holds it.
    if (formResult && out[formResult.entryId]) {
      for (const id of Object.keys(formResult.errors))
        out[formResult.entryId]![Number(id)] = formResult.values[id] ?? "";
      for (const [id, value] of Object.entries(formResult.kept ?? {}))
        out[formResult.entryId]![Number(id)] = fmt(value);
    }
    return out;
  });
  const [statuses, setStatuses] = useState<Statuses>(() => {
    const out: Statuses = {};
    for (const e of entries) {
      out[e.entryId] = {};
      for (const c of criteria) out[e.entryId]![c.id] = e.scores[c.id] ? "saved" : "empty";
    }
    if (formResult && out[formResult.entryId]) {
      for (const [id, value] of Object.entries(formResult.kept ?? {}))
        out[formResult.entryId]![Number(id)] = { kept: value };
      for (const [id, error] of Object.entries(formResult.errors)) {
        out[formResult.entryId]![Number(id)] = error === "invalid" ? "invalid" : { refused: error as RefusalReason };
      }
    }
    return out;
  });
  const [locked, setLocked] = useState(() => new Set(entries.filter((e) => e.locked).map((e) => e.entryId)));
  const [enhanced, setEnhanced] = useState(false);
  /** The last value each score had on the device or the server, to restore an emptied field. */
  const known = useRef<Map<string, number>>(null as unknown as Map<string, number>);
  known.current ??= new Map(
    entries.flatMap((e) =>
      criteria.flatMap((c) => (e.scores[c.id] ? [[fieldKey(e.entryId, c.id), e.scores[c.id]!.value] as const] : [])),
    ),
  );
  /** The texts as they are now (timers and blur read them between renders). */
  const latest = useRef(texts);
  /** Field → the version sent for the value it shows; an answer about any other version is not about this field's value. */
  const sent = useRef(new Map<string, number>());
  /** Fields holding a valid value that has not been sent yet. */
  const unsent = useRef(new Set<string>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  /** Sends what was typed and not sent yet (set below, once `commit` exists). */
  const commitUnsent = useRef<() => void>(() => undefined);
  // Declared before the queue's effect, so on leaving the page (another page of the panel) this
  // cleanup runs while the queue is still there: a value typed a moment before goes on the device.
  useEffect(() => {
    const pending = timers.current;
    const flush = commitUnsent;
    return () => {
      flush.current();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const setField = (entryId: number, criterionId: number, text: string | undefined, status: FieldStatus) => {
    if (text !== undefined) {
      latest.current = { ...latest.current, [entryId]: { ...latest.current[entryId], [criterionId]: text } };
      setTexts((prev) => ({ ...prev, [entryId]: { ...prev[entryId], [criterionId]: text } }));
    }
    setStatuses((prev) => ({ ...prev, [entryId]: { ...prev[entryId], [criterionId]: status } }));
  };
  const stopTimer = (key: string) => {
    const timer = timers.current.get(key);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(key);
  };

  const onReady = (queued: QueuedScore[]) => {
    // What waits on this device is newer than what the server sent.
    for (const q of queued) {
      if (q.roundId !== roundId || !latest.current[q.entryId] || !criteria.some((c) => c.id === q.criterionId))
        continue;
      const key = fieldKey(q.entryId, q.criterionId);
      known.current.set(key, q.value);
      sent.current.set(key, q.version);
      setField(q.entryId, q.criterionId, fmt(q.value), "queued");
    }
    setEnhanced(true);
  };

  const onOutcomes = (outcomes: ScoreOutcome[]) => {
    for (const o of outcomes) {
      if (o.roundId !== roundId || !latest.current[o.entryId]) continue;
      const key = fieldKey(o.entryId, o.criterionId);
      // The field has changed since (typed over, or a newer change is on its way): this answer is not about what it shows.
      if (sent.current.get(key) !== o.version) continue;
      sent.current.delete(key);
      if (o.status === "accepted") setField(o.entryId, o.criterionId, undefined, "saved");
      else if (o.status === "stale") {
        known.current.set(key, o.stored.value);
        setField(o.entryId, o.criterionId, fmt(o.stored.value), { kept: o.stored.value });
      } else {
        setField(o.entryId, o.criterionId, undefined, { refused: o.reason });
        if (o.reason === "locked") setLocked((prev) => new Set(prev).add(o.entryId));
      }
    }
  };

  const { snapshot, queue } = useScoreQueue({ judgeId, send, storage, onReady, onOutcomes });
  // Everything waiting is saved: the offline copy of this page should show it (app/judge-offline/offline.ts).
  const hadWaiting = useRef(false);
  useEffect(() => {
    if (snapshot.queued.length > 0) hadWaiting.current = true;
    else if (hadWaiting.current && !snapshot.problem) {
      hadWaiting.current = false;
      rememberJudgePage(1500);
    }
  }, [snapshot]);

  const record = (entryId: number, criterionId: number, value: number) => {
    const key = fieldKey(entryId, criterionId);
    stopTimer(key);
    unsent.current.delete(key);
    known.current.set(key, value);
    const item = queue.current?.add({ roundId, entryId, criterionId, value });
    if (item) sent.current.set(key, item.version);
  };

  /** Sends the field's value if it is a valid one not sent yet. */
  const commit = (entryId: number, criterionId: number) => {
    const key = fieldKey(entryId, criterionId);
    stopTimer(key);
    if (!unsent.current.has(key)) return;
    const parsed = parseScoreText(latest.current[entryId]?.[criterionId] ?? "", maxOf(criterionId));
    if (typeof parsed !== "number") return;
    setField(entryId, criterionId, undefined, "queued");
    record(entryId, criterionId, parsed);
  };

  commitUnsent.current = () => {
    for (const key of [...unsent.current]) {
      const [entryId, criterionId] = key.split(":").map(Number) as [number, number];
      commit(entryId, criterionId);
    }
  };

  const onText = (entryId: number) => (criterionId: number, text: string) => {
    const key = fieldKey(entryId, criterionId);
    stopTimer(key);
    // Whatever was sent before is not what the field shows any more.
    sent.current.delete(key);
    const parsed = parseScoreText(text, maxOf(criterionId));
    if (typeof parsed !== "number") {
      unsent.current.delete(key);
      if (parsed === "invalid") return setField(entryId, criterionId, text, "invalid");
      return setField(entryId, criterionId, text, known.current.has(key) ? "invalid" : "empty");
    }
    unsent.current.add(key);
    setField(entryId, criterionId, text, "editing");
    timers.current.set(
      key,
      setTimeout(() => commit(entryId, criterionId), pauseMs),
    );
  };

  const onStep = (entryId: number) => (criterionId: number, direction: 1 | -1) => {
    const max = maxOf(criterionId);
    const current = parseScoreText(latest.current[entryId]?.[criterionId] ?? "", max);
    const value = stepScore(
      typeof current === "number" ? current : (known.current.get(fieldKey(entryId, criterionId)) ?? null),
      direction,
      max,
      scoreStep(max),
    );
    setField(entryId, criterionId, fmt(value), "queued");
    record(entryId, criterionId, value);
  };

  const onBlur = (entryId: number) => (criterionId: number) => {
    commit(entryId, criterionId);
    // An emptied field doesn't delete a score: show the score that stands.
    const key = fieldKey(entryId, criterionId);
    const last = known.current.get(key);
    if ((latest.current[entryId]?.[criterionId] ?? "").trim() === "" && last !== undefined) {
      const waiting = queue.current
        ?.queued()
        .find((q) => q.roundId === roundId && q.entryId === entryId && q.criterionId === criterionId);
      if (waiting) sent.current.set(key, waiting.version);
      setField(entryId, criterionId, fmt(last), waiting ? "queued" : "saved");
    }
  };

  const onCommit = (entryId: number) => (criterionId: number) => commit(entryId, criterionId);

  const onSubmit = (entryId: number) => () => {
    for (const c of criteria) {
      const parsed = parseScoreText(latest.current[entryId]?.[c.id] ?? "", c.maxScore);
      const status = statuses[entryId]?.[c.id];
      if (parsed === "invalid") setField(entryId, c.id, undefined, "invalid");
      else if (
        typeof parsed === "number" &&
        (unsent.current.has(fieldKey(entryId, c.id)) ||
          !(status === "saved" || status === "queued" || (typeof status === "object" && "kept" in status)))
      ) {
        setField(entryId, c.id, undefined, "queued");
        record(entryId, c.id, parsed);
      }
    }
    void queue.current?.retryNow();
  };

  const scoredHere = entries.filter(
    (e) =>
      criteria.length > 0 &&
      criteria.every((c) => typeof parseScoreText(texts[e.entryId]?.[c.id] ?? "", c.maxScore) === "number"),
  ).length;
  // The panel's count moves with what is scored on this page since the server counted it.
  const [scoredAtLoad] = useState(
    () => entries.filter((e) => criteria.length > 0 && criteria.every((c) => e.scores[c.id])).length,
  );
  const scored = progress ? progress.scored - scoredAtLoad + scoredHere : scoredHere;
  const total = progress?.total ?? entries.length;
  const waiting = snapshot.queued.length;

  return (
    <div className="judge-sheet">
      <div className="judge-sheet__bar">
        <p className="judge-sheet__progress">{t("judge.progress", { scored, total })}</p>
        {snapshot.problem && waiting > 0 ? (
          <div className="alert alert--warning judge-sheet__banner" role="status">
            <p>{t(`judge.problem.${snapshot.problem}`, { count: waiting })}</p>
            {snapshot.problem !== "signed_out" ? (
              <button type="button" className="button" onClick={() => void queue.current?.retryNow()}>
                {t("judge.retry")}
              </button>
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
              onCommit={onCommit(e.entryId)}
              onSubmit={onSubmit(e.entryId)}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
