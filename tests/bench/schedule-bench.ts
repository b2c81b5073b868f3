// Times the running-order generator on the bench's festival round (tests/bench/schedule-data.ts), and
// checks its result with the independent conflict checker; then runs the over-full round and counts
// what it left out, by reason. Bundled and run by tests/bench/run.mjs.
import { findConflicts, scheduleRunningOrder } from "../../app/domain/schedule";
import { makeBenchSchedule, makeOverfullSchedule } from "./schedule-data";

export function runScheduleBench(runs = 5) {
  const input = makeBenchSchedule(1);
  const times: number[] = [];
  let result = scheduleRunningOrder(input); // warm-up: the first run pays for JIT compilation
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = scheduleRunningOrder(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const conflicts = findConflicts(result.slots, input.performances, input.stages, input.options);

  const overfull = makeOverfullSchedule(1);
  const overfullResult = scheduleRunningOrder(overfull);
  const reasons: Record<string, number> = {};
  for (const u of overfullResult.unplaced) reasons[u.reason] = (reasons[u.reason] ?? 0) + 1;
  return {
    medianMs: times[Math.floor(times.length / 2)]!,
    performances: input.performances.length,
    stages: input.stages.length,
    placed: result.slots.length,
    unplaced: result.unplaced.length,
    conflicts: conflicts.length,
    overfull: {
      performances: overfull.performances.length,
      stages: overfull.stages.length,
      placed: overfullResult.slots.length,
      unplaced: overfullResult.unplaced.length,
      conflicts: findConflicts(overfullResult.slots, overfull.performances, overfull.stages, overfull.options).length,
      reasons,
    },
  };
}
