"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { TechAction, TechDay } from "@/lib/schemas/tech";
import { kvGet, kvSet } from "./idb";
import {
  addNotices,
  changeOf,
  clearBackoff,
  createEntry,
  dismissNotice,
  enqueue,
  loadNotices,
  queuedEntries,
  replay,
  type Notice,
  type QueueEntry,
  type Senders,
} from "./offline-queue";
import { fetchDay, sendAction, TechApiError, uploadPhoto } from "./tech-api";
import { projectDay, type TechChange } from "./tech-state";

export type LoadState = "loading" | "ready" | "not_technician" | "unavailable";

export interface TechData {
  /** The day with every change of the technician applied; null until a copy is known. */
  day: TechDay | null;
  load: LoadState;
  /** When the server copy was fetched (it may be an older one kept on the phone). */
  fetchedAt: string | null;
  pending: QueueEntry[];
  notices: Notice[];
  online: boolean;
  syncing: boolean;
  act: (jobId: number, action: TechAction, materialName?: string) => Promise<void>;
  addPhoto: (jobId: number, image: Blob, caption: string | null) => Promise<void>;
  dismiss: (id: string) => void;
  refresh: () => void;
}

const RETRY_EVERY_MS = 30_000;
const REFRESH_EVERY_MS = 60_000;

const senders: Senders = {
  action: (entry) => sendAction({ clientKey: entry.clientKey, jobId: entry.jobId, action: entry.payload.action }),
  photo: (entry) => uploadPhoto(entry.jobId, entry.clientKey, entry.payload.image, entry.payload.caption),
};

interface Confirmed {
  change: TechChange;
  at: number;
}

/**
 * The technician's day on the phone: the copy kept in IndexedDB first (works offline), the
 * server's as soon as it answers, and the queue of changes replayed on start, on reconnect and
 * every 30 s while anything waits. Stored changes stay applied until a fresher day shows them.
 */
export function useTechData(userId: string, date: string, language: "fr" | "en"): TechData {
  const dayKey = `day:${userId}:${date}`;
  const [serverDay, setServerDay] = useState<{ day: TechDay; fetchedAt: string } | null>(null);
  const [load, setLoad] = useState<LoadState>("loading");
  const [pending, setPending] = useState<QueueEntry[]>([]);
  const [confirmed, setConfirmed] = useState<Confirmed[]>([]);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [online, setOnline] = useState(true);
  const [syncing, setSyncing] = useState(false);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    const startedAt = Date.now();
    try {
      const day = await fetchDay(date, language);
      const copy = { day, fetchedAt: new Date().toISOString() };
      await kvSet(dayKey, copy).catch(() => undefined);
      if (!alive.current) return;
      setServerDay(copy);
      setLoad("ready");
      setConfirmed((list) => list.filter((c) => c.at > startedAt));
    } catch (error) {
      if (!alive.current) return;
      const forbidden = error instanceof TechApiError && (error.status === 403 || error.code === "FORBIDDEN");
      setLoad((current) => (forbidden ? "not_technician" : current === "ready" ? "ready" : "unavailable"));
    }
  }, [date, dayKey, language]);

  const drain = useCallback(async () => {
    if (typeof navigator !== "undefined" && !navigator.onLine) return;
    setSyncing(true);
    try {
      const report = await replay(userId, senders);
      const at = Date.now();
      if (!alive.current) return;
      // A stored photo keeps showing its bytes until the server's copy of the day lists it.
      const keep = (entry: QueueEntry) =>
        changeOf(entry, entry.payload.type === "photo" ? URL.createObjectURL(entry.payload.image) : null);
      if (report.stored.length)
        setConfirmed((list) => [...list, ...report.stored.map((entry) => ({ change: keep(entry), at }))]);
      if (report.refused.length) setNotices(await addNotices(userId, report.refused));
      setPending(await queuedEntries(userId));
      if (report.stored.length || report.refused.length) await refresh();
    } finally {
      if (alive.current) setSyncing(false);
    }
  }, [userId, refresh]);

  useEffect(() => {
    alive.current = true;
    let cancelled = false;
    void (async () => {
      const [kept, queued, savedNotices] = await Promise.all([
        kvGet<{ day: TechDay; fetchedAt: string }>(dayKey).catch(() => undefined),
        queuedEntries(userId).catch(() => []),
        loadNotices(userId).catch(() => []),
      ]);
      if (cancelled) return;
      if (kept) {
        setServerDay(kept);
        setLoad("ready");
      }
      setPending(queued);
      setNotices(savedNotices);
      setOnline(navigator.onLine);
      await refresh();
      await drain();
    })();
    return () => {
      cancelled = true;
      alive.current = false;
    };
  }, [userId, dayKey, refresh, drain]);

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      void clearBackoff(userId).then(drain).then(refresh);
    };
    const goOffline = () => setOnline(false);
    const onVisible = () => {
      if (document.visibilityState === "visible" && navigator.onLine) void drain().then(refresh);
    };
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    document.addEventListener("visibilitychange", onVisible);
    const refresher = setInterval(() => {
      if (navigator.onLine) void refresh();
    }, REFRESH_EVERY_MS);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
      document.removeEventListener("visibilitychange", onVisible);
      clearInterval(refresher);
    };
  }, [userId, drain, refresh]);

  const waiting = pending.length > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void drain(), RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting, drain]);

  // Photos waiting in the queue are shown from their bytes on the phone.
  const previews = usePhotoPreviews(pending);

  const day = useMemo(() => {
    if (!serverDay) return null;
    const changes = [
      ...confirmed.map((c) => c.change),
      ...pending.map((entry) => changeOf(entry, previews.get(entry.clientKey) ?? null)),
    ];
    return projectDay(serverDay.day, changes);
  }, [serverDay, confirmed, pending, previews]);

  const push = useCallback(
    async (jobId: number, payload: QueueEntry["payload"]) => {
      // Shown at once; stored before anything is sent, so a closed tab loses nothing.
      const entry = createEntry(userId, jobId, payload);
      setPending((list) => [...list, entry]);
      await enqueue(entry);
      setPending(await queuedEntries(userId));
      void drain();
    },
    [userId, drain],
  );

  return {
    day,
    load,
    fetchedAt: serverDay?.fetchedAt ?? null,
    pending,
    notices,
    online,
    syncing,
    act: (jobId, action, materialName) => push(jobId, { type: "action", action, materialName }),
    addPhoto: (jobId, image, caption) => push(jobId, { type: "photo", image, caption }),
    dismiss: (id) => void dismissNotice(userId, id).then(setNotices),
    refresh: () => void refresh(),
  };
}

function usePhotoPreviews(pending: QueueEntry[]): Map<string, string> {
  const urls = useMemo(
    () =>
      new Map(
        pending.flatMap((entry) =>
          entry.payload.type === "photo" ? [[entry.clientKey, URL.createObjectURL(entry.payload.image)] as const] : [],
        ),
      ),
    [pending],
  );
  useEffect(
    () => () => {
      for (const url of urls.values()) URL.revokeObjectURL(url);
    },
    [urls],
  );
  return urls;
}
