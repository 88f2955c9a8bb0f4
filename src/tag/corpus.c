/* SPDX-License-Identifier: MIT */
/*
 * Corpora in CoNLL formats: reading CoNLL-U (POS) and CoNLL-2003 columns
 * (NER), tagging them, writing them back, scoring predictions the way
 * conlleval does (entity-level exact match).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

void qasid_corpus_free(qasid_corpus *c)
{
	size_t i;

	if (!c)
		return;
	qs_free(c->text);
	VEC_FREE(&c->lines);
	VEC_FREE(&c->forms);
	VEC_FREE(&c->gold);
	VEC_FREE(&c->pred);
	VEC_FREE(&c->sent);
	VEC_FREE(&c->docs);
	for (i = 0; i < c->gold_names.n; i++)
		qs_free(c->gold_names.v[i]);
	VEC_FREE(&c->gold_names);
	for (i = 0; i < c->n_pred_names; i++)
		qs_free(c->pred_names[i]);
	qs_free(c->pred_names);
	if (c->ext_free)
		c->ext_free(c->ext);
	qs_free(c);
}

size_t qasid_corpus_n_tokens(const qasid_corpus *c)
{
	return c->forms.n;
}

size_t qasid_corpus_n_sentences(const qasid_corpus *c)
{
	return c->sent.n ? c->sent.n - 1 : 0;
}

int qasid_corpus_has_gold(const qasid_corpus *c)
{
	return c->has_gold && c->forms.n > 0;
}

static uint32_t intern(qasid_corpus *c, const char *s, size_t n)
{
	size_t i;
	char *p;

	for (i = 0; i < c->gold_names.n; i++)
		if (!strncmp(c->gold_names.v[i], s, n) && c->gold_names.v[i][n] == '\0')
			return (uint32_t)i;
	p = qs_malloc(n + 1);
	if (!p)
		return CP_NONE;
	memcpy(p, s, n);
	p[n] = '\0';
	if (VEC_PUSH(&c->gold_names, p)) {
		qs_free(p);
		return CP_NONE;
	}
	return (uint32_t)(c->gold_names.n - 1);
}

/* Splits line into fields by tabs (CoNLL-U) or runs of blanks; returns the count. */
static size_t fields(const char *s, size_t n, int tabs, qasid_span *out, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n && k < max) {
		size_t j;

		if (!tabs)
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
		if (i >= n)
			break;
		j = i;
		while (j < n && (tabs ? s[j] != '\t' : s[j] != ' ' && s[j] != '\t'))
			j++;
		out[k].start = (uint32_t)i;
		out[k++].end = (uint32_t)j;
		i = j + 1;
	}
	return k;
}

/* A token line of the corpus at line index li: form and gold spans within the line. */
static int add_token(qasid_corpus *c, size_t li, qasid_span form, const qasid_span *gold, size_t ng)
{
	const char *line = c->text + c->lines.v[li].off;
	qasid_span f = {c->lines.v[li].off + form.start, c->lines.v[li].off + form.end};
	uint32_t g = CP_NONE;

	if (ng == 1) {
		g = intern(c, line + gold[0].start, gold[0].end - gold[0].start);
	} else if (ng == 2) { /* "UPOS XPOS" */
		char b[64];
		int n = snprintf(b, sizeof b, "%.*s %.*s", (int)(gold[0].end - gold[0].start),
		                 line + gold[0].start, (int)(gold[1].end - gold[1].start),
		                 line + gold[1].start);

		g = intern(c, b, n < (int)sizeof b ? (size_t)n : sizeof b - 1);
	}
	if (ng && g == CP_NONE)
		return QASID_ENOMEM;
	if (!ng || (ng == 2 && (line[gold[0].start] == '_' && gold[0].end - gold[0].start == 1)))
		c->has_gold = 0;
	if (VEC_PUSH(&c->forms, f) || VEC_PUSH(&c->gold, g) || VEC_PUSH(&c->pred, (uint16_t)0))
		return QASID_ENOMEM;
	c->lines.v[li].tok = (uint32_t)(c->forms.n - 1);
	return QASID_OK;
}

/*
 * Sentences: c->sent holds the start of each sentence; a sentence is opened
 * by its first token (open == 0 means the previous one was closed).
 */
