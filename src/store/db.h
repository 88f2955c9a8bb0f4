/* SPDX-License-Identifier: MIT */
/*
 * The store's backend: statements on one connection, to SQLite (a file) or
 * to PostgreSQL (a postgresql:// URL, through libpq). store.c, merge.c,
 * query.c and export.c speak SQL through this interface only.
 *
 * The SQL is written once, in the dialect both servers accept: numbered
 * (?1) or bare (?) placeholders, INSERT ... ON CONFLICT, RETURNING, CAST,
 * IS NOT DISTINCT FROM, TRUE; a column named end is written "end". The few
 * phrases that differ (full-text search, JSON, dates, locking) are chosen
 * with st_pg(st). For PostgreSQL the placeholders become $N, parameters go
 * in binary with their types (int8, float8, text, bytea) and results come
 * back as text, decoded here.
 *
 * The values a column function returns stay valid until the next step,
 * reset or finalize of the statement, as in SQLite.
 */
#ifndef QASID_STORE_DB_H
#define QASID_STORE_DB_H

#include "../core/core.h"

typedef struct st_q st_q;

/* What st_step returns. */
enum { ST_DONE = 0, ST_ROW = 1, ST_ERROR = -1 };

/* Column types. */
typedef enum { ST_NULL, ST_INT, ST_REAL, ST_TEXT, ST_BLOB } st_type;

/* Connects st to path (a file, or a postgresql:// or postgres:// URL). */
QASID_INTERNAL int st_connect(qasid_store *st, const char *path, qasid_err *err);
QASID_INTERNAL void st_disconnect(qasid_store *st);
/* Is path a PostgreSQL URL? */
QASID_INTERNAL int st_is_pg_url(const char *path);
/* Is st on PostgreSQL? */
QASID_INTERNAL int st_pg(const qasid_store *st);
/* The connection's last error message. */
QASID_INTERNAL const char *st_errmsg(qasid_store *st);

/* Runs SQL without parameters (several statements allowed) and drops any
 * rows: ST_DONE or ST_ERROR. Placeholders are not rewritten. */
QASID_INTERNAL int st_exec_raw(qasid_store *st, const char *sql);

/* Prepares sql; *out is NULL on error (err set). Free with st_finalize. */
QASID_INTERNAL int st_prepare(qasid_store *st, const char *sql, st_q **out, qasid_err *err);
QASID_INTERNAL void st_finalize(st_q *q);
/* Back to before the first step, bindings cleared. */
QASID_INTERNAL void st_reset(st_q *q);

/* Parameters are 1-based. Text and blobs are not copied (they must stay
 * valid until the statement is stepped), except by st_bind_text_copy.
 * Text with len < 0 runs to its NUL; NULL text binds NULL. */
QASID_INTERNAL void st_bind_int(st_q *q, int i, int64_t v);
QASID_INTERNAL void st_bind_real(st_q *q, int i, double v);
QASID_INTERNAL void st_bind_text(st_q *q, int i, const char *s, int len);
QASID_INTERNAL void st_bind_text_copy(st_q *q, int i, const char *s);
QASID_INTERNAL void st_bind_blob(st_q *q, int i, const void *p, int len);
QASID_INTERNAL void st_bind_null(st_q *q, int i);

/* ST_ROW, ST_DONE or ST_ERROR (then st_fail reports the message). */
QASID_INTERNAL int st_step(st_q *q);

QASID_INTERNAL int st_col_count(st_q *q);
QASID_INTERNAL const char *st_col_name(st_q *q, int i);
QASID_INTERNAL st_type st_col_type(st_q *q, int i);
/* Is column i JSON (a JSON function's result in SQLite, json in PostgreSQL)? */
QASID_INTERNAL int st_col_is_json(st_q *q, int i);
QASID_INTERNAL int64_t st_col_int(st_q *q, int i);
QASID_INTERNAL double st_col_real(st_q *q, int i);
/* Text (NUL-terminated) and its length; NULL for NULL or out of memory. */
QASID_INTERNAL const char *st_col_text(st_q *q, int i, size_t *len);
QASID_INTERNAL const void *st_col_blob(st_q *q, int i, size_t *len);

/* The current UTC time as 'YYYY-MM-DDTHH:MM:SSZ' (for the added/started columns). */
QASID_INTERNAL void st_utc_now(char out[24]);

#endif
