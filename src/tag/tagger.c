/* SPDX-License-Identifier: MIT */
/*
 * Taggers: model files, the word pass shared by tasks, tagging a view, and
 * the document entry point qasid_doc_tag.
 *
 * Model file chunks (see src/model/model.h for the container):
 *   SETS  u32 feature groups (TGF_*), u32 stages, u32 history attributes,
 *         u32 labels, u32 entity types, then a NUL-terminated info string
 *   LABL  the labels, NUL-terminated strings in order
 *   TYPE  NER: the entity types, NUL-terminated strings
 *   CLUS  word clusters (a lexicon: word -> path), when TGF_CLUSTERS
 *   AMBC  POS: ambiguity classes (a lexicon: lower-cased word -> class), when TGF_AMB
 *   GAZE  gazetteer phrases (a lexicon: phrase -> category bits), GAZN their names
 *   TLEX  NER, when TGF_TRLEX: the training data's entity phrases and words (a lexicon:
 *         key -> type and fold bits, tag.h)
 *   1MAP, 1ENT, 2MAP, 2ENT   the weights of each stage (perceptron.c)
 *   VOCB  optional: u32 n, then n NUL-terminated words, the word cache's (tag.h)
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

/* Tagging an article: sentences are cut into pieces of at most TG_MAX_SENT
 * tokens, features are computed for blocks of about TG_BLOCK_TOKENS, and an
 * article of more than TG_DOC_TOKENS is tagged in parts (see tag_doc). */
#define TG_MAX_SENT 512
#define TG_BLOCK_TOKENS 4096
#define TG_DOC_TOKENS 100000

static const char *task_tag(qasid_task t)
{
	return t == QASID_TASK_POS ? "POS1" : t == QASID_TASK_NER ? "NER1" : NULL;
}

void tg_ws_fini(tg_ws *ws)
{
	VEC_FREE(&ws->words);
	VEC_FREE(&ws->x);
	VEC_FREE(&ws->feats);
	VEC_FREE(&ws->fstart);
	VEC_FREE(&ws->hattr);
	VEC_FREE(&ws->pred);
	VEC_FREE(&ws->pred1);
	VEC_FREE(&ws->margin);
	VEC_FREE(&ws->keep);
	VEC_FREE(&ws->agg);
	VEC_FREE(&ws->dkeys);
	VEC_FREE(&ws->dvals);
	VEC_FREE(&ws->drun);
	VEC_FREE(&ws->sent);
	VEC_FREE(&ws->wid);
	VEC_FREE(&ws->init);
	qs_free(ws->scratch);
	ws->scratch = NULL;
}

int tg_model_new(qasid_model **out, qasid_task task)
{
	qasid_model *m = qs_malloc(sizeof *m);

	*out = NULL;
	if (!m)
		return QASID_ENOMEM;
	memset(m, 0, sizeof *m);
	m->task = task;
	memcpy(m->tag, task_tag(task), 5);
	m->spec.n_hattr = 2;
	m->n_stages = 1;
	*out = m;
	return QASID_OK;
}

/* The word and context caches (tg_cache_build). */
static void cache_free(qasid_model *m)
{
	qs_free(m->wvec_mem);
	qs_free(m->vword);
	qs_free(m->vcluster);
	qs_free(m->vamb);
	qs_free(m->vlen);
	qs_free(m->cvec);
	m->wvec = NULL;
	m->wvec_mem = NULL;
	m->vword = NULL;
	m->vcluster = NULL;
	m->vamb = NULL;
	m->vlen = NULL;
	m->cvec = NULL;
	tg_lex_fini(&m->vindex);
}

void qasid_model_free(qasid_model *m)
{
	uint32_t i;

	if (!m)
		return;
	for (i = 0; i < m->n_labels; i++)
		qs_free(m->labels[i]);
	qs_free(m->labels);
	qs_free(m->tags);
	qs_free(m->finite);
	qs_free(m->legal);
	for (i = 0; i < TG_MAX_STAGES; i++)
		pc_model_free(&m->stage[i]);
	tg_lex_fini(&m->clusters);
	tg_lex_fini(&m->gaz);
	tg_lex_fini(&m->tlex);
	tg_lex_fini(&m->amb);
	for (i = 0; i < m->n_gaz; i++)
		qs_free(m->gaz_names[i]);
	for (i = 0; i < m->n_vocab; i++)
		qs_free(m->vocab[i]);
	qs_free(m->vocab);
	cache_free(m);
	qs_free(m);
}

/* The word cache. */

int tg_cache_build(qasid_model *m)
{
	uint32_t S = pc_stride(m->n_labels), st, i, r, n;
	uint32_t R = m->task == QASID_TASK_POS ? TG_MAX_ROLES : TG_N_ROLES;
	size_t per_stage = (size_t)m->n_vocab * R * S;
	uint64_t f[64];

	cache_free(m);
	if (!m->n_vocab)
		return QASID_OK;
	m->wvec = qs_zalloc_table(per_stage * m->n_stages * sizeof *m->wvec, &m->wvec_mem);
	m->vword = qs_malloc(m->n_vocab * sizeof *m->vword);
	m->vcluster = qs_malloc(m->n_vocab * sizeof *m->vcluster);
	m->vamb = qs_malloc(m->n_vocab * sizeof *m->vamb);
	m->vlen = qs_malloc(m->n_vocab * sizeof *m->vlen);
	if (!m->wvec || !m->vword || !m->vcluster || !m->vamb || !m->vlen)
		return QASID_ENOMEM;
	m->wstride = S;
	m->n_roles = R;
	for (i = 0; i < m->n_vocab; i++) {
		tg_word w;
		uint32_t cl;

		tg_word_init(&w, m->vocab[i], strlen(m->vocab[i]));
		if (tg_lex_get(&m->vindex, w.form)) /* the same word twice (cut at TG_MAX_WORD) */
			continue;
		if (tg_lex_put(&m->vindex, w.form, i + 1, 0))
			return QASID_ENOMEM;
		cl = m->feats & TGF_CLUSTERS ? tg_lex_get(&m->clusters, w.form) : 0;
		m->vword[i] = w;
		m->vcluster[i] = cl;
		m->vamb[i] = tg_amb_class(m, &w);
		m->vlen[i] = (uint32_t)strnlen(m->vocab[i], TG_MAX_WORD);
		for (r = 0; r < R; r++) {
			n = m->task == QASID_TASK_POS
			        ? pos_word_features(m, &w, cl, m->vamb[i], (int)r, f)
			        : ner_word_features(m, &w, cl, (int)r, f);
			for (st = 0; st < m->n_stages; st++) {
				int32_t *v = m->wvec + st * per_stage + (size_t)i * R * S;

				if (r == TG_ROLE_SELF0) /* TG_ROLE_SELF's and more */
					memcpy(v + r * S, v + TG_ROLE_SELF * S, S * sizeof *v);
				pc_model_score(&m->stage[st], f, n, v + r * S);
			}
		}
	}
	if (m->task != QASID_TASK_POS)
		return QASID_OK;
	m->cvec = qs_malloc((size_t)m->n_stages * TG_N_CONTEXTS * S * sizeof *m->cvec);
	if (!m->cvec)
		return QASID_ENOMEM;
	memset(m->cvec, 0, (size_t)m->n_stages * TG_N_CONTEXTS * S * sizeof *m->cvec);
	for (i = 0; i < TG_N_CONTEXTS; i++) {
		n = pos_context_features(m, i, f);
		for (st = 0; st < m->n_stages; st++)
			pc_model_score(&m->stage[st], f, n,
			               m->cvec + ((size_t)st * TG_N_CONTEXTS + i) * S);
	}
	return QASID_OK;
}

