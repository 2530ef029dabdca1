-- Accent-insensitive search: "Cote" finds "Côté", "Belanger" finds "Bélanger".
-- unaccent() is only STABLE (its dictionary could change), so indexes need an IMMUTABLE wrapper
-- that names the dictionary explicitly.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE OR REPLACE FUNCTION immutable_unaccent(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, value) $$;
