/* SPDX-License-Identifier: MIT */
/* Model files: see model.h for the layout. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "model.h"

/* zlib's crc32 is the same CRC, several times faster than a byte table. */
uint32_t mdl_crc32(uint32_t crc, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n > 0) {
		uInt k = n > (1u << 30) ? 1u << 30 : (uInt)n;

		crc = (uint32_t)crc32(crc, s, k);
		s += k;
		n -= k;
	}
	return crc;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Printable form of a 4-byte tag for messages. */
static void tag_text(char out[5], const unsigned char *t)
{
	int i;

	for (i = 0; i < 4; i++)
		out[i] = t[i] >= 0x20 && t[i] < 0x7f ? (char)t[i] : '?';
	out[4] = '\0';
}

/* Checks m->data/m->size; on success fills the header fields. */
static int check(mdl_file *m, const char *tag, qasid_err *err)
{
	const unsigned char *d = m->data;
	size_t size = m->size, body_end, dir_end;
	uint32_t i, n, stored, crc;
	char t[5];

	if (size < MDL_HEADER + 4)
		return err_set(err, QASID_EMODEL, 0,
		               "%s: truncated model file (%zu bytes; the header alone is %u)", m->path,
		               size, MDL_HEADER + 4);
	if (memcmp(d, MDL_MAGIC, 4))
		return err_set(err, QASID_EMODEL, 0, "%s: not a qasid model file (no QSDM magic)",
		               m->path);
	m->version = get32(d + 4);
	if (m->version != MDL_VERSION)
		return err_set(err, QASID_EMODEL, 0,
		               "%s: model format version %u, but this qasid reads version %u "
		               "(retrain it with this qasid, or use a matching qasid)",
		               m->path, m->version, MDL_VERSION);
	tag_text(t, d + 8);
	if (tag && memcmp(d + 8, tag, 4))
		return err_set(err, QASID_EMODEL, 0, "%s: a %s model, but a %.4s model is needed",
		               m->path, t, tag);
	memcpy(m->tag, t, 5);
	n = get32(d + 12);
	if (n > MDL_MAX_CHUNKS)
		return err_set(err, QASID_EMODEL, 0, "%s: corrupt header (%u chunks)", m->path, n);
	dir_end = MDL_HEADER + (size_t)n * MDL_DIRENT;
	body_end = size - 4;
	if (dir_end > body_end)
		return err_set(err, QASID_EMODEL, 0,
		               "%s: truncated model file (%zu bytes; its chunk table needs %zu)",
		               m->path, size, dir_end + 4);
	for (i = 0; i < n; i++) {
		const unsigned char *e = d + MDL_HEADER + (size_t)i * MDL_DIRENT;
		uint32_t off = get32(e + 4), len = get32(e + 8);

		if (off < dir_end || off > body_end || len > body_end - off) {
			tag_text(t, e);
			return err_set(err, QASID_EMODEL, 0,
			               "%s: truncated or corrupt model file: chunk %s at %u+%u "
			               "lies outside the file (%zu bytes)",
			               m->path, t, off, len, size);
		}
	}
	stored = get32(d + body_end);
	crc = mdl_crc32(0, d, body_end);
	if (crc != stored)
		return err_set(err, QASID_EMODEL, 0,
		               "%s: corrupt model file (checksum %08x, expected %08x)", m->path, crc,
		               stored);
	m->n_chunks = n;
	return QASID_OK;
}

static void set_path(mdl_file *m, const char *name)
{
	snprintf(m->path, sizeof m->path, "%s", name ? name : "(model)");
}

int mdl_open_mem(mdl_file *m, const void *bytes, size_t size, const char *name, const char *tag,
                 qasid_err *err)
{
	int rc;

	memset(m, 0, sizeof *m);
	set_path(m, name);
	m->data = qs_malloc(size + 1);
	if (!m->data)
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", m->path);
	if (size)
		memcpy(m->data, bytes, size);
	m->size = size;
	rc = check(m, tag, err);
	if (rc)
		mdl_close(m);
	return rc;
}

