/* SPDX-License-Identifier: MIT */
/*
 * The test harness: each t_<stage>.c defines an array of t_case ending with
 * {NULL, NULL}, listed in run.c. A test fails at its first failed CHECK.
 * `build/tests/run [SUITE...]` runs all suites or the named ones and ends
 * with the line "N passed, N failed".
 */
#ifndef QASID_TEST_H
#define QASID_TEST_H

#include <stdio.h>
#include <string.h>

#include "qasid.h"

typedef struct t_case {
	const char *name;
	void (*fn)(void);
} t_case;

/* Records a failure of the running test (the runner prints it). */
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Marks the running test as skipped, with a reason. */
void t_skip(const char *why);
/* Path of a data file: $QASID_SHARED/data/<rel>, or NULL when absent. */
const char *t_shared(const char *rel);
/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *t_read_file(const char *path, size_t *len);

/*
 * An allocator for qasid_set_allocator (ud: a t_alloc) that fails its
 * fail_at-th call (counting from 1; 0 never) and counts the calls and the
 * blocks still live, for the allocation-failure tests.
 */
typedef struct t_alloc {
	long fail_at, calls, live;
} t_alloc;
void *t_failing_alloc(void *ud, void *ptr, size_t size);
/* A qasid_write_fn that drops what it is given. */
int t_discard(void *ud, const char *b, size_t n);

/*
 * A suite's scratch directory, NAME-XXXXXX under /tmp (under /dev/shm when
 * shm is set and it is writable), made on first use. out and err are the
 * files t_run_qasid writes.
 */
typedef struct t_tmp {
	const char *name;
	int shm;
	char dir[64], out[128], err[128];
	char path[16][300];
	unsigned k;
} t_tmp;
/* NAME in t's directory (made if need be): valid for the next 15 calls; NULL
 * when the directory cannot be made. */
const char *t_tmp_path(t_tmp *t, const char *name);
/* Removes t's directory and all it holds; the next t_tmp_path makes another.
 * 0, or -1 when that failed. */
int t_tmp_remove(t_tmp *t);
/* Runs `PREFIX $QASID_BIN ARGS` through the shell ($QASID_BIN made absolute,
 * so PREFIX may change directory), stdout to t->out and stderr to t->err; its
 * exit status, or -1 (no QASID_BIN, no directory, or not a normal exit). */
int t_run_qasid(t_tmp *t, const char *prefix, const char *args);

#define CHECK(c)                                              \
	do {                                                  \
		if (!(c)) {                                   \
			t_fail(__FILE__, __LINE__, "%s", #c); \
			return;                               \
		}                                             \
	} while (0)

#define CHECK_MSG(c, ...)                                     \
	do {                                                  \
		if (!(c)) {                                   \
			t_fail(__FILE__, __LINE__, __VA_ARGS__); \
			return;                               \
		}                                             \
	} while (0)

#define CHECK_STR(a, b)                                                                      \
	do {                                                                                 \
		const char *a_ = (a), *b_ = (b);                                             \
		if (!a_ || !b_ || strcmp(a_, b_)) {                                          \
			t_fail(__FILE__, __LINE__, "got \"%s\", want \"%s\"", a_ ? a_ : "(null)", \
			       b_ ? b_ : "(null)");                                           \
			return;                                                              \
		}                                                                            \
	} while (0)

/*
 * Runs fn over each block of the golden file at path (see golden.c); fn
 * returns a malloc'd output. Records failures; returns the number of cases,
 * or -1 if any failed.
 */
int t_golden(const char *path, char *(*fn)(const char *input));

/* Processes text with default options into a new document (NULL on failure). */
qasid_doc *t_doc(const char *text);
/* The cleaned text of token i / sentence i of doc, in a static buffer. */
const char *t_tok(const qasid_doc *doc, size_t i);
const char *t_input_slice(const qasid_doc *doc, qasid_span clean);

#endif
