/* SPDX-License-Identifier: MIT */
#include "clean.h"

/* Not yet: glued words are left as they are. */
int clean_glue(qasid_doc *doc)
{
	(void)doc;
	return QASID_OK;
}
