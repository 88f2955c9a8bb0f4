/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_core_cases[] = {
	{NULL, NULL}};
