"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import { centsFromMoneyInput } from "@/lib/domain/billing/subscription-money-input";
import type { SubscriptionChange } from "@/lib/schemas/subscriptions";
import type { ChangeFormState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Empty → null; anything that is not an amount throws a RangeError, shown as the money message. */
function centsOf(value: FormDataEntryValue | null): number | null {
  return centsFromMoneyInput(typeof value === "string" ? value : "");
}

function changeFrom(form: FormData): SubscriptionChange {
  const subscriptionId = Number(form.get("subscriptionId"));
  const date = formText(form, "date");
  const action = formText(form, "action");
  switch (action) {
    case "changePlan":
      return { action, subscriptionId, date, itemId: Number(form.get("itemId")) };
    case "cancel":
      return { action, subscriptionId, date, mode: form.get("mode") === "immediate" ? "immediate" : "period-end" };
    case "setPriceOverride":
      return { action, subscriptionId, date, priceOverrideCents: centsOf(form.get("priceOverride")) };
    case "setCampaignDiscount":
      return {
        action,
        subscriptionId,
        date,
        campaignCode: formText(form, "campaignCode") || null,
        discountCents: centsOf(form.get("discount")) ?? 0,
      };
    case "activate":
    case "suspend":
    case "resume":
      return { action, subscriptionId, date };
    // The schema refuses it with a clear message.
    default:
      return { action, subscriptionId, date } as unknown as SubscriptionChange;
  }
}

/** A money field that is not an amount throws a RangeError before any call; everything else is the shared vocabulary. */
async function messageFor(error: unknown): Promise<string> {
  if (error instanceof RangeError) return (await getTranslations("subscriptionChange.errors"))("money");
  return (await actionError(error, "subscription change")).message;
}

/** One action for both buttons: `intent` says whether to preview or to apply what was previewed. */
export async function submitSubscriptionChange(_previous: ChangeFormState, form: FormData): Promise<ChangeFormState> {
  const version = formText(form, "version");
  try {
    const change = changeFrom(form);
    const caller = callerFor(await pageContext());
    if (form.get("intent") === "apply") {
      const applied = await caller.subscriptions.applyChange({ change, requestId: formText(form, "requestId") });
      revalidatePath(`/office/subscriptions/${change.subscriptionId}`);
      return { ok: true, stage: "applied", applied };
    }
    const locale = (await getLocale()) === "en" ? "en" : "fr";
    const preview = await caller.subscriptions.preview({ change, locale });
    // The apply of this preview carries this id: a double click or a retried post applies once.
    return { ok: true, stage: "preview", preview, requestId: randomUUID(), version };
  } catch (error) {
    return { ok: false, error: await messageFor(error), version };
  }
}