typedef struct vocab_ent {
	char *word;
	uint64_t count;
	size_t line;
} vocab_ent;

static int vocab_cmp(const void *a, const void *b)
{
	const vocab_ent *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int tg_vocab_from_clusters(qasid_model *m, const char *path, uint32_t n, qasid_err *err)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;
	VEC(vocab_ent) v = {0};
	int rc = QASID_OK;

	if (!f)
		return err_set(err, QASID_EIO, 0, "%s: cannot open", path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		vocab_ent e;

		if (!t1 || !t2 || t2 == t1 + 1)
			continue;
		e.count = strtoull(t2 + 1, NULL, 10);
		e.line = v.n;
		e.word = qs_malloc((size_t)(t2 - t1));
		if (!e.word || VEC_PUSH(&v, e)) {
			qs_free(e.word);
			rc = QASID_ENOMEM;
			break;
		}
		memcpy(e.word, t1 + 1, (size_t)(t2 - t1 - 1));
		e.word[t2 - t1 - 1] = '\0';
	}
	free(line);
	fclose(f);
	if (!rc) {
		qsort(v.v, v.n, sizeof *v.v, vocab_cmp);
		if (n > v.n)
			n = (uint32_t)v.n;
		m->vocab = qs_malloc((n + 1) * sizeof *m->vocab);
		if (!m->vocab)
			rc = QASID_ENOMEM;
	}
	for (i = 0; i < v.n; i++) {
		if (!rc && i < n) {
			m->vocab[i] = v.v[i].word;
			m->n_vocab = (uint32_t)i + 1;
		} else {
			qs_free(v.v[i].word);
		}
	}
	VEC_FREE(&v);
	if (rc)
		return err_set(err, rc, 0, "%s: %s", path, qasid_strerror(rc));
	return QASID_OK;
}

qasid_task qasid_model_task(const qasid_model *m)
{
	return m->task;
}

/* NER: which label may follow which under BILOU. */
static int ner_legal(qasid_model *m)
{
	uint32_t L = m->n_labels, p, l;

	m->legal = qs_malloc((size_t)(L + 1) * L);
	if (!m->legal)
		return QASID_ENOMEM;
	for (p = 0; p <= L; p++)
		for (l = 0; l < L; l++) {
			int inside = p < L && p > 0 && ((p - 1) % 4 == 0 || (p - 1) % 4 == 1);
			int cont = l > 0 && ((l - 1) % 4 == 1 || (l - 1) % 4 == 2);

			if (inside)
				m->legal[(size_t)p * L + l] = cont && (l - 1) / 4 == (p - 1) / 4;
			else
				m->legal[(size_t)p * L + l] = !cont;
		}
	m->spec.legal = m->legal;
	return QASID_OK;
}

int tg_model_set_labels(qasid_model *m, char **labels, uint32_t n)
{
	uint32_t i;

	if (n == 0 || n > PC_MAX_LABELS)
		return QASID_EINVAL;
	m->labels = qs_malloc(n * sizeof *m->labels);
	if (!m->labels)
		return QASID_ENOMEM;
	for (i = 0; i < n; i++) {
		m->labels[i] = qs_malloc(strlen(labels[i]) + 1);
		if (!m->labels[i])
			return QASID_ENOMEM;
		strcpy(m->labels[i], labels[i]);
		m->n_labels = i + 1;
	}
	m->spec.n_labels = n;
	if (m->task != QASID_TASK_POS)
		return QASID_OK;
	m->tags = qs_malloc(n * sizeof *m->tags);
	m->finite = qs_malloc(n);
	if (!m->tags || !m->finite)
		return QASID_ENOMEM;
	for (i = 0; i < n; i++) { /* "UPOS XPOS", each cut to 7 bytes */
		const char *l = labels[i], *sp = strchr(l, ' ');
		size_t ul = sp ? (size_t)(sp - l) : strlen(l);

		memset(&m->tags[i], 0, sizeof m->tags[i]);
		memcpy(m->tags[i].upos, l, ul < 7 ? ul : 7);
		if (sp)
			snprintf(m->tags[i].xpos, sizeof m->tags[i].xpos, "%s", sp + 1);
		m->finite[i] = !strcmp(m->tags[i].xpos, "VBD") || !strcmp(m->tags[i].xpos, "VBZ") ||
		               !strcmp(m->tags[i].xpos, "VBP") || !strcmp(m->tags[i].xpos, "MD");
	}
	return QASID_OK;
}

int ner_set_types(qasid_model *m, char types[][8], uint32_t n)
{
	static const char pre[] = "BILU";
	char *labels[1 + 4 * TG_MAX_TYPES], names[1 + 4 * TG_MAX_TYPES][12];
	uint32_t t, p, k = 0;
	int rc;

	if (n == 0 || n > TG_MAX_TYPES)
		return QASID_EINVAL;
	m->n_types = n;
	snprintf(names[k], sizeof names[k], "O");
	labels[k] = names[k];
	k++;
	for (t = 0; t < n; t++) {
		memcpy(m->types[t], types[t], 8);
		for (p = 0; p < 4; p++) {
			snprintf(names[k], sizeof names[k], "%c-%s", pre[p], types[t]);
			labels[k] = names[k];
			k++;
		}
	}
	if ((rc = tg_model_set_labels(m, labels, k)))
		return rc;
	return ner_legal(m);
}

