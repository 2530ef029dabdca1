import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { saveSettingsInput } from "../../lib/schemas/settings";
import { saveSettings, settingsView } from "../services/settings/settings";

/** The product's settings (/office/settings), administrators only. */
export const settingsRouter = router({
  view: capabilityProcedure("settings.manage").query(({ ctx }) => settingsView(ctx)),
  save: capabilityProcedure("settings.manage")
    .input(saveSettingsInput)
    .mutation(({ ctx, input }) => saveSettings(ctx, ctx.actor, input)),
});
