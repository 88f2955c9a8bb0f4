/* SPDX-License-Identifier: MIT */
/*
 * qasid: news articles in, sourced event data out.
 *
 * This is the only public header. Every symbol starts qasid_ or QASID_.
 *
 * Memory: a qasid_doc owns everything produced while processing it. Every
 * pointer returned by a qasid_doc_* accessor is owned by the document and
 * stays valid until qasid_doc_reset or qasid_doc_free, unless said otherwise.
 * All heap memory goes through the allocator set with qasid_set_allocator.
 *
 * Errors: fallible functions return QASID_OK (0) or a negative QASID_E* code;
 * qasid_strerror turns a code into text. Functions that take a qasid_err fill
 * it with a message and the place of the problem. The library never prints
 * and never exits.
 *
 * Offsets: inside the library, spans are byte offsets into the cleaned text,
 * end exclusive. qasid_doc_input_span maps them back to the input text, and
 * the JSON writer converts them to Unicode code points of the input text, the
 * unit a Python user slices by.
 */
#ifndef QASID_H
#define QASID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QASID_VERSION "0.1.0"

/* Status codes. */
enum {
	QASID_OK = 0,
	QASID_ENOMEM = -1,  /* out of memory */
	QASID_EIO = -2,     /* read or write failed */
	QASID_EFORMAT = -3, /* input is not in the expected format */
	QASID_EMODEL = -4,  /* model file missing, corrupt or wrong version */
	QASID_EINVAL = -5,  /* invalid argument */
	QASID_EDB = -6,     /* database error */
	QASID_ETOOBIG = -7  /* input larger than the configured limit */
};

/* Returns a static string describing code. */
const char *qasid_strerror(int code);

/* Where and what went wrong: filled by functions that take one. */
typedef struct qasid_err {
	int code;
	long line;      /* 1-based line or record number, 0 if none */
	char msg[256];
} qasid_err;

/*
 * Allocator hook, in the manner of lua_Alloc: realloc(ptr, size) semantics,
 * with size 0 meaning free. Returning NULL for size > 0 is an allocation
 * failure, which the library reports as QASID_ENOMEM. Passing NULL restores
 * the C library allocator. Not thread-safe: set it before any other call.
 */
typedef void *(*qasid_alloc_fn)(void *ud, void *ptr, size_t size);
void qasid_set_allocator(qasid_alloc_fn fn, void *ud);

/* A byte range [start, end) of the cleaned text. */
typedef struct qasid_span {
	uint32_t start;
	uint32_t end;
} qasid_span;

/* A sentence: its span and its tokens [first_token, first_token + n_tokens). */
typedef struct qasid_sentence {
	qasid_span span;
	uint32_t first_token;
	uint32_t n_tokens;
} qasid_sentence;

/* Kinds of soft problems recorded on a document. */
typedef enum qasid_diag_kind {
	QASID_DIAG_UTF8 = 1,      /* invalid UTF-8 replaced by U+FFFD */
	QASID_DIAG_NUL,           /* NUL byte replaced by a space */
	QASID_DIAG_DEBRIS,        /* scraping debris dropped from the text */
	QASID_DIAG_GLUE,          /* glued words split */
	QASID_DIAG_FIELD,         /* a metadata field was unusable and ignored */
	QASID_DIAG_TRUNCATED      /* more diagnostics than the cap; the rest dropped */
} qasid_diag_kind;

/*
 * A soft problem. span is in input bytes (the span of the input text it
 * concerns); what is a short static description.
 */
typedef struct qasid_diag {
	qasid_diag_kind kind;
	qasid_span input;
	const char *what;
} qasid_diag;

/* Metadata fields of an article. */
typedef enum qasid_field {
	QASID_FIELD_ID = 0,
	QASID_FIELD_TITLE,
	QASID_FIELD_DATE,
	QASID_FIELD_SOURCE,
	QASID_FIELD_URL,
	QASID_FIELD_AUTHOR, /* byline: one name, or several joined by ", " */
	QASID_FIELD_SITE,   /* the publication's or site's name */
	QASID_FIELD_LANG,   /* language tag as declared, e.g. "en" or "en-US" */
	QASID_N_FIELDS
} qasid_field;

/* The field's name as used in JSON ("id", "title", ...), or NULL. */
const char *qasid_field_name(qasid_field f);

/* Processing options; fill with qasid_options_default, then change fields. */
typedef struct qasid_options {
	int nfc;          /* Unicode NFC (default 1) */
	int normalize;    /* quote, dash and space normalisation (default 1) */
	int debris;       /* drop scraping debris (default 1) */
	int glue;         /* split glued words (default 1) */
	int quotes;       /* entities and quotes after tokenization (default 1) */
	size_t max_diags; /* cap on diagnostics per document (default 100) */
	/* Taggers (see "Taggers" below), borrowed: NULL (the default) skips one. */
	const struct qasid_model *pos_model;
	const struct qasid_model *ner_model;
	/* The dependency parser (see "Parser" below), borrowed; needs pos_model. */
	const struct qasid_parser *parser;
	/*
	 * Event coding (see "Events" below), borrowed: runs when verbs and
	 * actors are set and the parser ran. gazetteer may be NULL (no places).
	 */
	const struct qasid_verbs *verbs;
	const struct qasid_actors *actors;
	const struct qasid_gazetteer *gazetteer;
	unsigned event_flags; /* QASID_EVENTS_* (default 0) */
	/*
	 * Parse every sentence (default 1). 0, when events are coded: only the
	 * sentences where the event lexicon knows a word as a verb or noun (the
	 * others cannot hold an event: their tokens get head -1 and rel "", not
	 * a tree), which gives the same events for less work.
	 */
	int parse_all;
	/*
	 * The quote stage's learned model (see qasid_quote_model), borrowed, or
	 * NULL (the default): the rules alone. With parse_all 0 the parser also
	 * takes the sentences holding a word the model has seen heading a cue.
	 */
	const struct qasid_quote_model *quote_model;
} qasid_options;

void qasid_options_default(qasid_options *opt);

typedef struct qasid_doc qasid_doc;

/* Creates an empty document. Free it with qasid_doc_free. */
int qasid_doc_new(qasid_doc **out);
void qasid_doc_free(qasid_doc *doc);
/* Empties a document for reuse, keeping its memory. */
void qasid_doc_reset(qasid_doc *doc);

/*
 * Sets the input text (len bytes, need not be NUL-terminated; copied).
 * Invalid UTF-8 is replaced by U+FFFD and NUL bytes by spaces, each noted as
 * a diagnostic. The repaired text is the document's input text: the text
 * output offsets refer to.
 */
int qasid_doc_set_text(qasid_doc *doc, const char *text, size_t len);
/* Sets a metadata field (copied; invalid UTF-8 repaired). */
int qasid_doc_set_field(qasid_doc *doc, qasid_field f, const char *val, size_t len);
/* A metadata field, or NULL when unset. */
const char *qasid_doc_field(const qasid_doc *doc, qasid_field f);

