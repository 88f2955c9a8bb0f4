/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_doc_cases[] = {
	{NULL, NULL}};
