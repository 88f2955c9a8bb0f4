/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core.h"

#define HUGE_PAGE ((uintptr_t)2 << 20)

static void *default_alloc(void *ud, void *ptr, size_t size)
{
	(void)ud;
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, size);
}

static qasid_alloc_fn alloc_fn = default_alloc;
static void *alloc_ud;

void qasid_set_allocator(qasid_alloc_fn fn, void *ud)
{
	alloc_fn = fn ? fn : default_alloc;
	alloc_ud = fn ? ud : NULL;
}

void *qs_malloc(size_t n)
{
	return alloc_fn(alloc_ud, NULL, n ? n : 1);
}

void *qs_zalloc(size_t n)
{
	void *p;

	if (alloc_fn == default_alloc) /* fresh pages come zeroed: no pass over them */
		return calloc(1, n ? n : 1);
	p = qs_malloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *qs_realloc(void *p, size_t n)
{
	return alloc_fn(alloc_ud, p, n ? n : 1);
}

void qs_free(void *p)
{
	if (p)
		alloc_fn(alloc_ud, p, 0);
}

int vec_grow(void **data, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return QASID_OK;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return QASID_ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return QASID_ENOMEM;
	p = qs_realloc(*data, ncap * elem);
	if (!p)
		return QASID_ENOMEM;
	*data = p;
	*cap = ncap;
	return QASID_OK;
}

void qs_hint_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t b = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);

	if (p && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

void *qs_zalloc_table(size_t n, void **mem)
{
	uintptr_t align = n >= ((size_t)1 << 20) ? HUGE_PAGE : 64, p;

	if (n > SIZE_MAX - align || !(*mem = qs_zalloc(n + align)))
		return NULL;
	p = ((uintptr_t)*mem + align - 1) & ~(align - 1);
	qs_hint_huge((void *)p, n);
	return (void *)p;
}
