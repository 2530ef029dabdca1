import type { BoardConflict, BoardSnapshot } from "@/lib/domain/board/types";

type BoardT = (key: string, values?: Record<string, string | number>) => string;

/** One sentence per conflict, naming the other job rather than showing its id. */
export function conflictSentence(t: BoardT, conflict: BoardConflict, snapshot: BoardSnapshot): string {
  switch (conflict.kind) {
    case "overlap": {
      const other = conflict.otherJobId ? snapshot.jobs[conflict.otherJobId] : undefined;
      return t("conflict.overlap", { other: other?.title || conflict.otherJobId || "?" });
    }
    case "skill_mismatch":
      return t("conflict.skill_mismatch", { skills: (conflict.missingSkills ?? []).join(", ") || "?" });
    default:
      return t(`conflict.${conflict.kind}`);
  }
}

export function conflictSummary(t: BoardT, conflicts: BoardConflict[], snapshot: BoardSnapshot): string {
  return conflicts.map((c) => conflictSentence(t, c, snapshot)).join("\n");
}
