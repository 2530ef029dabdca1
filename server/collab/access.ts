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

export function boardAccessOfRole(role: StaffRole | null): BoardAccess {
  return role ? BOARD_ACCESS_BY_ROLE[role] : "none";
}

export function boardAccessFor(role: StaffRole | null, documentName: string): BoardAccess {
  return parseBoardDocumentName(documentName) === null ? "none" : boardAccessOfRole(role);
}
