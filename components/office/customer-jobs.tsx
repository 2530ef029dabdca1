import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDateTime } from "@/components/ui/format";
import type { CustomerJob } from "@/lib/schemas/job-record";

type T = Awaited<ReturnType<typeof getTranslations>>;

/** The customer's visits on their page, newest first, each opening its full record (/office/jobs/<id>). */
export function CustomerJobs({ jobs, locale, t }: { jobs: CustomerJob[]; locale: string; t: T }) {
  return (
    <div className="mt-4">
      <Section title={t("jobRecord.customerJobs.title")} testId="customer-jobs">
        {jobs.length === 0 ? (
          <Empty>{t("jobRecord.customerJobs.empty")}</Empty>
        ) : (
          <Table
            head={[
              t("jobRecord.customerJobs.job"),
              t("jobRecord.customerJobs.kind"),
              t("jobRecord.customerJobs.status"),
              t("jobRecord.customerJobs.planned"),
            ]}
          >
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <Link href={`/office/jobs/${job.id}`} className="text-sky-800 hover:underline">
                    {job.title}
                  </Link>
                </td>
                <td>{t(`jobRecord.kind.${job.kind}`)}</td>
                <td>
                  <Badge value={job.status} label={t(`status.${job.status}`)} />
                </td>
                <td>{formatDateTime(job.plannedAt, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
