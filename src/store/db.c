/* SPDX-License-Identifier: MIT */
/*
 * The backend behind db.h: SQLite statements passed through, PostgreSQL
 * statements run with PQexecParams on their first step and their result
 * read row by row. The rules of the shared dialect are in db.h.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"

/* PostgreSQL type OIDs (pg_type.dat); stable across versions. */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_OID = 26,
	OID_JSON = 114,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700,
	OID_JSONB = 3802
};

typedef struct pg_param {
	const char *val; /* NULL: SQL NULL */
	int len;
	Oid type;
	unsigned char num[8]; /* int8 and float8 values, big-endian */
} pg_param;

struct st_q {
	qasid_store *st;
	sqlite3_stmt *lite;
	/* PostgreSQL */
	char *sql; /* with $N placeholders */
	int n_param;
	pg_param *par;
	arena copies; /* st_bind_text_copy */
	int oom;
	PGresult *res;
	int row, n_rows, stepped;
	buf blob; /* the last bytea decoded */
};

int st_is_pg_url(const char *path)
{
	return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

int qasid_store_is_server(const char *path)
{
	return st_is_pg_url(path);
}

int st_pg(const qasid_store *st)
{
	return st->pg != NULL;
}

const char *st_errmsg(qasid_store *st)
{
	if (st->pg)
		return st->pg_msg[0] ? st->pg_msg : PQerrorMessage(st->pg);
	return st->db ? sqlite3_errmsg(st->db) : "no connection";
}

void st_utc_now(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Keeps a PostgreSQL message, without its trailing newline. */
static void pg_keep(qasid_store *st, const char *msg)
{
	size_t n;

	snprintf(st->pg_msg, sizeof st->pg_msg, "%s", msg && *msg ? msg : "unknown error");
	n = strlen(st->pg_msg);
	while (n && (st->pg_msg[n - 1] == '\n' || st->pg_msg[n - 1] == ' '))
		st->pg_msg[--n] = '\0';
}

/* libpq would print NOTICEs on stderr; the library never prints. */
static void pg_quiet(void *ud, const char *msg)
{
	(void)ud;
	(void)msg;
}

int st_connect(qasid_store *st, const char *path, qasid_err *err)
{
	if (st_is_pg_url(path)) {
		PGresult *r;

		st->pg = PQconnectdb(path);
		if (!st->pg)
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
		if (PQstatus(st->pg) != CONNECTION_OK) {
			pg_keep(st, PQerrorMessage(st->pg));
			return err_set(err, QASID_EDB, 0, "cannot connect to PostgreSQL: %s", st->pg_msg);
		}
		PQsetNoticeProcessor(st->pg, pg_quiet, NULL);
		if (PQsetClientEncoding(st->pg, "UTF8") != 0) {
			pg_keep(st, PQerrorMessage(st->pg));
			return err_set(err, QASID_EDB, 0, "PostgreSQL: %s", st->pg_msg);
		}
		r = PQexec(st->pg, "SET client_min_messages = warning");
		PQclear(r);
		return QASID_OK;
	}
	if (sqlite3_open_v2(path, &st->db,
	                    ((st->flags & QASID_STORE_READONLY)
	                             ? SQLITE_OPEN_READONLY
	                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
	                            SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		if (!st->db || sqlite3_errcode(st->db) == SQLITE_NOMEM)
			return err_set(err, QASID_ENOMEM, 0, "out of memory");
		return err_set(err, QASID_EDB, 0, "cannot open %s: %s", path, sqlite3_errmsg(st->db));
	}
	return QASID_OK;
}

void st_disconnect(qasid_store *st)
{
	if (st->pg)
		PQfinish(st->pg);
	st->pg = NULL;
	if (st->db)
		sqlite3_close(st->db);
	st->db = NULL;
}

int st_exec_raw(qasid_store *st, const char *sql)
{
	PGresult *r;
	ExecStatusType s;

	if (!st->pg)
		return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? ST_DONE : ST_ERROR;
	st->pg_msg[0] = '\0';
	r = PQexec(st->pg, sql);
	s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		pg_keep(st, r ? PQresultErrorMessage(r) : PQerrorMessage(st->pg));
	PQclear(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? ST_DONE : ST_ERROR;
}

/*
 * ?N becomes $N and the k-th bare ? becomes $k, outside quotes; *n_param
 * gets the highest number. NULL when out of memory.
 */
static char *pg_sql(const char *sql, int *n_param)
{
	buf b = {0};
	const char *p;
	int bare = 0, max = 0, oom = 0;
	char quote = 0;

	for (p = sql; *p && !oom; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			oom = buf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			oom = buf_putc(&b, *p);
		} else if (*p == '?') {
			int v;

			if (p[1] >= '0' && p[1] <= '9') {
				v = (int)strtol(p + 1, (char **)&p, 10);
				p--;
			} else
				v = ++bare;
			if (v > max)
				max = v;
			oom = buf_printf(&b, "$%d", v);
		} else
			oom = buf_putc(&b, *p);
	}
	if (oom || !b.data) {
		buf_fini(&b);
		return NULL;
	}
	*n_param = max;
	return b.data;
}

int st_prepare(qasid_store *st, const char *sql, st_q **out, qasid_err *err)
{
	st_q *q = qs_malloc(sizeof *q);

	*out = NULL;
	if (!q)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(q, 0, sizeof *q);
	q->st = st;
	ar_init(&q->copies);
	if (!st->pg) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->lite, NULL) !=
		    SQLITE_OK) {
			st_finalize(q);
			return st_fail(st, err, "database");
		}
		*out = q;
		return QASID_OK;
	}
	q->sql = pg_sql(sql, &q->n_param);
	if (!q->sql || !(q->par = qs_malloc((size_t)(q->n_param + 1) * sizeof *q->par))) {
		st_finalize(q);
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	}
	memset(q->par, 0, (size_t)(q->n_param + 1) * sizeof *q->par);
	*out = q;
	return QASID_OK;
}

void st_finalize(st_q *q)
{
	if (!q)
		return;
	sqlite3_finalize(q->lite);
	PQclear(q->res);
	qs_free(q->sql);
	qs_free(q->par);
	ar_fini(&q->copies);
	buf_fini(&q->blob);
	qs_free(q);
}

void st_reset(st_q *q)
{
	if (q->lite) {
		sqlite3_reset(q->lite);
		sqlite3_clear_bindings(q->lite);
		return;
	}
	PQclear(q->res);
	q->res = NULL;
	q->row = q->n_rows = q->stepped = 0;
	q->oom = 0;
	memset(q->par, 0, (size_t)(q->n_param + 1) * sizeof *q->par);
	ar_reset(&q->copies);
}

/* The PostgreSQL parameter i, or NULL when i is out of range. */
static pg_param *par(st_q *q, int i)
{
	return i >= 1 && i <= q->n_param ? &q->par[i - 1] : NULL;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	int k;

	for (k = 7; k >= 0; k--, v >>= 8)
		p[k] = (unsigned char)v;
}

void st_bind_int(st_q *q, int i, int64_t v)
{
	pg_param *p;

	if (q->lite) {
		sqlite3_bind_int64(q->lite, i, v);
		return;
	}
	if (!(p = par(q, i)))
		return;
	put_be64(p->num, (uint64_t)v);
	p->val = (const char *)p->num;
	p->len = 8;
	p->type = OID_INT8;
}

void st_bind_real(st_q *q, int i, double v)
{
	pg_param *p;
	uint64_t u;

	if (q->lite) {
		sqlite3_bind_double(q->lite, i, v);
		return;
	}
	if (!(p = par(q, i)))
		return;
	memcpy(&u, &v, sizeof u);
	put_be64(p->num, u);
	p->val = (const char *)p->num;
	p->len = 8;
	p->type = OID_FLOAT8;
}

void st_bind_text(st_q *q, int i, const char *s, int len)
{
	pg_param *p;

	if (!s) {
		st_bind_null(q, i);
		return;
	}
	if (q->lite) {
		sqlite3_bind_text(q->lite, i, s, len, SQLITE_STATIC);
		return;
	}
	if (!(p = par(q, i)))
		return;
	p->val = s;
	p->len = len < 0 ? (int)strlen(s) : len;
	p->type = OID_TEXT;
}

void st_bind_text_copy(st_q *q, int i, const char *s)
{
	char *c;

	if (!s) {
		st_bind_null(q, i);
		return;
	}
	if (q->lite) {
		sqlite3_bind_text(q->lite, i, s, -1, SQLITE_TRANSIENT);
		return;
	}
	c = ar_strndup(&q->copies, s, strlen(s));
	if (!c)
		q->oom = 1;
	st_bind_text(q, i, c, -1);
}

void st_bind_blob(st_q *q, int i, const void *b, int len)
{
	pg_param *p;

	if (q->lite) {
		sqlite3_bind_blob(q->lite, i, b, len, SQLITE_STATIC);
		return;
	}
	if (!(p = par(q, i)))
		return;
	p->val = b ? (const char *)b : "";
	p->len = len;
	p->type = OID_BYTEA;
}

void st_bind_null(st_q *q, int i)
{
	pg_param *p;

	if (q->lite) {
		sqlite3_bind_null(q->lite, i);
		return;
	}
	if ((p = par(q, i)) != NULL)
		memset(p, 0, sizeof *p);
}

/* Runs the PostgreSQL statement with its parameters. */
static int pg_run(st_q *q)
{
	qasid_store *st = q->st;
	const char **vals = NULL;
	int *lens = NULL, *fmts = NULL, i, n = q->n_param;
	Oid *types = NULL;
	ExecStatusType s;

	st->pg_msg[0] = '\0';
	if (q->oom) {
		pg_keep(st, "out of memory");
		return ST_ERROR;
	}
	if (n) {
		vals = qs_malloc((size_t)n * sizeof *vals);
		lens = qs_malloc((size_t)n * sizeof *lens);
		fmts = qs_malloc((size_t)n * sizeof *fmts);
		types = qs_malloc((size_t)n * sizeof *types);
		if (!vals || !lens || !fmts || !types) {
			qs_free(vals);
			qs_free(lens);
			qs_free(fmts);
			qs_free(types);
			pg_keep(st, "out of memory");
			return ST_ERROR;
		}
		for (i = 0; i < n; i++) {
			vals[i] = q->par[i].val;
			lens[i] = q->par[i].len;
			fmts[i] = 1;
			types[i] = q->par[i].type;
		}
	}
	q->res = PQexecParams(st->pg, q->sql, n, types, vals, lens, fmts, 0);
	qs_free(vals);
	qs_free(lens);
	qs_free(fmts);
	qs_free(types);
	s = q->res ? PQresultStatus(q->res) : PGRES_FATAL_ERROR;
	if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
		pg_keep(st, q->res ? PQresultErrorMessage(q->res) : PQerrorMessage(st->pg));
		PQclear(q->res);
		q->res = NULL;
		return ST_ERROR;
	}
	q->n_rows = s == PGRES_TUPLES_OK ? PQntuples(q->res) : 0;
	q->row = -1;
	return ST_DONE;
}

