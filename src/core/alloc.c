/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "core.h"

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
