ALTER TABLE "collab_documents" ADD COLUMN "first_sync" "bytea";--> statement-breakpoint
ALTER TABLE "collab_documents" ADD COLUMN "first_sync_vector" "bytea";--> statement-breakpoint
ALTER TABLE "collab_documents" ADD COLUMN "first_sync_shape" integer;