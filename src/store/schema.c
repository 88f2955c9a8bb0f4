/* SPDX-License-Identifier: MIT */
/*
 * The schema: src/store/schema.sql (SQLite) and schema-pg.sql (PostgreSQL,
 * the same tables in its dialect), embedded at build time (the Makefile
 * turns them into store_schema.h), split at their `-- @version N` lines.
 */
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_schema.h" /* static const char st_schema_sql[], st_schema_pg_sql[] */

const char *st_migration(int v, int pg, size_t *len)
{
	const char *p = pg ? st_schema_pg_sql : st_schema_sql, *start = NULL;
	static const char tag[] = "\n-- @version ";

	while ((p = strstr(p, tag)) != NULL) {
		p += sizeof tag - 1;
		if (start) {
			*len = (size_t)(p - (sizeof tag - 1) - start);
			return start;
		}
		if (atoi(p) == v) {
			start = strchr(p, '\n');
			if (!start)
				return NULL;
		}
	}
	if (start)
		*len = strlen(start);
	return start;
}