static int parse(qasid_corpus *c, qasid_err *err, const char *path)
{
	size_t off = 0, li;
	int open = 0, rc = QASID_OK;
	int conllu = c->task == QASID_TASK_POS;

	c->has_gold = 1;
	if (VEC_PUSH(&c->docs, 0u))
		return QASID_ENOMEM;
	while (off < c->len) {
		char *nl = memchr(c->text + off, '\n', c->len - off);
		size_t end = nl ? (size_t)(nl - c->text) : c->len, n = end - off;
		cp_line l = {(uint32_t)off, (uint32_t)n, CP_NONE};

		if (n && c->text[end - 1] == '\r')
			l.len--;
		if (VEC_PUSH(&c->lines, l))
			return QASID_ENOMEM;
		off = end + 1;
	}
	for (li = 0; li < c->lines.n && !rc; li++) {
		const char *s = c->text + c->lines.v[li].off;
		size_t n = c->lines.v[li].len, nf;
		qasid_span f[12];
		int blank = 1;
		size_t k;

		for (k = 0; k < n; k++)
			if (s[k] != ' ' && s[k] != '\t')
				blank = 0;
		if (blank) {
			if (open && (rc = VEC_PUSH(&c->sent, (uint32_t)c->forms.n)) == QASID_OK)
				open = 0;
			continue;
		}
		if (conllu) {
			if (s[0] == '#') {
				if (n >= 8 && !strncmp(s, "# newdoc", 8) && c->forms.n > 0) {
					if (open && (rc = VEC_PUSH(&c->sent, (uint32_t)c->forms.n)) == QASID_OK)
						open = 0;
					if (!rc && c->docs.v[c->docs.n - 1] != (c->sent.n ? c->sent.n - 1 : 0))
						rc = VEC_PUSH(&c->docs, (uint32_t)(c->sent.n ? c->sent.n - 1 : 0));
				}
				continue;
			}
			nf = fields(s, n, 1, f, 12);
			if (nf != 10)
				return err_set(err, QASID_EFORMAT, (long)li + 1,
				               "%s: line %zu: a CoNLL-U word line has 10 tab-separated "
				               "columns, this one %zu",
				               path, li + 1, nf);
			for (k = f[0].start; k < f[0].end; k++)
				if (s[k] == '-' || s[k] == '.')
					break;
			if (k < f[0].end)
				continue; /* multiword token range or empty node */
		} else {
			nf = fields(s, n, 0, f, 12);
			if (f[0].end - f[0].start == 10 && !strncmp(s + f[0].start, "-DOCSTART-", 10)) {
				if (open && (rc = VEC_PUSH(&c->sent, (uint32_t)c->forms.n)) == QASID_OK)
					open = 0;
				if (!rc && c->forms.n > 0 &&
				    c->docs.v[c->docs.n - 1] != (c->sent.n ? c->sent.n - 1 : 0))
					rc = VEC_PUSH(&c->docs, (uint32_t)(c->sent.n ? c->sent.n - 1 : 0));
				continue;
			}
		}
		if (!open) { /* a close pushed this start already, but for the first */
			if (c->sent.n == 0)
				rc = VEC_PUSH(&c->sent, (uint32_t)c->forms.n);
			open = 1;
		}
		if (rc)
			break;
		if (conllu)
			rc = add_token(c, li, f[1], f + 3, 2);
		else
			rc = add_token(c, li, f[0], f + nf - 1, nf >= 2 ? 1 : 0);
	}
	if (rc == QASID_ENOMEM)
		return err_set(err, rc, 0, "%s: out of memory", path);
	if (rc)
		return rc;
	/* c->sent: the first start, then each close (the end of one sentence is
	 * the start of the next): n_sent + 1 entries once the last is closed. */
	if (open && VEC_PUSH(&c->sent, (uint32_t)c->forms.n))
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
	if (c->sent.n == 0 && VEC_PUSH(&c->sent, 0u))
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
	if (VEC_PUSH(&c->docs, (uint32_t)(c->sent.n - 1)))
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
	return QASID_OK;
}

