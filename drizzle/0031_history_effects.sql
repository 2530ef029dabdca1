ALTER TABLE "collab_history" ADD COLUMN "effects" jsonb;--> statement-breakpoint
ALTER TABLE "collab_history_checkpoints" ADD COLUMN "board" jsonb;