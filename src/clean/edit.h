/* SPDX-License-Identifier: MIT */
/*
 * Text editing with provenance. A cleaning pass reads the document's cleaned
 * text from start to end and says what becomes of each range: ed_copy keeps
 * it, ed_replace or ed_drop changes it, ed_insert adds bytes between two.
 * The editor keeps, for every output byte, the range of input bytes it came
 * from, and ed_end swaps the result in.
 *
 * Calls must cover the text in order. Copies are lazy: until the first
 * change nothing is written, so a pass that changes nothing costs no copy.
 * Never skip a range silently: drop it with ed_drop.
 */
#ifndef QASID_EDIT_H
#define QASID_EDIT_H

#include "../doc/doc.h"

typedef struct ed {
	qasid_doc *doc;
	int rc;          /* first error; calls after an error do nothing */
	int changed;     /* something other than a copy happened (read-only) */
	size_t lazy_end; /* before the first change: text [0, lazy_end) is kept */
} ed;

QASID_INTERNAL void ed_begin(ed *e, qasid_doc *doc);
/* Keeps cleaned bytes [from, to) with their provenance. */
QASID_INTERNAL void ed_copy(ed *e, size_t from, size_t to);
/* Writes s[0..n) in place of cleaned bytes [from, to), all from their range. */
QASID_INTERNAL void ed_replace(ed *e, size_t from, size_t to, const char *s, size_t n);
/* Removes cleaned bytes [from, to). */
QASID_INTERNAL void ed_drop(ed *e, size_t from, size_t to);
/* Writes s[0..n) between cleaned bytes at-1 and at, from no input. */
QASID_INTERNAL void ed_insert(ed *e, size_t at, const char *s, size_t n);
/*
 * Finishes: if anything changed, the new text replaces the old. Returns the
 * first error (QASID_ENOMEM) or QASID_OK.
 */
QASID_INTERNAL int ed_end(ed *e);

#endif
