/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_clean_cases[] = {
	{NULL, NULL}};