void ner_fix(uint16_t *lab, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint32_t p, t;

		if (!lab[i])
			continue;
		p = (lab[i] - 1u) % 4;
		t = (lab[i] - 1u) / 4;
		if (p == 0 || p == 1) { /* B or I: the next must continue it */
			int next_cont = i + 1 < n && lab[i + 1] && (lab[i + 1] - 1u) / 4 == t &&
			                ((lab[i + 1] - 1u) % 4 == 1 || (lab[i + 1] - 1u) % 4 == 2);

			if (!next_cont)
				lab[i] = ner_label(t, p == 0 ? 3 : 2);
		} else { /* L or U: the previous must be open for L */
			int prev_open = i > 0 && lab[i - 1] && (lab[i - 1] - 1u) / 4 == t &&
			                ((lab[i - 1] - 1u) % 4 == 0 || (lab[i - 1] - 1u) % 4 == 1);

			if (p == 2 && !prev_open)
				lab[i] = ner_label(t, 3);
		}
	}
}

/* Saving and loading. */

int qasid_model_save(const qasid_model *m, const char *path, qasid_err *err)
{
	mdl_w w;
	uint32_t i;
	int rc;

	mdl_w_init(&w);
	mdl_w_begin(&w, "SETS");
	mdl_w_u32(&w, m->feats);
	mdl_w_u32(&w, m->n_stages);
	mdl_w_u32(&w, m->spec.n_hattr);
	mdl_w_u32(&w, m->n_labels);
	mdl_w_u32(&w, m->n_types);
	mdl_w_str(&w, m->info);
	mdl_w_end(&w);
	mdl_w_begin(&w, "LABL");
	for (i = 0; i < m->n_labels; i++)
		mdl_w_str(&w, m->labels[i]);
	mdl_w_end(&w);
	if (m->n_types) {
		mdl_w_begin(&w, "TYPE");
		for (i = 0; i < m->n_types; i++)
			mdl_w_str(&w, m->types[i]);
		mdl_w_end(&w);
	}
	if (m->feats & TGF_CLUSTERS)
		tg_lex_write(&m->clusters, &w, "CLUS");
	if (m->feats & TGF_AMB)
		tg_lex_write(&m->amb, &w, "AMBC");
	if (m->feats & TGF_GAZ) {
		tg_lex_write(&m->gaz, &w, "GAZE");
		mdl_w_begin(&w, "GAZN");
		mdl_w_u32(&w, m->n_gaz);
		for (i = 0; i < m->n_gaz; i++)
			mdl_w_str(&w, m->gaz_names[i]);
		mdl_w_end(&w);
	}
	if (m->feats & TGF_TRLEX)
		tg_lex_write(&m->tlex, &w, "TLEX");
	for (i = 0; i < m->n_stages; i++)
		pc_model_write(&m->stage[i], &w, (char)('1' + i));
	if (m->n_vocab) {
		mdl_w_begin(&w, "VOCB");
		mdl_w_u32(&w, m->n_vocab);
		for (i = 0; i < m->n_vocab; i++)
			mdl_w_str(&w, m->vocab[i]);
		mdl_w_end(&w);
	}
	rc = mdl_w_save(&w, m->tag, path, err);
	mdl_w_fini(&w);
	return rc;
}

static int corrupt(const mdl_file *f, const char *what, qasid_err *err)
{
	return err_set(err, QASID_EMODEL, 0, "%s: corrupt model file: %s", f->path, what);
}

static int load(qasid_model *m, const mdl_file *f, qasid_err *err)
{
	const unsigned char *p;
	size_t n;
	mdl_rd r;
	uint32_t i, n_labels;
	const char *s;
	int rc;

	if ((rc = mdl_chunk(f, "SETS", &p, &n, err)))
		return rc;
	mdl_rd_init(&r, p, n);
	m->feats = mdl_u32(&r);
	m->n_stages = mdl_u32(&r);
	m->spec.n_hattr = mdl_u32(&r);
	n_labels = mdl_u32(&r);
	m->n_types = mdl_u32(&r);
	s = mdl_str(&r);
	if (r.bad || m->n_stages < 1 || m->n_stages > TG_MAX_STAGES ||
	    m->spec.n_hattr > PC_MAX_HATTR || n_labels == 0 || n_labels > PC_MAX_LABELS ||
	    m->n_types > TG_MAX_TYPES || (m->task == QASID_TASK_NER) != (m->n_types > 0))
		return corrupt(f, "bad settings", err);
	snprintf(m->info, sizeof m->info, "%s", s);
	if ((rc = mdl_chunk(f, "LABL", &p, &n, err)))
		return rc;
	mdl_rd_init(&r, p, n);
	if (m->task == QASID_TASK_NER) {
		char types[TG_MAX_TYPES][8];
		const unsigned char *tp;
		size_t tn;
		mdl_rd tr;

		if ((rc = mdl_chunk(f, "TYPE", &tp, &tn, err)))
			return rc;
		mdl_rd_init(&tr, tp, tn);
		for (i = 0; i < m->n_types; i++) {
			const char *t = mdl_str(&tr);

			if (!t || strlen(t) >= 8)
				return corrupt(f, "bad entity types", err);
			memcpy(types[i], t, strlen(t) + 1);
		}
		if (n_labels != 1 + 4 * m->n_types)
			return corrupt(f, "labels do not match the entity types", err);
		if ((rc = ner_set_types(m, types, m->n_types)))
			return err_set(err, rc, 0, "%s: %s", f->path, qasid_strerror(rc));
		for (i = 0; i < n_labels; i++) {
			const char *l = mdl_str(&r);

			if (!l || strcmp(l, m->labels[i]))
				return corrupt(f, "labels do not match the entity types", err);
		}
	} else {
		char *labels[PC_MAX_LABELS];

		for (i = 0; i < n_labels; i++) {
			labels[i] = (char *)mdl_str(&r);
			if (!labels[i] || strlen(labels[i]) >= 16 ||
			    (m->task == QASID_TASK_POS &&
			     (!strchr(labels[i], ' ') || strchr(labels[i], ' ') - labels[i] >= 8)))
				return corrupt(f, "bad labels", err);
		}
		if ((rc = tg_model_set_labels(m, labels, n_labels)))
			return err_set(err, rc, 0, "%s: %s", f->path, qasid_strerror(rc));
	}
	if ((m->feats & TGF_CLUSTERS) && (rc = tg_lex_read(&m->clusters, f, "CLUS", err)))
		return rc;
	if ((m->feats & TGF_AMB) && (rc = tg_lex_read(&m->amb, f, "AMBC", err)))
		return rc;
	if (m->feats & TGF_GAZ) {
		if ((rc = tg_lex_read(&m->gaz, f, "GAZE", err)) ||
		    (rc = mdl_chunk(f, "GAZN", &p, &n, err)))
			return rc;
		mdl_rd_init(&r, p, n);
		i = mdl_u32(&r);
		if (i > TG_MAX_GAZ)
			return corrupt(f, "bad gazetteer names", err);
		for (m->n_gaz = 0; m->n_gaz < i; m->n_gaz++) {
			s = mdl_str(&r);
			if (!s)
				return corrupt(f, "bad gazetteer names", err);
			m->gaz_names[m->n_gaz] = qs_malloc(strlen(s) + 1);
			if (!m->gaz_names[m->n_gaz])
				return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", f->path);
			strcpy(m->gaz_names[m->n_gaz], s);
		}
	}
	if ((m->feats & TGF_TRLEX) && (rc = tg_lex_read(&m->tlex, f, "TLEX", err)))
		return rc;
	for (i = 0; i < m->n_stages; i++)
		if ((rc = pc_model_read(&m->stage[i], f, (char)('1' + i), n_labels, err)))
			return rc;
	if (mdl_has_chunk(f, "VOCB")) {
		uint32_t n_vocab;

		if ((rc = mdl_chunk(f, "VOCB", &p, &n, err)))
			return rc;
		mdl_rd_init(&r, p, n);
		n_vocab = mdl_u32(&r);
		if (r.bad || n_vocab > (size_t)(r.end - r.p))
			return corrupt(f, "bad word list", err);
		m->vocab = qs_malloc(((size_t)n_vocab + 1) * sizeof *m->vocab);
		if (!m->vocab)
			return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", f->path);
		for (m->n_vocab = 0; m->n_vocab < n_vocab; m->n_vocab++) {
			s = mdl_str(&r);
			if (!s || !*s)
				return corrupt(f, "bad word list", err);
			m->vocab[m->n_vocab] = qs_malloc(strlen(s) + 1);
			if (!m->vocab[m->n_vocab])
				return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", f->path);
			strcpy(m->vocab[m->n_vocab], s);
		}
		if ((rc = tg_cache_build(m)))
			return err_set(err, rc, 0, "%s: out of memory", f->path);
	}
	return QASID_OK;
}

