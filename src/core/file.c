/* SPDX-License-Identifier: MIT */
/* A whole file read into memory, for the dictionaries users name. */
#include <stdio.h>

#include "core.h"

int file_read_all(const char *path, char **data, size_t *len, qasid_err *err)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t n = 0, cap = 0, got;

	*data = NULL;
	*len = 0;
	if (!f)
		return err_set(err, QASID_EIO, 0, "%s: cannot open", path);
	for (;;) {
		if (n + 65536 > cap) {
			char *t = qs_realloc(text, cap = (n + 65536) * 2);

			if (!t) {
				fclose(f);
				qs_free(text);
				return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
			}
			text = t;
		}
		got = fread(text + n, 1, cap - n, f);
		n += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		fclose(f);
		qs_free(text);
		return err_set(err, QASID_EIO, 0, "%s: read error", path);
	}
	fclose(f);
	*data = text;
	*len = n;
	return QASID_OK;
}
