/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_sentsplit_cases[] = {
	{NULL, NULL}};
