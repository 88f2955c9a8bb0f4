/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_alloc_cases[] = {
	{NULL, NULL}};