int qasid_corpus_read(qasid_corpus **out, qasid_task task, const char *path, qasid_err *err)
{
	qasid_corpus *c = NULL;
	FILE *f = NULL;
	long n;
	int rc = QASID_OK;

	*out = NULL;
	if (task != QASID_TASK_POS && task != QASID_TASK_NER)
		return err_set(err, QASID_EINVAL, 0, "corpus task must be POS or NER");
	c = qs_malloc(sizeof *c);
	if (!c)
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(c, 0, sizeof *c);
	c->task = task;
	snprintf(c->name, sizeof c->name, "%s",
	         strrchr(path, '/') ? strrchr(path, '/') + 1 : strcmp(path, "-") ? path : "stdin");
	f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		rc = err_set(err, QASID_EIO, 0, "cannot open %s: %s", path, strerror(errno));
		goto cleanup;
	}
	if (f != stdin && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		if ((unsigned long)n > UINT32_MAX - 1) {
			rc = err_set(err, QASID_ETOOBIG, 0, "%s: larger than 4 GB", path);
			goto cleanup;
		}
		c->text = qs_malloc((size_t)n + 1);
		if (!c->text) {
			rc = err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
			goto cleanup;
		}
		c->len = fread(c->text, 1, (size_t)n, f);
	} else { /* a pipe: read in chunks */
		buf b = {0};
		char tmp[65536];
		size_t k;

		while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
			if (buf_append(&b, tmp, k) || b.len > UINT32_MAX - 1) {
				buf_fini(&b);
				rc = err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
				goto cleanup;
			}
		c->text = b.data ? b.data : qs_malloc(1);
		c->len = b.len;
		if (!c->text) {
			rc = err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
			goto cleanup;
		}
	}
	if (ferror(f)) {
		rc = err_set(err, QASID_EIO, 0, "cannot read %s: %s", path, strerror(errno));
		goto cleanup;
	}
	c->text[c->len] = '\0';
	rc = parse(c, err, path);
cleanup:
	if (f && f != stdin)
		fclose(f);
	if (rc)
		qasid_corpus_free(c);
	else
		*out = c;
	return rc;
}

int cp_doc_view(const qasid_corpus *c, size_t d, tg_view *v, u32vec *sent_buf, uint32_t *first_tok)
{
	uint32_t s0 = c->docs.v[d], s1 = c->docs.v[d + 1], s, t0 = c->sent.v[s0];

	sent_buf->n = 0;
	if (VEC_RESERVE(sent_buf, (size_t)(s1 - s0) + 1))
		return QASID_ENOMEM;
	for (s = s0; s <= s1; s++)
		sent_buf->v[sent_buf->n++] = c->sent.v[s] - t0;
	v->text = c->text;
	v->tok = c->forms.v + t0;
	v->n_tok = c->sent.v[s1] - t0;
	v->sent = sent_buf->v;
	v->n_sent = s1 - s0;
	*first_tok = t0;
	return QASID_OK;
}

int qasid_corpus_tag(qasid_corpus *c, const qasid_model *m, qasid_err *err)
{
	tg_ws ws;
	u32vec sb = {0};
	size_t d, i;
	int rc = QASID_OK;

	if (m->task != c->task)
		return err_set(err, QASID_EINVAL, 0, "a %s model cannot tag a %s corpus",
		               m->task == QASID_TASK_POS ? "POS" : "NER",
		               c->task == QASID_TASK_POS ? "POS" : "NER");
	memset(&ws, 0, sizeof ws);
	for (i = 0; i < c->n_pred_names; i++)
		qs_free(c->pred_names[i]);
	qs_free(c->pred_names);
	c->n_pred_names = 0;
	c->pred_names = qs_malloc(m->n_labels * sizeof *c->pred_names);
	if (!c->pred_names)
		goto nomem;
	for (i = 0; i < m->n_labels; i++) {
		c->pred_names[i] = qs_malloc(strlen(m->labels[i]) + 1);
		if (!c->pred_names[i])
			goto nomem;
		strcpy(c->pred_names[i], m->labels[i]);
		c->n_pred_names++;
	}
	c->n_types = m->n_types;
	memcpy(c->types, m->types, sizeof c->types);
	for (d = 0; d + 1 < c->docs.n; d++) {
		tg_view v;
		uint32_t t0;

		if ((rc = cp_doc_view(c, d, &v, &sb, &t0)) || (rc = tg_tag_view(m, &ws, &v)))
			break;
		memcpy(c->pred.v + t0, ws.pred.v, v.n_tok * sizeof *ws.pred.v);
	}
	if (rc)
		goto fail;
	c->tagged = 1;
	tg_ws_fini(&ws);
	VEC_FREE(&sb);
	return QASID_OK;
nomem:
	rc = QASID_ENOMEM;
fail:
	tg_ws_fini(&ws);
	VEC_FREE(&sb);
	return err_set(err, rc, 0, "cannot tag: %s", qasid_strerror(rc));
}

