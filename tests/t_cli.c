/* SPDX-License-Identifier: MIT */
#include "test.h"

const t_case t_cli_cases[] = {
	{NULL, NULL}};