int qasid_model_load(qasid_model **out, const char *path, qasid_task task, qasid_err *err)
{
	mdl_file f;
	qasid_model *m = NULL;
	int rc;

	*out = NULL;
	if ((rc = mdl_open(&f, path, task_tag(task), err)))
		return rc;
	if (!strcmp(f.tag, "POS1"))
		task = QASID_TASK_POS;
	else if (!strcmp(f.tag, "NER1"))
		task = QASID_TASK_NER;
	else {
		rc = err_set(err, QASID_EMODEL, 0, "%s: a model for an unknown task (%s)", path, f.tag);
		goto cleanup;
	}
	if ((rc = tg_model_new(&m, task))) {
		err_set(err, rc, 0, "%s: out of memory", path);
		goto cleanup;
	}
	rc = load(m, &f, err);
	if (!rc && task == QASID_TASK_NER && m->n_stages == 2)
		m->keep_margin = (int32_t)lrint(TG_NER_KEEP / m->stage[0].scale);
	if (!rc && task == QASID_TASK_POS && m->n_stages == 2)
		m->keep_margin = (int32_t)lrint(TG_POS_KEEP / m->stage[0].scale);
cleanup:
	mdl_close(&f);
	if (rc)
		qasid_model_free(m);
	else
		*out = m;
	return rc;
}

int qasid_model_dump(const qasid_model *m, qasid_write_fn w, void *ud)
{
	buf b = {0};
	uint32_t i, s;
	int rc = QASID_OK;

	rc |= buf_printf(&b, "task\t%s\nformat\tQSDM version %u\ninfo\t%s\n", m->tag, MDL_VERSION,
	                 m->info);
	rc |= buf_printf(&b, "features\t%s%s%s%s%s%s%s%s%s\n", m->feats & TGF_CLUSTERS ? "clusters " : "",
	                 m->feats & TGF_GAZ ? "gazetteer " : "", m->feats & TGF_DOC ? "document " : "",
	                 m->feats & TGF_RUNS ? "capitalised-runs " : "",
	                 m->feats & TGF_TRLEX ? "training-phrases " : "",
	                 m->feats & TGF_TOPIC ? "topic " : "",
	                 m->feats & TGF_AMB ? "ambiguity-classes " : "",
	                 m->feats & TGF_FINITE ? "finite-verbs " : "",
	                 m->feats & TGF_STAGE2 ? "two-stage" : "");
	rc |= buf_printf(&b, "stages\t%u\nlabels\t%u\n", m->n_stages, m->n_labels);
	for (i = 0; i < m->n_labels; i++)
		rc |= buf_printf(&b, "label\t%u\t%s\n", i, m->labels[i]);
	if (m->feats & TGF_CLUSTERS)
		rc |= buf_printf(&b, "clusters\t%zu words\n", m->clusters.n);
	if (m->feats & TGF_TRLEX)
		rc |= buf_printf(&b, "training-phrases\t%zu phrases and words, at most %u words\n",
		                 m->tlex.n, m->tlex.max_len);
	if (m->feats & TGF_AMB)
		rc |= buf_printf(&b, "ambiguity-classes\t%zu words\n", m->amb.n);
	if (m->feats & TGF_GAZ) {
		rc |= buf_printf(&b, "gazetteer\t%zu phrases, at most %u words\n", m->gaz.n,
		                 m->gaz.max_len);
		for (i = 0; i < m->n_gaz; i++)
			rc |= buf_printf(&b, "gazetteer-category\t%u\t%s\n", i, m->gaz_names[i]);
	}
	if (m->n_vocab)
		rc |= buf_printf(&b, "word-cache\t%u words, %zu of them cached\n", m->n_vocab,
		                 m->vindex.n);
	for (s = 0; s < m->n_stages; s++) {
		const pc_model *p = &m->stage[s];

		rc |= buf_printf(&b, "stage\t%u\t%u features, %u weights, scale %g\n", s + 1,
		                 p->n_feats, p->n_entries, (double)p->scale);
	}
	return buf_flush_to(&b, rc, w, ud);
}

/* The word pass. */

