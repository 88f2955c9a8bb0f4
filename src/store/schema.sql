-- SPDX-License-Identifier: MIT
-- The qasid store: the schema of the SQLite database `qasid ingest` writes.
--
-- This file is the schema's documentation and its only definition: the build
-- embeds it into the library (src/store/schema.c). It is a list of
-- migrations, each starting with a line `-- @version N`. A new database runs
-- them all in order; an older one runs those above its PRAGMA user_version,
-- each in its own transaction. Never edit a released migration: append a new
-- one. A database with a version above the library's is refused.
--
-- Conventions:
-- * Offsets (start, end) are Unicode code points into article.text, end
--   exclusive, as in `qasid extract` JSON; SQLite's substr() counts code
--   points too, so substr(a.text, m.start + 1, m.end - m.start) is the span.
-- * Dates are ISO 8601 text: 'YYYY-MM-DD', or 'YYYY-MM' / 'YYYY' when only
--   that much is known (see date_precision).
-- * Text that is unknown is NULL, never ''.
-- * Rows that come from one article (sentences, entities, mentions, quotes,
--   event mentions) are deleted with it (ON DELETE CASCADE).

-- @version 1

-- Key-value facts about the store: 'created_by' (qasid version),
-- 'merge_window_days' (the event merging window the events were built with).
CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT
);

-- One row per `qasid ingest` run: what it read and what it added.
CREATE TABLE ingest_run (
	id INTEGER PRIMARY KEY,
	started TEXT NOT NULL,          -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
	finished TEXT,                  -- NULL while running or if it was killed
	qasid_version TEXT NOT NULL,
	args TEXT,                      -- the command line's inputs and options
	n_read INTEGER NOT NULL DEFAULT 0,   -- records read
	n_new INTEGER NOT NULL DEFAULT 0,    -- articles added
	n_dup INTEGER NOT NULL DEFAULT 0,    -- exact duplicates of stored articles
	n_failed INTEGER NOT NULL DEFAULT 0  -- records reported and skipped
);

-- An article, stored once whatever the number of copies read (see
-- article_copy). content_hash is SHA-256 of the UTF-8 bytes of
-- title || '\n\n' || text when there is a title, else of text alone, so
-- an exact copy under another id or URL is the same article.
CREATE TABLE article (
	id INTEGER PRIMARY KEY,
	ext_id TEXT,                    -- the input's "id" of the first copy read
	title TEXT,
	date TEXT,                      -- publication date as given (ISO 8601)
	source TEXT,
	url TEXT,
	author TEXT,
	site TEXT,
	lang TEXT,
	extra TEXT,                     -- other metadata fields, as a JSON object
	text TEXT NOT NULL,             -- the input text after UTF-8 repair
	content_hash BLOB NOT NULL UNIQUE,
	n_chars INTEGER NOT NULL,       -- code points in text
	n_tokens INTEGER NOT NULL,
	n_sentences INTEGER NOT NULL,
	-- Near duplicates: MinHash of the word 4-grams of the cleaned text
	-- (64 x 32-bit little-endian values). An article whose estimated
	-- Jaccard similarity with an earlier one reaches the threshold of the
	-- ingest (default 0.8) with an earlier article that starts a cluster
	-- points at the most similar such article (near_dup_of, near_dup_sim)
	-- and joins its cluster; an article with none starts a cluster of its
	-- own (cluster = its id), so count(DISTINCT cluster) counts independent
	-- stories. Only cluster heads have minhash_band rows.
	minhash BLOB,                   -- NULL when the text has no words
	near_dup_of INTEGER REFERENCES article(id),
	near_dup_sim REAL,
	cluster INTEGER NOT NULL,
	pipeline TEXT NOT NULL,         -- qasid version that processed it
	run_id INTEGER REFERENCES ingest_run(id),
	added TEXT NOT NULL             -- UTC time it was stored
);
CREATE INDEX article_ext_id ON article(ext_id);
CREATE INDEX article_date ON article(date);
CREATE INDEX article_cluster ON article(cluster);