int mdl_open(mdl_file *m, const char *path, const char *tag, qasid_err *err)
{
	FILE *f = NULL;
	long n;
	int rc = QASID_OK;

	memset(m, 0, sizeof *m);
	set_path(m, path);
	f = fopen(path, "rb");
	if (!f) {
		rc = err_set(err, QASID_EMODEL, 0, "%s: cannot open model: %s", m->path,
		             strerror(errno));
		goto cleanup;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		rc = err_set(err, QASID_EMODEL, 0, "%s: cannot read model: %s", m->path,
		             strerror(errno));
		goto cleanup;
	}
	if (n > 0) { /* mapped, pages read in at once: no copy (and read, if that fails) */
		void *p = mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fileno(f), 0);

		if (p != MAP_FAILED) {
			m->data = p;
			m->mapped = 1;
			m->size = (size_t)n;
			rc = check(m, tag, err);
			goto cleanup;
		}
	}
	m->data = qs_malloc((size_t)n + 1);
	if (!m->data) {
		rc = err_set(err, QASID_ENOMEM, 0, "%s: out of memory", m->path);
		goto cleanup;
	}
	if (fread(m->data, 1, (size_t)n, f) != (size_t)n) {
		rc = err_set(err, QASID_EMODEL, 0, "%s: cannot read model: %s", m->path,
		             ferror(f) ? strerror(errno) : "short read");
		goto cleanup;
	}
	m->size = (size_t)n;
	rc = check(m, tag, err);
cleanup:
	if (f)
		fclose(f);
	if (rc)
		mdl_close(m);
	return rc;
}

void mdl_close(mdl_file *m)
{
	if (m->mapped)
		munmap(m->data, m->size);
	else
		qs_free(m->data);
	m->data = NULL;
	m->mapped = 0;
	m->size = 0;
	m->n_chunks = 0;
}

static const unsigned char *find(const mdl_file *m, const char id[4], size_t *size)
{
	uint32_t i;

	for (i = 0; i < m->n_chunks; i++) {
		const unsigned char *e = m->data + MDL_HEADER + (size_t)i * MDL_DIRENT;

		if (!memcmp(e, id, 4)) {
			*size = get32(e + 8);
			return m->data + get32(e + 4);
		}
	}
	return NULL;
}

int mdl_has_chunk(const mdl_file *m, const char id[4])
{
	size_t n;

	return find(m, id, &n) != NULL;
}

int mdl_chunk(const mdl_file *m, const char id[4], const unsigned char **p, size_t *size,
              qasid_err *err)
{
	*p = find(m, id, size);
	if (!*p)
		return err_set(err, QASID_EMODEL, 0, "%s: %s model without its %.4s chunk", m->path,
		               m->tag, id);
	return QASID_OK;
}

/* Reading chunks. */

void mdl_rd_init(mdl_rd *r, const unsigned char *p, size_t n)
{
	r->p = p;
	r->end = p + n;
	r->bad = 0;
}

static const unsigned char *take(mdl_rd *r, size_t n)
{
	const unsigned char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	return p;
}

uint8_t mdl_u8(mdl_rd *r)
{
	const unsigned char *p = take(r, 1);

	return p ? p[0] : 0;
}

uint16_t mdl_u16(mdl_rd *r)
{
	const unsigned char *p = take(r, 2);

	return p ? (uint16_t)(p[0] | p[1] << 8) : 0;
}

uint32_t mdl_u32(mdl_rd *r)
{
	const unsigned char *p = take(r, 4);

	return p ? get32(p) : 0;
}