/* IOB tags. */

/* Splits "B-PER" into prefix 'B' and type "PER"; "O" gives prefix 'O'. */
static char iob_parse(const char *tag, const char **type)
{
	if (tag[0] && tag[1] == '-' && strchr("BIELSU", tag[0])) {
		*type = tag + 2;
		return tag[0];
	}
	*type = "";
	return 'O';
}

/*
 * Entities of gold IOB tags of sentence s, by conlleval's rules: a chunk
 * starts at B-, S-/U-, or at I-/E-/L- after O, after a chunk's end tag or
 * after another type; it ends before O, B-, S-/U- or another type.
 */
static void gold_entities(const qasid_corpus *c, size_t s,
                          void (*fn)(void *ud, uint32_t start, uint32_t end, const char *type),
                          void *ud)
{
	uint32_t i, t0 = c->sent.v[s], t1 = c->sent.v[s + 1], start = CP_NONE;
	const char *cur = NULL;
	char prevp = 'O';

	for (i = t0; i < t1; i++) {
		const char *tag = c->gold.v[i] == CP_NONE ? "O" : c->gold_names.v[c->gold.v[i]], *type;
		char p = iob_parse(tag, &type);
		int starts;

		if (p == 'O') {
			if (start != CP_NONE)
				fn(ud, start - t0, i - t0, cur);
			start = CP_NONE;
			prevp = 'O';
			continue;
		}
		starts = p == 'B' || p == 'S' || p == 'U' || start == CP_NONE || strcmp(cur, type) ||
		         strchr("ELSU", prevp);
		if (starts) {
			if (start != CP_NONE)
				fn(ud, start - t0, i - t0, cur);
			start = i;
			cur = type;
		}
		prevp = p;
		if (p == 'E' || p == 'L' || p == 'S' || p == 'U') {
			fn(ud, start - t0, i + 1 - t0, cur);
			start = CP_NONE;
		}
	}
	if (start != CP_NONE)
		fn(ud, start - t0, t1 - t0, cur);
}

typedef struct bilou_ctx {
	uint16_t *out;
	char (*types)[8];
	uint32_t n_types;
} bilou_ctx;

static void to_bilou(void *ud, uint32_t start, uint32_t end, const char *type)
{
	bilou_ctx *b = ud;
	uint32_t t, i;

	for (t = 0; t < b->n_types; t++)
		if (!strcmp(b->types[t], type))
			break;
	if (t == b->n_types)
		return;
	if (end - start == 1) {
		b->out[start] = ner_label(t, 3);
		return;
	}
	b->out[start] = ner_label(t, 0);
	for (i = start + 1; i + 1 < end; i++)
		b->out[i] = ner_label(t, 1);
	b->out[end - 1] = ner_label(t, 2);
}

void cp_ner_gold(const qasid_corpus *c, size_t s, char types[][8], uint32_t n_types, uint16_t *out)
{
	bilou_ctx b = {out, types, n_types};

	memset(out, 0, (c->sent.v[s + 1] - c->sent.v[s]) * sizeof *out);
	gold_entities(c, s, to_bilou, &b);
}

void ner_entities(const uint16_t *lab, uint32_t n,
                  void (*fn)(void *ud, uint32_t start, uint32_t end, uint32_t type), void *ud)
{
	uint32_t i, start = CP_NONE;

	for (i = 0; i < n; i++) {
		uint32_t t, p;

		if (lab[i] == 0) {
			start = CP_NONE;
			continue;
		}
		t = (lab[i] - 1u) / 4;
		p = (lab[i] - 1u) % 4;
		if (p == 0 || p == 3 || start == CP_NONE || (lab[start] - 1u) / 4 != t)
			start = i;
		if (p == 2 || p == 3) {
			fn(ud, start, i + 1, t);
			start = CP_NONE;
		}
	}
}

