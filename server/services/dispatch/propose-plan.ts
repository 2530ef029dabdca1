import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { dispatchJobTags, dispatchTags, technicianTags } from "../../db/schema";
import type { Database } from "../../db/client";
import type { ProposePlanInput } from "../../../lib/schemas/dispatch";
import { readBoard } from "../../../lib/domain/board/doc";
import {
  buildPlanningProblem,
  proposalFromSolution,
  writeProposal,
  type BoardProposal,
  type ProposalFigures,
  type RegionFilter,
} from "../../../lib/domain/board/proposals";
import {
  buildReplanProblem,
  keepPlannedStarts,
  REPLAN_OBJECTIVE,
  type TechnicianPosition,
} from "../../../lib/domain/board/replan";
import { latestPositions } from "../gps/latest-positions";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { NotFoundError, RuleViolationError, ServiceError } from "../errors";

/** The optimizer's budget for a day (issue 17: a full day of 300 jobs is placed within 5 s). */
export const PROPOSAL_TIME_LIMIT_MS = 5_000;
/**
 * A re-plan's budget, worker start included: it answers within a second. It starts from the
 * live plan, so it has a good answer at once and the budget only polishes it.
 */
export const REPLAN_TIME_LIMIT_MS = 700;

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
export interface RegionOption {
  code: string;
  labelFr: string;
  labelEn: string;
}

/** The regions a plan may be scoped to (the board's "Propose a plan"). */
export async function listRegions(db: Database): Promise<RegionOption[]> {
  return db
    .select({ code: dispatchTags.code, labelFr: dispatchTags.labelFr, labelEn: dispatchTags.labelEn })
    .from(dispatchTags)
    .where(eq(dispatchTags.kind, "region"))
    .orderBy(dispatchTags.code);
}

/** The jobs and technicians tagged with a region (ids as the board writes them). */
async function regionFilter(db: Database, code: string): Promise<RegionFilter> {
  const [tag] = await db
    .select({ id: dispatchTags.id })
    .from(dispatchTags)
    .where(and(eq(dispatchTags.code, code), eq(dispatchTags.kind, "region")));
  if (!tag) throw new NotFoundError("Region", code);
  const jobs = await db
    .select({ id: dispatchJobTags.jobId })
    .from(dispatchJobTags)
    .where(eq(dispatchJobTags.tagId, tag.id));
  const techs = await db
    .select({ id: technicianTags.technicianId })
    .from(technicianTags)
    .where(eq(technicianTags.tagId, tag.id));
  return { jobIds: new Set(jobs.map((j) => String(j.id))), techIds: new Set(techs.map((t) => String(t.id))) };
}

/** Every technician's last GPS fix, by board technician id: where a re-plan starts them. */
async function technicianPositions(db: Database): Promise<Record<string, TechnicianPosition>> {
  const out: Record<string, TechnicianPosition> = {};
  for (const p of await latestPositions(db))
    out[String(p.technicianId)] = { lat: p.lat, lng: p.lng, fixTime: p.fixTime };
  return out;
}

export async function proposePlan(
  deps: Pick<ServiceDeps, "events" | "db">,
  actor: Actor,
  input: ProposePlanInput,
  options: ProposePlanOptions = {},
): Promise<{ id: string; figures: ProposalFigures; unplaced: string[] }> {
  const boards = deps.events.boards.current();
  if (!boards)
    throw new ServiceError("unavailable", "no live board is served by this process", {
      key: "errors.dispatch.boardUnavailable",
    });
  const region = input.scope === "region" ? await regionFilter(deps.db, input.region!) : undefined;
  // Taken before the board is read: a board loaded only for this read and unloaded right after
  // (nobody has it open) is closed, and the solve is not worth starting.
  const signal = boards.daySignal(input.date);
  const board = await boards.read(input.date, readBoard);
  const now = options.now ?? Date.now();
  const replan = input.scope === "replan";
  const planning = replan
    ? buildReplanProblem(board, now, await technicianPositions(deps.db))
    : buildPlanningProblem(board, input.scope, now, region);
  if (planning.jobIds.length === 0 || planning.problem.vehicles.length === 0)
    throw new RuleViolationError("nothing to plan on this board", "scope", { key: "errors.dispatch.nothingToPlan" });
  let result;
  try {
    result = await boards.optimize({
      problem: planning.problem,
      timeLimitMs: options.timeLimitMs ?? (replan ? REPLAN_TIME_LIMIT_MS : PROPOSAL_TIME_LIMIT_MS),
      seed: options.seed ?? 1,
      signal,
      // The budget is the answer's target; a loaded machine may start the worker late, and a
      // late re-plan is still worth more than none: only a hung worker is stopped.
      ...(replan ? { objective: REPLAN_OBJECTIVE, graceMs: 15_000 } : {}),
    });
  } catch (error) {
    if (signal.aborted)
      throw new ServiceError("conflict", `the board of ${input.date} was closed during the solve`, {
        key: "errors.dispatch.boardClosed",
        cause: error,
      });
    throw error;
  }
  const content = proposalFromSolution(board, planning, replan ? keepPlannedStarts(board, planning, result) : result);
  const proposal: BoardProposal = {
    id: randomUUID(),
    author: actor.userId ?? "system",
    authorName: actor.name,
    createdAt: new Date(now).toISOString(),
    scope: input.scope,
    region: input.scope === "region" ? input.region! : null,
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
