import type { StaffRole } from "../services/actor";
import { parseBoardDocumentName } from "../../lib/domain/board/types";

export type BoardAccess = "write" | "read" | "none";

/** Dispatchers and admins plan the board; technicians and support follow it; nobody else sees it. */
const BOARD_ACCESS_BY_ROLE: Record<StaffRole, BoardAccess> = {
  admin: "write",
  dispatcher: "write",
  technician: "read",
  support: "read",
  billing: "none",
};

export function boardAccessFor(role: StaffRole | null, documentName: string): BoardAccess {
  if (!role || parseBoardDocumentName(documentName) === null) return "none";
  return BOARD_ACCESS_BY_ROLE[role];
}