int st_step(st_q *q)
{
	int rc;

	if (q->lite) {
		rc = sqlite3_step(q->lite);
		return rc == SQLITE_ROW ? ST_ROW : rc == SQLITE_DONE ? ST_DONE : ST_ERROR;
	}
	if (!q->stepped) {
		q->stepped = 1;
		if (pg_run(q) != ST_DONE)
			return ST_ERROR;
	}
	if (!q->res)
		return ST_DONE;
	if (q->row + 1 >= q->n_rows) {
		q->row = q->n_rows;
		return ST_DONE;
	}
	q->row++;
	return ST_ROW;
}

int st_col_count(st_q *q)
{
	if (q->lite)
		return sqlite3_column_count(q->lite);
	if (!q->res && !q->stepped && pg_run(q) == ST_DONE) /* names before the first step */
		q->stepped = 1;
	return q->res ? PQnfields(q->res) : 0;
}

const char *st_col_name(st_q *q, int i)
{
	if (q->lite)
		return sqlite3_column_name(q->lite, i);
	return q->res ? PQfname(q->res, i) : "";
}

static int pg_has(st_q *q, int i)
{
	return q->res && q->row >= 0 && q->row < q->n_rows && i >= 0 && i < PQnfields(q->res) &&
	       !PQgetisnull(q->res, q->row, i);
}

