/* SPDX-License-Identifier: MIT */
/* qasid_doc_from_html: a page in, its article text and metadata out. */
#include <string.h>

#include "../doc/doc.h"
#include "extract.h"

#define CAPTION_MAX 300

/* Binary data named .html: over 5% NUL or control bytes in the first KiB. */
static int looks_binary(const char *s, size_t len)
{
	size_t i, n = len < 1024 ? len : 1024, ctl = 0;

	if (len >= 2 && (!memcmp(s, "\xFF\xFE", 2) || !memcmp(s, "\xFE\xFF", 2)))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
			ctl++;
	}
	return n >= 32 && ctl * 20 > n;
}

/* "caption: TEXT", cut at a character boundary, in the document's arena. */
static const char *caption_what(qasid_doc *doc, const char *s, size_t n)
{
	char *p;

	if (n > CAPTION_MAX) {
		n = CAPTION_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	p = ar_alloc(&doc->ar, n + 10);
	if (!p)
		return NULL;
	memcpy(p, "caption: ", 9);
	memcpy(p + 9, s, n);
	p[9 + n] = '\0';
	return p;
}

int qasid_doc_from_html(qasid_doc *doc, const char *html, size_t len, const char *charset,
                        const char *url, qasid_err *err)
{
	buf u = {0};
	hx_tree t = {0};
	ex_result res = {{0}, {0}, {0}};
	char used[48];
	size_t i;
	int rc;

	qasid_doc_reset(doc);
	if (looks_binary(html, len)) {
		rc = err_set(err, QASID_EFORMAT, 0, "binary data, not HTML");
		goto done;
	}
	if ((rc = hx_to_utf8(&u, html, len, charset, used)))
		goto fail;
	if ((rc = hx_parse(&t, u.data ? u.data : "", u.len))) {
		if (rc == QASID_EFORMAT)
			err_set(err, rc, 0, "no HTML document found");
		else
			goto fail;
		goto done;
	}
	buf_fini(&u);
	if ((rc = meta_read(&t, doc, url)))
		goto fail;
	if ((rc = ex_article(&t, qasid_doc_field(doc, QASID_FIELD_TITLE), &res)))
		goto fail;
	if (res.text.len == 0) {
		rc = err_set(err, QASID_EFORMAT, 0, "no article text found in the page");
		goto done;
	}
	if ((rc = qasid_doc_set_text(doc, res.text.data, res.text.len)))
		goto fail;
	doc->from_markup = 1;
	for (i = 0; i < res.caps.n; i++) {
		const ex_caption *c = &res.caps.v[i];
		const char *what = caption_what(doc, res.captions.data + c->off, c->len);

		if (!what || (rc = doc_diag(doc, QASID_DIAG_DEBRIS, c->pos, c->pos, what))) {
			rc = QASID_ENOMEM;
			goto fail;
		}
	}
	goto done;
fail:
	err_set(err, rc, 0, "%s", qasid_strerror(rc));
done:
	buf_fini(&u);
	hx_tree_fini(&t);
	ex_result_fini(&res);
	return rc;
}
