"""The store's schema as a list of versioned migrations.

Each migration upgrades a project by one version inside one transaction. A migration is never edited
once released: change the schema by appending a new one. The SQL keeps to what DuckDB and PostgreSQL
both accept (sequences, TIMESTAMPTZ, JSON stored as text), so the same schema moves to PostgreSQL later.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "core tables: runs, sources, channels, channel_metrics, documents, document_metrics",
        (
            "CREATE SEQUENCE run_id_seq START 1",
            """CREATE TABLE runs (
                id BIGINT PRIMARY KEY DEFAULT nextval('run_id_seq'),
                step VARCHAR NOT NULL,
                params VARCHAR NOT NULL,          -- JSON, secrets removed, seeds included
                n_in BIGINT,
                n_out BIGINT,
                counts VARCHAR NOT NULL,          -- JSON: every count the step reports
                versions VARCHAR NOT NULL,        -- JSON: package versions
                started_at TIMESTAMPTZ NOT NULL,
                ended_at TIMESTAMPTZ NOT NULL
            )""",
            "CREATE SEQUENCE source_id_seq START 1",
            """CREATE TABLE sources (
                id BIGINT PRIMARY KEY DEFAULT nextval('source_id_seq'),
                run_id BIGINT NOT NULL,
                kind VARCHAR NOT NULL,            -- table, docs, youtube, telegram, ...
                corpus VARCHAR,
                location VARCHAR,                 -- file or folder path, or API endpoint (no keys)
                file_hash VARCHAR,                -- sha256 of the imported file
                params VARCHAR NOT NULL,          -- JSON
                collected_at TIMESTAMPTZ NOT NULL
            )""",
            "CREATE SEQUENCE channel_id_seq START 1",
            """CREATE TABLE channels (
                id BIGINT PRIMARY KEY DEFAULT nextval('channel_id_seq'),
                platform VARCHAR NOT NULL,
                handle VARCHAR NOT NULL,
                title VARCHAR,
                meta VARCHAR,                     -- JSON
                first_source_id BIGINT,
                UNIQUE (platform, handle)
            )""",
            """CREATE TABLE channel_metrics (
                channel_id BIGINT NOT NULL,
                source_id BIGINT NOT NULL,
                observed_at TIMESTAMPTZ NOT NULL,
                metric VARCHAR NOT NULL,          -- subscribers, views, posts, ...
                value DOUBLE
            )""",
            "CREATE SEQUENCE document_id_seq START 1",
            """CREATE TABLE documents (
                id BIGINT NOT NULL DEFAULT nextval('document_id_seq'),
                corpus VARCHAR NOT NULL,
                source_id BIGINT NOT NULL,
                platform VARCHAR NOT NULL,
                external_id VARCHAR,
                natural_key VARCHAR NOT NULL,     -- external_id, or 'h:' + hash of text, author, channel, time
                parent_external_id VARCHAR,       -- the external id of a comment's post or a reply's comment
                parent_id BIGINT,                 -- resolved documents.id of that parent, once imported
                channel_id BIGINT,
                author_key VARCHAR,               -- pseudonymised with a keyed hash unless the import said not to
                created_at TIMESTAMPTZ,           -- UTC instant
                created_offset_min INTEGER,       -- the offset the original timestamp was written in, minutes
                lang VARCHAR,
                title VARCHAR,
                text VARCHAR NOT NULL,
                url VARCHAR,
                meta VARCHAR                      -- JSON: unmapped columns
            )""",
            """CREATE TABLE document_metrics (
                document_id BIGINT NOT NULL,
                source_id BIGINT NOT NULL,
                observed_at TIMESTAMPTZ NOT NULL,
                metric VARCHAR NOT NULL,          -- views, likes, comments, shares, ...
                value DOUBLE
            )""",
        ),
    ),
    Migration(
        2,
        "saved analysis results for the report",
        (
            "CREATE SEQUENCE result_id_seq START 1",
            """CREATE TABLE results (
                id BIGINT PRIMARY KEY DEFAULT nextval('result_id_seq'),
                run_id BIGINT NOT NULL,
                analysis VARCHAR NOT NULL,        -- the analysis's registered name
                title VARCHAR NOT NULL,
                params VARCHAR NOT NULL,          -- JSON
                path VARCHAR NOT NULL,            -- Parquet file, relative to the project folder
                created_at TIMESTAMPTZ NOT NULL
            )""",
        ),
    ),
    Migration(
        3,
        "token table: Parquet token files, the documents each covers, the languages of documents",
        (
            "CREATE SEQUENCE token_part_id_seq START 1",
            """CREATE TABLE token_parts (
                id BIGINT PRIMARY KEY DEFAULT nextval('token_part_id_seq'),
                run_id BIGINT NOT NULL,
                path VARCHAR NOT NULL,            -- Parquet file, relative to the project folder
                documents BIGINT NOT NULL,        -- documents tokenised into the file
                tokens BIGINT NOT NULL,           -- token rows stored: those of each distinct text, once
                params VARCHAR NOT NULL,          -- JSON: normalisation options and component versions
                created_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE token_documents (
                doc_id BIGINT NOT NULL,           -- documents.id; one row per document with live tokens
                part_id BIGINT NOT NULL,          -- the token_parts file holding its tokens
                text_id BIGINT NOT NULL,          -- its text's rows in that file (identical texts share them)
                text_hash VARCHAR NOT NULL,       -- md5 of the text tokenised, to find changed texts
                tokens INTEGER NOT NULL           -- the document's tokens
            )""",
            """CREATE TABLE document_languages (
                doc_id BIGINT NOT NULL,
                run_id BIGINT NOT NULL,
                lang VARCHAR NOT NULL,            -- kk, ru, en or other
                confidence DOUBLE,                -- 0 to 1; 0 for a text without words
                mixed BOOLEAN,                    -- spans in more than one language
                share_kk DOUBLE,                  -- share of the document's words in each language
                share_ru DOUBLE,
                share_en DOUBLE,
                share_other DOUBLE
            )""",
        ),
    ),
    Migration(
        4,
        "codebooks and code assignments (hand coders, codebook patterns, learned models)",
        (
            "CREATE SEQUENCE codebook_id_seq START 1",
            """CREATE TABLE codebooks (
                id BIGINT PRIMARY KEY DEFAULT nextval('codebook_id_seq'),
                run_id BIGINT NOT NULL,
                name VARCHAR NOT NULL,
                definition VARCHAR NOT NULL,      -- the codebook as written (YAML text)
                definition_hash VARCHAR NOT NULL, -- sha256 of the definition
                created_at TIMESTAMPTZ NOT NULL
            )""",
            """CREATE TABLE codes (
                doc_id BIGINT NOT NULL,           -- documents.id
                code VARCHAR NOT NULL,
                coder VARCHAR NOT NULL,           -- a person's name, 'codebook:NAME' or 'model:NAME'
                run_id BIGINT NOT NULL,           -- the step that assigned it
                codebook_id BIGINT,               -- codebooks.id when a codebook assigned it
                sentence INTEGER,                 -- the sentence (index in the document) for sentence-level coding
                span_start INTEGER,               -- character offsets of the matching text, when known
                span_end INTEGER,
                confidence DOUBLE                 -- a model's probability; NULL for people and patterns
            )""",
        ),
    ),
    Migration(
        5,
        "social media and events: API quota and collection progress, accounts, events, shutdowns, populations",
        (
            """CREATE TABLE api_quota (
                api VARCHAR NOT NULL,             -- youtube, ...
                day DATE NOT NULL,                -- the API's quota day (YouTube: Pacific time)
                units BIGINT NOT NULL,            -- quota units spent that day by this project
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (api, day)
            )""",
            """CREATE TABLE collection_progress (
                collector VARCHAR NOT NULL,       -- youtube.channel, youtube.comments, ...
                target VARCHAR NOT NULL,          -- the channel or video being collected
                state VARCHAR NOT NULL,           -- JSON: next page token, what is complete; no secrets
                complete BOOLEAN NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (collector, target)
            )""",
            """CREATE TABLE accounts (
                platform VARCHAR NOT NULL,
                author_key VARCHAR NOT NULL,      -- documents.author_key (pseudonymised unless kept)
                source_id BIGINT NOT NULL,        -- the import or collection that saw it last
                observed_at TIMESTAMPTZ NOT NULL,
                created_at TIMESTAMPTZ,           -- when the account was created, where the platform says
                default_profile BOOLEAN,          -- no avatar or description of its own
                followers DOUBLE,
                name_features VARCHAR,            -- JSON: patterns of the name and handle, computed before
                                                  -- pseudonymisation (digits, length, ...); never the name itself
                meta VARCHAR,                     -- JSON
                PRIMARY KEY (platform, author_key)
            )""",
            "CREATE SEQUENCE event_id_seq START 1",
            """CREATE TABLE events (
                id BIGINT PRIMARY KEY DEFAULT nextval('event_id_seq'),
                event_key VARCHAR NOT NULL UNIQUE,  -- event_id_cnty, or 'local:' + hash for local monitors
                origin VARCHAR NOT NULL,          -- acled or local
                source_id BIGINT NOT NULL,        -- the import that wrote the current version
                event_id_cnty VARCHAR,
                event_date DATE NOT NULL,         -- the date as recorded (a calendar date, Asia/Almaty)
                year INTEGER,
                time_precision INTEGER,           -- ACLED: 1 day, 2 week, 3 month
                disorder_type VARCHAR,
                event_type VARCHAR NOT NULL,
                sub_event_type VARCHAR,
                actor1 VARCHAR,
                assoc_actor_1 VARCHAR,
                inter1 VARCHAR,
                actor2 VARCHAR,
                assoc_actor_2 VARCHAR,
                inter2 VARCHAR,
                interaction VARCHAR,
                civilian_targeting VARCHAR,
                iso INTEGER,
                region VARCHAR,                   -- ACLED's world region (Caucasus and Central Asia)
                country VARCHAR NOT NULL,
                admin1 VARCHAR NOT NULL,          -- as recorded
                admin2 VARCHAR,
                admin3 VARCHAR,
                location VARCHAR,
                latitude DOUBLE,
                longitude DOUBLE,
                geo_precision INTEGER,
                source VARCHAR,
                source_scale VARCHAR,
                notes VARCHAR,
                fatalities INTEGER,
                tags VARCHAR,
                "timestamp" BIGINT,               -- ACLED's last-modified time (Unix seconds)
                typology VARCHAR,                 -- local monitors: rally, single picket, road blockade, ...
                nature VARCHAR,                   -- local monitors: political, economic, social
                participants INTEGER,
                detained INTEGER,
                region_2022 VARCHAR,              -- code of the 2022 region (dauys.geo), NULL when unresolved
                region_method VARCHAR,            -- coordinates, place, admin1, or unresolved
                meta VARCHAR                      -- JSON: columns beyond the standard ones
            )""",
            "CREATE SEQUENCE shutdown_id_seq START 1",
            """CREATE TABLE shutdowns (
                id BIGINT PRIMARY KEY DEFAULT nextval('shutdown_id_seq'),
                source_id BIGINT NOT NULL,
                starts_at TIMESTAMPTZ NOT NULL,
                ends_at TIMESTAMPTZ,              -- NULL: still in force
                scope VARCHAR NOT NULL,           -- national, region, city
                region_2022 VARCHAR,              -- code of the 2022 region for regional and city scope
                place VARCHAR,                    -- the region or city as written
                service VARCHAR NOT NULL,         -- mobile internet, fixed internet, or a named platform
                source VARCHAR,
                notes VARCHAR
            )""",
            """CREATE TABLE populations (
                region_2022 VARCHAR NOT NULL,     -- code of the 2022 region
                year INTEGER NOT NULL,
                population DOUBLE NOT NULL,
                source_id BIGINT NOT NULL,        -- the import, whose ledger entry names the figures' source
                PRIMARY KEY (region_2022, year)
            )""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
