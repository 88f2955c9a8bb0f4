/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_json_cases[] = {
	{NULL, NULL}};
