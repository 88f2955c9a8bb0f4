/* SPDX-License-Identifier: MIT */
/*
 * Cleaning: each step is its own pass over the document's cleaned text,
 * keeping provenance through ed_* (edit.h). Run in this order by
 * clean_run: escapes (character references left in plain text), normalize
 * (NFC, quotes, dashes, spaces, line ends), debris, glue.
 */
#ifndef QASID_CLEAN_H
#define QASID_CLEAN_H

#include "../doc/doc.h"

/* Decodes HTML character references and mends escaping damage in plain text (escape.c). */
QASID_INTERNAL int clean_escapes(qasid_doc *doc);
/* Unicode NFC (when nfc) and punctuation/space normalisation (when punct). */
QASID_INTERNAL int clean_normalize(qasid_doc *doc, int nfc, int punct);
/* Drops scraping debris, recording each drop as a QASID_DIAG_DEBRIS. */
QASID_INTERNAL int clean_debris(qasid_doc *doc);
/* Splits words glued together when markup was stripped. */
QASID_INTERNAL int clean_glue(qasid_doc *doc);

/* All enabled steps, starting from the input text. */
QASID_INTERNAL int clean_run(qasid_doc *doc, const qasid_options *opt);

#endif
