import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Empty, Section, Table } from "@/components/ui/section";
import { changeWords } from "@/components/dispatch/history/edit-words";
import { InstallCheckList } from "@/components/network/install-check-list";
import { JobRouteSection } from "@/components/office/job-route/job-route-section";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** A job's full record (capability `jobs.read`): linked from the audit log, the board and the customer's page. */
export default async function JobRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const ctx = await requireStaffPage("jobs.read", `/office/jobs/${rawId}`);
  if (!/^[1-9]\d{0,9}$/.test(rawId) || Number(rawId) > 2_147_483_647) notFound();
  const caller = callerFor(ctx);
  const record = await orNotFound(caller.jobs.record({ jobId: Number(rawId) }));
  const boardEdits = await caller.jobs.boardEdits({ jobId: Number(rawId) });
  const [t, tAll, tHistory, locale] = [
    await getTranslations("jobRecord"),
    await getTranslations(),
    await getTranslations("boardHistory"),
    await getLocale(),
  ];
  const hour = new Intl.DateTimeFormat(locale, { timeZone: "America/Toronto", timeStyle: "short" });
  const { job } = record;
  const when = (value: string | null) => (value ? formatDateTime(value, locale) : "—");
  const statusLabel = (status: string | null) => (status ? tAll(`status.${status}`) : "—");
  const requiredLeft = record.checklist.filter((item) => item.required && !item.done).length;

  return (
    <div className="space-y-4" data-testid="job-record" data-job-id={job.id}>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-2xl font-semibold">
          {job.title} <span className="text-base font-normal text-slate-500">#{job.id}</span>
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <Badge value={job.status} label={statusLabel(job.status)} />
          <span>{t(`kind.${job.kind}`)}</span>
          <span aria-hidden="true">·</span>
          <span>{t("priority", { priority: job.priority })}</span>
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">{t("customer")}</dt>
          <dd>
            {record.customer ? (
              <Link href={`/office/customers/${record.customer.id}`} className="text-sky-800 hover:underline">
                {record.customer.name}
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-slate-600">{t("ticket")}</dt>
          <dd data-testid="job-ticket">
            {record.ticket ? (
              <Link href={`/office/tickets/${record.ticket.id}`} className="text-sky-800 hover:underline">
                #{record.ticket.id} — {record.ticket.subject} ({statusLabel(record.ticket.status)})
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-slate-600">{t("address")}</dt>
          <dd>
            {record.location.address}, {record.location.city}
            {record.location.accessNotes ? (
              <span className="block text-xs text-slate-500">{record.location.accessNotes}</span>
            ) : null}
          </dd>
          <dt className="text-slate-600">{t("technician")}</dt>
          <dd>
            {record.technician?.name ?? "—"}
            {record.helpers.length > 0 ? ` + ${record.helpers.map((h) => h.name).join(", ")}` : ""}
          </dd>
          <dt className="text-slate-600">{t("planned")}</dt>
          <dd>
            {when(job.scheduledStart)} · {t("duration", { minutes: job.durationMin })}
            {record.boardDate ? (
              <>
                {" · "}
                <Link href={`/dispatch?date=${record.boardDate}`} className="text-sky-800 hover:underline">
                  {t("board")}
                </Link>
              </>
            ) : null}
          </dd>
          <dt className="text-slate-600">{t("window")}</dt>
          <dd>
            {when(job.windowStart)} – {when(job.windowEnd)}
          </dd>
          {job.notes ? (
            <>
              <dt className="text-slate-600">{t("notes")}</dt>
              <dd className="whitespace-pre-wrap">{job.notes}</dd>
            </>
          ) : null}
        </dl>
        <p className="text-xs">
          <Link href={`/office/audit?type=dispatch_job&id=${job.id}`} className="text-sky-800 hover:underline">
            {t("auditLink")}
          </Link>
        </p>
      </div>

      <Section title={t("boardEdits.title")} testId="job-board-edits">
        {boardEdits.edits.length === 0 ? (
          <Empty>{t("boardEdits.empty")}</Empty>
        ) : (
          <ol className="divide-y divide-slate-100 text-sm">
            {boardEdits.edits.map((edit) => (
              <li key={edit.id} className="px-4 py-1.5">
                <span className="tabular-nums text-slate-500">{when(edit.at.toISOString())}</span>{" "}
                {edit.changes
                  .map((change) =>
                    changeWords(change, edit.author?.name ?? tHistory("someone"), tHistory, (iso) =>
                      hour.format(new Date(iso)),
                    ),
                  )
                  .join(" · ")}
              </li>
            ))}
          </ol>
        )}
        {boardEdits.date ? (
          <p className="px-4 py-2 text-xs">
            {boardEdits.truncated ? `${t("boardEdits.truncated")} ` : ""}
            <Link href={`/dispatch/history?date=${boardEdits.date}`} className="text-sky-800 hover:underline">
              {t("boardEdits.replay")}
            </Link>
          </p>
        ) : null}
      </Section>

      <Section title={t("completion.title")} testId="job-completion">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm">
          <dt className="text-slate-600">{t("completion.at")}</dt>
          <dd>{when(job.completedAt)}</dd>
          <dt className="text-slate-600">{t("completion.summary")}</dt>
          <dd className="whitespace-pre-wrap" data-testid="job-completion-summary">
            {job.completionSummary ?? "—"}
          </dd>
        </dl>
      </Section>

      <Section title={t("history.title")} testId="job-history">
        {record.history.length === 0 ? (
          <Empty>{t("history.empty")}</Empty>
        ) : (
          <Table head={[t("history.when"), t("history.change"), t("history.who")]}>
            {record.history.map((entry, index) => (
              <tr key={index} data-testid="job-history-entry">
                <td className="whitespace-nowrap">{when(entry.at)}</td>
                <td>
                  {entry.action === "dispatch.job.create"
                    ? t("history.created")
                    : t("history.moved", { from: statusLabel(entry.from), to: statusLabel(entry.to) })}
                  {historySource(entry.action) ? (
                    <span className="ml-1 text-xs text-slate-500">
                      {t(`history.source.${historySource(entry.action)}`)}
                    </span>
                  ) : null}
                </td>
                <td>{entry.who ?? t("history.system")}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <JobRouteSection
        route={record.route}
        address={`${record.location.address}, ${record.location.city}`}
        locale={locale}
      />

      <Section
        title={t("checklist.title")}
        aside={
          record.checklist.length > 0
            ? t("checklist.count", {
                done: record.checklist.filter((item) => item.done).length,
                total: record.checklist.length,
                requiredLeft,
              })
            : undefined
        }
        testId="job-checklist"
      >
        {record.checklist.length === 0 ? (
          <Empty>{t("checklist.empty")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {record.checklist.map((item) => (
              <li
                key={item.id}
                className="flex flex-wrap items-baseline gap-2 px-4 py-1.5"
                data-testid="job-checklist-item"
                data-done={item.done}
                data-required={item.required}
              >
                <span aria-hidden="true">{item.done ? "☑" : "☐"}</span>
                <span className="sr-only">{item.done ? t("checklist.ticked") : t("checklist.notTicked")}</span>
                <span>{item.label}</span>
                {item.required ? <span className="text-xs text-amber-800">{t("checklist.required")}</span> : null}
                {item.done ? (
                  <span className="text-xs text-slate-500">
                    {t("checklist.by", { who: item.doneBy ?? "—", when: when(item.doneAt) })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("materials.title")} testId="job-materials">
        {record.materials.length === 0 ? (
          <Empty>{t("materials.empty")}</Empty>
        ) : (
          <Table head={[t("materials.item"), t("materials.quantity")]}>
            {record.materials.map((line) => (
              <tr key={line.id}>
                <td>
                  <span className="font-mono text-xs">{line.sku}</span> {locale === "en" ? line.nameEn : line.nameFr}
                </td>
                <td>{line.quantity}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title={t("equipment.title")} testId="job-equipment">
        {record.equipment.length === 0 ? (
          <Empty>{t("equipment.empty")}</Empty>
        ) : (
          <Table head={[t("equipment.action"), t("equipment.device"), t("equipment.serial"), t("equipment.when")]}>
            {record.equipment.map((e) => (
              <tr key={e.id}>
                <td>{t(`equipment.${e.action}`)}</td>
                <td>
                  {tAll(`equipmentKind.${e.kind}`)}
                  {e.model ? ` · ${e.model}` : ""}
                </td>
                <td className="font-mono text-xs">
                  {e.serial}
                  {e.mac ? ` · ${e.mac}` : ""}
                </td>
                <td>{when(e.at)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section title={tAll("installCheck.title")} testId="job-install-checks">
        <div className="px-3 py-2">
          <InstallCheckList checks={record.installChecks} when={(iso) => formatDateTime(iso, locale)} />
        </div>
      </Section>

      <Section title={t("photos.title", { count: record.photos.length })} testId="job-photos">
        {record.photos.length === 0 ? (
          <Empty>{t("photos.empty")}</Empty>
        ) : (
          <ul className="grid grid-cols-2 gap-3 p-3 sm:grid-cols-4">
            {record.photos.map((photo) => (
              <li key={photo.id}>
                {/* Full size on click: the link opens the original, which its route serves to allowed readers. */}
                <a href={photo.url} target="_blank" rel="noopener" className="block" data-testid="job-photo">
                  <img
                    src={photo.url}
                    alt={photo.caption ?? t("photos.alt", { id: photo.id })}
                    loading="lazy"
                    className="aspect-square w-full rounded border border-slate-200 object-cover"
                  />
                </a>
                <p className="mt-1 text-xs text-slate-600">
                  {photo.caption ?? ""} {t("photos.by", { who: photo.uploadedBy ?? "—", when: when(photo.takenAt) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("signature.title")} testId="job-signature">
        {record.signature ? (
          <figure className="space-y-1 p-3">
            <img
              src={record.signature.url}
              alt={t("signature.alt", { name: record.signature.name })}
              className="max-h-40 rounded border border-slate-200 bg-white"
            />
            <figcaption className="text-sm" data-testid="job-signer">
              {t("signature.signedBy", { name: record.signature.name, when: when(record.signature.signedAt) })}
            </figcaption>
          </figure>
        ) : (
          <Empty>{t("signature.none")}</Empty>
        )}
      </Section>

      <Section title={t("messages.title")} testId="job-messages">
        {record.messages.length === 0 ? (
          <Empty>{t("messages.empty")}</Empty>
        ) : (
          <Table head={[t("messages.what"), t("messages.to"), t("messages.state"), t("messages.when")]}>
            {record.messages.map((m) => (
              <tr key={m.id}>
                <td>{t.has(`messages.template.${m.template}`) ? t(`messages.template.${m.template}`) : m.template}</td>
                <td className="font-mono text-xs">{m.recipient}</td>
                <td>{t.has(`messages.status.${m.status}`) ? t(`messages.status.${m.status}`) : m.status}</td>
                <td>{when(m.sentAt ?? m.updatedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

/** Where a status change came from, when the log says: the live board or the technician's phone. */
function historySource(action: string): "board" | "phone" | null {
  if (action === "dispatch.job.board-edit") return "board";
  if (action === "dispatch.job.tech-status") return "phone";
  return null;
}
