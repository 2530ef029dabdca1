"use client";
import { useMemo } from "react";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import { boardEtas, type JobEta } from "@/lib/domain/gps/board-eta";
import type { LivePositions } from "./use-live-positions";
import { useNow } from "./use-now";

/**
 * Arrival estimates for a board. They follow the clock and the sampled positions, not every
 * fix: each new set of estimates redraws every lane of the board.
 */
export function useBoardEtas(snapshot: BoardSnapshot | null, live: LivePositions): Record<string, JobEta> {
  const clock = useNow(30_000);
  return useMemo(() => (snapshot ? boardEtas(snapshot, live.sampled, clock) : {}), [snapshot, live.sampled, clock]);
}
