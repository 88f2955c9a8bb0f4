/* SPDX-License-Identifier: MIT */
/* Arc-hybrid transitions, the dynamic oracle and projectivization: see dep.h. */
#include <string.h>

#include "dep.h"

static size_t state_bytes(uint32_t n)
{
	return ((size_t)n + 2) * (8 * 2 + 4 * 6 + 2 * 3) + 64;
}

/* Points s's arrays into *mem (grown to hold them), lset first. */
static int layout(dep_state *s, uint32_t n, void **mem, size_t *mem_cap)
{
	size_t m = (size_t)n + 2, need = state_bytes(n);
	unsigned char *p;

	if (*mem_cap < need) {
		void *nm = qs_realloc(*mem, need);

		if (!nm)
			return QASID_ENOMEM;
		*mem = nm;
		*mem_cap = need;
	}
	p = *mem;
	s->lset = (uint64_t *)p, p += m * 8;
	s->rset = (uint64_t *)p, p += m * 8;
	s->stack = (uint32_t *)p, p += m * 4;
	s->head = (uint32_t *)p, p += m * 4;
	s->lc1 = (uint32_t *)p, p += m * 4;
	s->lc2 = (uint32_t *)p, p += m * 4;
	s->rc1 = (uint32_t *)p, p += m * 4;
	s->rc2 = (uint32_t *)p, p += m * 4;
	s->rel = (uint16_t *)p, p += m * 2;
	s->nl = (uint16_t *)p, p += m * 2;
	s->nr = (uint16_t *)p;
	return QASID_OK;
}

int dep_state_init(dep_state *s, uint32_t n, uint32_t n_rels, void **mem, size_t *mem_cap)
{
	size_t m = (size_t)n + 2;
	int rc;

	if ((rc = layout(s, n, mem, mem_cap)))
		return rc;
	memset(*mem, 0, state_bytes(n));
	memset(s->head, 0xff, m * 4);
	s->n = n;
	s->n_rels = n_rels;
	s->stack[0] = 0;
	s->sp = 1;
	s->b = 1;
	return QASID_OK;
}

int dep_state_copy(dep_state *d, const dep_state *s, void **mem, size_t *mem_cap)
{
	int rc;

	if ((rc = layout(d, s->n, mem, mem_cap)))
		return rc;
	memcpy(*mem, s->lset, state_bytes(s->n));
	d->n = s->n;
	d->n_rels = s->n_rels;
	d->sp = s->sp;
	d->b = s->b;
	return QASID_OK;
}

int dep_final(const dep_state *s)
{
	return s->b > s->n && s->sp == 1;
}

int dep_legal(const dep_state *s, uint32_t a)
{
	if (a == DEP_SHIFT)
		return s->b <= s->n;
	if (a <= s->n_rels) /* LEFT */
		return s->b <= s->n && s->sp >= 2;
	if (a <= 2 * s->n_rels) /* RIGHT */
		return s->sp >= 3 || (s->sp == 2 && s->b > s->n);
	return 0;
}

static void add_arc(dep_state *s, uint32_t h, uint32_t d, uint16_t r)
{
	s->head[d] = h;
	s->rel[d] = r;
	if (d < h) {
		if (!s->lc1[h] || d < s->lc1[h]) {
			s->lc2[h] = s->lc1[h];
			s->lc1[h] = d;
		} else if (!s->lc2[h] || d < s->lc2[h]) {
			s->lc2[h] = d;
		}
		s->nl[h]++;
		s->lset[h] |= 1ULL << (r % 64);
	} else {
		if (!s->rc1[h] || d > s->rc1[h]) {
			s->rc2[h] = s->rc1[h];
			s->rc1[h] = d;
		} else if (!s->rc2[h] || d > s->rc2[h]) {
			s->rc2[h] = d;
		}
		s->nr[h]++;
		s->rset[h] |= 1ULL << (r % 64);
	}
}

void dep_apply(dep_state *s, uint32_t a)
{
	uint32_t d;

	if (a == DEP_SHIFT) {
		s->stack[s->sp++] = s->b++;
		return;
	}
	d = s->stack[--s->sp];
	if (a <= s->n_rels)
		add_arc(s, s->b, d, (uint16_t)(a - 1));
	else
		add_arc(s, s->stack[s->sp - 1], d, (uint16_t)(a - 1 - s->n_rels));
}

uint32_t dep_cost(const dep_state *s, uint32_t a, const uint32_t *gh, const uint16_t *gr)
{
	uint32_t c = 0, k, s0 = s->stack[s->sp - 1], s1 = s->sp >= 2 ? s->stack[s->sp - 2] : DEP_NONE;

	if (a == DEP_SHIFT) {
		uint32_t b = s->b;

		for (k = 0; k < s->sp; k++) {
			if (gh[s->stack[k]] == b && s->stack[k] != 0)
				c++; /* a stack item whose head is b */
			if (k + 1 < s->sp && gh[b] == s->stack[k])
				c++; /* b's head below s0 */
		}
		return c;
	}
	for (k = s->b; k <= s->n; k++)
		if (gh[k] == s0)
			c++; /* s0's dependents in the buffer */
	if (a <= s->n_rels) { /* LEFT: b -> s0 */
		if (gh[s0] == s1)
			c++;
		for (k = s->b + 1; k <= s->n; k++)
			if (gh[s0] == k)
				c++;
		if (gh[s0] == s->b && gr[s0] != a - 1)
			c++;
		return c;
	}
	for (k = s->b; k <= s->n; k++) /* RIGHT: s1 -> s0 */
		if (gh[s0] == k)
			c++;
	if (gh[s0] == s1 && gr[s0] != a - 1 - s->n_rels)
		c++;
	return c;
}

/* Whether k descends from h (h[] a tree over 0..n). */
static int dominates(const uint32_t *h, uint32_t n, uint32_t a, uint32_t k)
{
	uint32_t steps = 0;

	while (k != a && k != 0 && steps++ <= n)
		k = h[k];
	return k == a;
}

static int arc_projective(const uint32_t *h, uint32_t n, uint32_t d)
{
	uint32_t lo = d < h[d] ? d : h[d], hi = d < h[d] ? h[d] : d, k;

	for (k = lo + 1; k < hi; k++)
		if (!dominates(h, n, h[d], k))
			return 0;
	return 1;
}

int dep_is_projective(const uint32_t *h, uint32_t n)
{
	uint32_t d;

	for (d = 1; d <= n; d++)
		if (!arc_projective(h, n, d))
			return 0;
	return 1;
}

uint32_t dep_projectivize(uint32_t *h, uint32_t n)
{
	uint32_t lifts = 0;

	for (;;) {
		uint32_t d, best = 0, best_len = UINT32_MAX;

		for (d = 1; d <= n; d++) {
			uint32_t len = d < h[d] ? h[d] - d : d - h[d];

			if (h[d] != 0 && len < best_len && !arc_projective(h, n, d)) {
				best = d;
				best_len = len;
			}
		}
		if (!best || lifts > 4 * n)
			return lifts;
		h[best] = h[h[best]];
		lifts++;
	}
}
