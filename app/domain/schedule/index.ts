export type { Conflict, ConflictCode } from "./conflicts";
export { findConflicts } from "./conflicts";
export { insertSlot, moveSlot, swapSlots } from "./edits";
export { ceilToGrid, GRID_MINUTES, isOnGrid, stageAvailability } from "./grid";
export type { NumberedSlot, SlotFacts, SlotQuery } from "./numbering";
export { findSlots, numberingStamp, numberSlots, parseSlotQuery } from "./numbering";
export type { ScheduleResult, ScheduleStats, StageStats, Unplaced, UnplacedReason } from "./running-order";
export { orderPanels, scheduleRunningOrder } from "./running-order";
export * from "./types";