/* Writing. */

typedef struct wr {
	qasid_write_fn w;
	void *ud;
	int rc;
} wr;

static void put(wr *o, const char *s, size_t n)
{
	if (!o->rc && n && o->w(o->ud, s, n))
		o->rc = QASID_EIO;
}

/* The tag of token i (0-based in its sentence) of a BILOU sequence, in scheme. */
static void ner_tag_text(const qasid_corpus *c, const uint16_t *lab, uint32_t i, qasid_scheme sc,
                         char *out, size_t cap)
{
	static const char bilou[] = "BILU";
	uint32_t t, p;
	char pre;

	if (lab[i] == 0 || lab[i] > 4 * c->n_types) {
		snprintf(out, cap, "O");
		return;
	}
	t = (lab[i] - 1u) / 4;
	p = (lab[i] - 1u) % 4;
	if (sc == QASID_BILOU)
		pre = bilou[p];
	else if (sc == QASID_IOB2)
		pre = p == 0 || p == 3 ? 'B' : 'I';
	else /* IOB1: B only where an entity follows one of the same type */
		pre = (p == 0 || p == 3) && i > 0 && lab[i - 1] != 0 && (lab[i - 1] - 1u) / 4 == t
		          ? 'B'
		          : 'I';
	snprintf(out, cap, "%c-%s", pre, c->types[t]);
}

int qasid_corpus_write(const qasid_corpus *c, qasid_scheme scheme, qasid_write_fn w, void *ud)
{
	wr o = {w, ud, QASID_OK};
	size_t li;

	for (li = 0; li < c->lines.n && !o.rc; li++) {
		const cp_line *l = &c->lines.v[li];
		const char *s = c->text + l->off;
		uint32_t t = l->tok;

		if (li + 1 == c->lines.n && l->len == 0 && l->off == c->len)
			break; /* after the last newline */
		if (t == CP_NONE || !c->tagged) {
			put(&o, s, l->len);
		} else if (c->task == QASID_TASK_POS) {
			const char *lab = c->pred_names[c->pred.v[t]], *sp = strchr(lab, ' ');
			qasid_span f[10];

			fields(s, l->len, 1, f, 10);
			put(&o, s, f[3].start);
			put(&o, lab, sp ? (size_t)(sp - lab) : strlen(lab));
			put(&o, "\t", 1);
			if (sp)
				put(&o, sp + 1, strlen(sp + 1));
			else
				put(&o, "_", 1);
			put(&o, s + f[4].end, l->len - f[4].end);
		} else {
			size_t sidx = 0, lo = 0, hi = c->sent.n - 1;
			char tag[16];
			uint32_t t0;

			while (lo < hi) { /* the sentence holding token t */
				size_t mid = (lo + hi + 1) / 2;

				if (c->sent.v[mid] <= t)
					lo = mid;
				else
					hi = mid - 1;
			}
			sidx = lo;
			t0 = c->sent.v[sidx];
			ner_tag_text(c, c->pred.v + t0, t - t0, scheme, tag, sizeof tag);
			put(&o, s, l->len);
			put(&o, " ", 1);
			put(&o, tag, strlen(tag));
		}
		put(&o, "\n", 1);
	}
	return o.rc;
}

/* Scoring. */

typedef struct ent {
	uint32_t start, end;
	int type; /* index into the score's types */
} ent;

typedef struct score_ctx {
	qasid_score *s;
	VEC(ent) ents;
	int rc;
} score_ctx;

static int type_index(qasid_score *s, const char *type)
{
	size_t i;

	for (i = 0; i < s->n_types; i++)
		if (!strcmp(s->types[i].type, type))
			return (int)i;
	if (s->n_types == sizeof s->types / sizeof s->types[0])
		return -1;
	snprintf(s->types[s->n_types].type, sizeof s->types[0].type, "%s", type);
	return (int)s->n_types++;
}

static void on_gold(void *ud, uint32_t start, uint32_t end, const char *type)
{
	score_ctx *x = ud;
	ent e = {start, end, type_index(x->s, type)};

	if (e.type >= 0 && VEC_PUSH(&x->ents, e))
		x->rc = QASID_ENOMEM;
}

