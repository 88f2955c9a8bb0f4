/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_glue_cases[] = {
	{NULL, NULL}};
