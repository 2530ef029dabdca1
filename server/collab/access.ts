import type { StaffRole } from "../services/actor";
import { can } from "../../lib/domain/capabilities";
import { parseBoardDocumentName } from "../../lib/domain/board/types";

export type BoardAccess = "write" | "read" | "none";

/** Who plans the board ("board.edit") writes it; who follows it ("board.read") reads it; nobody else sees it. */
export function boardAccessOfRole(role: StaffRole | null): BoardAccess {
  if (can(role, "board.edit")) return "write";
  return can(role, "board.read") ? "read" : "none";
}

export function boardAccessFor(role: StaffRole | null, documentName: string): BoardAccess {
  return parseBoardDocumentName(documentName) === null ? "none" : boardAccessOfRole(role);
}
