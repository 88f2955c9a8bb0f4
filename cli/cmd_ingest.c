/* SPDX-License-Identifier: MIT */
/*
 * qasid ingest: a corpus into a store, on all cores.
 *
 * Threads: this one reads the inputs and cuts them into records; N workers
 * each turn a record into a processed document (parse, pipeline,
 * fingerprint), skipping the pipeline when a read-only look at the store
 * shows its content is already there; one writer owns the database and
 * stores the documents in input order, in batches of one transaction each.
 *
 * Records travel in a ring of slots, slot seq % Q for record seq: the reader
 * fills free slots in order, workers take ready ones in order, the writer
 * empties done ones in order. So memory is bounded by Q documents whatever
 * the corpus size, and the store's contents do not depend on the number of
 * threads.
 */
#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"

enum {
	O_DB,
	O_THREADS,
	O_BATCH,
	O_INPUT,
	O_SHARD,
	O_NEAR_DUP,
	O_MERGE_WINDOW,
	O_MAX_SIZE,
	O_NO_TAG,
	O_POS_MODEL,
	O_NER_MODEL,
	O_PARSE_MODEL,
	O_NO_PARSE,
	O_QUOTE_MODEL,
	O_NO_QUOTE_MODEL,
	O_QUIET,
	O_EVENTS,
	O_HELP = O_EVENTS + CLI_EV_N
};

static const cli_opt opts[] = {
	[O_DB] = {"db", 'd', "FILE|URL", "the store: an SQLite file (created if needed) or a postgresql:// URL"},
	[O_THREADS] = {"threads", 'j', "N", "worker threads (default: one per core)"},
	[O_BATCH] = {"batch", 0, "N", "articles per transaction (default 500)"},
	[O_INPUT] = {"input", 'i', "FMT", "input: auto (default), text, jsonl, html or warc"},
	[O_SHARD] = {"shard", 0, "K/N", "take only the K-th of N shards of the records (1 <= K <= N)"},
	[O_NEAR_DUP] = {"near-dup", 0, "S", "link near duplicates at this similarity (default 0.8)"},
	[O_MERGE_WINDOW] = {"merge-window", 0, "DAYS", "days apart two reports of one event may be (default 1)"},
	[O_MAX_SIZE] = {"max-size", 0, "MB", "skip articles (and WARC records) larger than this (default 256)"},
	[O_NO_TAG] = {"no-tag", 0, NULL, "no part-of-speech tags or named entities (no models needed)"},
	[O_POS_MODEL] = {"pos-model", 0, "FILE", "part-of-speech model (default: pos-en.qm, found as in extract)"},
	[O_NER_MODEL] = {"ner-model", 0, "FILE", "named-entity model (default: ner-en.qm, found as in extract)"},
	[O_PARSE_MODEL] = {"parse-model", 0, "FILE", "dependency parser (default: parse-en.qm, found as in extract)"},
	[O_NO_PARSE] = {"no-parse", 0, NULL, "no dependency trees, so no events (the taggers still run)"},
	[O_QUOTE_MODEL] = {"quote-model", 0, "FILE", "learned quote cues, and a check of the rules' (default: quote-en.qm, found as in extract)"},
	[O_NO_QUOTE_MODEL] = {"no-quote-model", 0, NULL,
	                      "quotes from the rules alone (fewer sentences to parse: faster)"},
	[O_QUIET] = {"quiet", 'q', NULL, "no progress bar and no summary"},
	CLI_EVENTS_OPTS,
	[O_HELP] = {"help", 'h', NULL, "show this help"},
	{NULL, 0, NULL, NULL}};

static void help(void)
{
	fputs("usage: qasid ingest [OPTIONS] --db FILE PATH...\n\n"
	      "Reads articles from each PATH (a file, a directory read recursively in name\n"
	      "order, or - for standard input), runs the whole pipeline on each, and stores\n"
	      "them in the SQLite database FILE: articles with their metadata, text,\n"
	      "content hash and sentences, entities with their mentions, quotes, and the\n"
	      "events the event coder finds (with a parser model; see --actors, --verbs,\n"
	      "--gazetteer). Inputs are read as by qasid extract: plain text or HTML (one\n"
	      "article per file), JSON Lines (one per line) or WARC (each HTML response),\n"
	      "any of them compressed with gzip or zstd.\n\n"
	      "Ingesting is idempotent: an article whose content (title and text) is\n"
	      "stored already is not stored again; its record is noted as a copy when it\n"
	      "comes with another id, source or URL, and ignored when it is the same record.\n"
	      "Articles that are nearly the same (a wire story on two sites, a new\n"
	      "headline) are linked to the earlier one (MinHash of word 4-grams).\n"
	      "Each batch of articles is one transaction, so an ingest killed at any moment\n"
	      "loses at most its last batch; run it again to finish.\n\n"
	      "Then ask the store: qasid articles | events | quotes | entities | timeline |\n"
	      "show, and qasid export. The schema is documented in src/store/schema.sql.\n\n"
	      "Options:\n",
	      stdout);
	cli_print_opts(stdout, opts);
	fputs("\nA progress bar (articles/s, MB/s, ETA, errors) is drawn on standard error when\n"
	      "it is a terminal; a summary follows at the end.\n\n"
	      "Exit status: 0 all records stored; 1 some reported and skipped; 2 bad command\n"
	      "line; 3 input/output or database error; 4 a model could not be loaded.\n",
	      stdout);
}