uint64_t mdl_u64(mdl_rd *r)
{
	const unsigned char *p = take(r, 8);

	return p ? (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32 : 0;
}

float mdl_f32(mdl_rd *r)
{
	uint32_t u = mdl_u32(r);
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

const char *mdl_str(mdl_rd *r)
{
	const unsigned char *z;

	if (r->bad)
		return NULL;
	z = memchr(r->p, 0, (size_t)(r->end - r->p));
	if (!z) {
		r->bad = 1;
		return NULL;
	}
	return (const char *)take(r, (size_t)(z - r->p) + 1);
}

const unsigned char *mdl_bytes(mdl_rd *r, size_t n)
{
	return take(r, n);
}

/* Writing. */

void mdl_w_init(mdl_w *w)
{
	memset(w, 0, sizeof *w);
}

void mdl_w_fini(mdl_w *w)
{
	buf_fini(&w->body);
}

static void wbytes(mdl_w *w, const void *p, size_t n)
{
	if (!w->rc && buf_append(&w->body, p, n))
		w->rc = QASID_ENOMEM;
}

void mdl_w_begin(mdl_w *w, const char id[4])
{
	static const char zero[8];

	if (w->rc)
		return;
	if (w->open || w->n == MDL_MAX_CHUNKS) {
		w->rc = QASID_EINVAL;
		return;
	}
	wbytes(w, zero, (8 - w->body.len % 8) % 8);
	memcpy(w->ids[w->n], id, 4);
	w->off[w->n] = (uint32_t)w->body.len;
	w->open = 1;
}

void mdl_w_end(mdl_w *w)
{
	if (w->rc)
		return;
	if (!w->open || w->body.len > UINT32_MAX / 2) {
		w->rc = QASID_EINVAL;
		return;
	}
	w->size[w->n] = (uint32_t)w->body.len - w->off[w->n];
	w->n++;
	w->open = 0;
}

void mdl_w_u8(mdl_w *w, uint8_t v)
{
	wbytes(w, &v, 1);
}

void mdl_w_u16(mdl_w *w, uint16_t v)
{
	unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	wbytes(w, b, 2);
}

void mdl_w_u32(mdl_w *w, uint32_t v)
{
	unsigned char b[4];

	put32(b, v);
	wbytes(w, b, 4);
}

void mdl_w_u64(mdl_w *w, uint64_t v)
{
	mdl_w_u32(w, (uint32_t)v);
	mdl_w_u32(w, (uint32_t)(v >> 32));
}

void mdl_w_f32(mdl_w *w, float v)
{
	uint32_t u;

	memcpy(&u, &v, sizeof u);
	mdl_w_u32(w, u);
}

void mdl_w_str(mdl_w *w, const char *s)
{
	wbytes(w, s, strlen(s) + 1);
}

void mdl_w_bytes(mdl_w *w, const void *p, size_t n)
{
	wbytes(w, p, n);
}

int mdl_w_build(mdl_w *w, const char tag[4], buf *out)
{
	size_t dir_end = MDL_HEADER + (size_t)w->n * MDL_DIRENT;
	size_t base = (dir_end + 7) / 8 * 8, total;
	unsigned char *d;
	uint32_t i;

	if (w->rc)
		return w->rc;
	if (w->open)
		return QASID_EINVAL;
	total = base + w->body.len + 4;
	if (total > UINT32_MAX)
		return QASID_ETOOBIG;
	out->len = 0;
	if (buf_reserve(out, total))
		return QASID_ENOMEM;
	d = (unsigned char *)out->data;
	memset(d, 0, total);
	memcpy(d, MDL_MAGIC, 4);
	put32(d + 4, MDL_VERSION);
	memcpy(d + 8, tag, 4);
	put32(d + 12, w->n);
	for (i = 0; i < w->n; i++) {
		unsigned char *e = d + MDL_HEADER + (size_t)i * MDL_DIRENT;

		memcpy(e, w->ids[i], 4);
		put32(e + 4, (uint32_t)base + w->off[i]);
		put32(e + 8, w->size[i]);
	}
	if (w->body.len)
		memcpy(d + base, w->body.data, w->body.len);
	put32(d + total - 4, mdl_crc32(0, d, total - 4));
	out->len = total;
	return QASID_OK;
}

int mdl_w_save(mdl_w *w, const char tag[4], const char *path, qasid_err *err)
{
	buf out = {0};
	char tmp[4200];
	FILE *f = NULL;
	int rc, ok;

	rc = mdl_w_build(w, tag, &out);
	if (rc) {
		err_set(err, rc, 0, "%s: cannot build model: %s", path, qasid_strerror(rc));
		goto cleanup;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		rc = err_set(err, QASID_EIO, 0, "%s: cannot write model: %s", tmp, strerror(errno));
		goto cleanup;
	}
	ok = fwrite(out.data, 1, out.len, f) == out.len;
	if (fclose(f) != 0)
		ok = 0;
	f = NULL;
	if (!ok) {
		rc = err_set(err, QASID_EIO, 0, "%s: cannot write model: %s", tmp, strerror(errno));
		remove(tmp);
		goto cleanup;
	}
	if (rename(tmp, path)) {
		rc = err_set(err, QASID_EIO, 0, "%s: cannot write model: %s", path, strerror(errno));
		remove(tmp);
	}
cleanup:
	if (f)
		fclose(f);
	buf_fini(&out);
	return rc;
}