-- Every record read whose content is an article: the first copy and each
-- exact duplicate (another id, source or URL). Reading the same record again
-- adds nothing: (article, ext_id, source, url) is unique, with '' for
-- missing values.
CREATE TABLE article_copy (
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	ext_id TEXT NOT NULL,
	source TEXT NOT NULL,
	url TEXT NOT NULL,
	title TEXT,                     -- as this copy gave it
	origin TEXT,                    -- where it was read: 'FILE' or 'FILE:LINE'
	run_id INTEGER REFERENCES ingest_run(id),
	PRIMARY KEY (article_id, ext_id, source, url)
) WITHOUT ROWID;
CREATE INDEX article_copy_ext_id ON article_copy(ext_id);

-- The LSH index of article.minhash: 16 bands of 4 values, each hashed to a
-- 64-bit key. Two articles sharing a key are candidate near duplicates.
CREATE TABLE minhash_band (
	key INTEGER NOT NULL,
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
CREATE INDEX minhash_band_article ON minhash_band(article_id);

-- Sentences of an article, in order, with the paragraph they belong to
-- (0-based).
CREATE TABLE sentence (
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	idx INTEGER NOT NULL,
	paragraph INTEGER NOT NULL,
	start INTEGER NOT NULL,
	end INTEGER NOT NULL,
	PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

-- Named entities of one article: local_id is the id in the article's JSON
-- ('E1'); type PER, ORG, LOC, MISC, NORP, ...; actor a CAMEO-style code
-- ('PAKGOV') when known.
CREATE TABLE entity (
	id INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	local_id TEXT NOT NULL,
	type TEXT NOT NULL,
	name TEXT NOT NULL,
	role TEXT,
	affiliation TEXT,
	actor TEXT,
	UNIQUE (article_id, local_id)
);
CREATE INDEX entity_name ON entity(name);
CREATE INDEX entity_actor ON entity(actor);

CREATE TABLE mention (
	entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
	start INTEGER NOT NULL,
	end INTEGER NOT NULL,
	PRIMARY KEY (entity_id, start)
) WITHOUT ROWID;

-- Quotes: kind direct, indirect, mixed or according_to; content, source
-- (the speaker's words in the text) and cue spans; speaker an entity of the
-- same article. content_text and speaker_name copy the text for search.
CREATE TABLE quote (
	id INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	local_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	start INTEGER NOT NULL,
	end INTEGER NOT NULL,
	source_start INTEGER,
	source_end INTEGER,
	cue_start INTEGER,
	cue_end INTEGER,
	cue TEXT,                       -- the cue verb's lemma: 'say', 'tell'
	speaker_id INTEGER REFERENCES entity(id) ON DELETE SET NULL,
	speaker_name TEXT,
	addressee TEXT,                 -- or medium: 'Voice of America'
	content_text TEXT NOT NULL,
	UNIQUE (article_id, local_id)
);
CREATE INDEX quote_speaker ON quote(speaker_id);

-- An event as reported by one article (what the event coder emits).
-- mode: asserted, threatened, intended, hypothetical, negated, demanded.
-- background = 1 when the article recalls it as past context. Only asserted,
-- non-background mentions merge with other articles' (see event).
CREATE TABLE event_mention (
	id INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
	local_id TEXT NOT NULL,
	event_id INTEGER REFERENCES event(id) ON DELETE SET NULL, -- NULL: not merged yet
	source_actor TEXT,              -- CAMEO-style actor codes
	target_actor TEXT,
	source_entity INTEGER REFERENCES entity(id) ON DELETE SET NULL,
	target_entity INTEGER REFERENCES entity(id) ON DELETE SET NULL,
	cameo TEXT NOT NULL,            -- '190', '1823', ...
	cameo_root TEXT NOT NULL,       -- its first two digits
	plover TEXT,
	mode TEXT NOT NULL DEFAULT 'asserted',
	background INTEGER NOT NULL DEFAULT 0,
	reported INTEGER NOT NULL DEFAULT 0,  -- 1 when it is reported speech
	quote_id INTEGER REFERENCES quote(id) ON DELETE SET NULL,
	date TEXT,
	date_precision TEXT,            -- day, week, month, year
	place TEXT,                     -- the most specific place named
	country TEXT,                   -- ISO 3166-1 alpha-3
	admin1 TEXT,
	lat REAL,
	lon REAL,
	start INTEGER NOT NULL,         -- the span it was coded from
	end INTEGER NOT NULL,
	UNIQUE (article_id, local_id)
);
CREATE INDEX event_mention_event ON event_mention(event_id);
CREATE INDEX event_mention_unmerged ON event_mention(id) WHERE event_id IS NULL;

-- Casualties an event mention reports: kind 'killed' or 'injured', a range
-- and a best estimate, and the side (an actor code) that suffered them.
CREATE TABLE casualty (
	mention_id INTEGER NOT NULL REFERENCES event_mention(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('killed', 'injured')),
	low INTEGER,
	best INTEGER NOT NULL,
	high INTEGER,
	side TEXT
);
CREATE INDEX casualty_mention ON casualty(mention_id);

-- An event across articles: mentions with the same source and target actor,
-- CAMEO root, country and place whose dates (the article's when the mention
-- has none) lie within the merging window of each other. Only asserted,
-- non-background mentions merge; any other mention is an event of its own
-- with its mode. The remaining columns are derived from the mentions and
-- recomputed whenever one is added:
--   cameo      the most frequent code (the most specific on a tie)
--   date_first, date_last   the range of mention dates
--   n_mentions, n_articles  mentions and distinct articles
--   n_stories  distinct article clusters (near duplicates count once)
--   n_sources  distinct source/site names over all copies of the articles
--   killed, injured  per side the largest best estimate any mention gives,
--                    summed over sides (see the view event_casualty)
CREATE TABLE event (
	id INTEGER PRIMARY KEY,
	mode TEXT NOT NULL,
	background INTEGER NOT NULL DEFAULT 0,
	source_actor TEXT,
	target_actor TEXT,
	cameo TEXT NOT NULL,
	cameo_root TEXT NOT NULL,
	plover TEXT,
	date_first TEXT,
	date_last TEXT,
	date_precision TEXT,
	place TEXT,
	country TEXT,
	admin1 TEXT,
	lat REAL,
	lon REAL,
	n_mentions INTEGER NOT NULL DEFAULT 0,
	n_articles INTEGER NOT NULL DEFAULT 0,
	n_stories INTEGER NOT NULL DEFAULT 0,
	n_sources INTEGER NOT NULL DEFAULT 0,
	killed INTEGER,
	injured INTEGER
);
CREATE INDEX event_key ON event(source_actor, target_actor, cameo_root, date_first);
CREATE INDEX event_date ON event(date_first);

-- Per event, kind and side: the largest estimates any of its mentions gives.
CREATE VIEW event_casualty AS
SELECT m.event_id AS event_id, c.kind AS kind, c.side AS side,
       max(c.low) AS low, max(c.best) AS best, max(c.high) AS high,
       count(*) AS n_reports
FROM casualty c JOIN event_mention m ON m.id = c.mention_id
WHERE m.event_id IS NOT NULL
GROUP BY m.event_id, c.kind, c.side;

-- Full-text search over article titles and texts, and over quotes
-- (external-content FTS5 tables kept in step by the triggers below).
CREATE VIRTUAL TABLE article_fts USING fts5(
	title, text, content='article', content_rowid='id');
CREATE TRIGGER article_fts_ins AFTER INSERT ON article BEGIN
	INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER article_fts_del AFTER DELETE ON article BEGIN
	INSERT INTO article_fts(article_fts, rowid, title, text)
	VALUES ('delete', old.id, old.title, old.text);
END;

CREATE VIRTUAL TABLE quote_fts USING fts5(
	content_text, speaker_name, content='quote', content_rowid='id');
CREATE TRIGGER quote_fts_ins AFTER INSERT ON quote BEGIN
	INSERT INTO quote_fts(rowid, content_text, speaker_name)
	VALUES (new.id, new.content_text, new.speaker_name);
END;
CREATE TRIGGER quote_fts_del AFTER DELETE ON quote BEGIN
	INSERT INTO quote_fts(quote_fts, rowid, content_text, speaker_name)
	VALUES ('delete', old.id, old.content_text, old.speaker_name);
END;