/* ---- records in flight ---- */

enum { S_FREE, S_READY, S_BUSY, S_DONE };
enum { F_TEXT, F_JSONL, F_HTML };

#define MAX_CHARSET 64

typedef struct item {
	int state;
	long seq;
	int fmt;
	char *raw;          /* the record's bytes */
	size_t len, cap;
	char *origin;       /* "FILE:LINE" or "FILE", for messages and the store */
	char *id;           /* default id when the record has none */
	char *url;          /* HTML from WARC: the page's URI, or NULL */
	char charset[MAX_CHARSET]; /* HTML from WARC: the HTTP charset, or "" */
	qasid_doc *doc;     /* NULL: the worker makes a new one (see SLOT_KEEP) */
	qasid_fingerprint fp;
	int known;          /* content already stored: not processed */
	int failed;         /* parse or pipeline failure, in msg */
	char msg[320];
} item;

typedef struct ingest {
	/* options */
	const char *db, *input;
	int threads, batch, quiet, shard_k, shard_n;
	size_t max_size;
	cli_models mods;
	qasid_store_settings set;
	qasid_options opt; /* shared by the workers: models and event resources are immutable */
	cli_events ev;
	int help;
	/* the ring */
	item *slot;
	long q;
	pthread_mutex_t mu;
	pthread_cond_t cv_free, cv_ready, cv_done;
	long n_seq;         /* records handed out by the reader so far */
	long next_work;     /* the next record a worker takes */
	int reader_done;
	int abort;          /* the writer failed: everyone stops */
	/* counts (the writer's) */
	long n_read, n_new, n_copy, n_seen, n_near, n_failed, n_files;
	uint64_t bytes_total, bytes_done; /* bytes_done: the writer's */
	atomic_ullong bytes_skipped;      /* records of other shards (the reader's) */
	double t0, last_draw;
	int progress;
	int status;             /* the writer's */
	int reader_status;      /* the reader's */
	atomic_long reader_failed; /* records the reader reported and skipped */
} ingest;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- options ---- */

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int on_opt(int k, const char *arg, void *ud)
{
	ingest *g = ud;
	long v, w;
	char *end;

	switch (k) {
	case O_DB: g->db = arg; break;
	case O_THREADS:
		if (parse_long(arg, 1, 256, &v)) {
			cli_error("bad --threads '%s' (1 to 256)", arg);
			return -1;
		}
		g->threads = (int)v;
		break;
	case O_BATCH:
		if (parse_long(arg, 1, 1000000, &v)) {
			cli_error("bad --batch '%s' (1 to 1000000)", arg);
			return -1;
		}
		g->batch = (int)v;
		break;
	case O_INPUT:
		if (strcmp(arg, "auto") && strcmp(arg, "text") && strcmp(arg, "jsonl") &&
		    strcmp(arg, "html") && strcmp(arg, "warc")) {
			cli_error("unknown input format '%s' (auto, text, jsonl, html or warc)", arg);
			return -1;
		}
		g->input = arg;
		break;
	case O_SHARD: {
		char kbuf[32];
		const char *slash = strchr(arg, '/');

		if (!slash || (size_t)(slash - arg) >= sizeof kbuf) {
			cli_error("bad --shard '%s' (K/N, such as 2/8)", arg);
			return -1;
		}
		memcpy(kbuf, arg, (size_t)(slash - arg));
		kbuf[slash - arg] = '\0';
		if (parse_long(kbuf, 1, 1000000, &v) || parse_long(slash + 1, 1, 1000000, &w) || v > w) {
			cli_error("bad --shard '%s' (K/N with 1 <= K <= N, such as 2/8)", arg);
			return -1;
		}
		g->shard_k = (int)v;
		g->shard_n = (int)w;
		break;
	}
	case O_NEAR_DUP:
		g->set.near_dup = strtod(arg, &end);
		if (end == arg || *end || !(g->set.near_dup > 0 && g->set.near_dup <= 1)) {
			cli_error("bad --near-dup '%s' (a similarity above 0, at most 1)", arg);
			return -1;
		}
		break;
	case O_MERGE_WINDOW:
		if (parse_long(arg, 0, 3650, &v)) {
			cli_error("bad --merge-window '%s' (0 to 3650 days)", arg);
			return -1;
		}
		g->set.merge_window = (int)v;
		break;
	case O_MAX_SIZE:
		if (parse_long(arg, 1, 4000, &v)) {
			cli_error("bad --max-size '%s' (megabytes, 1 to 4000)", arg);
			return -1;
		}
		g->max_size = (size_t)v << 20;
		break;
	case O_NO_TAG: g->mods.no_tag = 1; break;
	case O_POS_MODEL: g->mods.pos_path = arg; break;
	case O_NER_MODEL: g->mods.ner_path = arg; break;
	case O_PARSE_MODEL: g->mods.parse_path = arg; break;
	case O_NO_PARSE: g->mods.no_parse = 1; break;
	case O_QUOTE_MODEL: g->mods.quote_path = arg; break;
	case O_NO_QUOTE_MODEL: g->mods.no_qm = 1; break;
	case O_QUIET: g->quiet = 1; break;
	case O_HELP: g->help = 1; break;
	default:
		if (k >= O_EVENTS && k < O_EVENTS + CLI_EV_N)
			return cli_events_opt(&g->ev, k - O_EVENTS, arg);
	}
	return 0;
}