/*
 * Runs the pipeline on the document's text: cleaning, tokenization, sentence
 * splitting. opt may be NULL for the defaults.
 */
int qasid_process(qasid_doc *doc, const qasid_options *opt, qasid_err *err);

/* The input text (repaired UTF-8, NUL-terminated) and the cleaned text. */
const char *qasid_doc_input(const qasid_doc *doc, size_t *len);
const char *qasid_doc_text(const qasid_doc *doc, size_t *len);

/* Maps a span of the cleaned text to the span of input text it came from. */
qasid_span qasid_doc_input_span(const qasid_doc *doc, qasid_span clean);
/* Code point index of an input byte offset (which must be a char boundary). */
uint32_t qasid_doc_input_cp(const qasid_doc *doc, uint32_t input_byte);

size_t qasid_doc_n_tokens(const qasid_doc *doc);
const qasid_span *qasid_doc_tokens(const qasid_doc *doc);
size_t qasid_doc_n_sentences(const qasid_doc *doc);
const qasid_sentence *qasid_doc_sentences(const qasid_doc *doc);
size_t qasid_doc_n_paragraphs(const qasid_doc *doc);
const qasid_span *qasid_doc_paragraphs(const qasid_doc *doc);
size_t qasid_doc_n_diags(const qasid_doc *doc);
const qasid_diag *qasid_doc_diags(const qasid_doc *doc);

/* Output: bytes go to a writer callback, which returns 0 on success. */
typedef int (*qasid_write_fn)(void *ud, const char *bytes, size_t len);

enum {
	QASID_JSON_PRETTY = 1 << 0, /* indented, for people; else one line */
	QASID_JSON_TOKENS = 1 << 1  /* include the token list */
};

/*
 * Writes the document as one JSON object (no trailing newline). Spans are
 * Unicode code point offsets into the input text. Returns QASID_EIO if the
 * writer fails.
 */
int qasid_doc_write_json(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud);
/* Writes a readable plain-text summary of the document. */
int qasid_doc_write_text(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud);

/*
 * JSON Lines records: parses one line {"id","title","date","source","url",
 * "text"} into doc (reset first). Only "text" is required. On a malformed
 * line returns QASID_EFORMAT with err->msg saying why.
 */
int qasid_doc_from_jsonl(qasid_doc *doc, const char *line, size_t len, qasid_err *err);

/* ------------------------------------------------------------------------
 * The store: a corpus of articles with their entities, quotes and events in
 * an SQLite database (WAL, foreign keys, full-text search). The schema is
 * documented in src/store/schema.sql; offsets stored there are Unicode code
 * points into the article's input text, as in the JSON output.
 *
 * Threads: a qasid_store is used by one thread at a time. Several stores
 * (one writer, any number of QASID_STORE_READONLY readers) may be open on
 * the same file at once, from threads or processes.
 */

/* The schema version this library writes (PRAGMA user_version). */
#define QASID_STORE_SCHEMA 1
/* MinHash values per article (near-duplicate detection). */
#define QASID_MINHASH_K 64

/*
 * What identifies an article's content: sha256 of the UTF-8 title, "\n\n"
 * and the input text (the text alone when there is no title), and the
 * MinHash of the word 4-grams of its cleaned text (has_minhash is 0 when the
 * document has no words or has not been processed).
 */
typedef struct qasid_fingerprint {
	uint8_t sha256[32];
	uint32_t minhash[QASID_MINHASH_K];
	int has_minhash;
} qasid_fingerprint;

/* Fills fp->sha256 only: cheap, and valid before qasid_process. */
void qasid_doc_content_hash(const qasid_doc *doc, uint8_t sha256[32]);
/* Fills all of fp from a processed document. Thread-safe; no allocation. */
void qasid_doc_fingerprint(const qasid_doc *doc, qasid_fingerprint *fp);
/* Estimated Jaccard similarity of two fingerprints' word 4-grams, 0 to 1. */
double qasid_fingerprint_similarity(const qasid_fingerprint *a, const qasid_fingerprint *b);

typedef struct qasid_store qasid_store;

enum {
	QASID_STORE_READONLY = 1 << 0 /* open an existing store for reading */
};

/*
 * Opens (creating it if needed, unless READONLY) the store at path and
 * brings its schema up to QASID_STORE_SCHEMA, each migration in its own
 * transaction. A store written by a newer qasid is refused (QASID_EDB, with
 * both versions in err). Close it with qasid_store_close.
 *
 * path is an SQLite file, or a PostgreSQL database named by a libpq URL,
 * postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]
 * (postgres:// too), which must exist; the tables are created in its
 * current schema. Several processes may write to one PostgreSQL store at
 * once: their batches take turns.
 */
int qasid_store_open(qasid_store **out, const char *path, unsigned flags, qasid_err *err);
/* Finalizes every statement and closes the database. NULL is allowed. */
int qasid_store_close(qasid_store *st);
/* 1 when path names a database server (a postgresql:// URL), not a file. */
int qasid_store_is_server(const char *path);

/* Settings of an ingest; qasid_store_settings_default fills the defaults. */
typedef struct qasid_store_settings {
	double near_dup;  /* link articles whose similarity reaches this (0.8) */
	int merge_window; /* days between reports of one event (1) */
} qasid_store_settings;

void qasid_store_settings_default(qasid_store_settings *s);
/*
 * Applies s to later additions. A merge window different from the one the
 * store's events were built with makes the next qasid_store_commit re-merge
 * every event.
 */
int qasid_store_configure(qasid_store *st, const qasid_store_settings *s, qasid_err *err);

/*
 * Records an ingest run (args: the command line, for the record). Counts of
 * the run are kept up to date at each commit, so a run that was killed still
 * shows what it added; qasid_store_run_finish stamps it finished and folds
 * the write-ahead log into the database file (best effort).
 */
int qasid_store_run_start(qasid_store *st, const char *args, qasid_err *err);
int qasid_store_run_finish(qasid_store *st, long n_read, long n_failed, qasid_err *err);

/*
 * Batches: qasid_store_add calls between begin and commit form one
 * transaction, so a crash loses at most the batch in progress and never
 * leaves half an article. commit also merges the batch's new event
 * mentions into events. rollback abandons the batch.
 */
int qasid_store_begin(qasid_store *st, qasid_err *err);
int qasid_store_commit(qasid_store *st, qasid_err *err);
void qasid_store_rollback(qasid_store *st);

/* What qasid_store_add did. */
typedef enum qasid_added_kind {
	QASID_ADDED_NEW = 1, /* a new article */
	QASID_ADDED_COPY,    /* an exact duplicate of a stored article, from another record */
	QASID_ADDED_SEEN     /* this very record (id, source, url) was stored before */
} qasid_added_kind;

typedef struct qasid_added {
	qasid_added_kind kind;
	int64_t article;     /* the article's row id */
	int64_t near_dup_of; /* for a new article: its nearest earlier near duplicate, or 0 */
	double near_dup_sim;
} qasid_added;

/*
 * Stores doc (processed, unless its content is already stored) with its
 * fingerprint; origin says where it was read ("FILE:LINE"), may be NULL.
 * Must be inside a batch. Idempotent: adding the same record again adds
 * nothing (QASID_ADDED_SEEN).
 */