static int doc_table_put(tg_ws *ws, uint64_t key, uint32_t flags)
{
	size_t mask = ws->dkeys.cap - 1, s = (size_t)key & mask;

	while (ws->dkeys.v[s] && ws->dkeys.v[s] != key)
		s = (s + 1) & mask;
	if (!ws->dkeys.v[s]) {
		ws->dkeys.v[s] = key;
		ws->dvals.v[s] = 0;
	}
	ws->dvals.v[s] |= flags;
	return (int)s;
}

/* TGF_TRLEX: the entity types of a lexicon value (bits by type and fold), leaving out the
 * folds of ws->tlex_skip. */
static uint32_t tlex_types(const qasid_model *m, const tg_ws *ws, uint32_t val)
{
	uint32_t t, types = 0;

	val &= ~ws->tlex_skip;
	for (t = 0; t < m->n_types; t++)
		if ((val >> (t * TG_TLEX_FOLDS)) & ((1u << TG_TLEX_FOLDS) - 1))
			types |= 1u << t;
	return types;
}

/* Whether w may join two capitalised words into one run (Bank of England). */
static int run_joiner(const tg_word *w)
{
	static const char *const words[] = {"of", "&", "de", "van", "von", "der", "al", "bin"};
	size_t k;

	if (w->n_cp > 3 || (w->flags & TG_HASUPPER))
		return 0;
	for (k = 0; k < sizeof words / sizeof words[0]; k++)
		if (w->lower == tg_hash(words[k], strlen(words[k])))
			return 1;
	return 0;
}

/*
 * TGF_RUNS: the runs of capitalised words of each sentence not in capitals
 * (a short lower-case word such as "of" may join two). With TGF_TRLEX, each
 * word of a run also gets the entity types that any word of the run had in
 * the training phrases: "Asif" of "Khawaja Muhammad Asif" speaks for
 * "Khawaja", which the greedy decoder labels first.
 */
static void cap_runs(const qasid_model *m, tg_ws *ws, const tg_view *v)
{
	uint32_t s, i, j, k;

	for (s = 0; s < v->n_sent; s++) {
		uint32_t a = v->sent[s], b = v->sent[s + 1];

		if (a < b && ws->x.v[a].title == 2)
			continue;
		for (i = a; i < b; i = j) {
			uint32_t types = 0;

			j = i + 1;
			if (!(ws->words.v[i].flags & TG_CAP1))
				continue;
			for (; j < b; j++) {
				if (ws->words.v[j].flags & TG_CAP1)
					continue;
				if (j + 1 < b && (ws->words.v[j + 1].flags & TG_CAP1) &&
				    run_joiner(&ws->words.v[j]))
					continue;
				break;
			}
			if (m->feats & TGF_TRLEX)
				for (k = i; k < j; k++)
					types |= tlex_types(m, ws, tg_lex_get(&m->tlex,
					                                      tg_tlex_word(ws->words.v[k].lower)));
			for (k = i; k < j; k++) {
				ws->x.v[k].run_start = i;
				ws->x.v[k].run_len = j - i;
				ws->x.v[k].run_types = (uint8_t)types;
			}
		}
	}
}

/*
 * Calls fn on each match [i, i + len) of a phrase of lexicon x in the
 * sentences of v, with its value; matches start only at tokens with one of
 * the flags first (0: at any token).
 */
typedef void (*match_fn)(const qasid_model *m, tg_ws *ws, uint32_t i, uint32_t len,
                         uint32_t val);

static void match_phrases(const qasid_model *m, const tg_lex *x, tg_ws *ws, const tg_view *v,
                          uint32_t first, match_fn fn)
{
	uint32_t s, i, k;

	for (s = 0; s < v->n_sent; s++)
		for (i = v->sent[s]; i < v->sent[s + 1]; i++) {
			uint64_t h = TG_PHRASE_START;

			if (first && !(ws->words.v[i].flags & first))
				continue;
			for (k = 0; k < x->max_len && i + k < v->sent[s + 1]; k++) {
				uint32_t c;

				h = tg_phrase_add(h, ws->words.v[i + k].lower);
				if ((c = tg_lex_get(x, h)))
					fn(m, ws, i, k + 1, c);
			}
		}
}

/* The BILOU place (0-3) of token j of a span of len tokens. */
static uint32_t bilou(uint32_t j, uint32_t len)
{
	return len == 1 ? 3 : j == 0 ? 0 : j + 1 == len ? 2 : 1;
}

static void on_gaz(const qasid_model *m, tg_ws *ws, uint32_t i, uint32_t len, uint32_t val)
{
	uint32_t j;

	(void)m;
	for (j = 0; j < len; j++)
		ws->x.v[i + j].gaz[bilou(j, len)] |= val;
}

static void on_tlex(const qasid_model *m, tg_ws *ws, uint32_t i, uint32_t len, uint32_t val)
{
	uint32_t j, types = tlex_types(m, ws, val);

	for (j = 0; types && j < len; j++)
		ws->x.v[i + j].tlex |= types << (8 * bilou(j, len));
}

/*
 * TGF_RUNS: where each word of a run stands in the document's other runs
 * (x->run_doc: 1 alone, a run of one word; 2 the last word of a longer run;
 * 4 its first word): "Asif" alone after "Khawaja Muhammad Asif" is a
 * surname, "Magna" after "Magna International" a firm's short name.
 * ws->dkeys holds the document's words (cap slots); counts go in 8 bits a
 * place.
 */
static uint32_t run_place(const tg_tokx *x, uint32_t i)
{
	if (!x->run_len)
		return 0;
	if (x->run_len == 1)
		return 1;
	return i + 1 == x->run_start + x->run_len ? 1u << 8 : i == x->run_start ? 1u << 16 : 0;
}

static int run_doc(tg_ws *ws, const tg_view *v, size_t cap)
{
	size_t mask = cap - 1;
	uint32_t i, k, pass;

	if (VEC_RESERVE(&ws->drun, cap))
		return QASID_ENOMEM;
	memset(ws->drun.v, 0, cap * sizeof *ws->drun.v);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < v->n_tok; i++) {
			size_t slot = (size_t)ws->words.v[i].lower & mask;
			uint32_t p = run_place(&ws->x.v[i], i), c, f = 0;

			if (!ws->x.v[i].run_len)
				continue;
			while (ws->dkeys.v[slot] != ws->words.v[i].lower)
				slot = (slot + 1) & mask;
			c = ws->drun.v[slot];
			for (k = 0; k < 3; k++) {
				uint32_t have = c >> (8 * k) & 255, own = p >> (8 * k) & 255;

				if (pass == 0 && own && have < 255)
					ws->drun.v[slot] += 1u << (8 * k);
				else if (pass == 1 && have > own) /* others than itself */
					f |= 1u << k;
			}
			if (pass == 1)
				ws->x.v[i].run_doc = (uint8_t)f;
		}
	return QASID_OK;
}

