/* SPDX-License-Identifier: MIT */
/*
 * Model files (.qm): reading, checking and writing. Internal.
 *
 * Layout, all integers little-endian, written byte by byte:
 *
 *   0   "QSDM"                 magic
 *   4   u32 version            MDL_VERSION; incompatible changes bump it
 *   8   4 bytes task tag       "POS1", "NER1", ...
 *   12  u32 n_chunks
 *   16  n_chunks x { 4-byte id, u32 offset, u32 size }   the directory
 *   ... chunk bodies, each starting at a multiple of 8 from the file start
 *   end-4  u32 CRC-32 (IEEE, as zlib's crc32) of every byte before it
 *
 * mdl_open maps the whole file (or reads it into one buffer) and checks the magic, the
 * version, the task tag, the CRC and every chunk's offset and size against
 * the file size before anything else looks at it; on failure it returns
 * QASID_EMODEL with err->msg "PATH: what is wrong". Chunks are then read in
 * place with an mdl_rd cursor, which flags (never overruns) a short chunk.
 */
#ifndef QASID_MODEL_H
#define QASID_MODEL_H

#include "../core/core.h"

#define MDL_MAGIC "QSDM"
#define MDL_VERSION 2u
#define MDL_HEADER 16u
#define MDL_DIRENT 12u
#define MDL_MAX_CHUNKS 64u

typedef struct mdl_file {
	unsigned char *data; /* the whole file, owned (mapped read-only by mdl_open) */
	size_t size;
	int mapped;          /* data is an mmap of the file, not an allocation */
	char tag[5];
	uint32_t version;
	uint32_t n_chunks;
	char path[200]; /* for messages */
} mdl_file;

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32): crc = mdl_crc32(crc, p, n), start at 0. */
QASID_INTERNAL uint32_t mdl_crc32(uint32_t crc, const void *p, size_t n);

/*
 * Opens and checks a model file. tag is the expected task tag, or NULL to
 * accept any (m->tag says which). On success the caller owns m and frees it
 * with mdl_close; on failure m holds nothing.
 */
QASID_INTERNAL int mdl_open(mdl_file *m, const char *path, const char *tag, qasid_err *err);
/* The same over bytes in memory (copied); name is used in messages. */
QASID_INTERNAL int mdl_open_mem(mdl_file *m, const void *bytes, size_t size, const char *name,
                                const char *tag, qasid_err *err);
QASID_INTERNAL void mdl_close(mdl_file *m);

/* Finds chunk id; QASID_EMODEL with a message naming it when absent. */
QASID_INTERNAL int mdl_chunk(const mdl_file *m, const char id[4], const unsigned char **p,
                             size_t *size, qasid_err *err);
QASID_INTERNAL int mdl_has_chunk(const mdl_file *m, const char id[4]);

/* A cursor over a chunk; reads past the end set bad and return zeros. */
typedef struct mdl_rd {
	const unsigned char *p;
	const unsigned char *end;
	int bad;
} mdl_rd;

QASID_INTERNAL void mdl_rd_init(mdl_rd *r, const unsigned char *p, size_t n);
QASID_INTERNAL uint8_t mdl_u8(mdl_rd *r);
QASID_INTERNAL uint16_t mdl_u16(mdl_rd *r);
QASID_INTERNAL uint32_t mdl_u32(mdl_rd *r);
QASID_INTERNAL uint64_t mdl_u64(mdl_rd *r);
QASID_INTERNAL float mdl_f32(mdl_rd *r);
/* A NUL-terminated string in place; NULL (and bad) when unterminated. */
QASID_INTERNAL const char *mdl_str(mdl_rd *r);
/* n raw bytes in place; NULL (and bad) when short. */
QASID_INTERNAL const unsigned char *mdl_bytes(mdl_rd *r, size_t n);

/*
 * Writing: chunks are appended to a buffer, then mdl_w_save writes the file
 * (to PATH.tmp, renamed over PATH when complete).
 */
typedef struct mdl_w {
	buf body;              /* chunk bodies */
	char ids[MDL_MAX_CHUNKS][4];
	uint32_t off[MDL_MAX_CHUNKS];
	uint32_t size[MDL_MAX_CHUNKS];
	uint32_t n;
	int open; /* a chunk is being written */
	int rc;   /* first error, sticky */
} mdl_w;

QASID_INTERNAL void mdl_w_init(mdl_w *w);
QASID_INTERNAL void mdl_w_fini(mdl_w *w);
QASID_INTERNAL void mdl_w_begin(mdl_w *w, const char id[4]);
QASID_INTERNAL void mdl_w_end(mdl_w *w);
QASID_INTERNAL void mdl_w_u8(mdl_w *w, uint8_t v);
QASID_INTERNAL void mdl_w_u16(mdl_w *w, uint16_t v);
QASID_INTERNAL void mdl_w_u32(mdl_w *w, uint32_t v);
QASID_INTERNAL void mdl_w_u64(mdl_w *w, uint64_t v);
QASID_INTERNAL void mdl_w_f32(mdl_w *w, float v);
QASID_INTERNAL void mdl_w_str(mdl_w *w, const char *s); /* with its NUL */
QASID_INTERNAL void mdl_w_bytes(mdl_w *w, const void *p, size_t n);
/* Assembles the file into out (header, chunks, CRC). */
QASID_INTERNAL int mdl_w_build(mdl_w *w, const char tag[4], buf *out);
QASID_INTERNAL int mdl_w_save(mdl_w *w, const char tag[4], const char *path, qasid_err *err);

#endif
