import { randomUUID } from "node:crypto";
import type { ProposePlanInput } from "../../../lib/schemas/dispatch";
import { readBoard } from "../../../lib/domain/board/doc";
import {
  buildPlanningProblem,
  proposalFromSolution,
  writeProposal,
  type BoardProposal,
  type ProposalFigures,
} from "../../../lib/domain/board/proposals";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { RuleViolationError, ServiceError } from "../errors";
import { optimizeInWorker } from "./optimizer";

/** The optimizer's budget for a day (issue 17: a full day of 300 jobs is placed within 5 s). */
export const PROPOSAL_TIME_LIMIT_MS = 5_000;

export interface ProposePlanOptions {
  timeLimitMs?: number;
  /** Milliseconds since the epoch: nothing is planned before it. */
  now?: number;
  seed?: number;
}

/**
 * "Propose a plan": solves the day's board (as it is when asked) in a worker thread and writes
 * the answer into the board document as an open proposal, which every dispatcher sees. The
 * plan itself is not touched: dispatchers accept or discard the proposal on the board. The
 * solve is cancelled when the day's board is closed (no dispatcher has it open any more).
 */
export async function proposePlan(
  deps: Pick<ServiceDeps, "events">,
  actor: Actor,
  input: ProposePlanInput,
  options: ProposePlanOptions = {},
): Promise<{ id: string; figures: ProposalFigures; unplaced: string[] }> {
  const boards = deps.events.boards.current();
  if (!boards)
    throw new ServiceError("unavailable", "no live board is served by this process", {
      key: "errors.dispatch.boardUnavailable",
    });
  // Taken before the board is read: a board loaded only for this read and unloaded right after
  // (nobody has it open) is closed, and the solve is not worth starting.
  const signal = boards.daySignal(input.date);
  const board = await boards.read(input.date, readBoard);
  const planning = buildPlanningProblem(board, input.scope, options.now ?? Date.now());
  if (planning.jobIds.length === 0 || planning.problem.vehicles.length === 0)
    throw new RuleViolationError("nothing to plan on this board", "scope", { key: "errors.dispatch.nothingToPlan" });
  let result;
  try {
    result = await optimizeInWorker({
      problem: planning.problem,
      timeLimitMs: options.timeLimitMs ?? PROPOSAL_TIME_LIMIT_MS,
      seed: options.seed ?? 1,
      signal,
    });
  } catch (error) {
    if (signal.aborted)
      throw new ServiceError("conflict", `the board of ${input.date} was closed during the solve`, {
        key: "errors.dispatch.boardClosed",
        cause: error,
      });
    throw error;
  }
  const content = proposalFromSolution(board, planning, result);
  const proposal: BoardProposal = {
    id: randomUUID(),
    author: actor.userId ?? "system",
    authorName: actor.name,
    createdAt: new Date(options.now ?? Date.now()).toISOString(),
    scope: input.scope,
    status: "open",
    ...content,
    acceptedTechs: [],
    decidedBy: null,
  };
  if (signal.aborted)
    throw new ServiceError("conflict", `the board of ${input.date} was closed during the solve`, {
      key: "errors.dispatch.boardClosed",
    });
  await boards.write(input.date, (doc) => writeProposal(doc, proposal));
  return { id: proposal.id, figures: proposal.figures, unplaced: proposal.unplaced };
}
