"use client";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { formatDate } from "@/components/ui/format";
import type { BoardUser, RemotePresence } from "./board-session";
import { BUTTON, initials, textOn } from "./board-style";
import type { ConnectionStatus } from "./use-board";

interface Props {
  date: string;
  previousDate: string;
  nextDate: string;
  status: ConnectionStatus;
  unsynced: number;
  me: BoardUser | null;
  others: RemotePresence[];
  canEdit: boolean;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  /** Extra view controls beside the day navigation (the map toggle). */
  tools?: React.ReactNode;
}

const BADGE: Record<ConnectionStatus, string> = {
  connecting: "bg-slate-100 text-slate-700",
  synced: "bg-emerald-100 text-emerald-800",
  offline: "bg-amber-100 text-amber-900",
  denied: "bg-rose-100 text-rose-800",
  error: "bg-rose-100 text-rose-800",
};

function Avatar({ user, label }: { user: BoardUser; label: string }) {
  return (
    <li
      data-testid="presence-avatar"
      data-user-id={user.id}
      title={label}
      aria-label={label}
      className="-ml-1.5 flex h-8 w-8 items-center justify-center rounded-full border-2 border-white text-xs font-semibold first:ml-0"
      style={{ backgroundColor: user.color, color: textOn(user.color) }}
    >
      {initials(user.name)}
    </li>
  );
}

export function BoardHeader({
  date,
  previousDate,
  nextDate,
  status,
  unsynced,
  me,
  others,
  canEdit,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  tools,
}: Props) {
  const t = useTranslations("board");
  const locale = useLocale();
  // One avatar per person: the same dispatcher in two tabs is still one person here.
  const people = new Map<string, BoardUser>();
  for (const other of others) if (other.user.id !== me?.id) people.set(other.user.id, other.user);
  const saving = status === "synced" && unsynced > 0;

  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <h1 className="text-2xl font-semibold">{t("title", { date: formatDate(date, locale) })}</h1>
      <nav className="flex gap-1.5 text-sm" aria-label={t("title", { date: formatDate(date, locale) })}>
        <Link href={`/dispatch?date=${previousDate}`} className={BUTTON} data-testid="previous-day">
          ← {t("previousDay")}
        </Link>
        <Link href={`/dispatch?date=${nextDate}`} className={BUTTON} data-testid="next-day">
          {t("nextDay")} →
        </Link>
        <Link href={`/dispatch/list?date=${date}`} className={`${BUTTON} text-sky-800`}>
          {t("listView")}
        </Link>
        <Link href={`/dispatch/history?date=${date}`} className={`${BUTTON} text-sky-800`} data-testid="board-history">
          {t("historyView")}
        </Link>
        {tools}
      </nav>
      <div className="ml-auto flex flex-wrap items-center gap-3">
        <ul aria-label={t("presence")} className="flex items-center">
          {me && <Avatar user={me} label={t("you", { name: me.name })} />}
          {[...people.values()].map((user) => (
            <Avatar key={user.id} user={user} label={user.name} />
          ))}
        </ul>
        <span
          role="status"
          data-testid="connection-status"
          data-status={status}
          className={`inline-flex items-center gap-1.5 rounded px-2 py-1 text-xs font-medium ${BADGE[status]}`}
        >
          <span
            aria-hidden
            className={`inline-block h-2 w-2 rounded-full ${status === "synced" ? "bg-emerald-600" : status === "offline" ? "bg-amber-500" : status === "connecting" ? "animate-pulse bg-slate-500" : "bg-rose-600"}`}
          />
          {saving ? t("connection.saving") : t(`connection.${status}`)}
        </span>
        {canEdit && (
          <div className="flex gap-1.5">
            <button
              type="button"
              className={BUTTON}
              onClick={onUndo}
              disabled={!canUndo}
              title={t("undoHint")}
              data-testid="undo"
            >
              ↶ {t("undo")}
            </button>
            <button
              type="button"
              className={BUTTON}
              onClick={onRedo}
              disabled={!canRedo}
              title={t("redoHint")}
              data-testid="redo"
            >
              ↷ {t("redo")}
            </button>
          </div>
        )}
      </div>
      {/* Until the token says who this is, neither the shortcuts nor "read only" would be true. */}
      {me && <p className="w-full text-xs text-slate-500">{canEdit ? t("shortcuts") : t("readOnly")}</p>}
    </header>
  );
}
