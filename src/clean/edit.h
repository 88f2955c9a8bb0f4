/* SPDX-License-Identifier: MIT */
/*
 * Text editing with provenance. A cleaning pass reads the document's cleaned
 * text and writes a new one through these calls, which keep, for every output
 * byte, the range of input bytes it came from. ed_end swaps the result in.
 */
#ifndef QASID_EDIT_H
#define QASID_EDIT_H

#include "../doc/doc.h"

typedef struct ed {
	qasid_doc *doc;
	int rc;        /* first error; calls after an error do nothing */
	int changed;   /* anything but plain copies written */
} ed;

QASID_INTERNAL void ed_begin(ed *e, qasid_doc *doc);
/* Copies cleaned bytes [from, to) with their provenance. */
QASID_INTERNAL void ed_copy(ed *e, size_t from, size_t to);
/* Writes s[0..n) in place of cleaned bytes [from, to), all from their range. */
QASID_INTERNAL void ed_replace(ed *e, size_t from, size_t to, const char *s, size_t n);
/* Writes s[0..n) between cleaned bytes at-1 and at, from no input. */
QASID_INTERNAL void ed_insert(ed *e, size_t at, const char *s, size_t n);
/*
 * Finishes: if anything changed, the new text replaces the old. Returns the
 * first error (QASID_ENOMEM) or QASID_OK.
 */
QASID_INTERNAL int ed_end(ed *e);

#endif
