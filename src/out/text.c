/* SPDX-License-Identifier: MIT */
/* A readable summary of a document: metadata, counts, one sentence per line. */
#include <stdio.h>
#include <string.h>

#include "../doc/doc.h"

int qasid_doc_write_text(const qasid_doc *doc, unsigned flags, qasid_write_fn w, void *ud)
{
	buf b = {0};
	size_t i, k;
	int rc = QASID_OK;

	for (i = 0; i < QASID_N_FIELDS; i++)
		if (doc->field[i])
			rc |= buf_printf(&b, "%-8s %s\n", qasid_field_name((qasid_field)i), doc->field[i]);
	rc |= buf_printf(&b, "%zu paragraphs, %zu sentences, %zu tokens\n", doc->paragraphs.n,
	                 doc->sentences.n, doc->tokens.n);
	for (i = 0; i < doc->diags.n; i++) {
		const qasid_diag *d = &doc->diags.v[i];

		rc |= buf_printf(&b, "note: %s (input bytes %u-%u)\n", d->what, (unsigned)d->input.start,
		                 (unsigned)d->input.end);
	}
	for (i = 0; i < doc->sentences.n && rc == QASID_OK; i++) {
		const qasid_sentence *s = &doc->sentences.v[i];

		rc |= buf_printf(&b, "\n[%zu] ", i + 1);
		if (flags & QASID_JSON_TOKENS) {
			for (k = 0; k < s->n_tokens; k++) {
				const qasid_span *t = &doc->tokens.v[s->first_token + k];

				rc |= buf_append(&b, k ? " | " : "", k ? 3 : 0);
				rc |= buf_append(&b, doc->text.data + t->start, t->end - t->start);
			}
		} else {
			for (k = s->span.start; k < s->span.end; k++)
				rc |= buf_putc(&b, doc->text.data[k] == '\n' ? ' ' : doc->text.data[k]);
		}
		rc |= buf_putc(&b, '\n');
	}
	if (rc)
		rc = QASID_ENOMEM;
	else if (b.len && w(ud, b.data, b.len))
		rc = QASID_EIO;
	buf_fini(&b);
	return rc;
}
