CREATE TABLE "collab_history" (
	"id" bigint PRIMARY KEY NOT NULL,
	"document_name" text NOT NULL,
	"update" "bytea" NOT NULL,
	"author_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "collab_history_checkpoints" (
	"document_name" text NOT NULL,
	"up_to_id" bigint NOT NULL,
	"state" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collab_history_checkpoints_document_name_up_to_id_pk" PRIMARY KEY("document_name","up_to_id")
);
--> statement-breakpoint
ALTER TABLE "collab_updates" ADD COLUMN "author_id" text;--> statement-breakpoint
CREATE INDEX "collab_history_document_name_id_index" ON "collab_history" USING btree ("document_name","id");--> statement-breakpoint
CREATE INDEX "collab_history_document_name_created_at_index" ON "collab_history" USING btree ("document_name","created_at");