int qasid_store_add(qasid_store *st, const qasid_doc *doc, const qasid_fingerprint *fp,
                    const char *origin, qasid_added *out, qasid_err *err);
/* Sets *article to the row id of the article with this content hash, or 0. */
int qasid_store_find(qasid_store *st, const uint8_t sha256[32], int64_t *article, qasid_err *err);

/*
 * Merges event mentions not yet in an event (all of them, after deleting
 * every event, when rebuild is set); see the event table in schema.sql.
 * qasid_store_commit calls it; call it inside a batch.
 */
int qasid_store_merge_events(qasid_store *st, int rebuild, qasid_err *err);

/* Row counts of the main tables. */
typedef struct qasid_store_stats {
	int64_t articles, copies, near_dups, clusters, sentences, entities, mentions, quotes,
		event_mentions, events, runs;
} qasid_store_stats;

int qasid_store_stats_get(qasid_store *st, qasid_store_stats *s, qasid_err *err);

/* Questions to the store. */
typedef enum qasid_query {
	QASID_QUERY_ARTICLES = 1, /* articles, in the order they were stored */
	QASID_QUERY_EVENTS,       /* events across articles, with their counts */
	QASID_QUERY_MENTIONS,     /* event mentions: one per article reporting an event */
	QASID_QUERY_QUOTES,
	QASID_QUERY_ENTITIES,     /* entities by name and type over the articles */
	QASID_QUERY_TIMELINE,     /* events per period and CAMEO root (or PLOVER) */
	QASID_QUERY_SPANS         /* one article's marked spans, in text order */
} qasid_query;

/*
 * Filters: NULL (or 0) means no filter. Values are checked: a malformed one
 * gives QASID_EINVAL with err->msg naming it; none ever reaches SQL as text.
 */
typedef struct qasid_filter {
	const char *actor;   /* actor code prefix, either side ("PAK" matches PAKGOV) */
	const char *actor2;  /* with actor: the other side of the dyad, either way */
	const char *source;  /* source actor code prefix */
	const char *target;  /* target actor code prefix */
	const char *speaker; /* quotes: words of the speaker's name */
	const char *name;    /* entities: words of the name */
	const char *type;    /* events: CAMEO code prefix ("19") or PLOVER type
	                        ("ASSAULT"); entities: PER, ORG, LOC, ... */
	const char *mode;    /* asserted, threatened, intended, hypothetical, negated, demanded */
	const char *country; /* ISO 3166-1 alpha-3 */
	const char *place;   /* words of the place name */
	const char *from;    /* dates YYYY[-MM[-DD]], inclusive */
	const char *to;
	const char *text;    /* full-text search: words, "a phrase", prefix* */
	const char *article; /* an article's id as given, or #ROWID */
	const char *by;      /* timeline: day, week (starting Monday), month, year */
	int plover;          /* timeline: by PLOVER type rather than CAMEO root */
	int dups;            /* articles: only near duplicates */
	long limit;          /* at most this many rows; 0 for all */
} qasid_filter;

typedef enum qasid_value_type {
	QASID_VAL_NULL = 0,
	QASID_VAL_INT,
	QASID_VAL_REAL,
	QASID_VAL_TEXT,
	QASID_VAL_JSON /* text that is a JSON value */
} qasid_value_type;

typedef struct qasid_value {
	qasid_value_type type;
	int64_t i;
	double r;
	const char *s; /* TEXT and JSON: NUL-terminated, len bytes */
	size_t len;
} qasid_value;

/*
 * Called once per result row with n columns; names and values are valid
 * during the call only. A non-zero return stops the query, which then
 * returns QASID_EIO.
 */
typedef int (*qasid_row_fn)(void *ud, size_t n, const char *const *names, const qasid_value *vals);

int qasid_store_query(qasid_store *st, qasid_query q, const qasid_filter *f, qasid_row_fn fn,
                      void *ud, qasid_err *err);

/*
 * Exports to w:
 *   "jsonl"   one JSON object per line: with what = "articles" (default) the
 *             full record of each article (metadata, text, sentences,
 *             entities, quotes, event mentions, duplicates); "events": each
 *             event with its sources; also "mentions", "quotes", "entities"
 *   "csv"     the same rows as CSV with a header (nested lists as JSON text)
 *   "gdelt"   events in the 61 tab-separated columns of the GDELT 2.0 event
 *             table, no header; columns qasid cannot fill are blank
 *   "acled"   events as ACLED-style CSV: date, type, actors, place,
 *             coordinates, fatalities, notes with the source sentence
 *   "graphml" the actor network: actors as nodes, one edge per source,
 *             target and CAMEO root, weighted by its number of events
 * Filters apply as in qasid_store_query. Unknown format or what:
 * QASID_EINVAL. "gdelt", "acled" and "graphml" write the same bytes from an
 * SQLite or a PostgreSQL store (ACLED's timestamp is the time of the export).
 */
int qasid_store_export(qasid_store *st, const char *format, const char *what,
                       const qasid_filter *f, qasid_write_fn w, void *ud, qasid_err *err);

/*
 * Writes a query's rows: "jsonl" (one object per row, JSON columns
 * embedded) or "csv" (RFC 4180 with a header row). For the CLI and exports.
 */
int qasid_store_write_rows(qasid_store *st, qasid_query q, const qasid_filter *f,
                           const char *format, qasid_write_fn w, void *ud, qasid_err *err);

/*
 * Taggers: part of speech and named entities (src/tag, src/model).
 *
 * A model is loaded once from a .qm file and is then immutable: one model can
 * serve any number of documents and threads. qasid_process runs the taggers
 * named in qasid_options (pos_model, ner_model) after tokenization.
 */
typedef enum qasid_task {
	QASID_TASK_ANY = 0,
	QASID_TASK_POS = 1, /* UPOS and Penn Treebank XPOS, trained on UD English EWT */
	QASID_TASK_NER = 2, /* PER, ORG, LOC, MISC, trained on CoNLL-2003 */
	QASID_TASK_PARSE = 3, /* dependency trees (a qasid_parser, not a qasid_model) */
	QASID_TASK_QUOTE = 4  /* quote cues and roles (a qasid_quote_model) */
} qasid_task;

typedef struct qasid_model qasid_model;

/*
 * Loads and checks a model file (magic, version, task, offsets, checksum).
 * task QASID_TASK_ANY accepts any task. On failure returns QASID_EMODEL (or
 * QASID_ENOMEM) with err->msg "PATH: what is wrong". Free with qasid_model_free.
 */
int qasid_model_load(qasid_model **out, const char *path, qasid_task task, qasid_err *err);
int qasid_model_save(const qasid_model *m, const char *path, qasid_err *err);
void qasid_model_free(qasid_model *m);
qasid_task qasid_model_task(const qasid_model *m);
/* Writes a readable description: header, settings, labels, feature counts. */
int qasid_model_dump(const qasid_model *m, qasid_write_fn w, void *ud);