int tg_words(const qasid_model *m, tg_ws *ws, const tg_view *v)
{
	uint32_t i, s;
	size_t cap = 64;

	if (VEC_RESERVE(&ws->words, v->n_tok + 1) || VEC_RESERVE(&ws->x, v->n_tok + 1) ||
	    VEC_RESERVE(&ws->wid, v->n_tok + 1))
		return QASID_ENOMEM;
	ws->words.n = ws->x.n = ws->wid.n = v->n_tok;
	memset(ws->x.v, 0, v->n_tok * sizeof *ws->x.v);
	for (i = 0; i < v->n_tok; i++) {
		const char *w = v->text + v->tok[i].start;
		size_t n = v->tok[i].end - v->tok[i].start;
		uint32_t id;

		if (n > TG_MAX_WORD)
			n = TG_MAX_WORD;
		id = m->wvec ? tg_lex_get(&m->vindex, tg_hash(w, n)) : 0;
		ws->wid.v[i] = id;
		if (id && m->vlen[id - 1] == n && !memcmp(m->vocab[id - 1], w, n)) { /* a cached word: its attributes are known */
			ws->words.v[i] = m->vword[id - 1];
			ws->x.v[i].cluster = m->vcluster[id - 1];
			ws->x.v[i].amb = m->vamb[id - 1];
			continue;
		}
		tg_word_init(&ws->words.v[i], w, n);
		if (m->feats & TGF_CLUSTERS)
			ws->x.v[i].cluster = tg_lex_get(&m->clusters, ws->words.v[i].form);
		ws->x.v[i].amb = tg_amb_class(m, &ws->words.v[i]);
	}
	for (s = 0; s < v->n_sent; s++) { /* title-case and all-capital sentences */
		uint32_t words = 0, caps = 0, all = 0, t;

		for (i = v->sent[s]; i < v->sent[s + 1]; i++) {
			uint32_t f = ws->words.v[i].flags;

			if (!(f & (TG_HASUPPER | TG_HASLOWER)))
				continue;
			words++;
			caps += (f & TG_CAP1) != 0;
			all += (f & TG_ALLCAP) != 0;
		}
		t = words < 3 ? 0 : all * 4 >= words * 3 ? 2 : caps * 4 >= words * 3 ? 1 : 0;
		for (i = v->sent[s]; i < v->sent[s + 1]; i++)
			ws->x.v[i].title = t;
	}
	if ((m->feats & TGF_GAZ) && m->gaz.max_len)
		match_phrases(m, &m->gaz, ws, v, 0, on_gaz);
	if (m->feats & TGF_RUNS)
		cap_runs(m, ws, v);
	/* Training phrases start with a capital or a digit (all but a few). */
	if ((m->feats & TGF_TRLEX) && m->tlex.max_len)
		match_phrases(m, &m->tlex, ws, v, TG_HASUPPER | TG_HASDIGIT, on_tlex);
	if (!(m->feats & TGF_DOC))
		return QASID_OK;
	/* How each word is written elsewhere in the document. */
	while (cap < (size_t)v->n_tok * 2)
		cap *= 2;
	ws->dkeys.n = ws->dvals.n = 0;
	if (VEC_RESERVE(&ws->dkeys, cap) || VEC_RESERVE(&ws->dvals, cap))
		return QASID_ENOMEM;
	while (ws->dkeys.cap & (ws->dkeys.cap - 1)) /* keep a power of two */
		if (VEC_RESERVE(&ws->dkeys, ws->dkeys.cap + 1))
			return QASID_ENOMEM;
	cap = ws->dkeys.cap;
	if (VEC_RESERVE(&ws->dvals, cap))
		return QASID_ENOMEM;
	memset(ws->dkeys.v, 0, cap * sizeof *ws->dkeys.v);
	for (s = 0; s < v->n_sent; s++)
		for (i = v->sent[s]; i < v->sent[s + 1]; i++) {
			const tg_word *w = &ws->words.v[i];
			uint32_t f = 0;
			size_t mask = cap - 1, slot = (size_t)w->lower & mask;

			while (ws->dkeys.v[slot] && ws->dkeys.v[slot] != w->lower)
				slot = (slot + 1) & mask;
			if (!ws->dkeys.v[slot])
				ws->x.v[i].docflags |= TGD_FIRST;
			if (i > v->sent[s] && (w->flags & TG_CAP1) && !(w->flags & TG_ALLCAP))
				f = TGD_CAP_MID;
			else if (i > v->sent[s] && (w->flags & TG_HASLOWER) && !(w->flags & TG_HASUPPER))
				f = TGD_LOW_MID;
			doc_table_put(ws, w->lower, f);
		}
	for (i = 0; i < v->n_tok; i++) {
		size_t mask = cap - 1, slot = (size_t)ws->words.v[i].lower & mask;

		while (ws->dkeys.v[slot] != ws->words.v[i].lower)
			slot = (slot + 1) & mask;
		ws->x.v[i].docflags |= ws->dvals.v[slot] & (TGD_CAP_MID | TGD_LOW_MID);
	}
	return m->feats & TGF_RUNS ? run_doc(ws, v, cap) : QASID_OK;
}

/*
 * Per token, its cached words' vectors and its context's into ws->init (the
 * decoder adds them up); none for the tokens the second stage keeps.
 */
