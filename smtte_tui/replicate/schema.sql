-- smtte in PostgreSQL, schema version 2 (docs/database.md explains every table and view).
-- Version 2 added revisions.txid (terminals on the database pull by snapshot): applying this file
-- to a version-1 database adds it without rewriting the table.
--
-- Applied by `smtte replicate` on first contact, inside one transaction that holds an advisory
-- lock, and only when smtte.schema_version says it is missing: running it twice changes nothing.
-- IT may also run it by hand (psql -1 -f schema.sql) as the user that will own the tables.
--
--   smtte.revisions          the source of truth: every revision of every house, never changed
--   smtte.houses             one row per house (its folder's own id, FORMAT.json "id")
--   smtte.replication_marks  how far each file of each house folder has been pushed
--   smtte.replication_pulled which revisions written in the database each house has taken in
--   smtte.entity_state       the fold of each entity's revisions, kept current by a trigger
--   smtte_analyse.*          current-state views without names or free text (role smtte_analyst)
--   smtte_navne.*            the same with names and free text (role smtte_analyst_named)

CREATE SCHEMA IF NOT EXISTS smtte;

CREATE TABLE IF NOT EXISTS smtte.houses (
    id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    name            text,                       -- a human name (config or --house-name); may be null
    first_seen      timestamptz NOT NULL DEFAULT now(),
    last_push       timestamptz,                -- the last replicator run or terminal sync (within a minute) that reached the database
    last_full_scan  timestamptz,                -- the last run that listed every file of the folder
    replicator      text                        -- the writer id of that replicator (in the house folder) or terminal
);

CREATE TABLE IF NOT EXISTS smtte.revisions (
    -- Ids follow one pattern ([A-Za-z0-9_-]{1,64}); it is checked where revisions are made and
    -- again when a house takes one in, not here: a regex per column made the first push 3x slower.
    id           text PRIMARY KEY,
    house_id     text NOT NULL REFERENCES smtte.houses (id),
    -- the folder that delivered it: the house's own folder (= house_id), or the local mirror of a
    -- terminal that runs on the database (its mirror's id); NULL when it was written in the
    -- database itself (a tovholder at the office, `smtte report`'s audit events)
    from_folder  text,
    writer       text NOT NULL,                 -- "terminal" in the files
    hlc          text COLLATE "C" NOT NULL,     -- wall ms (13 digits).counter (5).writer: text order is time order
    at           timestamptz,                   -- the writer's clock when it wrote (NULL: format 1)
    entity       text NOT NULL CHECK (entity IN ('borger', 'medarbejder', 'plan', 'observation', 'notat', 'kommentar', 'pdsa', 'evaluering', 'timeout', 'audit', 'indstillinger')),
    entity_id    text NOT NULL,
    borger_id    text,
    op           text NOT NULL CHECK (op IN ('create', 'update', 'retract')),
    parents      text[] NOT NULL DEFAULT '{}',
    author       text NOT NULL,
    data         jsonb NOT NULL DEFAULT '{}',
    seq          bigint GENERATED ALWAYS AS IDENTITY,   -- the order rows arrived here (not time order: hlc)
    stored_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS revisions_entity ON smtte.revisions (house_id, entity, entity_id, hlc);
CREATE INDEX IF NOT EXISTS revisions_borger ON smtte.revisions (house_id, borger_id) WHERE borger_id IS NOT NULL;
-- what a house's replicator pulls back: revisions of the house its own folder did not deliver
CREATE INDEX IF NOT EXISTS revisions_not_from_folder ON smtte.revisions (house_id) WHERE from_folder IS DISTINCT FROM house_id;
-- The transaction that wrote each row (version 2). A terminal on the database (its local mirror)
-- pulls what committed since its last pull: rows whose transaction its last snapshot did not see
-- (pg_visible_in_snapshot), which a sequence number cannot tell while transactions overlap.
-- Rows from before version 2 have none; a new mirror's first pull reads every row of its house.
ALTER TABLE smtte.revisions ADD COLUMN IF NOT EXISTS txid xid8;
ALTER TABLE smtte.revisions ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS revisions_txid ON smtte.revisions (house_id, txid);

CREATE TABLE IF NOT EXISTS smtte.replication_marks (
    house_id      text NOT NULL REFERENCES smtte.houses (id),
    file          text NOT NULL,                -- relative path in the folder: log/2026-07/t0123456789ab.jsonl
    pushed_bytes  bigint NOT NULL CHECK (pushed_bytes >= 0),   -- complete lines pushed
    crc32         bigint NOT NULL,              -- CRC-32 of those bytes (a replaced file no longer matches)
    records       integer NOT NULL DEFAULT 0,   -- revisions those bytes held
    pushed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (house_id, file)
);

CREATE TABLE IF NOT EXISTS smtte.replication_pulled (
    house_id     text NOT NULL REFERENCES smtte.houses (id),
    revision_id  text NOT NULL REFERENCES smtte.revisions (id),
    pulled_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (house_id, revision_id)
);

-- Revisions are immutable: corrections and withdrawals are new revisions.
CREATE OR REPLACE FUNCTION smtte.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'smtte.revisions are never changed or deleted: write a new revision instead';
END $$;
DROP TRIGGER IF EXISTS revisions_immutable ON smtte.revisions;
CREATE TRIGGER revisions_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON smtte.revisions
    FOR EACH STATEMENT EXECUTE FUNCTION smtte.refuse_change();

-- The fold, as the store does it: in hlc order a create sets every field, an update the fields it
-- names, a retract withdraws. The state is NULL when withdrawn (or never created).
CREATE OR REPLACE FUNCTION smtte.fold_step(state jsonb, op text, data jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE op
        WHEN 'create' THEN data
        WHEN 'update' THEN CASE WHEN jsonb_typeof(state) = 'object' THEN state || data ELSE data END
        ELSE 'null'::jsonb
    END
$$;
CREATE OR REPLACE FUNCTION smtte.fold_final(state jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(state) = 'object' AND state ? 'id' THEN state END
$$;
CREATE OR REPLACE AGGREGATE smtte.fold(text, jsonb) (SFUNC = smtte.fold_step, STYPE = jsonb, FINALFUNC = smtte.fold_final);

CREATE TABLE IF NOT EXISTS smtte.entity_state (
    house_id    text NOT NULL,
    entity      text NOT NULL,
    entity_id   text NOT NULL,
    borger_id   text,
    state       jsonb,            -- the current fields; NULL when withdrawn
    dato        date,             -- the record's own day (observation, note, evaluation, time-out)
    -- an observation's tegn, measure kind and value (ja = 1, nej = 0), taken out of the state so
    -- that a report over a year of every house does not parse a million jsonb values
    tegn_id     text,
    maaletype   text,
    vaerdi      double precision,
    revisions   integer NOT NULL,
    first_hlc   text COLLATE "C" NOT NULL,
    last_hlc    text COLLATE "C" NOT NULL,
    created_at  timestamptz,
    changed_at  timestamptz,
    PRIMARY KEY (house_id, entity, entity_id)
);
-- what a report over a period reads of every observation, without visiting the table's rows
CREATE INDEX IF NOT EXISTS entity_state_dato ON smtte.entity_state (entity, dato, house_id) INCLUDE (borger_id, tegn_id, maaletype, vaerdi) WHERE state IS NOT NULL;
CREATE INDEX IF NOT EXISTS entity_state_borger ON smtte.entity_state (house_id, borger_id);

CREATE OR REPLACE FUNCTION smtte.written_at(at timestamptz, hlc text) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(at, to_timestamp(substr(hlc, 1, 13)::bigint / 1000.0))
$$;

-- Every statement that adds revisions folds again the entities it touched, in the same
-- transaction: whoever writes (a replicator, the future store backend, an administrator) keeps
-- entity_state current. One advisory lock per house orders concurrent writers of one house, so
-- the later fold (a fresh snapshot under READ COMMITTED) sees the earlier writer's rows.
CREATE OR REPLACE FUNCTION smtte.refresh_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('smtte.entity_state'), hashtext(h.house_id))
        FROM (SELECT DISTINCT house_id FROM new_rows ORDER BY house_id) h;
    INSERT INTO smtte.entity_state AS s (house_id, entity, entity_id, borger_id, state, dato, tegn_id, maaletype, vaerdi, revisions, first_hlc, last_hlc, created_at, changed_at)
    SELECT k.house_id, k.entity, k.entity_id, f.borger_id, f.state,
           CASE WHEN k.entity IN ('observation', 'notat', 'evaluering', 'timeout') AND f.state ? 'dato' THEN (f.state ->> 'dato')::date END,
           CASE WHEN k.entity = 'observation' THEN f.state ->> 'tegn_id' END,
           CASE WHEN k.entity = 'observation' THEN f.state ->> 'maaletype' END,
           CASE WHEN k.entity <> 'observation' THEN NULL
                WHEN jsonb_typeof(f.state -> 'vaerdi') = 'boolean' THEN CASE WHEN (f.state -> 'vaerdi')::boolean THEN 1 ELSE 0 END
                WHEN jsonb_typeof(f.state -> 'vaerdi') = 'number' THEN (f.state ->> 'vaerdi')::double precision END,
           f.n, f.first_hlc, f.last_hlc, f.created_at, f.changed_at
    FROM (SELECT DISTINCT house_id, entity, entity_id FROM new_rows) k
    CROSS JOIN LATERAL (
        SELECT smtte.fold(r.op, r.data ORDER BY r.hlc, r.id) AS state,
               max(r.borger_id) AS borger_id,
               count(*)::integer AS n,
               min(r.hlc) AS first_hlc,
               max(r.hlc) AS last_hlc,
               min(smtte.written_at(r.at, r.hlc)) AS created_at,
               max(smtte.written_at(r.at, r.hlc)) AS changed_at
        FROM smtte.revisions r
        WHERE r.house_id = k.house_id AND r.entity = k.entity AND r.entity_id = k.entity_id
    ) f
    ON CONFLICT (house_id, entity, entity_id) DO UPDATE SET
        borger_id = EXCLUDED.borger_id, state = EXCLUDED.state, dato = EXCLUDED.dato, tegn_id = EXCLUDED.tegn_id,
        maaletype = EXCLUDED.maaletype, vaerdi = EXCLUDED.vaerdi, revisions = EXCLUDED.revisions,
        first_hlc = EXCLUDED.first_hlc, last_hlc = EXCLUDED.last_hlc, created_at = EXCLUDED.created_at, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS revisions_fold ON smtte.revisions;
CREATE TRIGGER revisions_fold AFTER INSERT ON smtte.revisions
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION smtte.refresh_state();

-- Audit of reading across houses: `smtte report --db` records one `rapport` event per house it
-- read, as the database user running it. SECURITY DEFINER so a read-only analyst can record
-- that they read (and nothing else): the function writes only this one kind of event.
CREATE OR REPLACE FUNCTION smtte.record_report(p_house text, p_id text, p_hlc text, p_writer text, p_who text, p_target text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, smtte AS $$
BEGIN
    INSERT INTO smtte.revisions (id, house_id, from_folder, writer, hlc, at, entity, entity_id, borger_id, op, parents, author, data)
    VALUES (p_id, p_house, NULL, p_writer, p_hlc, now(), 'audit', p_id, NULL, 'create', '{}', left(p_who, 64),
            jsonb_build_object('id', p_id, 'tid', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                               'medarbejder', left(p_who, 64), 'terminal', p_writer, 'handling', 'rapport', 'maal', left(p_target, 200), 'borgere', '[]'::jsonb))
    ON CONFLICT (id) DO NOTHING;
END $$;

-- ---------------------------------------------------------------------------------------------
-- Views for SQL users. smtte_analyse: no names, no initials, no free text (goals, tegn, notes
-- and plans often name the borger). smtte_navne: the same rows with those columns.
-- Column names are the method's own words (docs/glossary.md).

CREATE SCHEMA IF NOT EXISTS smtte_analyse;
CREATE SCHEMA IF NOT EXISTS smtte_navne;

CREATE OR REPLACE VIEW smtte_analyse.huse AS
SELECT h.id, row_number() OVER (ORDER BY h.first_seen, h.id) AS nummer, h.name AS navn, h.first_seen AS foerst_set, h.last_push AS sidst_replikeret
FROM smtte.houses h;

CREATE OR REPLACE VIEW smtte_analyse.borgere AS
SELECT s.house_id AS hus, s.entity_id AS id,
       row_number() OVER (PARTITION BY s.house_id ORDER BY s.first_hlc, s.entity_id) AS nummer,
       coalesce((s.state ->> 'aktiv')::boolean, true) AS aktiv, s.state ->> 'enhed' AS enhed,
       s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'borger' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.medarbejdere AS
SELECT s.house_id AS hus, s.entity_id AS id, s.state ->> 'rolle' AS rolle, coalesce((s.state ->> 'aktiv')::boolean, true) AS aktiv,
       s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'medarbejder' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.planer AS
SELECT s.house_id AS hus, s.entity_id AS id, s.borger_id, s.state ->> 'status' AS status,
       jsonb_typeof(s.state -> 'maal') = 'object' AS har_maal,
       (s.state #>> '{maal,maaldato}')::date AS maaldato,
       jsonb_array_length(coalesce(s.state -> 'tegn', '[]')) AS antal_tegn,
       (SELECT count(*) FROM jsonb_array_elements(coalesce(s.state -> 'tegn', '[]')) e WHERE coalesce((e ->> 'aktiv')::boolean, true))::integer AS antal_aktive_tegn,
       jsonb_array_length(coalesce(s.state -> 'tiltag', '[]')) AS antal_tiltag,
       coalesce((s.state #>> '{evaluering,daglig_logning}')::boolean, true) AS daglig_logning,
       coalesce(s.state #>> '{evaluering,opfoelgning}', 'maanedlig') AS opfoelgning,
       (s.state #>> '{evaluering,naeste_opfoelgning}')::date AS naeste_opfoelgning,
       (s.state #>> '{evaluering,status_dato}')::date AS status_dato,
       (s.state #>> '{evaluering,langsigtet_evaluering}')::date AS langsigtet_evaluering,
       s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'plan' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.tegn AS
SELECT s.house_id AS hus, s.entity_id AS plan_id, s.borger_id, s.state ->> 'status' AS plan_status, e.nummer::integer AS nummer,
       e.tegn ->> 'id' AS id, e.tegn ->> 'maaletype' AS maaletype, coalesce(e.tegn ->> 'bedre_retning', 'op') AS bedre_retning,
       (e.tegn ->> 'baseline')::double precision AS baseline, (e.tegn ->> 'maalvaerdi')::double precision AS maalvaerdi,
       e.tegn ->> 'forventet_hyppighed' AS forventet_hyppighed, coalesce(e.tegn ->> 'aggregering', 'sum') AS aggregering,
       coalesce((e.tegn ->> 'aktiv')::boolean, true) AS aktiv
FROM smtte.entity_state s
CROSS JOIN LATERAL jsonb_array_elements(coalesce(s.state -> 'tegn', '[]')) WITH ORDINALITY AS e (tegn, nummer)
WHERE s.entity = 'plan' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.observationer AS
SELECT s.house_id AS hus, s.entity_id AS id, s.borger_id, s.state ->> 'plan_id' AS plan_id, s.tegn_id, s.maaletype, s.vaerdi, s.dato, s.state ->> 'vagt' AS vagt, s.created_at AS oprettet, s.changed_at AS aendret, s.revisions AS revisioner
FROM smtte.entity_state s WHERE s.entity = 'observation' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.notater AS
SELECT s.house_id AS hus, s.entity_id AS id, s.borger_id, s.dato, s.state ->> 'vagt' AS vagt,
       s.state ->> 'plan_id' AS plan_id, s.state ->> 'tegn_id' AS tegn_id, s.state ->> 'tiltag_id' AS tiltag_id, s.state ->> 'pdsa_id' AS pdsa_id,
       coalesce((s.state ->> 'overraskelse')::boolean, false) AS overraskelse, s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'notat' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.pdsa AS
SELECT s.house_id AS hus, s.entity_id AS id, s.borger_id, s.state ->> 'plan_id' AS plan_id, s.state ->> 'tiltag_id' AS tiltag_id,
       s.state ->> 'rampe_id' AS rampe_id, coalesce((s.state ->> 'nummer')::integer, 1) AS nummer,
       (s.state ->> 'start')::date AS start, (s.state ->> 'slut')::date AS slut, coalesce(s.state ->> 'status', 'aktiv') AS status,
       s.state ->> 'act' AS act, jsonb_array_length(coalesce(s.state -> 'data_tegn', '[]')) AS antal_tegn,
       s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'pdsa' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.evalueringer AS
SELECT s.house_id AS hus, s.entity_id AS id, s.borger_id, s.state ->> 'plan_id' AS plan_id, s.dato,
       coalesce(s.state ->> 'art', 'opfoelgning') AS art, (s.state ->> 'maalopfyldelse')::integer AS maalopfyldelse,
       s.state ->> 'beslutning' AS beslutning, (s.state ->> 'naeste_dato')::date AS naeste_dato,
       jsonb_array_length(coalesce(s.state -> 'deltagere', '[]')) AS antal_deltagere,
       s.created_at AS oprettet, s.changed_at AS aendret
FROM smtte.entity_state s WHERE s.entity = 'evaluering' AND s.state IS NOT NULL;

CREATE OR REPLACE VIEW smtte_analyse.audit AS
SELECT s.house_id AS hus, s.entity_id AS id, (s.state ->> 'tid')::timestamptz AS tid, s.state ->> 'handling' AS handling,
       s.state ->> 'borger_id' AS borger_id, jsonb_array_length(coalesce(s.state -> 'borgere', '[]')) AS antal_borgere,
       s.state ->> 'terminal' AS terminal
FROM smtte.entity_state s WHERE s.entity = 'audit' AND s.state IS NOT NULL;

-- The moments a plan's goal, tegn or tiltag changed (its creation not counted): a revision that
-- writes one of them with a value other than the one before it (smtte_tui.group.plan_change_days).
CREATE OR REPLACE VIEW smtte_analyse.planaendringer AS
WITH sections AS (
    SELECT r.house_id, r.entity_id, r.borger_id, r.id, r.hlc, r.op, smtte.written_at(r.at, r.hlc) AS tidspunkt,
           coalesce(lag(r.data -> p.name) OVER (PARTITION BY r.house_id, r.entity_id, p.name ORDER BY r.hlc, r.id), 'null'::jsonb)
               IS DISTINCT FROM (r.data -> p.name) AS changed
    FROM smtte.revisions r
    CROSS JOIN (VALUES ('maal'), ('tegn'), ('tiltag')) AS p (name)
    WHERE r.entity = 'plan' AND r.data ? p.name
)
SELECT house_id AS hus, entity_id AS plan_id, borger_id, id AS revision_id, hlc, min(tidspunkt) AS tidspunkt
FROM sections WHERE op = 'update' AND changed
GROUP BY house_id, entity_id, borger_id, id, hlc;

-- With names and free text (smtte_analyst_named).
CREATE OR REPLACE VIEW smtte_navne.borgere AS
SELECT a.*, s.state ->> 'navn' AS navn, s.state ->> 'kortnavn' AS kortnavn, s.state ->> 'bolig' AS bolig,
       s.state ->> 'kontaktperson' AS kontaktperson, s.state ->> 'kommunikation' AS kommunikation
FROM smtte_analyse.borgere a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'borger' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.medarbejdere AS
SELECT a.*, s.state ->> 'initialer' AS initialer, s.state ->> 'navn' AS navn
FROM smtte_analyse.medarbejdere a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'medarbejder' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.planer AS
SELECT a.*, s.state #>> '{maal,tekst}' AS maal, s.state #>> '{maal,handleplan_punkt}' AS handleplan_punkt, s.state ->> 'tovholder' AS tovholder,
       s.state #>> '{sammenhaeng,baggrund}' AS baggrund, s.state #>> '{sammenhaeng,hvorfor}' AS hvorfor,
       s.state #>> '{sammenhaeng,borgerens_oenske}' AS borgerens_oenske, s.state -> 'tiltag' AS tiltag, s.state -> 'interessenter' AS interessenter
FROM smtte_analyse.planer a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'plan' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.tegn AS
SELECT a.*, e.tegn ->> 'tekst' AS tekst
FROM smtte_analyse.tegn a
JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'plan' AND s.entity_id = a.plan_id
CROSS JOIN LATERAL (SELECT (s.state -> 'tegn') -> (a.nummer - 1) AS tegn) e;

CREATE OR REPLACE VIEW smtte_navne.observationer AS
SELECT a.*, s.state ->> 'note' AS note, s.state ->> 'forfatter' AS forfatter
FROM smtte_analyse.observationer a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'observation' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.notater AS
SELECT a.*, s.state ->> 'tekst' AS tekst, s.state ->> 'forfatter' AS forfatter
FROM smtte_analyse.notater a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'notat' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.pdsa AS
SELECT a.*, s.state ->> 'formaal' AS formaal, s.state ->> 'aendring' AS aendring, s.state ->> 'hvem' AS hvem, s.state ->> 'hvor' AS hvor,
       s.state ->> 'hvornaar' AS hvornaar, s.state ->> 'study' AS study, s.state ->> 'act_begrundelse' AS act_begrundelse,
       s.state ->> 'naeste_skridt' AS naeste_skridt
FROM smtte_analyse.pdsa a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'pdsa' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.evalueringer AS
SELECT a.*, s.state -> 'deltagere' AS deltagere, s.state ->> 'borgerens_syn' AS borgerens_syn, s.state ->> 'paaroerendes_syn' AS paaroerendes_syn,
       s.state ->> 'tekst' AS tekst, s.state ->> 'forfatter' AS forfatter
FROM smtte_analyse.evalueringer a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'evaluering' AND s.entity_id = a.id;

CREATE OR REPLACE VIEW smtte_navne.audit AS
SELECT a.*, s.state ->> 'medarbejder' AS medarbejder, s.state ->> 'maal' AS maal, s.state ->> 'soegeord' AS soegeord, s.state -> 'borgere' AS borgere
FROM smtte_analyse.audit a JOIN smtte.entity_state s ON s.house_id = a.hus AND s.entity = 'audit' AND s.entity_id = a.id;

-- Roles: created when the user applying this may create roles (else IT creates them, see
-- docs/database.md). Analysts read views only, never the tables (revisions hold PIN hashes).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smtte_analyst') THEN
        CREATE ROLE smtte_analyst NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'smtte_analyst_named') THEN
        CREATE ROLE smtte_analyst_named NOLOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'smtte: roles smtte_analyst and smtte_analyst_named were not created (no CREATEROLE); see docs/database.md';
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'smtte_analyst') THEN
        GRANT USAGE ON SCHEMA smtte_analyse TO smtte_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA smtte_analyse TO smtte_analyst;
        GRANT USAGE ON SCHEMA smtte TO smtte_analyst;  -- for smtte.record_report only: no table is granted
        GRANT EXECUTE ON FUNCTION smtte.record_report(text, text, text, text, text, text) TO smtte_analyst;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'smtte_analyst_named') THEN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'smtte_analyst') THEN
            GRANT smtte_analyst TO smtte_analyst_named;
        END IF;
        GRANT USAGE ON SCHEMA smtte_navne TO smtte_analyst_named;
        GRANT SELECT ON ALL TABLES IN SCHEMA smtte_navne TO smtte_analyst_named;
    END IF;
END $$;
REVOKE ALL ON FUNCTION smtte.record_report(text, text, text, text, text, text) FROM PUBLIC;