/*
 * Part-of-speech tags of one token: UPOS and XPOS, NUL-terminated; and the
 * word's cluster from the POS model's word clusters (the path's length << 27
 * | its first 27 bits; 0 when the word has none), for later stages.
 */
typedef struct qasid_pos {
	char upos[8];
	char xpos[8];
	uint32_t cluster;
} qasid_pos;

/* Tags of each token (qasid_doc_n_tokens of them), or NULL when no POS model ran. */
const qasid_pos *qasid_doc_pos(const qasid_doc *doc);

/* A named-entity mention: tokens [first_token, first_token + n_tokens). */
typedef struct qasid_mention {
	qasid_span span; /* cleaned-text bytes, from the first token's start to the last's end */
	uint32_t first_token;
	uint32_t n_tokens;
	char type[8]; /* PER, ORG, LOC, MISC */
} qasid_mention;

size_t qasid_doc_n_mentions(const qasid_doc *doc);
const qasid_mention *qasid_doc_mentions(const qasid_doc *doc);

/*
 * Entities (src/entity): the mentions of one person, group or place across
 * the article clustered into one entity: named mentions from the tagger
 * ("Khawaja Muhammad Asif", "Asif"), acronyms with their expansion, titles,
 * pronouns and nominal phrases ("a senior official") that name a quote's
 * speaker. qasid_process finds them after tagging (names need the NER model;
 * without it only speakers of quotes become entities).
 */
typedef enum qasid_mention_kind {
	QASID_MENTION_NAME = 1, /* a name as the tagger found it */
	QASID_MENTION_PRONOUN,  /* he, she, they, ... */
	QASID_MENTION_NOMINAL   /* a noun phrase: "the minister", "a senior official" */
} qasid_mention_kind;

typedef struct qasid_entity_mention {
	qasid_span span;   /* cleaned-text bytes */
	uint32_t entity;   /* index into qasid_doc_entities */
	qasid_mention_kind kind;
} qasid_entity_mention;

typedef struct qasid_entity {
	char type[8];            /* PER, ORG, LOC, MISC */
	const char *name;        /* canonical name (the longest name mention) */
	const char *role;        /* "Defense Minister", from a title or apposition; or NULL */
	const char *affiliation; /* "Pakistan", "the National Resistance Front"; or NULL */
	int unnamed;             /* 1 for an unnamed source ("a senior official") */
	uint32_t n_mentions;
	const uint32_t *mentions; /* indices into qasid_doc_entity_mentions, in text order */
} qasid_entity;

size_t qasid_doc_n_entities(const qasid_doc *doc);
const qasid_entity *qasid_doc_entities(const qasid_doc *doc);
size_t qasid_doc_n_entity_mentions(const qasid_doc *doc);
const qasid_entity_mention *qasid_doc_entity_mentions(const qasid_doc *doc);

/*
 * Quotes (src/quote): direct, indirect and mixed reported speech, each with
 * its content, the cue (the verb or phrase: "said", "according to", ":"),
 * the source (the mention naming the speaker) and the speaker and addressee
 * entities. An empty span (start == end) means none; a split quote
 * ("...," he said, "...") has several content parts.
 */
typedef enum qasid_quote_kind {
	QASID_QUOTE_DIRECT = 1, /* in quote marks */
	QASID_QUOTE_INDIRECT,   /* reported: X said (that) ... */
	QASID_QUOTE_MIXED       /* reported, with quoted words inside */
} qasid_quote_kind;

#define QASID_QUOTE_MAX_PARTS 8

typedef struct qasid_quote {
	qasid_quote_kind kind;
	uint32_t n_parts;
	qasid_span content[QASID_QUOTE_MAX_PARTS]; /* in text order */
	qasid_span cue;
	qasid_span source;
	qasid_span addressee_span; /* "The Media Line" in "told The Media Line" */
	int32_t speaker;           /* entity index, or -1 */
	int32_t addressee;         /* entity index, or -1 */
} qasid_quote;

size_t qasid_doc_n_quotes(const qasid_doc *doc);
const qasid_quote *qasid_doc_quotes(const qasid_doc *doc);
/*
 * Finds entities and quotes in a tokenized (and preferably tagged) document,
 * replacing earlier ones. qasid_process calls it last; call it again after
 * tagging a document with qasid_doc_tag yourself.
 */
int qasid_doc_quotes_find(qasid_doc *doc, qasid_err *err);

/*
 * The learned cue and role model of the quote stage (models/quote-en.qm,
 * task QUO1; trained by qasid train quotes on PolNeAR train). With it, and a
 * parsed document, the quote stage also reports attributions the rules do
 * not cover: any verb, noun or adjective the model takes for a cue, with
 * the content and source it picks among the spans of the tree around it.
 * Loaded once, then immutable (shared by threads); free with
 * qasid_quote_model_free. qasid_options.quote_model borrows it.
 */
typedef struct qasid_quote_model qasid_quote_model;

int qasid_quote_model_load(qasid_quote_model **out, const char *path, qasid_err *err);
void qasid_quote_model_free(qasid_quote_model *m);
/* The info line written when it was trained (owned by m). */
const char *qasid_quote_model_info(const qasid_quote_model *m);
/* What the file holds (task, info line, threshold, weight counts) as text, for qasid model dump. */
int qasid_quote_model_dump(const qasid_quote_model *m, qasid_write_fn w, void *ud);
/* qasid_doc_quotes_find with the learned model (qm may be NULL: the rules alone). */
int qasid_doc_quotes_find_with(qasid_doc *doc, const qasid_quote_model *qm, qasid_err *err);

/*
 * Training the quote model. Each gold attribution is given as lists of
 * token indices (into qasid_doc_tokens) of its cue, content and source
 * (n_source 0 when it has none). Documents must be tagged and parsed in
 * full (qasid_options.parse_all 1). qasid_quote_trainer_save trains both
 * perceptrons with the options o and writes the model file, with the words
 * for which qasid_process parses a sentence when parse_all is 0; report
 * (may be NULL) receives a one-line summary.
 */
typedef struct qasid_quote_gold {
	const uint32_t *cue, *content, *source;
	uint32_t n_cue, n_content, n_source;
} qasid_quote_gold;

typedef struct qasid_quote_trainer qasid_quote_trainer;

int qasid_quote_trainer_new(qasid_quote_trainer **out);
int qasid_quote_trainer_add(qasid_quote_trainer *t, const qasid_doc *doc,
                            const qasid_quote_gold *gold, size_t n_gold, qasid_err *err);
typedef struct qasid_quote_train_opts {
	int epochs;          /* passes over the data (default 10) */
	double prune;        /* drop averaged weights below this (default 0.05) */
	double thr;          /* a cue's yes score must pass its no score by this (default 0) */
	uint32_t vocab_min;  /* a word is parsed for when it headed this many cues (default 2) */
	double vocab_rate;   /* ... in at least this percent of its uses (default 5) */
	int bags;            /* models over other shuffles, averaged (default 1) */
} qasid_quote_train_opts;

