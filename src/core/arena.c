/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "core.h"

#define AR_MIN_BLOCK 8192
#define AR_ALIGN 16

struct ar_block {
	ar_block *next;
	size_t used;
	size_t cap;
	_Alignas(AR_ALIGN) unsigned char mem[];
};

void ar_init(arena *a)
{
	a->head = NULL;
}

void ar_fini(arena *a)
{
	ar_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		qs_free(b);
	}
	a->head = NULL;
}

/* Keeps the oldest block (the last in the list), frees the rest. */
void ar_reset(arena *a)
{
	ar_block *b = a->head, *next;

	if (!b)
		return;
	while (b->next) {
		next = b->next;
		qs_free(b);
		b = next;
	}
	b->used = 0;
	a->head = b;
}

void *ar_alloc(arena *a, size_t n)
{
	ar_block *b = a->head;
	size_t need = (n + AR_ALIGN - 1) & ~(size_t)(AR_ALIGN - 1);
	void *p;

	if (need < n)
		return NULL;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > AR_MIN_BLOCK ? need : AR_MIN_BLOCK;
		ar_block *nb;

		if (cap > SIZE_MAX - sizeof *nb)
			return NULL;
		nb = qs_malloc(sizeof *nb + cap);
		if (!nb)
			return NULL;
		nb->used = 0;
		nb->cap = cap;
		/* A big one-off block goes behind the head so the head keeps filling. */
		if (b && cap > AR_MIN_BLOCK && b->cap - b->used >= AR_ALIGN) {
			nb->next = b->next;
			b->next = nb;
			nb->used = need;
			return nb->mem;
		}
		nb->next = b;
		a->head = b = nb;
	}
	p = b->mem + b->used;
	b->used += need;
	return p;
}

char *ar_strndup(arena *a, const char *s, size_t len)
{
	char *p = ar_alloc(a, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
