import type { RefObject } from "react";

/**
 * The job being dragged. HTML drag data is unreadable during dragover (only its types are),
 * and lanes need the job and the grab point to draw the drop preview, so it lives here.
 */
export interface DragInfo {
  jobId: string;
  grabOffsetMin: number;
  durationMin: number;
}
export type DragRef = RefObject<DragInfo | null>;
export const DRAG_TYPE = "application/x-board-job";

export function startDrag(event: React.DragEvent, dragRef: DragRef, info: DragInfo): void {
  dragRef.current = info;
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData(DRAG_TYPE, info.jobId);
  event.dataTransfer.setData("text/plain", info.jobId);
}

export function isBoardDrag(event: React.DragEvent, dragRef: DragRef): boolean {
  return dragRef.current !== null && event.dataTransfer.types.includes(DRAG_TYPE);
}