void qasid_quote_train_defaults(qasid_quote_train_opts *o);
int qasid_quote_trainer_save(qasid_quote_trainer *t, const qasid_quote_train_opts *o,
                             const char *path, char *report, size_t report_cap, qasid_err *err);
void qasid_quote_trainer_free(qasid_quote_trainer *t);

/* Runs the taggers on a tokenized document (either model may be NULL). */
int qasid_doc_tag(qasid_doc *doc, const qasid_model *pos, const qasid_model *ner, qasid_err *err);

/*
 * Corpora in CoNLL formats, for training, tagging and scoring. For
 * QASID_TASK_POS, CoNLL-U (gold tokens; UPOS in column 4, XPOS in column 5);
 * for QASID_TASK_NER, CoNLL-2003 columns (the token first, the gold tag last
 * when there are two columns or more, IOB1 or IOB2; -DOCSTART- lines split
 * documents, blank lines sentences).
 */
typedef struct qasid_corpus qasid_corpus;

int qasid_corpus_read(qasid_corpus **out, qasid_task task, const char *path, qasid_err *err);
void qasid_corpus_free(qasid_corpus *c);
size_t qasid_corpus_n_tokens(const qasid_corpus *c);
size_t qasid_corpus_n_sentences(const qasid_corpus *c);
/* Whether every token has a gold tag (needed to train or score). */
int qasid_corpus_has_gold(const qasid_corpus *c);
/* Predicts tags for every token with m (of the corpus's task). */
int qasid_corpus_tag(qasid_corpus *c, const qasid_model *m, qasid_err *err);

/* Tag schemes for writing NER predictions. */
typedef enum qasid_scheme { QASID_IOB1 = 0, QASID_IOB2, QASID_BILOU } qasid_scheme;

/*
 * Writes the corpus back with its predictions: CoNLL-U with columns 4 and 5
 * replaced, or CoNLL-2003 lines with the predicted tag appended as a last
 * column (space-separated). Lines without tokens are written unchanged.
 */
int qasid_corpus_write(const qasid_corpus *c, qasid_scheme scheme, qasid_write_fn w, void *ud);

/* Scores of predictions against gold tags. */
typedef struct qasid_prf {
	char type[8]; /* entity type, or "all" */
	size_t n_gold, n_pred, n_correct;
	double precision, recall, f1; /* percent */
} qasid_prf;

typedef struct qasid_score {
	qasid_task task;
	size_t n_tokens;
	double accuracy;  /* POS: UPOS accuracy; NER: token accuracy (IOB1 tags), percent */
	double accuracy2; /* POS: XPOS accuracy, percent */
	double both;      /* POS: UPOS and XPOS both right, percent */
	qasid_prf all;    /* NER: entity-level exact match, scored as conlleval does */
	size_t n_types;
	qasid_prf types[8];
} qasid_score;

int qasid_corpus_score(const qasid_corpus *c, qasid_score *s, qasid_err *err);

/*
 * Training. Every option is declared once, in the table qasid_train_options
 * returns (name, default, help); values are given as text by name.
 */
typedef struct qasid_train_option {
	const char *name;
	const char *arg;  /* what the value is: "N", "X", "FILE" */
	const char *def;  /* default, as text; NULL for none */
	const char *help;
} qasid_train_option;

/* The options of task, ending with a NULL name. */
const qasid_train_option *qasid_train_options(qasid_task task);

typedef struct qasid_trainer qasid_trainer;

int qasid_trainer_new(qasid_trainer **out, qasid_task task);
void qasid_trainer_free(qasid_trainer *t);
/* Sets an option from text; QASID_EINVAL with a message when bad. */
int qasid_trainer_set(qasid_trainer *t, const char *name, const char *value, qasid_err *err);

/* Told one line of progress at a time (each epoch: scores, time). */
typedef void (*qasid_progress_fn)(void *ud, const char *line);

/*
 * Trains a model on train, choosing the epoch by its score on dev (which may
 * be NULL: then the last epoch is kept). Deterministic: the same data and
 * options give the same weights (the model's info line also records the
 * training time).
 */
int qasid_train(qasid_trainer *t, const qasid_corpus *train, const qasid_corpus *dev,
                qasid_progress_fn progress, void *ud, qasid_model **out, qasid_err *err);

/*
 * Parser: labelled dependency trees in the style of Universal Dependencies
 * (src/parse), trained on UD English EWT. It reads the words and the POS
 * tags, so a document is parsed after a POS model ran (qasid_process runs
 * qasid_options.parser after the taggers). Like a model, a parser is loaded
 * once and then immutable: any number of documents and threads can share it.
 */
typedef struct qasid_parser qasid_parser;

/* Loads and checks a parser model file (.qm, task DEP1). Free with qasid_parser_free. */
int qasid_parser_load(qasid_parser **out, const char *path, qasid_err *err);
int qasid_parser_save(const qasid_parser *p, const char *path, qasid_err *err);
void qasid_parser_free(qasid_parser *p);
/* Writes a readable description: header, relations, feature counts. */
int qasid_parser_dump(const qasid_parser *p, qasid_write_fn w, void *ud);
/* The relations it predicts ("nsubj", "obl:tmod", ...), owned by p. */
size_t qasid_parser_n_rels(const qasid_parser *p);
const char *qasid_parser_rel(const qasid_parser *p, size_t i);

/*
 * The syntactic head and relation of one token. head is the index of the
 * head token in the document's token list (qasid_doc_tokens), always in the
 * same sentence, or -1 for the sentence's root (rel "root"). Each sentence
 * is one tree: following heads from any token reaches its root.
 */
typedef struct qasid_dep {
	int32_t head;
	char rel[24]; /* universal relation with its subtype, NUL-terminated */
} qasid_dep;

/*
 * Parses every sentence of a tagged document (qasid_doc_pos not NULL, else
 * QASID_EINVAL). Tokens outside any sentence are parsed as sentences of
 * their own.
 */
int qasid_doc_parse(qasid_doc *doc, const qasid_parser *p, qasid_err *err);
/*
 * The same for the sentences want(doc, first token, number of tokens, ud)
 * says yes to; the tokens of the others get head -1 and rel "".
 */
int qasid_doc_parse_some(qasid_doc *doc, const qasid_parser *p,
                         int (*want)(const qasid_doc *doc, uint32_t first, uint32_t n,
                                     void *ud),
                         void *ud, qasid_err *err);
/* The tree: one entry per token (qasid_doc_n_tokens), or NULL when no parser ran. */
const qasid_dep *qasid_doc_deps(const qasid_doc *doc);

/*
 * Parsing CoNLL-U corpora (read as QASID_TASK_POS corpora, gold tokens).
 * qasid_corpus_parse tags c with the POS model pos, then parses it;
 * qasid_corpus_write_parse writes it back with predicted UPOS, XPOS, HEAD and
 * DEPREL (columns 4, 5, 7, 8); qasid_corpus_score_parse counts, over all
 * tokens, punctuation included (as the CoNLL 2018 shared task does), heads
 * right (UAS) and heads and relations right (LAS, the relation compared
 * whole, subtype included).
 */
