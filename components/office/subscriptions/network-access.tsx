import { Empty, Section, Table } from "@/components/ui/section";
import { formatDateTime } from "@/components/ui/format";

type T = (key: string, values?: Record<string, string | number>) => string;

interface SessionRow {
  id: number;
  nas: string;
  sessionId: string;
  framedIp: string | null;
  bytesIn: number;
  bytesOut: number;
  startedAt: Date;
  stoppedAt: Date | null;
  terminateCause: string | null;
}

interface AccessChangeRow {
  id: number;
  reason: string;
  state: string;
  attempts: number;
  sessions: number;
  acknowledged: number;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
}

/** Bytes as a person reads them (decimal units, as NAS and ISPs count). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale === "en" ? "en-CA" : "fr-CA", { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** The subscriber's sessions as the NAS reported them (RADIUS accounting), newest first. */
export function NetworkSessions({ sessions, locale, t }: { sessions: SessionRow[]; locale: string; t: T }) {
  return (
    <Section title={t("subscriptions.network.sessions")} testId="subscription-sessions">
      {sessions.length === 0 ? (
        <Empty>{t("subscriptions.network.sessionsEmpty")}</Empty>
      ) : (
        <Table
          head={[
            t("subscriptions.network.started"),
            t("subscriptions.network.stopped"),
            t("subscriptions.network.nas"),
            t("subscriptions.network.address"),
            t("subscriptions.network.download"),
            t("subscriptions.network.upload"),
          ]}
        >
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{formatDateTime(s.startedAt, locale)}</td>
              <td>
                {s.stoppedAt ? (
                  <>
                    {formatDateTime(s.stoppedAt, locale)}
                    {s.terminateCause && <span className="text-slate-500"> — {s.terminateCause}</span>}
                  </>
                ) : (
                  <strong>{t("subscriptions.network.open")}</strong>
                )}
              </td>
              <td className="font-mono text-xs" title={s.sessionId}>
                {s.nas}
              </td>
              <td className="font-mono text-xs">{s.framedIp ?? "—"}</td>
              <td>{formatBytes(s.bytesOut, locale)}</td>
              <td>{formatBytes(s.bytesIn, locale)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}

/** What the NAS was told of this subscription's access changes (Disconnect-Requests), newest first. */
export function NetworkNotices({ changes, locale, t }: { changes: AccessChangeRow[]; locale: string; t: T }) {
  if (changes.length === 0) return null;
  return (
    <Section title={t("subscriptions.network.notices")} testId="subscription-nas-notices">
      <Table
        head={[
          t("subscriptions.recordedAt"),
          t("subscriptions.change"),
          t("subscriptions.network.delivery"),
          t("subscriptions.network.answered"),
        ]}
      >
        {changes.map((c) => (
          <tr key={c.id}>
            <td>{formatDateTime(c.createdAt, locale)}</td>
            <td>{t(`subscriptions.network.reason.${c.reason}`)}</td>
            <td>
              {t(`subscriptions.network.state.${c.state}`, { attempts: c.attempts })}
              {c.lastError && <span className="block text-xs text-red-700">{c.lastError}</span>}
            </td>
            <td>{t("subscriptions.network.answeredCount", { answered: c.acknowledged, sessions: c.sessions })}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