static int cache_vectors(const qasid_model *m, tg_ws *ws, const tg_view *v, int stage)
{
	uint32_t S = m->wstride, R = m->n_roles, s, i, t0 = v->sent[0], n = v->sent[v->n_sent] - t0;
	const int32_t *vec = m->wvec + (size_t)stage * m->n_vocab * R * S;
	const uint32_t *id = ws->wid.v;

	ws->init.n = 0;
	if (VEC_RESERVE(&ws->init, (size_t)n * PC_INIT + 1))
		return QASID_ENOMEM;
	memset(ws->init.v, 0, (size_t)n * PC_INIT * sizeof *ws->init.v);
	for (s = 0; s < v->n_sent; s++)
		for (i = v->sent[s]; i < v->sent[s + 1]; i++) {
			const int32_t **src = ws->init.v + (size_t)(i - t0) * PC_INIT;

			if (stage == 1 && ws->keep.n && ws->keep.v[i])
				continue;
			if (id[i])
				src[0] = vec + ((size_t)(id[i] - 1) * R +
				                (R > TG_ROLE_SELF0 && !ws->x.v[i].title ? TG_ROLE_SELF0
				                                                        : TG_ROLE_SELF)) * S;
			if (i > v->sent[s] && id[i - 1])
				src[1] = vec + ((size_t)(id[i - 1] - 1) * R + TG_ROLE_PREV) * S;
			if (i + 1 < v->sent[s + 1] && id[i + 1])
				src[2] = vec + ((size_t)(id[i + 1] - 1) * R + TG_ROLE_NEXT) * S;
			if (R > TG_ROLE_PREV2 && i > v->sent[s] + 1 && id[i - 2])
				src[4] = vec + ((size_t)(id[i - 2] - 1) * R + TG_ROLE_PREV2) * S;
			if (R > TG_ROLE_NEXT2 && i + 2 < v->sent[s + 1] && id[i + 2])
				src[5] = vec + ((size_t)(id[i + 2] - 1) * R + TG_ROLE_NEXT2) * S;
			if (m->cvec)
				src[3] = m->cvec + ((size_t)stage * TG_N_CONTEXTS +
				                    pos_context(ws, v->sent[s], i)) * S;
		}
	ws->init.n = (size_t)n * PC_INIT;
	return QASID_OK;
}

int tg_features(const qasid_model *m, tg_ws *ws, const tg_view *v, int stage)
{
	uint32_t s, i;
	int rc = QASID_OK;

	ws->feats.n = ws->fstart.n = ws->hattr.n = 0;
	if (VEC_RESERVE(&ws->fstart, v->n_tok + 1) ||
	    VEC_RESERVE(&ws->hattr, (size_t)v->n_tok * m->spec.n_hattr + 1))
		return QASID_ENOMEM;
	for (s = 0; s < v->n_sent && !rc; s++)
		for (i = v->sent[s]; i < v->sent[s + 1] && !rc; i++) {
			ws->fstart.v[ws->fstart.n++] = (uint32_t)ws->feats.n;
			if (stage == 1 && ws->keep.n && ws->keep.v[i]) { /* not scored */
				memset(ws->hattr.v + ws->hattr.n, 0, m->spec.n_hattr * sizeof *ws->hattr.v);
				ws->hattr.n += m->spec.n_hattr;
				continue;
			}
			rc = m->task == QASID_TASK_POS ? pos_features(m, ws, v, s, i, stage)
			                               : ner_features(m, ws, v, s, i, stage);
		}
	if (rc)
		return rc;
	ws->fstart.v[ws->fstart.n++] = (uint32_t)ws->feats.n;
	return m->wvec ? cache_vectors(m, ws, v, stage) : QASID_OK;
}

/* Decodes v's sentences with the features tg_features(v) left in ws (indexed
 * from v's first token). */
static int decode_all(const qasid_model *m, tg_ws *ws, const tg_view *v, int stage)
{
	uint32_t s;

	if (!ws->scratch && !(ws->scratch = qs_malloc(pc_scratch_size(&m->spec) + 64)))
		return QASID_ENOMEM;
	for (s = 0; s < v->n_sent; s++) {
		uint32_t t0 = v->sent[s], r0 = t0 - v->sent[0];
		pc_seq seq = {v->sent[s + 1] - t0,
		              ws->feats.v,
		              ws->fstart.v + r0,
		              ws->hattr.v + (size_t)r0 * m->spec.n_hattr,
		              NULL,
		              ws->pred.v + t0,
		              m->wvec ? ws->init.v + (size_t)r0 * PC_INIT : NULL,
		              stage == 0 && ws->margin.n ? ws->margin.v + t0 : NULL,
		              stage == 1 && ws->keep.n ? ws->keep.v + t0 : NULL};

		pc_decode(&m->stage[stage], &m->spec, &seq, ws->scratch);
		if (m->task == QASID_TASK_NER)
			ner_fix(seq.pred, seq.n);
	}
	return QASID_OK;
}

/* One stage over v, a block of sentences at a time: the hashed features
 * (hundreds of bytes a token) are kept for one block, not the whole article. */
static int tag_stage(const qasid_model *m, tg_ws *ws, const tg_view *v, int stage)
{
	uint32_t s0 = 0, s1;
	int rc;

	while (s0 < v->n_sent) {
		tg_view b = *v;

		for (s1 = s0 + 1; s1 < v->n_sent && v->sent[s1 + 1] - v->sent[s0] <= TG_BLOCK_TOKENS;
		     s1++)
			;
		b.sent = v->sent + s0;
		b.n_sent = s1 - s0;
		if ((rc = tg_features(m, ws, &b, stage)) || (rc = decode_all(m, ws, &b, stage)))
			return rc;
		s0 = s1;
	}
	return QASID_OK;
}

int tg_tag_view(const qasid_model *m, tg_ws *ws, const tg_view *v)
{
	uint32_t i;
	int rc;

	if (VEC_RESERVE(&ws->pred, v->n_tok + 1))
		return QASID_ENOMEM;
	ws->pred.n = v->n_tok;
	ws->margin.n = ws->keep.n = 0;
	if (m->n_stages == 2 && m->keep_margin > 0) {
		if (VEC_RESERVE(&ws->margin, v->n_tok + 1) || VEC_RESERVE(&ws->keep, v->n_tok + 1))
			return QASID_ENOMEM;
		memset(ws->margin.v, 0, v->n_tok * sizeof *ws->margin.v);
		memset(ws->keep.v, 0, v->n_tok * sizeof *ws->keep.v);
		ws->margin.n = ws->keep.n = v->n_tok;
	}
	/* The scratch size depends on the model: size it for the largest. */
	qs_free(ws->scratch);
	ws->scratch = NULL;
	if ((rc = tg_words(m, ws, v)) || (rc = tag_stage(m, ws, v, 0)))
		return rc;
	if (m->n_stages < 2)
		return QASID_OK;
	ws->pred1.n = 0;
	if (VEC_RESERVE(&ws->pred1, v->n_tok + 1))
		return QASID_ENOMEM;
	memcpy(ws->pred1.v, ws->pred.v, v->n_tok * sizeof *ws->pred.v);
	ws->pred1.n = v->n_tok;
	if (m->task == QASID_TASK_NER && (rc = ner_aggregate(m, ws, v)))
		return rc;
	if (ws->keep.n && m->task == QASID_TASK_NER) /* confident outside words with no entity elsewhere */
		for (i = 0; i < v->n_tok; i++)
			ws->keep.v[i] = ws->margin.v[i] >= m->keep_margin && ws->pred1.v[i] == 0 &&
			                (ws->agg.v[i] >> 4) == 0;
	else if (ws->keep.n) /* POS: confident words */
		for (i = 0; i < v->n_tok; i++)
			ws->keep.v[i] = ws->margin.v[i] >= m->keep_margin;
	return tag_stage(m, ws, v, 1);
}

