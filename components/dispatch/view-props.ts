import type { BoardConflict } from "@/lib/domain/board/types";
import type { JobEta } from "@/lib/domain/gps/board-eta";
import type { BoardCursor, RemotePresence } from "./board-session";
import type { Timeline } from "./board-time";
import type { DragRef } from "./drag";

/** What every view of jobs (queue, timeline, lane) needs to show and select them. */
export interface JobViewProps {
  conflicts: Record<string, BoardConflict[]>;
  conflictText: (conflicts: BoardConflict[]) => string;
  selection: string[];
  others: RemotePresence[];
  canEdit: boolean;
  dragRef: DragRef;
  onSelect: (jobId: string) => void;
}

/** What the timeline and its lanes add: placing, resizing and the pointer's cursor. */
export interface LaneActionProps {
  timeline: Timeline;
  /** Arrival estimates by job id, from the technicians' live positions. */
  etas: Record<string, JobEta>;
  onPlace: (jobId: string, techId: string, start: string) => void;
  onResize: (jobId: string, durationMin: number) => void;
  onCursor: (cursor: BoardCursor) => void;
}
