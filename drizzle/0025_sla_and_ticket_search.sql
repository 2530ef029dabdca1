CREATE TYPE "public"."sla_priority" AS ENUM('normal', 'important');
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"ticket_type" "ticket_type" NOT NULL,
	"priority" "sla_priority" NOT NULL,
	"first_response_minutes" integer NOT NULL,
	"resolution_minutes" integer NOT NULL,
	"business_hours" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" text,
	CONSTRAINT "sla_policies_ticket_type_priority_pk" PRIMARY KEY("ticket_type","priority")
);
--> statement-breakpoint
CREATE TABLE "ticket_search_documents" (
	"ticket_id" integer PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"document" "tsvector" NOT NULL,
	"subject_document" "tsvector" DEFAULT ''::tsvector NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_response_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_responded_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_next_due_at" timestamp with time zone GENERATED ALWAYS AS (CASE WHEN status IN ('resolved', 'closed') THEN NULL WHEN first_responded_at IS NULL THEN LEAST(first_response_due_at, sla_due_at) ELSE sla_due_at END) STORED;
--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_updated_by_id_staff_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "ticket_search_documents" ADD CONSTRAINT "ticket_search_documents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "ticket_search_documents_document_gin" ON "ticket_search_documents" USING gin ("document");
--> statement-breakpoint
CREATE INDEX "ticket_search_documents_subject_gin" ON "ticket_search_documents" USING gin ("subject_document");
--> statement-breakpoint
CREATE INDEX "ticket_search_documents_recency_index" ON "ticket_search_documents" USING btree ("created_at","ticket_id");
--> statement-breakpoint
CREATE INDEX "tickets_sla_next_due_at_id_index" ON "tickets" USING btree ("sla_next_due_at","id") WHERE sla_next_due_at IS NOT NULL;
--> statement-breakpoint
-- Full-text search: French and English stemming over unaccented words, so "connexions" finds
-- "connexion", "factures impayees" finds "Facture impayée" and "routers" finds "router". A
-- dictionary chain stops at the first dictionary that knows a word and both stemmers know every
-- word, so each language gets its own configuration and a document holds both parses. Without
-- the Snowball stemmers (a PostgreSQL build that lacks them), the configurations fall back to
-- 'simple': still accent-insensitive, whole words only.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french') AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'french_stem') THEN
    CREATE TEXT SEARCH CONFIGURATION public.fr_unaccent (COPY = pg_catalog.french);
    ALTER TEXT SEARCH CONFIGURATION public.fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.french_stem;
  ELSE
    CREATE TEXT SEARCH CONFIGURATION public.fr_unaccent (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION public.fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.simple;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english') AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'english_stem') THEN
    CREATE TEXT SEARCH CONFIGURATION public.en_unaccent (COPY = pg_catalog.english);
    ALTER TEXT SEARCH CONFIGURATION public.en_unaccent ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.english_stem;
  ELSE
    CREATE TEXT SEARCH CONFIGURATION public.en_unaccent (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION public.en_unaccent ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.simple;
  END IF;
END $$;
--> statement-breakpoint
-- IMMUTABLE so it can sit in an index or a generated column, like immutable_unaccent: the
-- configurations it names are this migration's and change only with another migration.
CREATE OR REPLACE FUNCTION ticket_search_vector(value text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT to_tsvector('public.fr_unaccent'::regconfig, value) || to_tsvector('public.en_unaccent'::regconfig, value) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_document(ticket integer) RETURNS tsvector
  LANGUAGE sql STABLE
  AS $$
    SELECT setweight(ticket_search_vector(t.subject), 'A')
      || coalesce((SELECT ticket_search_vector(string_agg(m.body, E'\n' ORDER BY m.id)) FROM ticket_messages m WHERE m.ticket_id = t.id), '')
    FROM tickets t WHERE t.id = ticket
  $$;
--> statement-breakpoint
-- Statement-level triggers with transition tables: a bulk load (the seed, an import) costs one
-- UPDATE per statement, not one per row.
CREATE OR REPLACE FUNCTION ticket_search_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search_documents (ticket_id, created_at, document)
    SELECT n.id, n.created_at, setweight(ticket_search_vector(n.subject), 'A') FROM new_rows n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_tickets_inserted AFTER INSERT ON tickets
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_search_tickets_inserted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents SET document = ticket_search_document(NEW.id), created_at = NEW.created_at
    WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_search_ticket_changed AFTER UPDATE OF subject, created_at ON tickets
  FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION ticket_search_ticket_changed();
--> statement-breakpoint
-- A new message appends its words to its ticket's document, and the first public staff reply
-- records the first response (services may also call recordFirstResponse; the earlier wins).
CREATE OR REPLACE FUNCTION ticket_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents d SET document = d.document || ticket_search_vector(n.bodies)
    FROM (SELECT ticket_id, string_agg(body, E'\n' ORDER BY id) AS bodies FROM new_rows GROUP BY ticket_id) n
    WHERE d.ticket_id = n.ticket_id;
  UPDATE tickets t SET first_responded_at = n.at
    FROM (SELECT ticket_id, min(created_at) AS at FROM new_rows
          WHERE author_kind = 'staff' AND NOT internal AND channel <> 'note' GROUP BY ticket_id) n
    WHERE t.id = n.ticket_id AND (t.first_responded_at IS NULL OR t.first_responded_at > n.at);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_messages_inserted AFTER INSERT ON ticket_messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ticket_messages_inserted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents SET document = ticket_search_document(OLD.ticket_id) WHERE ticket_id = OLD.ticket_id;
  IF TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id THEN
    UPDATE ticket_search_documents SET document = ticket_search_document(NEW.ticket_id) WHERE ticket_id = NEW.ticket_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ticket_messages_changed AFTER UPDATE OF body, ticket_id OR DELETE ON ticket_messages
  FOR EACH ROW EXECUTE FUNCTION ticket_messages_changed();
--> statement-breakpoint
-- Tickets that exist before this migration (an imported history).
INSERT INTO ticket_search_documents (ticket_id, created_at, document)
  SELECT t.id, t.created_at, setweight(ticket_search_vector(t.subject), 'A') || coalesce(ticket_search_vector(m.bodies), '')
  FROM tickets t
  LEFT JOIN (SELECT ticket_id, string_agg(body, E'\n' ORDER BY id) AS bodies FROM ticket_messages GROUP BY ticket_id) m ON m.ticket_id = t.id;
--> statement-breakpoint
UPDATE tickets t SET first_responded_at = m.at
  FROM (SELECT ticket_id, min(created_at) AS at FROM ticket_messages
        WHERE author_kind = 'staff' AND NOT internal AND channel <> 'note' GROUP BY ticket_id) m
  WHERE t.id = m.ticket_id;
--> statement-breakpoint
-- The defaults of lib/domain/sla/policy.ts (DEFAULT_SLA_POLICIES; a test checks they agree).
INSERT INTO sla_policies (ticket_type, priority, first_response_minutes, resolution_minutes, business_hours) VALUES
  ('installation', 'normal', 480, 2400, true),
  ('installation', 'important', 120, 960, true),
  ('repair', 'normal', 120, 1200, true),
  ('repair', 'important', 30, 240, false),
  ('billing', 'normal', 480, 1800, true),
  ('billing', 'important', 120, 600, true),
  ('support', 'normal', 240, 1200, true),
  ('support', 'important', 60, 480, true),
  ('cancellation', 'normal', 480, 2400, true),
  ('cancellation', 'important', 240, 960, true),
  ('move', 'normal', 480, 2400, true),
  ('move', 'important', 120, 960, true),
  ('other', 'normal', 480, 2400, true),
  ('other', 'important', 30, 240, false);
--> statement-breakpoint
UPDATE ticket_search_documents d SET subject_document = ticket_search_vector(t.subject) FROM tickets t WHERE t.id = d.ticket_id;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ticket_search_documents (ticket_id, created_at, document, subject_document)
    SELECT n.id, n.created_at, setweight(ticket_search_vector(n.subject), 'A'), ticket_search_vector(n.subject) FROM new_rows n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ticket_search_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_documents
    SET document = ticket_search_document(NEW.id), subject_document = ticket_search_vector(NEW.subject), created_at = NEW.created_at
    WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