/*
 * As in extract: a model named must load; a default one may be missing.
 * Then the parser (it needs the POS tagger), and with it the event coder's
 * actors, lexicon and gazetteer.
 */
static int load_models(ingest *g)
{
	int rc;

	g->mods.quiet = g->quiet;
	if ((rc = cli_models_load(&g->mods, &g->opt)))
		return rc;
	g->opt.parse_all = 0; /* the store keeps events and quotes, not trees */
	return g->mods.parser ? cli_events_load(&g->ev, &g->opt) : 0;
}

/* ---- the list of input files ---- */

typedef struct files {
	char **v;
	size_t n, cap;
} files;

static int files_add(files *fl, const char *path)
{
	char *p = strdup(path);

	if (!p)
		return -1;
	if (fl->n == fl->cap) {
		size_t ncap = fl->cap ? fl->cap * 2 : 64;
		char **nv = realloc(fl->v, ncap * sizeof *nv);

		if (!nv) {
			free(p);
			return -1;
		}
		fl->v = nv;
		fl->cap = ncap;
	}
	fl->v[fl->n++] = p;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Adds the regular files under dir, recursively, in byte order of their
 * names; names starting with '.' and links to directories are left out (the
 * rules of qasid extract, whose walker is private to cmd_extract.c).
 */
static int walk(files *fl, const char *dir, int depth, uint64_t *bytes)
{
	DIR *d;
	struct dirent *e;
	files names = {0};
	size_t i;
	int rc = 0;

	if (depth > 64) {
		cli_error("%s: directories nested too deep, skipped", dir);
		return 1;
	}
	d = opendir(dir);
	if (!d) {
		cli_error("cannot read directory %s: %s", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && files_add(&names, e->d_name)) {
			rc = -1;
			break;
		}
	closedir(d);
	qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (i = 0; i < names.n && rc >= 0; i++) {
		size_t n = strlen(dir) + strlen(names.v[i]) + 2;
		char *path = malloc(n);
		struct stat st;

		if (!path) {
			rc = -1;
			break;
		}
		snprintf(path, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names.v[i]);
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			/* a link to a directory: left out, so there is no loop */
		} else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			int r = walk(fl, path, depth + 1, bytes);

			rc = r < 0 ? -1 : rc | r;
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (files_add(fl, path))
				rc = -1;
			*bytes += (uint64_t)st.st_size;
		}
		free(path);
	}
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return rc;
}

/* ---- the reader (this thread) ---- */

/* FNV-1a: which shard a record belongs to. */
static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static int set_str(char **dst, const char *s)
{
	char *p = strdup(s);

	if (!p)
		return -1;
	free(*dst);
	*dst = p;
	return 0;
}

/*
 * A slot's buffer and document keep their memory for the next record, which
 * saves the allocations of every article; but each grows to the largest
 * record it has held, and with many slots the resident memory crept up for
 * as long as ever larger records kept coming round to the slots (ten MB over
 * 33,000 records of repeated BBC articles, two workers). Once a slot has held
 * a record of more than SLOT_KEEP bytes, a smaller one gets a new buffer and
 * a new document, made by the worker (so its memory comes from the worker's
 * heap, as before).
 */
#define SLOT_KEEP (16 << 10)

/*
 * Hands one record to the workers; blocks while its slot is in use.
 * Returns -1 when the ingest is aborting or out of memory.
 */