int qasid_corpus_parse(qasid_corpus *c, const qasid_model *pos, const qasid_parser *p,
                       qasid_err *err);
int qasid_corpus_write_parse(const qasid_corpus *c, qasid_write_fn w, void *ud);

typedef struct qasid_parse_score {
	size_t n_tokens, n_head, n_labelled;
	double uas, las; /* percent */
} qasid_parse_score;

int qasid_corpus_score_parse(const qasid_corpus *c, qasid_parse_score *s, qasid_err *err);

/* Training options of the parser; qasid_parser_train_defaults fills them. */
typedef struct qasid_parser_train_opts {
	int epochs;        /* passes over the training data (default 15) */
	int patience;      /* stop after this many epochs without a better dev LAS (default 4) */
	unsigned seed;     /* shuffling and exploration (default 1) */
	double prune;      /* drop averaged weights below this (default 0.05) */
	double explore;    /* dynamic oracle: follow the model's own wrong transitions with this
	                      probability from the second epoch on (default 0.9) */
	const char *clusters; /* Brown word clusters file, or NULL */
	int train_tagged;  /* train's own POS columns are predicted (jackknifed) tags: pos
	                      tags dev only */
	int beam;          /* 1 (default): greedy, trained with the dynamic oracle; 2 to 64: a
	                      beam of that width, trained globally (max-violation updates),
	                      which the model then parses with */
} qasid_parser_train_opts;

void qasid_parser_train_defaults(qasid_parser_train_opts *o);

/*
 * Trains a parser on train, choosing the epoch by its LAS on dev (which may be
 * NULL: the last epoch is kept). pos tags both corpora first (the parser
 * learns from predicted tags, as it will see them). Deterministic for the
 * same data and options; progress gets one line per epoch.
 */
int qasid_parser_train(const qasid_parser_train_opts *o, qasid_corpus *train, qasid_corpus *dev,
                       const qasid_model *pos, qasid_progress_fn progress, void *ud,
                       qasid_parser **out, qasid_err *err);

/*
 * HTML pages. qasid_doc_from_html resets doc, finds the article in the page
 * (len bytes) and makes its text the document's input text: headings,
 * paragraphs, list items and block quotes in reading order, blocks separated
 * by blank lines (list items by a newline). Navigation, menus, share
 * buttons, related-article lists, comments, cookie banners and ads are left
 * out, and so is the headline (it goes to the title field). Photo captions
 * and credits are left out of the text and recorded as QASID_DIAG_DEBRIS
 * diagnostics with an empty span where they stood and what = "caption: ...".
 * Metadata go to the fields title, date (YYYY-MM-DD), author, site, url and
 * lang, from JSON-LD, <meta> tags, <time> elements, <link rel=canonical>,
 * <html lang> and a date in the URL.
 *
 * charset is the encoding declared by the page's transport (the charset of
 * an HTTP Content-Type), or NULL; then a byte order mark or the page's own
 * declaration (<meta charset>, http-equiv, XML declaration) is honoured, and
 * an undeclared page is read as UTF-8, or as Windows-1252 when it is not
 * valid UTF-8. url is the page's address, or NULL. Returns QASID_EFORMAT
 * (err says why) when the page holds no article text: binary data, an
 * empty page, a page of nothing but links.
 */
int qasid_doc_from_html(qasid_doc *doc, const char *html, size_t len, const char *charset,
                        const char *url, qasid_err *err);

/*
 * Plain-text articles: sets the date field from a date written in the head of
 * the document's input text, as a story saved as text keeps it: a byline or
 * dateline among its first lines ("By Ayesha Rahman | April 9, 2023",
 * "Posted on 2023-04-09"), before the body's first paragraph. Lines that end
 * a sentence or are longer than a heading are not read. A date already set
 * is kept; the text is not changed. Returns QASID_OK, or QASID_ENOMEM.
 */
int qasid_doc_text_meta(qasid_doc *doc);

/*
 * Byte sources: reads up to n bytes into buf; returns the number read, 0 at
 * the end, or a negative QASID_E* code. QASID_EFORMAT from a source means
 * "some data was bad and skipped, go on reading"; any other error is final.
 */
typedef long (*qasid_read_fn)(void *ud, void *buf, size_t n);

/*
 * Compressed streams: gzip and zstd, told apart by their first bytes
 * (anything else passes through unchanged). Several gzip members or zstd
 * frames in a row, as in .warc.gz, read as one stream. Memory is bounded
 * whatever the size of the input.
 */
typedef struct qasid_stream qasid_stream;

/* A stream over src. Free it with qasid_stream_free. */
int qasid_stream_new(qasid_stream **out, qasid_read_fn src, void *ud);
/*
 * Reads up to n decompressed bytes. Returns the number read, 0 at the end,
 * or a negative code with err filled: QASID_EFORMAT for corrupt, truncated
 * or trailing data (bytes decoded before it were returned by earlier calls;
 * the next call resumes at the next gzip member or zstd frame, if any),
 * QASID_EIO when the source failed, QASID_ENOMEM.
 */
long qasid_stream_read(qasid_stream *s, void *buf, size_t n, qasid_err *err);
/* "gzip", "zstd" or "none": what the stream turned out to be (after a read). */
const char *qasid_stream_codec(const qasid_stream *s);
void qasid_stream_free(qasid_stream *s);

/*
 * WARC 1.0/1.1 files (ISO 28500), uncompressed: give a qasid_stream as the
 * source for .warc.gz. One record is held in memory at a time.
 */
typedef struct qasid_warc qasid_warc;

/* One record. Pointers are owned by the reader, valid until the next call. */
typedef struct qasid_warc_record {
	const char *type;        /* WARC-Type: "response", "request", "metadata", ... */
	const char *uri;         /* WARC-Target-URI, or NULL */
	const char *id;          /* WARC-Record-ID, or NULL */
	const char *date;        /* WARC-Date (the capture time), or NULL */
	const char *block_type;  /* the record's Content-Type, or NULL */
	int http_status;         /* response records holding HTTP: the status, else 0 */
	const char *http_type;   /* ... and the HTTP Content-Type header, or NULL */
	const char *encoding;    /* NULL, or "unsupported" / "corrupt" when the HTTP
	                            body's Content-Encoding could not be undone */
	const char *payload;     /* HTTP responses: the body (de-chunked, decoded);
	                            other records: the block. Not NUL-terminated. */
	size_t payload_len;
	unsigned long long offset; /* byte offset of the record in the stream */
	long number;               /* 1-based record number */
} qasid_warc_record;

/* A reader over src; records larger than max_record bytes (0: 256 MiB) are skipped. */
int qasid_warc_new(qasid_warc **out, qasid_read_fn src, void *ud, size_t max_record);
/*
 * Reads the next record: returns 1 with rec filled, 0 at the end, or a
 * negative code with err saying which record and why: QASID_EFORMAT for a
 * broken record (skipped; the reader has moved to the next record header),
 * QASID_ETOOBIG for one over max_record (skipped), QASID_EIO, QASID_ENOMEM.
 * After QASID_EFORMAT or QASID_ETOOBIG, call again.
 */
