CREATE TABLE "app_settings" (
	"section" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "storage_intents" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dispatch_job_checklist_items" ADD COLUMN "required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "app_settings" ADD CONSTRAINT "app_settings_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Open jobs whose checklist was copied from a stored template take its required flags (items are matched by label, in either language). Copies of the built-in defaults, which are not stored, stay optional.
UPDATE "dispatch_job_checklist_items" AS i SET "required" = true
FROM "dispatch_jobs" AS j, "checklist_templates" AS t, jsonb_array_elements(t."items") AS e
WHERE j."id" = i."job_id" AND t."job_kind" = j."kind" AND j."status" NOT IN ('done', 'cancelled')
  AND (e->>'required')::boolean AND i."label" IN (e->>'labelFr', e->>'labelEn');
