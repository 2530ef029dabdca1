"use client";
import { useCallback, useEffect, useState } from "react";
import { usePathname } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { localDate } from "@/lib/domain/quebec-dates";
import { DayList } from "./day-list";
import { JobView } from "./job-view";
import { NoticeList, SyncBanner } from "./sync-banner";
import { PositionSharing } from "./position-sharing";
import { cacheTechPages } from "./sw-register";
import { useTechData } from "./use-tech-data";

const JOB_PATH = /^\/tech\/jobs\/(\d+)\/?$/;

/**
 * The technician's phone app: one client tree for the day list and a job's detail, moving
 * between them with the History API so nothing needs the network (the app works from the
 * service worker's cached page and the day kept in IndexedDB).
 */
export function TechApp({ userId }: { userId: string }) {
  const t = useTranslations("techApp");
  const language = useLocale() === "en" ? "en" : "fr";
  const [date] = useState(() => localDate(new Date()));
  const data = useTechData(userId, date, language);
  // Next keeps usePathname in step with history.pushState and the back button.
  const match = JOB_PATH.exec(usePathname());
  const jobId = match ? Number(match[1]) : null;

  const open = useCallback((id: number | null) => {
    window.history.pushState(null, "", id === null ? "/tech" : `/tech/jobs/${id}`);
    window.scrollTo({ top: 0 });
  }, []);

  const day = data.day;
  const jobIds = day?.jobs.map((j) => j.id).join(",") ?? "";
  useEffect(() => {
    if (jobIds)
      void cacheTechPages(
        userId,
        jobIds.split(",").map((id) => `/tech/jobs/${id}`),
      );
  }, [userId, jobIds]);
  const job = jobId === null ? null : (day?.jobs.find((j) => j.id === jobId) ?? null);
  const working = day !== null && day.jobs.some((j) => j.status !== "done" && j.status !== "cancelled");

  return (
    <div className="mx-auto max-w-lg space-y-3 pb-16" data-testid="tech-app" data-load={data.load}>
      <SyncBanner online={data.online} pending={data.pending} syncing={data.syncing} fetchedAt={data.fetchedAt} />
      <NoticeList
        notices={data.notices}
        jobTitle={(id) => day?.jobs.find((j) => j.id === id)?.title ?? null}
        onDismiss={data.dismiss}
      />
      {working && <PositionSharing />}
      {data.load === "not_technician" && (
        <p role="status" className="rounded-lg bg-amber-50 px-4 py-3 text-amber-900">
          {t("notTechnician")}
        </p>
      )}
      {data.load === "unavailable" && !day && (
        <p role="status" className="rounded-lg bg-amber-50 px-4 py-3 text-amber-900">
          {t("unavailable")}
        </p>
      )}
      {data.load === "loading" && !day && (
        <p role="status" className="py-8 text-center text-slate-500">
          {t("loading")}
        </p>
      )}
      {day && jobId === null && <DayList day={day} pending={data.pending} onOpen={open} />}
      {day && jobId !== null && job && (
        <JobView
          key={job.id}
          job={job}
          catalog={day.materials}
          pending={data.pending.filter((e) => e.jobId === job.id)}
          data={data}
          onBack={() => open(null)}
        />
      )}
      {day && jobId !== null && !job && (
        <div
          role="status"
          className="space-y-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900"
          data-testid="job-gone"
        >
          <p>{t("jobGone", { jobId })}</p>
          <button
            type="button"
            onClick={() => open(null)}
            className="min-h-11 rounded-lg bg-white px-4 font-medium text-slate-800 shadow-sm"
          >
            {t("backToDay")}
          </button>
        </div>
      )}
    </div>
  );
}
