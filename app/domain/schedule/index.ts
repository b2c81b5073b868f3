export * from "./types";
export { GRID_MINUTES, ceilToGrid, isOnGrid, stageAvailability } from "./grid";
export { orderPanels, scheduleRunningOrder } from "./running-order";
export type { ScheduleResult, ScheduleStats, StageStats, Unplaced, UnplacedReason } from "./running-order";
export { findConflicts } from "./conflicts";
export type { Conflict, ConflictCode } from "./conflicts";
export { moveSlot, swapSlots } from "./edits";