/* Documents. */

/* Pushes the starts of the token range [a, b) as sentences of at most
 * TG_MAX_SENT tokens: a longer "sentence" is run-on text rather than prose,
 * and is tagged in pieces. */
static int push_sentences(tg_ws *ws, uint32_t a, uint32_t b)
{
	for (; a < b; a += TG_MAX_SENT)
		if (VEC_PUSH(&ws->sent, a))
			return QASID_ENOMEM;
	return QASID_OK;
}

/* Sentence starts of doc's tokens into ws->sent (gaps become sentences), then
 * the number of tokens. */
static int doc_sentences(const qasid_doc *doc, tg_ws *ws)
{
	uint32_t cur = 0, n = (uint32_t)doc->tokens.n;
	size_t k;

	ws->sent.n = 0;
	for (k = 0; k < doc->sentences.n; k++) {
		const qasid_sentence *s = &doc->sentences.v[k];

		if (s->n_tokens == 0 || s->first_token < cur || s->first_token + s->n_tokens > n)
			continue;
		if (push_sentences(ws, cur, s->first_token) ||
		    push_sentences(ws, s->first_token, s->first_token + s->n_tokens))
			return QASID_ENOMEM;
		cur = s->first_token + s->n_tokens;
	}
	if (push_sentences(ws, cur, n))
		return QASID_ENOMEM;
	return VEC_PUSH(&ws->sent, n);
}

typedef struct men_ctx {
	qasid_doc *doc;
	const qasid_model *m;
	uint32_t t0;
	int rc;
} men_ctx;

static void on_mention(void *ud, uint32_t start, uint32_t end, uint32_t type)
{
	men_ctx *x = ud;
	qasid_mention mn;
	const qasid_span *t = x->doc->tokens.v;

	memset(&mn, 0, sizeof mn);
	mn.first_token = x->t0 + start;
	mn.n_tokens = end - start;
	mn.span.start = t[x->t0 + start].start;
	mn.span.end = t[x->t0 + end - 1].end;
	memcpy(mn.type, x->m->types[type], sizeof mn.type);
	if (!x->rc && VEC_PUSH(&x->doc->mentions, mn))
		x->rc = QASID_ENOMEM;
}

/* Tags the sentences [s0, s1) of ws->sent (absolute token starts) as one
 * document; rel has room for s1 - s0 + 1 entries. */
static int tag_part(qasid_doc *doc, const qasid_model *m, tg_ws *ws, uint32_t s0, uint32_t s1,
                    uint32_t *rel)
{
	uint32_t t0 = ws->sent.v[s0], i, s;
	tg_view v = {doc->text.data, doc->tokens.v + t0, ws->sent.v[s1] - t0, rel, s1 - s0};
	int rc;

	for (s = s0; s <= s1; s++)
		rel[s - s0] = ws->sent.v[s] - t0;
	if ((rc = tg_tag_view(m, ws, &v)))
		return rc;
	if (m->task == QASID_TASK_POS) {
		for (i = 0; i < v.n_tok; i++) {
			doc->pos.v[t0 + i] = m->tags[ws->pred.v[i]];
			doc->pos.v[t0 + i].cluster = ws->x.v[i].cluster;
		}
		return QASID_OK;
	}
	for (s = 0; s < v.n_sent; s++) {
		men_ctx x = {doc, m, t0 + rel[s], QASID_OK};

		ner_entities(ws->pred.v + rel[s], rel[s + 1] - rel[s], on_mention, &x);
		if (x.rc)
			return x.rc;
	}
	return QASID_OK;
}

/* An article is tagged in parts of whole sentences, TG_DOC_TOKENS tokens at
 * most, so that memory stays flat however long it is; document features (how
 * a word is written elsewhere) look within the part, which for any news
 * article is the whole of it. */
static int tag_doc(qasid_doc *doc, const qasid_model *m, tg_ws *ws)
{
	uint32_t n_sent, s0, s1, *rel;
	int rc;

	if ((rc = doc_sentences(doc, ws)))
		return rc;
	if (m->task == QASID_TASK_POS && VEC_RESERVE(&doc->pos, doc->tokens.n + 1))
		return QASID_ENOMEM;
	n_sent = (uint32_t)ws->sent.n - 1;
	if (!(rel = qs_malloc(((size_t)n_sent + 1) * sizeof *rel)))
		return QASID_ENOMEM;
	for (s0 = 0; s0 < n_sent && !rc; s0 = s1) {
		for (s1 = s0 + 1;
		     s1 < n_sent && ws->sent.v[s1 + 1] - ws->sent.v[s0] <= TG_DOC_TOKENS; s1++)
			;
		rc = tag_part(doc, m, ws, s0, s1, rel);
	}
	qs_free(rel);
	if (!rc && m->task == QASID_TASK_POS)
		doc->pos.n = doc->tokens.n;
	return rc;
}

int qasid_doc_tag(qasid_doc *doc, const qasid_model *pos, const qasid_model *ner, qasid_err *err)
{
	tg_ws ws;
	int rc = QASID_OK;

	doc->pos.n = doc->mentions.n = 0;
	if ((pos && pos->task != QASID_TASK_POS) || (ner && ner->task != QASID_TASK_NER))
		return err_set(err, QASID_EINVAL, 0, "a model was given for the wrong task");
	if (doc->tokens.n == 0 || (!pos && !ner))
		return QASID_OK;
	memset(&ws, 0, sizeof ws);
	if (pos)
		rc = tag_doc(doc, pos, &ws);
	if (!rc && ner)
		rc = tag_doc(doc, ner, &ws);
	tg_ws_fini(&ws);
	if (rc) {
		doc->pos.n = doc->mentions.n = 0;
		return err_set(err, rc, 0, "cannot tag: %s", qasid_strerror(rc));
	}
	return QASID_OK;
}

const qasid_pos *qasid_doc_pos(const qasid_doc *doc)
{
	return doc->pos.n && doc->pos.n == doc->tokens.n ? doc->pos.v : NULL;
}

size_t qasid_doc_n_mentions(const qasid_doc *doc)
{
	return doc->mentions.n;
}

const qasid_mention *qasid_doc_mentions(const qasid_doc *doc)
{
	return doc->mentions.v;
}
