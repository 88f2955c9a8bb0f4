/* SPDX-License-Identifier: MIT */
/* libFuzzer: HTML pages through extraction and the whole pipeline. */
#include <stddef.h>
#include <stdint.h>

#include "qasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static qasid_doc *doc;
	/* The first byte picks a transport charset, to fuzz the converters too. */
	static const char *const charsets[] = {NULL, "utf-8", "windows-1252", "iso-8859-2", "shift_jis",
	                                       "utf-16", "bogus"};
	const char *cs = size ? charsets[data[0] % 7] : NULL;

	if (!doc && qasid_doc_new(&doc))
		return 0;
	if (qasid_doc_from_html(doc, (const char *)data, size, cs, "http://example.com/2019/11/19/x",
	                        NULL) == QASID_OK)
		qasid_process(doc, NULL, NULL);
	return 0;
}
