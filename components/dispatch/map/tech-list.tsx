"use client";
import { useTranslations } from "next-intl";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import { FOCUS_RING } from "../board-style";
import type { TechMarker } from "./map-features";
import { ageLabel } from "./map-markers";

/**
 * The technicians under the map, as buttons: a keyboard path to every marker, and the plain
 * answer to "who has no position?" that a map cannot show.
 */
export function TechList({
  snapshot,
  markers,
  focusedTech,
  onFocus,
}: {
  snapshot: BoardSnapshot;
  markers: TechMarker[];
  focusedTech: string | null;
  onFocus: (techId: string) => void;
}) {
  const t = useTranslations("map");
  const byTech = new Map(markers.map((m) => [m.techId, m]));
  const techs = Object.values(snapshot.techs).sort((a, b) => a.name.localeCompare(b.name));
  if (techs.length === 0) return <p className="text-sm text-slate-500">{t("noTechnicians")}</p>;
  const located = techs.filter((tech) => byTech.has(tech.id)).length;
  return (
    <details open className="rounded-lg border border-slate-200 bg-white text-sm">
      <summary className={`cursor-pointer px-3 py-1.5 font-medium ${FOCUS_RING}`}>
        {t("techList", { located, total: techs.length })}
      </summary>
      <ul
        data-testid="map-tech-list"
        className="grid grid-cols-[repeat(auto-fill,minmax(17rem,1fr))] gap-x-3 px-3 pb-2"
      >
        {techs.map((tech) => {
          const marker = byTech.get(tech.id);
          const detail = !marker
            ? t("noPosition")
            : marker.stale
              ? t("staleSince", { age: ageLabel(t, marker.ageSeconds) })
              : [
                  marker.speedKmh !== null ? t("speed", { speed: Math.round(marker.speedKmh) }) : null,
                  t("fixAge", { age: ageLabel(t, marker.ageSeconds) }),
                ]
                  .filter(Boolean)
                  .join(" · ");
          return (
            <li key={tech.id}>
              <button
                type="button"
                data-testid="map-tech"
                data-tech-id={tech.id}
                onClick={() => onFocus(tech.id)}
                aria-pressed={focusedTech === tech.id}
                className={`flex w-full items-center gap-2 rounded px-1 py-0.5 text-left hover:bg-slate-50 ${FOCUS_RING}`}
              >
                <span
                  aria-hidden
                  className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${marker && !marker.stale ? "" : "opacity-40"}`}
                  style={{ backgroundColor: tech.color }}
                />
                <span className="truncate">{tech.name}</span>
                <span
                  className={`ml-auto shrink-0 text-xs ${!marker || marker.stale ? "text-amber-800" : "text-slate-500"}`}
                >
                  {detail}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