st_type st_col_type(st_q *q, int i)
{
	if (q->lite) {
		switch (sqlite3_column_type(q->lite, i)) {
		case SQLITE_INTEGER: return ST_INT;
		case SQLITE_FLOAT: return ST_REAL;
		case SQLITE_NULL: return ST_NULL;
		case SQLITE_BLOB: return ST_BLOB;
		default: return ST_TEXT;
		}
	}
	if (!pg_has(q, i))
		return ST_NULL;
	switch (PQftype(q->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID: return ST_INT;
	case OID_FLOAT4:
	case OID_FLOAT8: return ST_REAL;
	case OID_NUMERIC: /* sum() of integers is numeric: an integer when it has no point */
		return strpbrk(PQgetvalue(q->res, q->row, i), ".eEN") ? ST_REAL : ST_INT;
	case OID_BYTEA: return ST_BLOB;
	default: return ST_TEXT;
	}
}

int st_col_is_json(st_q *q, int i)
{
	if (q->lite)
		return sqlite3_value_subtype(sqlite3_column_value(q->lite, i)) == 'J';
	return q->res && (PQftype(q->res, i) == OID_JSON || PQftype(q->res, i) == OID_JSONB);
}

int64_t st_col_int(st_q *q, int i)
{
	const char *v;

	if (q->lite)
		return sqlite3_column_int64(q->lite, i);
	if (!pg_has(q, i))
		return 0;
	v = PQgetvalue(q->res, q->row, i);
	if (PQftype(q->res, i) == OID_BOOL)
		return *v == 't';
	if (strpbrk(v, ".eE"))
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

double st_col_real(st_q *q, int i)
{
	if (q->lite)
		return sqlite3_column_double(q->lite, i);
	return pg_has(q, i) ? strtod(PQgetvalue(q->res, q->row, i), NULL) : 0;
}

const char *st_col_text(st_q *q, int i, size_t *len)
{
	const char *v;

	if (q->lite) {
		v = (const char *)sqlite3_column_text(q->lite, i);
		if (len)
			*len = v ? (size_t)sqlite3_column_bytes(q->lite, i) : 0;
		return v;
	}
	if (len)
		*len = 0;
	if (!pg_has(q, i))
		return NULL;
	v = PQgetvalue(q->res, q->row, i);
	if (PQftype(q->res, i) == OID_BOOL)
		v = *v == 't' ? "1" : "0";
	if (len)
		*len = strlen(v);
	return v;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	                                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

const void *st_col_blob(st_q *q, int i, size_t *len)
{
	const char *v;
	size_t n, k;

	if (q->lite) {
		const void *b = sqlite3_column_blob(q->lite, i);

		*len = b ? (size_t)sqlite3_column_bytes(q->lite, i) : 0;
		return b;
	}
	*len = 0;
	if (!pg_has(q, i))
		return NULL;
	v = PQgetvalue(q->res, q->row, i);
	n = (size_t)PQgetlength(q->res, q->row, i);
	if (PQftype(q->res, i) != OID_BYTEA || n < 2 || v[0] != '\\' || v[1] != 'x') {
		*len = n;
		return v;
	}
	/* bytea_output = hex: \x then two digits a byte */
	q->blob.len = 0;
	if (buf_reserve(&q->blob, n / 2 + 1))
		return NULL;
	for (k = 2; k + 1 < n; k += 2) {
		int hi = hexval(v[k]), lo = hexval(v[k + 1]);

		if (hi < 0 || lo < 0)
			return NULL;
		q->blob.data[q->blob.len++] = (char)(hi << 4 | lo);
	}
	*len = q->blob.len;
	return q->blob.data;
}