int qasid_warc_next(qasid_warc *w, qasid_warc_record *rec, qasid_err *err);
void qasid_warc_free(qasid_warc *w);

/* ------------------------------------------------------------------------
 * Event coding: the pieces that need no parser (src/event). Each works on
 * a sequence of tokens (the words of a sentence, as the tokenizer cut them:
 * "al-Shabaab" is "al", "-", "Shabaab"); matches are token ranges
 * [first, first + n). README.md, "Event coding: the pieces so far",
 * documents the dictionary format.
 */

/* Dates are days since 1970-01-01 (proleptic Gregorian); QASID_NO_DATE is none. */
#define QASID_NO_DATE INT32_MIN

/* Day number of y-m-d; QASID_NO_DATE when the date does not exist. */
int32_t qasid_date_from_ymd(int y, int m, int d);
void qasid_date_to_ymd(int32_t date, int *y, int *m, int *d);
/* 0 Monday ... 6 Sunday. */
int qasid_date_weekday(int32_t date);
/* Parses "YYYY-MM-DD" (a longer ISO 8601 timestamp is cut to its date). */
int qasid_date_parse(const char *s, int32_t *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes); "-" for QASID_NO_DATE. */
void qasid_date_format(int32_t date, char *out);

/*
 * Actor dictionaries: phrases with CAMEO actor codes ("Pakistan" PAK,
 * "Taliban" AFGINS until 2021-08-14 and AFGGOV from 2021-08-15) and agents,
 * role codes composed with a country ("army" ~MIL, so "Pakistani army" is
 * PAKMIL and "police" alone ---COP). Read from qasid's own format or from
 * TABARI/PETRARCH .actors and .agents files, told apart by their content.
 * A dictionary is immutable once loaded and may then be shared by threads.
 */
typedef struct qasid_actors qasid_actors;

/* An empty dictionary (builtin 0) or one holding qasid's built-in actors. */
int qasid_actors_new(qasid_actors **out, int builtin, qasid_err *err);
void qasid_actors_free(qasid_actors *a);
/*
 * Adds the entries of a dictionary file (len bytes of text named name, for
 * messages). Later entries win over earlier ones of the same length. On a
 * malformed line returns QASID_EFORMAT with err->msg "NAME:LINE: what" and
 * err->line set; entries read before it stay. Oddities of the TABARI files
 * that do not stop reading (a malformed date restriction, a phrase without
 * a code) are counted as warnings (qasid_actors_stats).
 */
int qasid_actors_add_text(qasid_actors *a, const char *name, const char *text, size_t len,
                          qasid_err *err);
/* The same for a file (QASID_EIO when it cannot be read). */
int qasid_actors_add_file(qasid_actors *a, const char *path, qasid_err *err);

typedef struct qasid_actors_stats {
	size_t n_actors;   /* actor phrases */
	size_t n_agents;   /* agent phrases */
	size_t n_codes;    /* codes with their date ranges */
	size_t n_files;    /* sources added (the built-in ones count) */
	size_t n_warnings; /* oddities skipped while reading */
	char warning[256]; /* the first of them, "NAME:LINE: what" */
} qasid_actors_stats;

void qasid_actors_stats_get(const qasid_actors *a, qasid_actors_stats *s);

typedef enum qasid_actor_kind {
	QASID_ACTOR = 1, /* a named actor: "Pakistan", "Taliban", "Islamabad" */
	QASID_AGENT,     /* a role alone: "police" -> ---COP */
	QASID_COMPOSED   /* a country with a role: "Pakistani army" -> PAKMIL */
} qasid_actor_kind;

typedef struct qasid_actor_match {
	uint32_t first, n;    /* tokens */
	qasid_actor_kind kind;
	char code[32];        /* resolved CAMEO code */
	int32_t actor, agent; /* entry ids (qasid_actors_origin), -1 when none */
	int is_country;       /* the actor part is a bare country code ("PAK") */
} qasid_actor_match;

/*
 * Finds actors in words[0..n) (tokens as in the text; matching ignores
 * case except for words written in capitals in qasid's format, such as
 * "US"): the longest phrase at each position, left to right, whose code is
 * valid on date (QASID_NO_DATE: the undated code, else the most recent
 * one), then composes a country with an adjacent role ("Pakistani army",
 * "Pakistan's army", "army of Pakistan"). Fills up to cap matches and sets
 * *n_out to the number found (which may exceed cap).
 */
int qasid_actors_match(const qasid_actors *a, const char *const *words, size_t n, int32_t date,
                       qasid_actor_match *out, size_t cap, size_t *n_out);
/* Where entry id was read: the source name (owned by a) and its line. */
const char *qasid_actors_origin(const qasid_actors *a, int32_t id, long *line);

/*
 * When: date expressions ("yesterday", "on Saturday", "last month", "in
 * March", "March 30", "30 March 2023", "2023-03-30") resolved against the
 * article date. Relative ones stay unresolved without an article date.
 */
typedef enum qasid_precision {
	QASID_PREC_NONE = 0, /* unresolved */
	QASID_PREC_DAY,
	QASID_PREC_WEEK,
	QASID_PREC_MONTH,
	QASID_PREC_YEAR
} qasid_precision;

typedef struct qasid_when {
	uint32_t first, n;         /* tokens of the expression */
	int32_t date;              /* first day of the period, or QASID_NO_DATE */
	int32_t last;              /* last day of the period, or QASID_NO_DATE */
	qasid_precision precision; /* QASID_PREC_NONE when unresolved */
	int relative;              /* depends on the article date */
} qasid_when;

int qasid_dates_find(const char *const *words, size_t n, int32_t article_date, qasid_when *out,
                     size_t cap, size_t *n_out);

/*
 * Fatalities and injuries: a count ("eight", "at least 12", "more than
 * 70,000", "dozens") tied to a cue in the same clause ("were killed",
 * "dead", "lost their lives", "wounded"). high is -1 when open-ended.
 */
typedef enum qasid_count_kind { QASID_KILLED = 1, QASID_INJURED } qasid_count_kind;

typedef struct qasid_count {
	uint32_t first, n; /* tokens of the number phrase */
	uint32_t cue;      /* token of the cue word */
	qasid_count_kind kind;
	long low, best, high;
} qasid_count;

/*
 * Reads a number phrase starting at words[i]: "12", "70,000", "eight",
 * "twenty-five" (one token or three), "at least 12", "dozens", "hundreds of".
 * Returns the number of tokens read (0 when there is none) and the values.
 */
size_t qasid_number_read(const char *const *words, size_t n, size_t i, long *low, long *best,
                         long *high);
/* pos may be NULL (then no tags are used). */
int qasid_counts_find(const char *const *words, const qasid_pos *pos, size_t n, qasid_count *out,
                      size_t cap, size_t *n_out);

/*
 * Places: countries (ISO 3166-1) and their first-level regions (ISO 3166-2)
 * are built in; cities come from a GeoNames table the user names. A
 * country's name is found as a place here: whether a mention is the
 * country as an actor ("Pakistan said") or as a place ("in Pakistan") is
 * for the event stage to say, with qasid_actors_match on the same words.
 */
