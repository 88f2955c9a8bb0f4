/* SPDX-License-Identifier: MIT */
/* Helpers shared by t_quote.c and t_entity.c. */
#ifndef QASID_T_QUOTE_H
#define QASID_T_QUOTE_H

#include "qasid.h"

/* Processes text with the models in models/ (when present) into a new document. */
qasid_doc *tq_run(const char *text);
/* Whether both models loaded; else marks the test skipped. */
int tq_have_models(void);
void tq_free_models(void);
/* Appends a string, or a span of the cleaned text (newlines as spaces), to a malloc'd buffer. */
void tq_put(char **p, size_t *n, size_t *cap, const char *s);
void tq_put_span(char **p, size_t *n, size_t *cap, const qasid_doc *doc, qasid_span s);

#endif
