/* SPDX-License-Identifier: MIT */
#include "clean.h"

/* Not yet: scraping debris is kept as text. */
int clean_debris(qasid_doc *doc)
{
	(void)doc;
	return QASID_OK;
}
