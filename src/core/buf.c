/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "core.h"

int buf_reserve(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		return QASID_ENOMEM;
	return vec_grow((void **)&b->data, &b->cap, need, 1);
}

int buf_append(buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n))
		return QASID_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return QASID_OK;
}

int buf_putc(buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return QASID_OK;
	}
	return buf_append(b, &c, 1);
}

int buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n))
		return QASID_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return QASID_OK;
}

void buf_fini(buf *b)
{
	qs_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int buf_flush_to(buf *b, int failed, qasid_write_fn w, void *ud)
{
	int rc = QASID_OK;

	if (failed)
		rc = QASID_ENOMEM;
	else if (w(ud, b->data, b->len))
		rc = QASID_EIO;
	buf_fini(b);
	return rc;
}
