"use client";
/**
 * The ticket page's working parts: the composer (reply or internal note, canned replies), status,
 * importance and type, assignment, parent and child, presence, and the keyboard shortcuts that
 * drive them (r reply, n note, a assign, c close, ? help; Ctrl/⌘+Enter sends, Esc leaves the text box).
 * Every write goes through /api/trpc with the session cookie, then the page re-renders on the server.
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { useTranslations } from "next-intl";
import { browserTrpc } from "@/components/browser-trpc";
import { nextStatuses } from "@/lib/domain/ticket-desk/workflow";
import { TICKET_TEAMS, TICKET_TYPES, type TicketStatus, type TicketTeam, type TicketType } from "@/lib/domain/tickets";
import { errorText, newRequestKey } from "./error-text";
import { useTicketPresence } from "./use-ticket-presence";

export interface TicketDeskProps {
  ticket: {
    id: number;
    status: TicketStatus;
    type: TicketType;
    important: boolean;
    assignedToId: string | null;
    assignedTeam: TicketTeam | null;
    parentId: number | null;
    replyChannel: "sms" | "email" | "portal";
    replyRecipient: string | null;
  };
  me: string;
  assignees: { id: string; name: string }[];
  canned: { id: number; title: string }[];
  thread: ReactNode;
  side: ReactNode;
}

type Mode = "reply" | "note";
type Notice = { kind: "ok" | "error"; text: string } | null;

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.tagName === "TEXTAREA" ||
    target.tagName === "INPUT" ||
    target.tagName === "SELECT" ||
    target.isContentEditable);

export function TicketDesk({ ticket, me, assignees, canned, thread, side }: TicketDeskProps) {
  const t = useTranslations("ticketDesk");
  const tRoot = useTranslations();
  const router = useRouter();
  const { viewers, state: presence, setReplying } = useTicketPresence(ticket.id);
  const [mode, setMode] = useState<Mode>("reply");
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [showKeys, setShowKeys] = useState(false);
  const requestKey = useRef<string>(newRequestKey());
  const composer = useRef<HTMLTextAreaElement>(null);
  const assignSelect = useRef<HTMLSelectElement>(null);

  const fail = (error: unknown) => setNotice({ kind: "error", text: errorText(error, tRoot) });
  const channelLabel = (channel: string) => t(`channel.${channel}`);

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setNotice(null);
    try {
      const result = await work();
      const changed = (result as { changed?: boolean } | null)?.changed;
      setNotice({ kind: "ok", text: changed === false ? t("unchanged") : t("saved") });
      router.refresh();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function send() {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      const input = { ticketId: ticket.id, body, requestKey: requestKey.current };
      const outcome =
        mode === "reply" ? await browserTrpc.tickets.reply.mutate(input) : await browserTrpc.tickets.note.mutate(input);
      // The key is spent only once the server answered: a retry after a network failure reuses it.
      requestKey.current = newRequestKey();
      setBody("");
      setReplying(false);
      if (mode === "note") setNotice({ kind: "ok", text: t("composer.noteSaved") });
      else if (outcome.delivery === "failed" || outcome.delivery === "unknown")
        setNotice({
          kind: "error",
          text: t("composer.sendFailed", {
            channel: channelLabel(outcome.channel),
            status: t(`deliveryStatus.${outcome.delivery}`),
          }),
        });
      else setNotice({ kind: "ok", text: t("composer.sent", { channel: channelLabel(outcome.channel) }) });
      router.refresh();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function insertCanned(id: number) {
    try {
      const rendered = await browserTrpc.tickets.renderCanned.query({ ticketId: ticket.id, cannedReplyId: id });
      setMode("reply");
      setBody((current) => (current.trim() ? `${current}\n\n${rendered.text}` : rendered.text));
      setNotice(
        rendered.missing.length
          ? {
              kind: "error",
              text: t("composer.cannedMissing", { names: rendered.missing.map((n) => `{${n}}`).join(", ") }),
            }
          : null,
      );
      composer.current?.focus();
    } catch (error) {
      fail(error);
    }
  }

  const focusComposer = (next: Mode) => {
    setMode(next);
    composer.current?.focus();
  };

  const close = () => {
    if (ticket.status === "closed") return;
    if (!window.confirm(t("keys.confirmClose", { id: ticket.id }))) return;
    void run(() => browserTrpc.tickets.setStatus.mutate({ ticketId: ticket.id, status: "closed" }));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return;
      const actions: Record<string, () => void> = {
        r: () => focusComposer("reply"),
        n: () => focusComposer("note"),
        a: () => assignSelect.current?.focus(),
        c: close,
        "?": () => setShowKeys((v) => !v),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const others = viewers.filter((v) => v.userId !== me);
  const replyingNow = others.filter((v) => v.replying);
  const closedForReply = mode === "reply" && ticket.status === "closed";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="space-y-4">
        <div aria-live="polite" className="min-h-6 text-sm" data-testid="ticket-presence">
          {others.length > 0 && (
            <p className="text-slate-600">{t("presence.alsoHere", { names: others.map((v) => v.name).join(", ") })}</p>
          )}
          {replyingNow.map((v) => (
            <p key={v.userId} className="font-medium text-amber-800" data-testid="ticket-replying">
              {t("presence.replying", { name: v.name })}
            </p>
          ))}
          {presence === "offline" && <p className="text-xs text-slate-400">{t("presence.offline")}</p>}
        </div>

        {thread}

        <section aria-label={t("composer.reply")} className="rounded-lg border border-slate-200 bg-white p-3">
          <div role="tablist" className="mb-2 flex gap-2">
            {(["reply", "note"] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={mode === m}
                onClick={() => focusComposer(m)}
                className={`rounded px-3 py-1 text-sm font-medium ${
                  mode === m
                    ? m === "note"
                      ? "bg-amber-100 text-amber-900"
                      : "bg-sky-100 text-sky-900"
                    : "text-slate-600"
                }`}
              >
                {t(`composer.${m}`)} <kbd className="ml-1 text-xs text-slate-400">{m === "reply" ? "r" : "n"}</kbd>
              </button>
            ))}
            {canned.length > 0 && (
              <label className="ml-auto flex items-center gap-1 text-sm">
                <span className="sr-only">{t("composer.canned")}</span>
                <select
                  className="rounded border border-slate-300 bg-white px-2 py-1"
                  value=""
                  onChange={(e) => e.target.value && void insertCanned(Number(e.target.value))}
                  data-testid="canned-select"
                >
                  <option value="">{t("composer.cannedNone")}</option>
                  {canned.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <p className="mb-2 text-xs text-slate-600">
            {mode === "note"
              ? t("composer.noteHint")
              : ticket.replyChannel === "portal"
                ? t("composer.replyPortalOnly")
                : t("composer.replyHint", {
                    channel: channelLabel(ticket.replyChannel),
                    recipient: ticket.replyRecipient ?? "none",
                  })}
          </p>
          {closedForReply && (
            <p className="mb-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">{t("composer.closedRule")}</p>
          )}
          <label className="sr-only" htmlFor="ticket-composer">
            {mode === "note" ? t("internalNote") : t("publicReply")}
          </label>
          <textarea
            id="ticket-composer"
            ref={composer}
            value={body}
            rows={5}
            maxLength={10_000}
            data-testid="ticket-composer"
            placeholder={mode === "note" ? t("composer.placeholderNote") : t("composer.placeholderReply")}
            onChange={(e) => {
              setBody(e.target.value);
              setReplying(e.target.value.trim().length > 0);
            }}
            onFocus={() => setReplying(body.trim().length > 0)}
            onBlur={() => setReplying(false)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void send();
              } else if (e.key === "Escape") {
                e.currentTarget.blur();
              }
            }}
            className={`w-full rounded border px-2 py-1.5 text-sm ${
              mode === "note" ? "border-amber-300 bg-amber-50" : "border-slate-300 bg-white"
            }`}
          />
          <div className="mt-2 flex items-center gap-3">
            <button
              type="button"
              disabled={busy}
              onClick={() => void send()}
              data-testid="ticket-send"
              className={`rounded px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 ${
                mode === "note" ? "bg-amber-700" : "bg-sky-700"
              }`}
            >
              {busy ? t("composer.sending") : mode === "note" ? t("composer.addNote") : t("composer.send")}
            </button>
            <span className="text-xs text-slate-500">Ctrl/⌘ + Enter: {t("keys.send")}</span>
          </div>
          <div aria-live="polite" className="mt-2 text-sm" data-testid="ticket-notice">
            {notice && <p className={notice.kind === "ok" ? "text-emerald-800" : "text-rose-800"}>{notice.text}</p>}
          </div>
        </section>

        <section className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <button
            type="button"
            className="font-medium text-sky-800"
            onClick={() => setShowKeys((v) => !v)}
            aria-expanded={showKeys}
          >
            {t("keys.title")} <kbd className="text-xs text-slate-400">?</kbd>
          </button>
          {showKeys && (
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1" data-testid="ticket-shortcuts">
              {[
                ["r", t("keys.reply")],
                ["n", t("keys.note")],
                ["a", t("keys.assign")],
                ["c", t("keys.close")],
                ["Ctrl/⌘ + Enter", t("keys.send")],
                ["Esc", t("keys.escape")],
                ["?", t("keys.help")],
              ].map(([key, label]) => (
                <div key={key} className="contents">
                  <dt>
                    <kbd className="rounded border border-slate-300 px-1 text-xs">{key}</kbd>
                  </dt>
                  <dd>{label}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>

      <div className="space-y-4">
        <TicketControls
          ticket={ticket}
          assignees={assignees}
          assignSelect={assignSelect}
          busy={busy}
          run={run}
          close={close}
        />
        {side}
      </div>
    </div>
  );
}

function TicketControls({
  ticket,
  assignees,
  assignSelect,
  busy,
  run,
  close,
}: {
  ticket: TicketDeskProps["ticket"];
  assignees: TicketDeskProps["assignees"];
  assignSelect: RefObject<HTMLSelectElement | null>;
  busy: boolean;
  run: (work: () => Promise<unknown>) => Promise<void>;
  close: () => void;
}) {
  const t = useTranslations("ticketDesk");
  const tRoot = useTranslations();
  const [status, setStatus] = useState<TicketStatus | "">("");
  const [assignee, setAssignee] = useState(ticket.assignedToId ?? "");
  const [team, setTeam] = useState<TicketTeam | "">(ticket.assignedTeam ?? "");
  const [parent, setParent] = useState("");
  const [childSubject, setChildSubject] = useState("");
  const [childType, setChildType] = useState<TicketType>(ticket.type);
  const childKey = useRef(newRequestKey());
  const moves = nextStatuses(ticket.status);
  const box = "rounded-lg border border-slate-200 bg-white p-3 text-sm space-y-2";
  const field = "rounded border border-slate-300 bg-white px-2 py-1";

  return (
    <>
      <section className={box} aria-labelledby="ticket-status-title">
        <h2 id="ticket-status-title" className="font-semibold">
          {t("statusFlow.title")}: {tRoot(`status.${ticket.status}`)}
        </h2>
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col">
            {t("statusFlow.moveTo")}
            <select
              className={field}
              value={status}
              onChange={(e) => setStatus(e.target.value as TicketStatus)}
              data-testid="ticket-status-select"
            >
              <option value="" />
              {moves.map((s) => (
                <option key={s} value={s}>
                  {tRoot(`status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy || !status}
            className="rounded bg-slate-700 px-3 py-1 text-white disabled:opacity-50"
            onClick={() =>
              status && void run(() => browserTrpc.tickets.setStatus.mutate({ ticketId: ticket.id, status }))
            }
          >
            {t("statusFlow.apply")}
          </button>
          {ticket.status !== "closed" && (
            <button type="button" disabled={busy} onClick={close} className="rounded border border-slate-300 px-3 py-1">
              {t("statusFlow.close")} <kbd className="text-xs text-slate-400">c</kbd>
            </button>
          )}
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col">
            {t("type")}
            <select
              className={field}
              defaultValue={ticket.type}
              onChange={(e) =>
                void run(() =>
                  browserTrpc.tickets.update.mutate({ ticketId: ticket.id, type: e.target.value as TicketType }),
                )
              }
            >
              {TICKET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {tRoot(`ticketType.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy}
            aria-pressed={ticket.important}
            className={`rounded border px-3 py-1 ${ticket.important ? "border-rose-300 bg-rose-50 text-rose-800" : "border-slate-300"}`}
            onClick={() =>
              void run(() => browserTrpc.tickets.update.mutate({ ticketId: ticket.id, important: !ticket.important }))
            }
          >
            {ticket.important ? t("unmarkImportant") : t("markImportant")}
          </button>
        </div>
      </section>

      <section className={box} aria-labelledby="ticket-assign-title">
        <h2 id="ticket-assign-title" className="font-semibold">
          {t("assign.title")} <kbd className="text-xs font-normal text-slate-400">a</kbd>
        </h2>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() =>
              browserTrpc.tickets.assign.mutate({
                ticketId: ticket.id,
                assigneeId: assignee || null,
                team: team || null,
              }),
            );
          }}
        >
          <label className="flex flex-col">
            {t("assign.person")}
            <select
              ref={assignSelect}
              className={field}
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              data-testid="ticket-assignee"
            >
              <option value="">{t("assign.nobody")}</option>
              {assignees.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col">
            {t("assign.team")}
            <select className={field} value={team} onChange={(e) => setTeam(e.target.value as TicketTeam | "")}>
              <option value="">{t("assign.noTeam")}</option>
              {TICKET_TEAMS.map((q) => (
                <option key={q} value={q}>
                  {t(`assign.teams.${q}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-slate-700 px-3 py-1 text-white disabled:opacity-50"
          >
            {t("assign.save")}
          </button>
        </form>
      </section>

      <section className={box} aria-labelledby="ticket-family-title">
        <h2 id="ticket-family-title" className="font-semibold">
          {t("family.title")}
        </h2>
        <p className="text-xs text-slate-600">{t("family.rule")}</p>
        {ticket.parentId !== null ? (
          <button
            type="button"
            disabled={busy}
            className="rounded border border-slate-300 px-3 py-1"
            onClick={() => void run(() => browserTrpc.tickets.unlinkParent.mutate({ ticketId: ticket.id }))}
          >
            {t("family.unlink")}
          </button>
        ) : (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const parentId = Number(parent);
              void run(() => browserTrpc.tickets.linkParent.mutate({ ticketId: ticket.id, parentId }));
            }}
          >
            <label className="flex flex-col">
              {t("family.linkTo")}
              <input
                className={`${field} w-28`}
                inputMode="numeric"
                value={parent}
                onChange={(e) => setParent(e.target.value.replace(/\D/g, ""))}
              />
            </label>
            <button type="submit" disabled={busy || !parent} className="rounded border border-slate-300 px-3 py-1">
              {t("family.link")}
            </button>
          </form>
        )}
        <form
          className="space-y-2 border-t border-slate-100 pt-2"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const result = await browserTrpc.tickets.createChild.mutate({
                parentId: ticket.id,
                subject: childSubject,
                type: childType,
                requestKey: childKey.current,
              });
              childKey.current = newRequestKey();
              setChildSubject("");
              return result;
            });
          }}
        >
          <h3 className="font-medium">{t("family.newChild")}</h3>
          <label className="flex flex-col">
            {t("family.childSubject")}
            <input className={field} value={childSubject} onChange={(e) => setChildSubject(e.target.value)} />
          </label>
          <label className="flex flex-col">
            {t("family.childType")}
            <select className={field} value={childType} onChange={(e) => setChildType(e.target.value as TicketType)}>
              {TICKET_TYPES.map((type) => (
                <option key={type} value={type}>
                  {tRoot(`ticketType.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy} className="rounded border border-slate-300 px-3 py-1">
            {t("family.create")}
          </button>
        </form>
      </section>
    </>
  );
}