static int put_record(ingest *g, int fmt, const char *raw, size_t len, const char *origin,
                      const char *id, const char *url, const char *charset)
{
	item *it;
	long seq;

	if (g->shard_n > 1 && (long)(fnv(raw, len) % (uint64_t)g->shard_n) != g->shard_k - 1) {
		atomic_fetch_add(&g->bytes_skipped, len + 1);
		return 0;
	}
	pthread_mutex_lock(&g->mu);
	seq = g->n_seq;
	it = &g->slot[seq % g->q];
	while (it->state != S_FREE && !g->abort)
		pthread_cond_wait(&g->cv_free, &g->mu);
	pthread_mutex_unlock(&g->mu);
	if (g->abort)
		return -1;
	/* The slot is ours until it is marked ready. */
	if (it->cap > SLOT_KEEP && len < SLOT_KEEP) {
		free(it->raw);
		it->raw = NULL;
		it->cap = 0;
		qasid_doc_free(it->doc);
		it->doc = NULL;
	}
	if (it->cap < len + 1) {
		char *p = realloc(it->raw, len + 1);

		if (!p)
			return -1;
		it->raw = p;
		it->cap = len + 1;
	}
	memcpy(it->raw, raw, len);
	it->raw[len] = '\0';
	it->len = len;
	it->fmt = fmt;
	it->seq = seq;
	it->known = it->failed = 0;
	it->msg[0] = '\0';
	snprintf(it->charset, sizeof it->charset, "%s", charset ? charset : "");
	free(it->url);
	it->url = NULL;
	if (set_str(&it->origin, origin) || set_str(&it->id, id ? id : "") ||
	    (url && set_str(&it->url, url)))
		return -1;
	pthread_mutex_lock(&g->mu);
	it->state = S_READY;
	g->n_seq++;
	pthread_cond_signal(&g->cv_ready);
	pthread_mutex_unlock(&g->mu);
	return 0;
}

/* A record the reader itself reports and skips (unreadable, too big, ...). */
static void reader_skip(ingest *g, const char *where, const char *msg)
{
	cli_error("%s: %s, skipped", where, msg);
	atomic_fetch_add(&g->reader_failed, 1);
	g->reader_status = EXIT_SKIPPED;
}

/* Each HTML response of a WARC file is an article. Returns 0, 1 (skips) or -1. */
static int read_warc(ingest *g, input *in, const char *name)
{
	qasid_warc *w;
	qasid_warc_record rec;
	int r, rc = 0;

	if (qasid_warc_new(&w, input_read, in, g->max_size))
		return -1;
	for (;;) {
		qasid_err err = {0};
		char where[4300], origin[4300], cs[MAX_CHARSET];
		const char *type;

		r = qasid_warc_next(w, &rec, &err);
		if (r == 0)
			break;
		if (r == QASID_EIO || r == QASID_ENOMEM) {
			reader_skip(g, input_display_name(name), in->err ? strerror(in->err) : err.msg);
			rc = 1;
			break;
		}
		if (r < 0) {
			reader_skip(g, input_display_name(name), err.msg);
			rc = 1;
			continue;
		}
		type = rec.http_type ? rec.http_type : rec.block_type;
		if ((strcmp(rec.type, "response") && strcmp(rec.type, "resource") &&
		     strcmp(rec.type, "conversion")) ||
		    !input_is_html_type(type))
			continue; /* requests, metadata, images...: not articles */
		snprintf(where, sizeof where, "WARC record %ld (%s) of %s", rec.number,
		         rec.uri ? rec.uri : "no URI", input_display_name(name));
		if (rec.encoding) {
			reader_skip(g, where, "HTTP body in an unsupported or corrupt Content-Encoding");
			rc = 1;
			continue;
		}
		snprintf(origin, sizeof origin, "%s#%ld", input_display_name(name), rec.number);
		if (put_record(g, F_HTML, rec.payload, rec.payload_len, origin,
		               rec.id ? rec.id : rec.uri, rec.uri, input_charset_of(type, cs, sizeof cs))) {
			rc = -1;
			break;
		}
	}
	qasid_warc_free(w);
	return rc;
}

/* Reads one file (or stdin) into records: 0, 1 when something was skipped, -1 to stop. */
static int read_file(ingest *g, const char *name)
{
	input in;
	const char *fmt;
	char *data, where[4200], id[4200];
	size_t len;
	int e = input_open(&in, name), r, skipped = 0;

	if (e) {
		reader_skip(g, input_display_name(name), strerror(e));
		return 1;
	}
	g->n_files++;
	fmt = input_sniff(&in);
	if (strcmp(g->input, "auto") && strcmp(fmt, "binary"))
		fmt = g->input; /* what --input says, except that binary data is never text */
	if (!strcmp(fmt, "binary")) {
		reader_skip(g, input_display_name(name), strcmp(input_codec(&in), "none")
		                                           ? "binary data after decompression, not text"
		                                           : "binary data, not text");
		skipped = 1;
	} else if (!strcmp(fmt, "jsonl")) {
		while ((r = input_read_line_max(&in, &data, &len, g->max_size)) != IN_EOF) {
			size_t i = 0;

			snprintf(where, sizeof where, "%s:%ld", input_display_name(name), in.lineno);
			if (r == IN_EREAD) {
				reader_skip(g, input_display_name(name), strerror(in.err ? in.err : EIO));
				skipped = 1;
				break;
			}
			if (r == IN_EZIP || r == IN_ETOOBIG) {
				reader_skip(g, where, r == IN_EZIP ? in.zmsg.msg : "line longer than --max-size");
				skipped = 1;
				continue;
			}
			while (i < len && strchr(" \t\r", data[i]))
				i++;
			if (i == len)
				continue;
			if (put_record(g, F_JSONL, data, len, where, where, NULL, NULL)) {
				input_close(&in);
				return -1;
			}
		}
	} else if (!strcmp(fmt, "warc")) {
		r = read_warc(g, &in, name);
		if (r < 0) {
			input_close(&in);
			return -1;
		}
		skipped = r;
	} else { /* text, html, empty */
		r = input_read_all_max(&in, &data, &len, g->max_size);
		input_base_id(name, id, sizeof id);
		if (r == IN_EREAD || r == IN_EZIP || r == IN_ETOOBIG) {
			reader_skip(g, input_display_name(name), r == IN_EZIP ? in.zmsg.msg
			                                   : r == IN_ETOOBIG ? "larger than --max-size"
			                                                     : strerror(in.err ? in.err : EIO));
			skipped = 1;
		} else if (put_record(g, !strcmp(fmt, "html") ? F_HTML : F_TEXT, data, len,
		                      input_display_name(name), strcmp(name, "-") ? id : NULL, NULL, NULL)) {
			input_close(&in);
			return -1;
		}
	}
	input_close(&in);
	return skipped;
}