typedef struct pred_ctx {
	score_ctx *x;
	const qasid_corpus *c;
	size_t gold_from; /* the sentence's gold entities: x->ents.v[gold_from..] */
} pred_ctx;

static void on_pred(void *ud, uint32_t start, uint32_t end, uint32_t t)
{
	pred_ctx *p = ud;
	qasid_score *s = p->x->s;
	int ti = type_index(s, p->c->types[t]);
	size_t i;

	if (ti < 0)
		return;
	s->types[ti].n_pred++;
	for (i = p->gold_from; i < p->x->ents.n; i++)
		if (p->x->ents.v[i].start == start && p->x->ents.v[i].end == end &&
		    p->x->ents.v[i].type == ti)
			s->types[ti].n_correct++;
}

static void prf(qasid_prf *p)
{
	p->precision = p->n_pred ? 100.0 * p->n_correct / p->n_pred : 0;
	p->recall = p->n_gold ? 100.0 * p->n_correct / p->n_gold : 0;
	p->f1 = p->precision + p->recall > 0
	            ? 2 * p->precision * p->recall / (p->precision + p->recall)
	            : 0;
}

static int type_cmp(const void *a, const void *b)
{
	return strcmp(((const qasid_prf *)a)->type, ((const qasid_prf *)b)->type);
}

int qasid_corpus_score(const qasid_corpus *c, qasid_score *s, qasid_err *err)
{
	size_t i, right = 0, right2 = 0, both = 0;

	memset(s, 0, sizeof *s);
	s->task = c->task;
	s->n_tokens = c->forms.n;
	snprintf(s->all.type, sizeof s->all.type, "all");
	if (!qasid_corpus_has_gold(c))
		return err_set(err, QASID_EINVAL, 0, "the corpus has no gold tags to score against");
	if (!c->tagged)
		return err_set(err, QASID_EINVAL, 0, "the corpus has not been tagged");
	if (c->task == QASID_TASK_POS) {
		for (i = 0; i < c->forms.n; i++) {
			const char *g = c->gold_names.v[c->gold.v[i]], *p = c->pred_names[c->pred.v[i]];
			const char *gs = strchr(g, ' '), *ps = strchr(p, ' ');
			size_t gl = gs ? (size_t)(gs - g) : strlen(g), pl = ps ? (size_t)(ps - p) : strlen(p);
			int u = gl == pl && !memcmp(g, p, gl);
			int x = gs && ps && !strcmp(gs + 1, ps + 1);

			right += u;
			right2 += x;
			both += u && x;
		}
		if (c->forms.n) {
			s->accuracy = 100.0 * right / c->forms.n;
			s->accuracy2 = 100.0 * right2 / c->forms.n;
			s->both = 100.0 * both / c->forms.n;
		}
		return QASID_OK;
	}
	{
		score_ctx x = {s, {0}, QASID_OK};
		size_t sn;

		for (sn = 0; sn + 1 < c->sent.n; sn++) {
			uint32_t t0 = c->sent.v[sn], t1 = c->sent.v[sn + 1], k;
			pred_ctx p = {&x, c, x.ents.n};

			gold_entities(c, sn, on_gold, &x);
			ner_entities(c->pred.v + t0, t1 - t0, on_pred, &p);
			for (k = t0; k < t1; k++) {
				char tag[16];
				const char *g = c->gold_names.v[c->gold.v[k]];

				ner_tag_text(c, c->pred.v + t0, k - t0, QASID_IOB1, tag, sizeof tag);
				right += !strcmp(tag, g);
			}
		}
		for (i = 0; i < x.ents.n; i++)
			s->types[x.ents.v[i].type].n_gold++;
		VEC_FREE(&x.ents);
		if (x.rc)
			return err_set(err, x.rc, 0, "out of memory");
		qsort(s->types, s->n_types, sizeof s->types[0], type_cmp);
		for (i = 0; i < s->n_types; i++) {
			prf(&s->types[i]);
			s->all.n_gold += s->types[i].n_gold;
			s->all.n_pred += s->types[i].n_pred;
			s->all.n_correct += s->types[i].n_correct;
		}
		prf(&s->all);
		s->accuracy = c->forms.n ? 100.0 * right / c->forms.n : 0;
	}
	return QASID_OK;
}
