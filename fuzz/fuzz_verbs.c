/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: an event lexicon (qasid's format, or a PETRARCH/TABARI verbs
 * dictionary, told from the content) loaded into an empty lexicon.
 */
#include <stddef.h>
#include <stdint.h>

#include "qasid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qasid_verbs *v;
	qasid_err err;

	if (qasid_verbs_new(&v, 0, &err))
		return 0;
	qasid_verbs_add_text(v, "fuzz", (const char *)data, size, &err);
	qasid_verbs_free(v);
	return 0;
}
