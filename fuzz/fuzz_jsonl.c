/* SPDX-License-Identifier: MIT */
/* libFuzzer: one JSON Lines record through the reader and the pipeline. */
#include <stddef.h>
#include <stdint.h>

#include "qasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static qasid_doc *doc;
	qasid_err err;

	if (!doc && qasid_doc_new(&doc))
		return 0;
	if (qasid_doc_from_jsonl(doc, (const char *)data, size, &err) == QASID_OK)
		qasid_process(doc, NULL, NULL);
	return 0;
}