/* ---- workers ---- */

typedef struct worker {
	ingest *g;
	qasid_store *ro; /* read-only look at the store: is this content there? */
} worker;

/* Parses the record into its document; 0 or -1 with it->msg set. */
static int parse(item *it)
{
	qasid_err err = {0};
	int rc;

	if (it->fmt == F_JSONL) {
		rc = qasid_doc_from_jsonl(it->doc, it->raw, it->len, &err);
		if (rc == QASID_OK && !qasid_doc_field(it->doc, QASID_FIELD_ID))
			rc = qasid_doc_set_field(it->doc, QASID_FIELD_ID, it->id, strlen(it->id));
		if (rc) {
			const char *colon = strrchr(it->origin, ':');

			snprintf(it->msg, sizeof it->msg, "cannot parse line %s of %.*s: %s", colon + 1,
			         (int)(colon - it->origin), it->origin,
			         rc == QASID_ENOMEM ? "out of memory" : err.msg);
			return -1;
		}
		return 0;
	}
	if (it->len == 0) {
		snprintf(it->msg, sizeof it->msg, "%s: empty input, skipped", it->origin);
		return -1;
	}
	if (it->fmt == F_HTML) {
		rc = qasid_doc_from_html(it->doc, it->raw, it->len, it->charset[0] ? it->charset : NULL,
		                         it->url, &err);
	} else {
		qasid_doc_reset(it->doc);
		rc = qasid_doc_set_text(it->doc, it->raw, it->len);
		if (rc == QASID_OK)
			rc = qasid_doc_text_meta(it->doc);
		if (rc)
			snprintf(err.msg, sizeof err.msg, "%s", qasid_strerror(rc));
	}
	if (rc == QASID_OK && it->id[0])
		rc = qasid_doc_set_field(it->doc, QASID_FIELD_ID, it->id, strlen(it->id));
	if (rc) {
		snprintf(it->msg, sizeof it->msg, "%s: %s, skipped", it->origin,
		         err.msg[0] ? err.msg : qasid_strerror(rc));
		return -1;
	}
	return 0;
}

