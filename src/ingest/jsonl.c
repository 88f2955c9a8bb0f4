/* SPDX-License-Identifier: MIT */
/*
 * JSON Lines records: {"id", "title", "date", "source", "url", "text"}, only
 * "text" required. Parsed with jansson, whose allocations go through our hook.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../doc/doc.h"

/* jansson may report a failed allocation as a syntax error: note it here. */
static _Thread_local int j_oom;

static void *j_malloc(size_t n)
{
	void *p = qs_malloc(n);

	j_oom |= p == NULL;
	return p;
}

static void j_free(void *p)
{
	qs_free(p);
}

/* YYYY-MM-DD, optionally followed by a time part (T or space ...). */
static int is_iso_date(const char *s, size_t n)
{
	static const char pat[] = "dddd-dd-dd";
	size_t i;
	int month, day;

	if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' '))
		return 0;
	for (i = 0; i < 10; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

int qasid_doc_from_jsonl(qasid_doc *doc, const char *line, size_t len, qasid_err *err)
{
	json_t *root = NULL, *v;
	json_error_t je;
	int rc = QASID_OK;
	size_t i;

	json_set_alloc_funcs(j_malloc, j_free);
	j_oom = 0;
	qasid_doc_reset(doc);
	root = json_loadb(line, len, JSON_ALLOW_NUL, &je);
	if (!root) {
		if (j_oom || json_error_code(&je) == json_error_out_of_memory)
			rc = err_set(err, QASID_ENOMEM, 0, "out of memory");
		else
			rc = err_set(err, QASID_EFORMAT, 0, "%s at column %d", je.text, je.column);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = err_set(err, QASID_EFORMAT, 0, "record is not a JSON object");
		goto done;
	}
	v = json_object_get(root, "text");
	if (!json_is_string(v)) {
		rc = err_set(err, QASID_EFORMAT, 0, v ? "\"text\" is not a string" : "no \"text\" field");
		goto done;
	}
	rc = qasid_doc_set_text(doc, json_string_value(v), json_string_length(v));
	if (rc)
		goto fail;
	for (i = 0; i < QASID_N_FIELDS; i++) {
		char num[32];
		const char *s;
		size_t n;

		v = json_object_get(root, qasid_field_name((qasid_field)i));
		if (!v || json_is_null(v))
			continue;
		if (json_is_string(v)) {
			s = json_string_value(v);
			n = json_string_length(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
			n = strlen(num);
		} else {
			rc = doc_diag(doc, QASID_DIAG_FIELD, 0, 0, "a metadata field is not a string; ignored");
			if (rc)
				goto fail;
			continue;
		}
		if (i == QASID_FIELD_DATE && !is_iso_date(s, n)) {
			rc = doc_diag(doc, QASID_DIAG_FIELD, 0, 0, "\"date\" is not ISO 8601; ignored");
			if (rc)
				goto fail;
			continue;
		}
		rc = qasid_doc_set_field(doc, (qasid_field)i, s, n);
		if (rc)
			goto fail;
	}
	goto done;
fail:
	err_set(err, rc, 0, "%s", qasid_strerror(rc));
done:
	json_decref(root);
	return rc;
}
