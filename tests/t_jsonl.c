/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_jsonl_cases[] = {
	{NULL, NULL}};
