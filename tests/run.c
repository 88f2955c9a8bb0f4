/* SPDX-License-Identifier: MIT */
/* The test runner: all suites in one process, so sanitizers see everything. */
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

#define SUITES(X) \
	X(core)   \
	X(doc)    \
	X(clean)  \
	X(debris) \
	X(glue)   \
	X(tokenize) \
	X(sentsplit) \
	X(json)   \
	X(jsonl)  \
	X(alloc)  \
	X(store)  \
	X(store_pg) \
	X(ingest_db) \
	X(cli)    \
	X(html)   \
	X(warc)   \
	X(ingest) \
	X(model)  \
	X(tag)    \
	X(parse)   \
	X(actors)  \
	X(dates)   \
	X(counts)  \
	X(places)  \
	X(event_cli)   \
	X(quote)  \
	X(entity) \
	X(events)

#define DECLARE(s) extern const t_case t_##s##_cases[];
SUITES(DECLARE)

static const struct {
	const char *name;
	const t_case *cases;
} suites[] = {
#define ENTRY(s) {#s, t_##s##_cases},
	SUITES(ENTRY)
};

static int cur_failed, cur_skipped;
static const char *cur_suite, *cur_test;

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!cur_failed)
		printf("FAIL %s/%s\n", cur_suite, cur_test);
	printf("  %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	cur_failed = 1;
}

void t_skip(const char *why)
{
	printf("skip %s/%s: %s\n", cur_suite, cur_test, why);
	cur_skipped = 1;
}

const char *t_shared(const char *rel)
{
	static char path[4096];
	const char *root = getenv("QASID_SHARED");
	FILE *f;

	snprintf(path, sizeof path, "%s/data/%s", root ? root : "../shared", rel);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fclose(f);
	return path;
}

void *t_failing_alloc(void *ud, void *ptr, size_t size)
{
	t_alloc *a = ud;
	void *p;

	if (size == 0) {
		if (ptr)
			a->live--;
		free(ptr);
		return NULL;
	}
	if (++a->calls == a->fail_at)
		return NULL;
	p = realloc(ptr, size);
	if (p && !ptr)
		a->live++;
	return p;
}

int t_discard(void *ud, const char *b, size_t n)
{
	(void)ud;
	(void)b;
	(void)n;
	return 0;
}

const char *t_tmp_path(t_tmp *t, const char *name)
{
	if (!t->dir[0]) {
		/* tmpfs when asked: some suites make many databases, and fsync on a
		 * shared disk is slow. */
		snprintf(t->dir, sizeof t->dir, "%s/%s-XXXXXX",
		         t->shm && access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", t->name);
		if (!mkdtemp(t->dir)) {
			t->dir[0] = '\0';
			return NULL;
		}
		snprintf(t->out, sizeof t->out, "%s/stdout", t->dir);
		snprintf(t->err, sizeof t->err, "%s/stderr", t->dir);
	}
	t->k = (t->k + 1) % 16;
	snprintf(t->path[t->k], sizeof t->path[t->k], "%s/%s", t->dir, name);
	return t->path[t->k];
}

int t_tmp_remove(t_tmp *t)
{
	char cmd[128];

	if (!t->dir[0])
		return 0;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	t->dir[0] = '\0';
	return system(cmd) == 0 ? 0 : -1;
}

int t_run_qasid(t_tmp *t, const char *prefix, const char *args)
{
	const char *env = getenv("QASID_BIN");
	char bin[4096];
	size_t n;
	char *cmd;
	int st;

	if (!env || !realpath(env, bin) || !t_tmp_path(t, "stdout"))
		return -1;
	n = strlen(prefix) + strlen(bin) + strlen(args) + strlen(t->out) + strlen(t->err) + 16;
	if (!(cmd = malloc(n)))
		return -1;
	snprintf(cmd, n, "%s %s %s >%s 2>%s", prefix, bin, args, t->out, t->err);
	st = system(cmd);
	free(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *t_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n + 1)) && fread(p, 1, (size_t)n, f) == (size_t)n) {
		p[n] = '\0';
		if (len)
			*len = (size_t)n;
	} else {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

qasid_doc *t_doc(const char *text)
{
	qasid_doc *doc;

	if (qasid_doc_new(&doc))
		return NULL;
	if (qasid_doc_set_text(doc, text, strlen(text)) || qasid_process(doc, NULL, NULL)) {
		qasid_doc_free(doc);
		return NULL;
	}
	return doc;
}

const char *t_tok(const qasid_doc *doc, size_t i)
{
	static char b[1024];
	const qasid_span *t = qasid_doc_tokens(doc);
	const char *text = qasid_doc_text(doc, NULL);
	size_t n;

	if (i >= qasid_doc_n_tokens(doc))
		return "(none)";
	n = t[i].end - t[i].start;
	if (n >= sizeof b)
		n = sizeof b - 1;
	memcpy(b, text + t[i].start, n);
	b[n] = '\0';
	return b;
}

const char *t_input_slice(const qasid_doc *doc, qasid_span clean)
{
	static char b[4096];
	qasid_span in = qasid_doc_input_span(doc, clean);
	const char *input = qasid_doc_input(doc, NULL);
	size_t n = in.end - in.start;

	if (n >= sizeof b)
		n = sizeof b - 1;
	memcpy(b, input + in.start, n);
	b[n] = '\0';
	return b;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0, a;
	size_t s;

	for (s = 0; s < sizeof suites / sizeof suites[0]; s++) {
		const t_case *c;
		int wanted = argc < 2;

		for (a = 1; a < argc; a++)
			wanted |= !strcmp(argv[a], suites[s].name);
		if (!wanted)
			continue;
		for (c = suites[s].cases; c->name; c++) {
			cur_suite = suites[s].name;
			cur_test = c->name;
			cur_failed = cur_skipped = 0;
			c->fn();
			fflush(stdout);
			if (cur_failed)
				failed++;
			else if (cur_skipped)
				skipped++;
			else
				passed++;
		}
	}
	if (skipped)
		printf("%d skipped\n", skipped);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
