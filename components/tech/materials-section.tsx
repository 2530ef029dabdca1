"use client";
import { useId, useState } from "react";
import { useTranslations } from "next-intl";
import type { TechAction, TechDay, TechJob } from "@/lib/schemas/tech";
import { INPUT, LABEL, SECONDARY, Section } from "./section";

/** Materials used, picked from the catalog the day carries (it works offline). */
export function MaterialsSection({
  job,
  catalog,
  editable,
  act,
}: {
  job: TechJob;
  catalog: TechDay["materials"];
  editable: boolean;
  act: (jobId: number, action: TechAction, materialName?: string) => Promise<void>;
}) {
  const t = useTranslations("techApp.materials");
  const id = useId();
  const [itemId, setItemId] = useState("");
  const [quantity, setQuantity] = useState("1");
  const count = Number(quantity);
  const valid = itemId !== "" && Number.isInteger(count) && count >= 1 && count <= 999;

  return (
    <Section id="materials" title={t("title")} testId="materials">
      {job.materials.length === 0 && <p className="text-slate-600">{t("none")}</p>}
      <ul className="divide-y divide-slate-100">
        {job.materials.map((line) => (
          <li key={line.id} className="flex justify-between py-2" data-testid="material-line">
            <span>{line.name}</span>
            <span className="font-medium">× {line.quantity}</span>
          </li>
        ))}
      </ul>
      {editable && (
        <form
          className="grid grid-cols-[1fr_5rem] gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!valid) return;
            const item = catalog.find((c) => c.id === Number(itemId));
            void act(job.id, { kind: "material", itemId: Number(itemId), quantity: count }, item?.name);
            setItemId("");
            setQuantity("1");
          }}
        >
          <div>
            <label htmlFor={`${id}-item`} className={LABEL}>
              {t("item")}
            </label>
            <select id={`${id}-item`} className={INPUT} value={itemId} onChange={(e) => setItemId(e.target.value)}>
              <option value="">{t("choose")}</option>
              {catalog.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name} ({item.code})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-qty`} className={LABEL}>
              {t("quantity")}
            </label>
            <input
              id={`${id}-qty`}
              className={INPUT}
              type="number"
              inputMode="numeric"
              min={1}
              max={999}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </div>
          <button type="submit" className={`${SECONDARY} col-span-2`} disabled={!valid}>
            {t("add")}
          </button>
        </form>
      )}
    </Section>
  );
}
