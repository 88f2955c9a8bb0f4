/* SPDX-License-Identifier: MIT */
#include "clean.h"

int clean_run(qasid_doc *doc, const qasid_options *opt)
{
	int rc = doc_text_from_input(doc);

	if (rc == QASID_OK && opt->normalize && !doc->from_markup)
		rc = clean_escapes(doc);
	if (rc == QASID_OK)
		rc = clean_normalize(doc, opt->nfc, opt->normalize);
	if (rc == QASID_OK && opt->debris)
		rc = clean_debris(doc);
	if (rc == QASID_OK && opt->glue)
		rc = clean_glue(doc);
	return rc;
}