static void work(worker *w, item *it)
{
	ingest *g = w->g;
	qasid_err err = {0};
	int64_t id = 0;

	if (!it->doc && qasid_doc_new(&it->doc)) {
		snprintf(it->msg, sizeof it->msg, "%s: out of memory, skipped", it->origin);
		it->failed = 1;
		return;
	}
	if (parse(it)) {
		it->failed = 1;
		return;
	}
	qasid_doc_content_hash(it->doc, it->fp.sha256);
	if (w->ro && qasid_store_find(w->ro, it->fp.sha256, &id, NULL) == QASID_OK && id) {
		it->known = 1;
		return;
	}
	if (qasid_process(it->doc, &g->opt, &err)) {
		snprintf(it->msg, sizeof it->msg, "cannot process %s: %s", it->origin, err.msg);
		it->failed = 1;
		return;
	}
	qasid_doc_fingerprint(it->doc, &it->fp);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	ingest *g = w->g;

	for (;;) {
		item *it;

		pthread_mutex_lock(&g->mu);
		for (;;) {
			it = &g->slot[g->next_work % g->q];
			if (g->abort || (it->state == S_READY && it->seq == g->next_work))
				break;
			if (g->reader_done && g->next_work >= g->n_seq)
				break;
			pthread_cond_wait(&g->cv_ready, &g->mu);
		}
		if (g->abort || g->next_work >= g->n_seq) {
			pthread_cond_broadcast(&g->cv_ready);
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		it->state = S_BUSY;
		g->next_work++;
		pthread_cond_signal(&g->cv_ready); /* the next record may be ready too */
		pthread_mutex_unlock(&g->mu);
		work(w, it);
		pthread_mutex_lock(&g->mu);
		it->state = S_DONE;
		pthread_cond_broadcast(&g->cv_done);
		pthread_mutex_unlock(&g->mu);
	}
}

/* ---- the writer ---- */

typedef struct writer {
	ingest *g;
	qasid_store *st;
	int rc; /* an EXIT_ code when the writer failed */
} writer;

static void fmt_count(char *b, size_t n, double v)
{
	if (v >= 1e6)
		snprintf(b, n, "%.2fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(b, n, "%.1fk", v / 1e3);
	else
		snprintf(b, n, "%.0f", v);
}

static void draw(ingest *g, int final)
{
	double t = now(), el = t - g->t0;
	uint64_t done = g->bytes_done + atomic_load(&g->bytes_skipped);
	double rate = el > 0 ? g->n_read / el : 0, mbs = el > 0 ? done / el / 1e6 : 0;
	char n[32], eta[32] = "";

	if (!g->progress || (!final && t - g->last_draw < 0.1))
		return;
	g->last_draw = t;
	fmt_count(n, sizeof n, (double)g->n_read);
	if (g->bytes_total && done <= g->bytes_total && mbs > 0) {
		double left = (g->bytes_total - done) / (mbs * 1e6);

		snprintf(eta, sizeof eta, " %3.0f%% ETA %d:%02d", 100.0 * done / g->bytes_total,
		         (int)left / 60, (int)left % 60);
	}
	fprintf(stderr, "\r\033[K%s articles  %.0f/s  %.1f MB/s%s  %ld new  %ld dup  %ld error%s", n,
	        rate, mbs, eta, g->n_new, g->n_copy + g->n_seen,
	        g->n_failed + atomic_load(&g->reader_failed),
	        g->n_failed + atomic_load(&g->reader_failed) == 1 ? "" : "s");
	if (final)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Stores one finished record; -1 on a database error (reported). */
static int store_item(writer *w, item *it, int *in_batch, int *in_this_batch)
{
	ingest *g = w->g;
	qasid_added res;
	qasid_err err = {0};
	int rc;

	g->n_read++;
	g->bytes_done += it->len + 1;
	if (it->failed) {
		if (g->progress)
			fputs("\r\033[K", stderr);
		cli_error("%s", it->msg);
		g->n_failed++;
		g->status = EXIT_SKIPPED;
		return 0;
	}
	if (!*in_batch) {
		rc = qasid_store_begin(w->st, &err);
		if (rc) {
			cli_error("%s: %s", g->db, err.msg);
			return -1;
		}
		*in_batch = 1;
		*in_this_batch = 0;
	}
	rc = qasid_store_add(w->st, it->doc, &it->fp, it->origin, &res, &err);
	if (rc) {
		cli_error("cannot store %s in %s: %s", it->origin, g->db, err.msg);
		return -1;
	}
	switch (res.kind) {
	case QASID_ADDED_NEW: g->n_new++; break;
	case QASID_ADDED_COPY: g->n_copy++; break;
	case QASID_ADDED_SEEN: g->n_seen++; break;
	}
	g->n_near += res.near_dup_of != 0;
	if (++*in_this_batch >= g->batch) {
		rc = qasid_store_commit(w->st, &err);
		*in_batch = 0;
		if (rc) {
			cli_error("%s: %s", g->db, err.msg);
			return -1;
		}
	}
	return 0;
}

static void *writer_main(void *arg)
{
	writer *w = arg;
	ingest *g = w->g;
	long next = 0;
	int in_batch = 0, in_this_batch = 0;
	qasid_err err = {0};

	for (;;) {
		item *it;

		pthread_mutex_lock(&g->mu);
		for (;;) {
			it = &g->slot[next % g->q];
			if (it->state == S_DONE && it->seq == next)
				break;
			if (g->reader_done && next >= g->n_seq)
				break;
			pthread_cond_wait(&g->cv_done, &g->mu);
		}
		if (!(it->state == S_DONE && it->seq == next)) {
			pthread_mutex_unlock(&g->mu);
			break;
		}
		pthread_mutex_unlock(&g->mu);
		if (store_item(w, it, &in_batch, &in_this_batch)) {
			w->rc = EXIT_IO;
			break;
		}
		draw(g, 0);
		pthread_mutex_lock(&g->mu);
		it->state = S_FREE;
		next++;
		pthread_cond_broadcast(&g->cv_free);
		pthread_mutex_unlock(&g->mu);
	}
	/* The last batch (always one, to apply the settings and merge events). */
	if (!w->rc && !in_batch) {
		if (qasid_store_begin(w->st, &err)) {
			cli_error("%s: %s", g->db, err.msg);
			w->rc = EXIT_IO;
		} else
			in_batch = 1;
	}
	if (!w->rc && in_batch && qasid_store_commit(w->st, &err)) {
		cli_error("%s: %s", g->db, err.msg);
		w->rc = EXIT_IO;
	}
	if (w->rc) {
		qasid_store_rollback(w->st);
		pthread_mutex_lock(&g->mu);
		g->abort = 1;
		pthread_cond_broadcast(&g->cv_free);
		pthread_cond_broadcast(&g->cv_ready);
		pthread_mutex_unlock(&g->mu);
	}
	return NULL;
}

/* ---- the command ---- */

static char *join_args(int argc, char **argv)
{
	size_t n = 1;
	int i;
	char *s;

	for (i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static void summary(ingest *g, qasid_store *st)
{
	double el = now() - g->t0;
	qasid_store_stats s;
	struct stat sb;
	double mb = stat(g->db, &sb) == 0 ? sb.st_size / 1e6 : 0;
	char wal[4200], size[40] = "";

	snprintf(wal, sizeof wal, "%s-wal", g->db);
	if (stat(wal, &sb) == 0)
		mb += sb.st_size / 1e6;
	if (!qasid_store_is_server(g->db)) /* a server's size is not ours to tell */
		snprintf(size, sizeof size, "; %.1f MB", mb);
	fprintf(stderr,
	        "qasid: %ld record%s from %ld file%s in %.1f s (%.0f articles/s, %.1f MB/s): "
	        "%ld new, %ld exact duplicate%s, %ld already stored, %ld near duplicate%s, "
	        "%ld skipped\n",
	        g->n_read, g->n_read == 1 ? "" : "s", g->n_files, g->n_files == 1 ? "" : "s", el,
	        el > 0 ? g->n_read / el : 0,
	        el > 0 ? (g->bytes_done + atomic_load(&g->bytes_skipped)) / el / 1e6 : 0, g->n_new, g->n_copy,
	        g->n_copy == 1 ? "" : "s", g->n_seen, g->n_near, g->n_near == 1 ? "" : "s",
	        g->n_failed);
	if (qasid_store_stats_get(st, &s, NULL) == QASID_OK)
		fprintf(stderr,
		        "qasid: %s now holds %lld article%s (from %lld record%s; %lld near duplicate%s), "
		        "%lld sentences, %lld entities, %lld quotes, %lld events%s\n",
		        g->db, (long long)s.articles, s.articles == 1 ? "" : "s", (long long)s.copies,
		        s.copies == 1 ? "" : "s", (long long)s.near_dups, s.near_dups == 1 ? "" : "s",
		        (long long)s.sentences, (long long)s.entities, (long long)s.quotes,
		        (long long)s.events, size);
}

int cmd_ingest(int argc, char **argv)
{
	ingest g;
	files fl = {0};
	qasid_store *st = NULL;
	worker *wk = NULL;
	pthread_t *tid = NULL, wtid;
	writer wr = {0};
	qasid_err err = {0};
	char *args = NULL;
	char **pos;
	int n_pos, i, rc = EXIT_OK_ALL, n_started = 0, writer_started = 0;
	long q;

#ifdef __GLIBC__
	/*
	 * Every article allocates and frees a few hundred KB in each thread.
	 * glibc gives the free top of a thread's heap back to the kernel
	 * (madvise) past a trim threshold, and the next article faults the pages
	 * in again: with the default that was 40% of the writer's CPU time (sys
	 * 1.4 s of 3.3 s over the BBC articles without tagging), enough to keep
	 * two workers from doubling the speed. 64 MB of slack per heap stops it;
	 * the peak RSS did not move. Setting it also freezes glibc's mmap
	 * threshold at 128 KB, so the larger blocks every article needs were
	 * mapped, faulted in and unmapped again each time: blocks up to 2 MB come
	 * from the heap instead (half the page faults, half the system time; 32
	 * MB let the peak RSS creep up with the records, 2 MB keeps it flat).
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 2 << 20);
#endif
	memset(&g, 0, sizeof g);
	g.input = "auto";
	g.batch = 500;
	g.max_size = (size_t)256 << 20;
	g.status = EXIT_OK_ALL;
	qasid_store_settings_default(&g.set);
	qasid_options_default(&g.opt);
	pos = malloc((size_t)argc * sizeof *pos);
	if (!pos) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	if (cli_parse_args(argc, argv, opts, on_opt, &g, pos, &n_pos) < 0) {
		free(pos);
		return EXIT_USAGE;
	}
	if (g.help || !g.db || !n_pos) {
		if (g.help)
			help();
		else if (!g.db)
			cli_error("ingest needs --db FILE (try qasid ingest --help)");
		else
			cli_error("ingest needs at least one PATH (a file, a directory, or - for standard input)");
		free(pos);
		return g.help ? EXIT_OK_ALL : EXIT_USAGE;
	}
	if (!g.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		g.threads = n > 0 && n <= 256 ? (int)n : 1;
	}
	/* The inputs first, so that a bad path is reported before any work. */
	for (i = 0; i < n_pos; i++) {
		struct stat sb;
		const char *path = pos[i];

		if (!strcmp(path, "-"))
			rc = files_add(&fl, "-") ? EXIT_IO : rc;
		else if (stat(path, &sb) != 0) {
			cli_error("cannot open %s: %s", path, strerror(errno));
			g.status = EXIT_SKIPPED;
		} else if (S_ISDIR(sb.st_mode)) {
			int r = walk(&fl, path, 0, &g.bytes_total);

			if (r < 0)
				rc = EXIT_IO;
			else if (r)
				g.status = EXIT_SKIPPED;
		} else {
			rc = files_add(&fl, path) ? EXIT_IO : rc;
			g.bytes_total += (uint64_t)sb.st_size;
		}
		if (rc) {
			cli_error("out of memory");
			goto done;
		}
	}
	if ((rc = load_models(&g)))
		goto done;
	if (qasid_store_open(&st, g.db, 0, &err) || qasid_store_configure(st, &g.set, &err)) {
		cli_error("%s", err.msg);
		rc = EXIT_IO;
		goto done;
	}
	args = join_args(argc, argv);
	if (qasid_store_run_start(st, args, &err)) {
		cli_error("%s: %s", g.db, err.msg);
		rc = EXIT_IO;
		goto done;
	}
	/* The ring: enough slots to keep every worker busy while the writer commits. */
	q = 4L * g.threads + 16;
	g.q = q;
	g.slot = calloc((size_t)q, sizeof *g.slot);
	wk = calloc((size_t)g.threads, sizeof *wk);
	tid = calloc((size_t)g.threads, sizeof *tid);
	if (!g.slot || !wk || !tid) {
		cli_error("out of memory");
		rc = EXIT_IO;
		goto done;
	}
	for (i = 0; i < q; i++)
		if (qasid_doc_new(&g.slot[i].doc)) {
			cli_error("out of memory");
			rc = EXIT_IO;
			goto done;
		}
	pthread_mutex_init(&g.mu, NULL);
	pthread_cond_init(&g.cv_free, NULL);
	pthread_cond_init(&g.cv_ready, NULL);
	pthread_cond_init(&g.cv_done, NULL);
	g.progress = !g.quiet && isatty(STDERR_FILENO);
	g.t0 = now();
	wr.g = &g;
	wr.st = st;
	for (i = 0; i < g.threads; i++) {
		wk[i].g = &g;
		/* Without a reader the worker processes everything; the writer still dedupes. */
		if (qasid_store_open(&wk[i].ro, g.db, QASID_STORE_READONLY, NULL))
			wk[i].ro = NULL;
		if (pthread_create(&tid[i], NULL, worker_main, &wk[i]) == 0)
			n_started++;
	}
	if (pthread_create(&wtid, NULL, writer_main, &wr) == 0)
		writer_started = 1;
	if (!n_started || !writer_started) {
		cli_error("cannot start threads");
		pthread_mutex_lock(&g.mu);
		g.abort = 1;
		pthread_mutex_unlock(&g.mu);
		rc = EXIT_IO;
	}
	for (i = 0; !rc && i < (int)fl.n; i++) {
		int r = read_file(&g, fl.v[i]);

		if (r < 0)
			break;
		pthread_mutex_lock(&g.mu);
		if (g.abort)
			i = (int)fl.n;
		pthread_mutex_unlock(&g.mu);
	}
	pthread_mutex_lock(&g.mu);
	if (i < (int)fl.n && !g.abort) {
		cli_error("out of memory");
		g.abort = 1;
		rc = EXIT_IO;
	}
	g.reader_done = 1;
	pthread_cond_broadcast(&g.cv_ready);
	pthread_cond_broadcast(&g.cv_done);
	pthread_cond_broadcast(&g.cv_free);
	pthread_mutex_unlock(&g.mu);
	for (i = 0; i < g.threads; i++)
		if (i < n_started)
			pthread_join(tid[i], NULL);
	if (writer_started)
		pthread_join(wtid, NULL);
	draw(&g, 1);
	if (!rc)
		rc = wr.rc;
	g.n_read += atomic_load(&g.reader_failed);
	g.n_failed += atomic_load(&g.reader_failed);
	if (g.reader_status)
		g.status = g.reader_status;
	if (!rc && qasid_store_run_finish(st, g.n_read, g.n_failed, &err)) {
		cli_error("%s: %s", g.db, err.msg);
		rc = EXIT_IO;
	}
	if (!g.quiet && !rc)
		summary(&g, st);
	pthread_mutex_destroy(&g.mu);
	pthread_cond_destroy(&g.cv_free);
	pthread_cond_destroy(&g.cv_ready);
	pthread_cond_destroy(&g.cv_done);
done:
	for (i = 0; wk && i < g.threads; i++)
		qasid_store_close(wk[i].ro);
	if (qasid_store_close(st) && !rc) {
		cli_error("cannot close %s", g.db);
		rc = EXIT_IO;
	}
	for (i = 0; g.slot && i < g.q; i++) {
		qasid_doc_free(g.slot[i].doc);
		free(g.slot[i].raw);
		free(g.slot[i].origin);
		free(g.slot[i].id);
		free(g.slot[i].url);
	}
	for (i = 0; i < (int)fl.n; i++)
		free(fl.v[i]);
	free(fl.v);
	free(g.slot);
	free(wk);
	free(tid);
	free(args);
	free(pos);
	cli_events_free(&g.ev);
	cli_models_free(&g.mods);
	return rc ? rc : g.status;
}
