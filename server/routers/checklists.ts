import { z } from "zod";
import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { TEMPLATE_LIMITS } from "../../lib/domain/checklists/template";
import { JOB_KINDS, listTemplates, saveTemplate } from "../services/checklists/templates";

const checklistEditorProcedure = capabilityProcedure("checklists.edit");

// Only the payload's shape and generous bounds here; the template rules (counts, lengths,
// duplicates) are checkTemplate's, whose messages name the item at fault.
const saveTemplateInput = z.object({
  jobKind: z.enum(JOB_KINDS, { message: "errors.input.jobKind" }),
  items: z
    .array(
      z.object({
        key: z.string().max(200).nullish(),
        labelFr: z.string().max(2000),
        labelEn: z.string().max(2000),
        required: z.boolean().default(false),
      }),
    )
    .max(TEMPLATE_LIMITS.maxItems * 4, { message: "errors.checklists.farTooManyItems" }),
  expectedUpdatedAt: z.iso.datetime({ offset: true }).nullish(),
});

/** Checklist templates per job kind, edited by dispatch in the office pages. */
export const checklistsRouter = router({
  templates: checklistEditorProcedure.query(({ ctx }) => listTemplates(ctx.db)),
  saveTemplate: checklistEditorProcedure
    .input(saveTemplateInput)
    .mutation(({ ctx, input }) => saveTemplate(ctx.db, ctx.actor, input)),
});
