"use client";
import { useLocale, useTranslations } from "next-intl";
import { InstallCheckList } from "@/components/network/install-check-list";
import type { TechDay, TechJob } from "@/lib/schemas/tech";
import { ChecklistSection } from "./checklist-section";
import { EquipmentSection } from "./equipment-section";
import { JobInfo } from "./job-info";
import { MaterialsSection } from "./materials-section";
import type { QueueEntry } from "./offline-queue";
import { PhotosSection } from "./photos-section";
import { Section } from "./section";
import { SignatureSection } from "./signature-section";
import { StatusFlow } from "./status-flow";
import { isOpen } from "./tech-state";
import type { TechData } from "./use-tech-data";

/** One job on the phone: what to know before going, then the work, then the status. */
export function JobView({
  job,
  catalog,
  pending,
  data,
  onBack,
}: {
  job: TechJob;
  catalog: TechDay["materials"];
  pending: QueueEntry[];
  data: TechData;
  onBack: () => void;
}) {
  const t = useTranslations("techApp");
  const tCheck = useTranslations("installCheck");
  const locale = useLocale();
  const editable = isOpen(job);
  const act = data.act;
  return (
    <article className="space-y-3" data-testid="tech-job-detail" data-job-id={job.id} data-status={job.status}>
      <a
        href="/tech"
        onClick={(event) => {
          if (!event.metaKey && !event.ctrlKey) {
            event.preventDefault();
            onBack();
          }
        }}
        className="inline-flex min-h-11 items-center gap-1 px-1 font-medium text-sky-800"
      >
        <span aria-hidden>←</span> {t("backToDay")}
      </a>
      <JobInfo job={job} pendingCount={pending.length} />
      <StatusFlow job={job} act={act} />
      <ChecklistSection job={job} editable={editable} act={act} />
      <EquipmentSection job={job} editable={editable} act={act} />
      {job.installChecks?.length ? (
        <Section id={`install-checks-${job.id}`} title={tCheck("title")} testId="tech-install-checks">
          <InstallCheckList checks={job.installChecks} when={(iso) => new Date(iso).toLocaleTimeString(locale)} />
        </Section>
      ) : null}
      <MaterialsSection job={job} catalog={catalog} editable={editable} act={act} />
      <PhotosSection job={job} editable={editable} addPhoto={data.addPhoto} />
      <SignatureSection job={job} editable={editable} act={act} />
    </article>
  );
}
