/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_debris_cases[] = {
	{NULL, NULL}};
