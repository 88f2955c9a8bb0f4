/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_tokenize_cases[] = {
	{NULL, NULL}};
