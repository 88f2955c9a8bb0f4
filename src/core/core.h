/* SPDX-License-Identifier: MIT */
/*
 * Core helpers shared by every stage: the allocator hook, a per-document
 * arena, growable byte buffers and typed vectors, diagnostics on errors.
 * Internal: nothing here is installed.
 */
#ifndef QASID_CORE_H
#define QASID_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "qasid.h"

#define QASID_INTERNAL __attribute__((visibility("hidden")))

/* Allocation through the qasid_set_allocator hook. */
QASID_INTERNAL void *qs_malloc(size_t n);
/* n zero bytes (calloc's, with the default allocator), freed with qs_free. */
QASID_INTERNAL void *qs_zalloc(size_t n);
QASID_INTERNAL void *qs_realloc(void *p, size_t n);
QASID_INTERNAL void qs_free(void *p);
/*
 * A hint that the n bytes at p, a table filled once and then read at random
 * (the models' weights), may be backed by huge pages where the kernel allows
 * it: far fewer page faults when it is first written. Does nothing for small
 * blocks or where the hint is not supported; never fails.
 */
QASID_INTERNAL void qs_hint_huge(void *p, size_t n);
/*
 * n zero bytes for such a table, 64-byte aligned, and from 1 MB on at a huge
 * page boundary, so that all of it can be huge pages (the hint covers only
 * whole huge pages inside a block): fewer TLB misses when it is read at
 * random. *mem receives what to qs_free; NULL when out of memory.
 */
QASID_INTERNAL void *qs_zalloc_table(size_t n, void **mem);

/*
 * Arena: many small allocations released at once. ar_reset keeps the first
 * block for reuse; ar_fini frees all. Allocations are 16-byte aligned.
 */
typedef struct ar_block ar_block;
typedef struct arena {
	ar_block *head;
} arena;

QASID_INTERNAL void ar_init(arena *a);
QASID_INTERNAL void ar_fini(arena *a);
QASID_INTERNAL void ar_reset(arena *a);
QASID_INTERNAL void *ar_alloc(arena *a, size_t n);
/* Copies len bytes and a NUL; NULL when out of memory. */
QASID_INTERNAL char *ar_strndup(arena *a, const char *s, size_t len);

/* Growable bytes, always NUL-terminated once anything is appended. */
typedef struct buf {
	char *data;
	size_t len;
	size_t cap;
} buf;

QASID_INTERNAL int buf_reserve(buf *b, size_t extra);
QASID_INTERNAL int buf_append(buf *b, const void *p, size_t n);
QASID_INTERNAL int buf_putc(buf *b, char c);
QASID_INTERNAL int buf_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
QASID_INTERNAL void buf_fini(buf *b);
/*
 * Hands b's bytes to w and frees b: QASID_ENOMEM when failed (the buf_*
 * results OR-ed together while b was built) is set, QASID_EIO when w fails.
 */
QASID_INTERNAL int buf_flush_to(buf *b, int failed, qasid_write_fn w, void *ud);

/*
 * Grows a typed array *data (of elem-sized items, capacity *cap) to hold at
 * least need items. Returns QASID_OK or QASID_ENOMEM (data untouched).
 */
QASID_INTERNAL int vec_grow(void **data, size_t *cap, size_t need, size_t elem);

#define VEC(T)            \
	struct {          \
		T *v;     \
		size_t n; \
		size_t cap; \
	}

/* Appends x to vector vp; evaluates to QASID_OK or QASID_ENOMEM. */
#define VEC_PUSH(vp, x)                                                             \
	((vp)->n < (vp)->cap || vec_grow((void **)&(vp)->v, &(vp)->cap, (vp)->n + 1,   \
	                                 sizeof *(vp)->v) == QASID_OK                   \
	     ? ((vp)->v[(vp)->n++] = (x), QASID_OK)                                     \
	     : QASID_ENOMEM)
#define VEC_RESERVE(vp, need)                                                       \
	((need) <= (vp)->cap ? QASID_OK                                                 \
	                     : vec_grow((void **)&(vp)->v, &(vp)->cap, (need), sizeof *(vp)->v))
#define VEC_FREE(vp) (qs_free((vp)->v), (vp)->v = NULL, (vp)->n = (vp)->cap = 0)

/*
 * Reads the whole file at path into *data (qs_free it; *len bytes).
 * QASID_EIO "PATH: cannot open" / "PATH: read error", or QASID_ENOMEM.
 */
QASID_INTERNAL int file_read_all(const char *path, char **data, size_t *len, qasid_err *err);

/* Sets err (when not NULL) and returns code. */
QASID_INTERNAL int err_set(qasid_err *err, int code, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
