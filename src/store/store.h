/* SPDX-License-Identifier: MIT */
/*
 * The store, seen from inside the library: one connection (SQLite or
 * PostgreSQL, see db.h) and its prepared statements. Only db.c includes
 * libpq-fe.h; sqlite3.h only db.c and store.c (SQLite's set-up: allocator,
 * PRAGMAs, checkpoints).
 */
#ifndef QASID_STORE_H
#define QASID_STORE_H

#include "../core/core.h"
#include "db.h"

struct sqlite3;
struct pg_conn;

/* Prepared statements, made on first use and finalized in qasid_store_close. */
enum {
	SQ_FIND,
	SQ_INS_ARTICLE,
	SQ_INS_COPY,
	SQ_INS_SENTENCE,
	SQ_INS_BAND,
	SQ_CANDIDATES,
	SQ_INS_ENTITY,
	SQ_INS_MENTION,
	SQ_INS_QUOTE,
	SQ_INS_EVENT,
	SQ_INS_CASUALTY,
	SQ_MAX_ID,
	SQ_RUN_UPDATE,
	SQ_N
};

struct qasid_store {
	struct sqlite3 *db;   /* SQLite, or NULL */
	struct pg_conn *pg;   /* PostgreSQL, or NULL */
	char pg_msg[512];     /* PostgreSQL's last error */
	unsigned flags;
	qasid_store_settings set;
	int in_batch;
	int remerge;      /* the merge window changed: rebuild events at commit */
	int64_t next_id;  /* the next article id, read at begin */
	int64_t run_id;   /* the ingest_run row, 0 when none */
	int64_t run_new, run_dup;
	st_q *stmt[SQ_N];
	buf scratch;
};

/* Sets err from the connection's last error; returns QASID_EDB or QASID_ENOMEM. */
QASID_INTERNAL int st_fail(qasid_store *st, qasid_err *err, const char *what);
/* The statement k, prepared on first use and reset; NULL on error (err set). */
QASID_INTERNAL st_q *st_stmt(qasid_store *st, int k, qasid_err *err);
/* Runs SQL with no result rows. */
QASID_INTERNAL int st_exec(qasid_store *st, const char *sql, qasid_err *err);
/* Reads one integer from a query with no parameters. */
QASID_INTERNAL int st_int(qasid_store *st, const char *sql, int64_t *out, qasid_err *err);

/* The migrations of schema.sql (schema-pg.sql when pg): the SQL of version
 * v (1-based), or NULL. */
QASID_INTERNAL const char *st_migration(int v, int pg, size_t *len);

/* SHA-256 of n bytes; with a second part b (may be NULL) hashed after a. */
QASID_INTERNAL void st_sha256(const void *a, size_t na, const void *b, size_t nb, uint8_t out[32]);
/* The 16 LSH band keys of a MinHash signature. */
#define ST_BANDS 16
QASID_INTERNAL void st_band_keys(const uint32_t *minhash, int64_t keys[ST_BANDS]);

/* The SELECT of query k with filter f, parameters bound (query.c). */
QASID_INTERNAL int st_query_prepare(qasid_store *st, qasid_query k, const qasid_filter *f,
                                    st_q **out, qasid_err *err);
/* The same, as a subquery: before || SELECT || after. */
QASID_INTERNAL int st_query_wrap(qasid_store *st, qasid_query k, const qasid_filter *f,
                                 const char *before, const char *after, st_q **out,
                                 qasid_err *err);
/* Steps s to its end, calling fn per row. */
QASID_INTERNAL int st_query_run(qasid_store *st, st_q *s, qasid_row_fn fn, void *ud,
                                qasid_err *err);

/* Valid ISO date prefix YYYY, YYYY-MM or YYYY-MM-DD? */
QASID_INTERNAL int st_is_date(const char *s);

#endif