typedef struct qasid_gazetteer qasid_gazetteer;

/*
 * QASID_UNLISTED: a place the text names ("in South Waziristan") that no
 * gazetteer holds; the event stage gives its name (the entity's) and nothing
 * else: no country, region or coordinates.
 */
typedef enum qasid_place_kind { QASID_COUNTRY = 1, QASID_REGION, QASID_CITY, QASID_UNLISTED } qasid_place_kind;

/* Pointers are owned by the gazetteer. */
typedef struct qasid_place {
	qasid_place_kind kind;
	const char *name;        /* the canonical name */
	char country[4];         /* ISO 3166-1 alpha-3 */
	char country2[3];        /* alpha-2 */
	const char *admin1;      /* first-level region code ("PK-KP", GeoNames "PK.03"), or "" */
	const char *admin1_name; /* its name, or "" */
	double lat, lon;         /* cities only; 0 otherwise */
	long population;         /* cities only */
} qasid_place;

/* A gazetteer with the built-in countries and regions. */
int qasid_gazetteer_new(qasid_gazetteer **out, qasid_err *err);
void qasid_gazetteer_free(qasid_gazetteer *g);
/*
 * Adds the cities of a GeoNames table (cities15000.txt, plain or gzip),
 * names and alternate names; admin1 names come from admin1_path
 * (admin1CodesASCII), which may be NULL.
 */
int qasid_gazetteer_add_geonames(qasid_gazetteer *g, const char *path, const char *admin1_path,
                                 qasid_err *err);
size_t qasid_gazetteer_size(const qasid_gazetteer *g);
/*
 * The longest place name at words[i]: sets *len to its token count (0 when
 * none) and fills up to cap places of that name, the most likely first
 * (countries, then regions, then cities by population); returns the number
 * of places of that name.
 */
size_t qasid_gazetteer_lookup(const qasid_gazetteer *g, const char *const *words, size_t n,
                              size_t i, size_t *len, qasid_place *out, size_t cap);

/* ------------------------------------------------------------------------
 * Events (src/event/coder.c): who did what to whom, read off the dependency
 * tree. A trigger (a verb or noun of the event lexicon, qasid_verbs) gives
 * the CAMEO code; its subject is the source and its object, or a
 * prepositional object, the target (passives and relative clauses undone);
 * actors come from the actor dictionary, through the entity stage for
 * people ("Defense Minister Khawaja Muhammad Asif" with his affiliation).
 * Each event has its mode, whether it is reported speech (and the quote),
 * its date, place and casualties, and the spans it was read from.
 */

/*
 * Event lexicon: CAMEO codes of verbs, verb phrases ("restore ties",
 * "carry out attack") and nouns ("airstrike"), with the CAMEO table (names,
 * PLOVER types). README.md, "Events", documents the file format.
 * Immutable once loaded; may be shared by threads.
 */
typedef struct qasid_verbs qasid_verbs;

/* An empty lexicon (builtin 0) or qasid's built-in one; the CAMEO table is always there. */
int qasid_verbs_new(qasid_verbs **out, int builtin, qasid_err *err);
void qasid_verbs_free(qasid_verbs *v);
/* Adds the patterns of a lexicon text; QASID_EFORMAT with "NAME:LINE: what" on a bad line. */
int qasid_verbs_add_text(qasid_verbs *v, const char *name, const char *text, size_t len,
                         qasid_err *err);
int qasid_verbs_add_file(qasid_verbs *v, const char *path, qasid_err *err);
/* Patterns loaded, and lemmas with irregular forms. */
size_t qasid_verbs_size(const qasid_verbs *v);
/* The CAMEO table: a code's name and PLOVER type (NULL when unknown or none). */
const char *qasid_cameo_name(const qasid_verbs *v, const char *code);
const char *qasid_cameo_plover(const qasid_verbs *v, const char *code);

typedef enum qasid_mode {
	QASID_MODE_ASSERTED = 1, /* it happened, as the text (or its speaker) says */
	QASID_MODE_THREATENED,   /* "will strike ... if", "threatened to" */
	QASID_MODE_INTENDED,     /* "plans to", "will", "is about to" (by the actor itself) */
	QASID_MODE_DEMANDED,     /* "urged X to", "called for" */
	QASID_MODE_HYPOTHETICAL, /* "would", "could", "if", an onlooker's "will" */
	QASID_MODE_NEGATED       /* "did not attack", "no talks were held" */
} qasid_mode;

/* "asserted", "threatened", ...; NULL for a bad value. */
const char *qasid_mode_name(qasid_mode m);

typedef struct qasid_casualty {
	qasid_count_kind kind;
	long low, best, high; /* high -1 when open-ended */
	char side[32];        /* actor code of those who suffered them, or "" */
	qasid_span span;      /* the number phrase */
} qasid_casualty;

#define QASID_EVENT_MAX_CASUALTIES 4

typedef struct qasid_event {
	char cameo[8];          /* "190", "0874" */
	const char *plover;     /* PLOVER type ("ASSAULT"), or NULL; owned by the lexicon */
	char source[32];        /* actor codes, "" when unknown */
	char target[32];
	int32_t source_entity;  /* entity indices, or -1 */
	int32_t target_entity;
	qasid_span source_span; /* the words that named each actor (empty when none) */
	qasid_span target_span;
	qasid_span trigger;     /* the trigger words */
	qasid_span sentence;
	uint32_t first_token;   /* the trigger token */
	qasid_mode mode;
	int background;         /* historical or background mention ("since 2021") */
	int32_t quote;          /* reported speech: the quote's index, or -1 */
	int32_t claimant;       /* ... and its speaker entity, or -1 */
	int32_t date, date_last; /* the period, or QASID_NO_DATE */
	qasid_precision precision; /* QASID_PREC_NONE: no date in the text (article date used) */
	qasid_span date_span;
	int has_place;
	qasid_place place;      /* borrowed from the gazetteer */
	qasid_span place_span;
	uint32_t n_casualties;
	qasid_casualty casualties[QASID_EVENT_MAX_CASUALTIES];
} qasid_event;

enum {
	/*
	 * Only events with both a source and a target actor, as PETRARCH and
	 * ICEWS code them (by default an event needs one of the two, as GDELT's
	 * rows do: "militants attacked a checkpoint").
	 */
	QASID_EVENTS_DYADS = 1 << 0
};

size_t qasid_doc_n_events(const qasid_doc *doc);
const qasid_event *qasid_doc_events(const qasid_doc *doc);
/*
 * Codes the events of a parsed document (qasid_doc_deps not NULL, else
 * QASID_EINVAL), replacing earlier ones; gazetteer may be NULL.
 * qasid_process calls it after the quote stage.
 */
int qasid_doc_events_find(qasid_doc *doc, const qasid_verbs *verbs, const qasid_actors *actors,
                          const qasid_gazetteer *gazetteer, unsigned flags, qasid_err *err);

#ifdef __cplusplus
}
#endif

#endif /* QASID_H */
