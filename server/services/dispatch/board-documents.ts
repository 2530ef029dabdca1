import type * as Y from "yjs";
import type { SolveResult } from "../../../lib/domain/vrptw/solver";
import type { OptimizeRequest } from "./optimizer";

/**
 * The live boards, for services that must read or write a board document server-side (a plan
 * proposal). The collab server, which holds the documents, provides it (server/collab/collab-server.ts);
 * route code reaches it through the process events of the one composition root. Null when this
 * process serves no boards (a tRPC-only test, a worker process).
 */
export interface BoardDocuments {
  /** Runs `read` on the day's board, loading it for the call when no one has it open. */
  read<T>(date: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** Applies `edit` as the server (logged, broadcast to every dispatcher). */
  write(date: string, edit: (doc: Y.Doc) => void): Promise<void>;
  /**
   * Aborted when the day's board is closed (unloaded: its last dispatcher left), so work done
   * for that board (an optimizer run) stops instead of writing to a board nobody has open.
   */
  daySignal(date: string): AbortSignal;
  /**
   * The route optimizer, in a worker thread started by this process. It travels with the boards
   * because the process that holds them (server/main.ts, run by tsx) can start the TypeScript
   * worker, while route code bundled by Next cannot: a bundle has no tsx to hand the worker.
   */
  optimize(request: OptimizeRequest): Promise<SolveResult>;
}

export interface BoardDocumentsCell {
  current(): BoardDocuments | null;
  /** Returns the function that withdraws it (the collab server closing). */
  provide(boards: BoardDocuments): () => void;
}

export function createBoardDocumentsCell(): BoardDocumentsCell {
  let current: BoardDocuments | null = null;
  return {
    current: () => current,
    provide(boards) {
      current = boards;
      return () => {
        if (current === boards) current = null;
      };
    },
  };
}
