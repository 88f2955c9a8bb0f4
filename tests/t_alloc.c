/* SPDX-License-Identifier: MIT */
/*
 * Allocation failure: an allocator that fails the Nth request, walked over
 * the whole pipeline. Each run must end in QASID_OK or QASID_ENOMEM, with
 * every allocation freed (the hook counts them) and, under ASan, no error.
 */
#include <stdlib.h>

#include "test.h"

static t_alloc ta;

static const char *article =
	"{\"id\": \"x\", \"title\": \"T\", \"text\": \"Pakistan\\u2019s army said on Saturday that "
	"\\u201Ceight militants\\u201D were killed.\\n\\nLt. Gen. Ahmed said the U.S. didn't help "
	"\\u2014 caf\\u0065\\u0301. Kabul\\u00A0denied it.\"}";

/* One full run under the failing allocator; returns the first error. */
static int run_once(void)
{
	qasid_doc *doc = NULL;
	int rc = qasid_doc_new(&doc);

	if (rc == QASID_OK)
		rc = qasid_doc_from_jsonl(doc, article, strlen(article), NULL);
	if (rc == QASID_OK)
		rc = qasid_process(doc, NULL, NULL);
	if (rc == QASID_OK)
		rc = qasid_doc_write_json(doc, QASID_JSON_TOKENS, t_discard, NULL);
	qasid_doc_free(doc);
	return rc;
}

static void fail_each_allocation(void)
{
	long n;
	int rc = QASID_ENOMEM, failures = 0;

	qasid_set_allocator(t_failing_alloc, &ta);
	for (n = 1; n < 10000 && rc != QASID_OK; n++) {
		ta.fail_at = n;
		ta.calls = ta.live = 0;
		rc = run_once();
		if (rc != QASID_OK && rc != QASID_ENOMEM) {
			qasid_set_allocator(NULL, NULL);
			CHECK_MSG(0, "allocation %ld failed gave %d (%s)", n, rc, qasid_strerror(rc));
		}
		if (ta.live != 0) {
			qasid_set_allocator(NULL, NULL);
			CHECK_MSG(0, "allocation %ld failed: %ld allocations leaked", n, ta.live);
		}
		failures += rc == QASID_ENOMEM;
	}
	qasid_set_allocator(NULL, NULL);
	CHECK(rc == QASID_OK);
	CHECK(failures > 5);
}

const t_case t_alloc_cases[] = {
	{"fail_each_allocation", fail_each_allocation},
	{NULL, NULL}};
