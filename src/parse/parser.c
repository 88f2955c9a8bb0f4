/* SPDX-License-Identifier: MIT */
/*
 * The parser's model file, greedy parsing, and the document entry point.
 *
 * Model file (tag DEP1, container in src/model/model.h):
 *   SETS  u32 feature flags (DEPF_*, with the beam width), u32 relations, then a
 *         NUL-terminated info string
 *   RELS  the relation names, NUL-terminated, in order
 *   CLUS  word clusters, when DEPF_CLUSTERS
 *   1MAP, 1ENT  the weights (perceptron.c); labels are the actions
 */
#include <stdio.h>
#include <string.h>

#include "../doc/doc.h"
#include "dep.h"

void dep_model_fini(dep_model *m)
{
	pc_model_free(&m->w);
	tg_lex_fini(&m->clusters);
	memset(m, 0, sizeof *m);
}

int dep_model_save(const dep_model *m, const char *path, qasid_err *err)
{
	mdl_w w;
	uint32_t i;
	int rc;

	mdl_w_init(&w);
	mdl_w_begin(&w, "SETS");
	mdl_w_u32(&w, m->flags);
	mdl_w_u32(&w, m->n_rels);
	mdl_w_str(&w, m->info);
	mdl_w_end(&w);
	mdl_w_begin(&w, "RELS");
	for (i = 0; i < m->n_rels; i++)
		mdl_w_str(&w, m->rels[i]);
	mdl_w_end(&w);
	if (m->flags & DEPF_CLUSTERS)
		tg_lex_write(&m->clusters, &w, "CLUS");
	pc_model_write(&m->w, &w, '1');
	rc = mdl_w_save(&w, "DEP1", path, err);
	mdl_w_fini(&w);
	return rc;
}

static int corrupt(const mdl_file *f, const char *what, qasid_err *err)
{
	return err_set(err, QASID_EMODEL, 0, "%s: corrupt model file: %s", f->path, what);
}

static int load(dep_model *m, const mdl_file *f, qasid_err *err)
{
	const unsigned char *p;
	size_t n;
	mdl_rd r;
	uint32_t i;
	const char *s;
	int rc;

	if ((rc = mdl_chunk(f, "SETS", &p, &n, err)))
		return rc;
	mdl_rd_init(&r, p, n);
	m->flags = mdl_u32(&r);
	m->n_rels = mdl_u32(&r);
	s = mdl_str(&r);
	if (r.bad || m->n_rels == 0 || m->n_rels > DEP_MAX_RELS ||
	    (m->flags & ~(uint32_t)(DEPF_CLUSTERS | DEPF_BEAM_MASK)) || DEP_BEAM(m->flags) > DEP_MAX_BEAM)
		return corrupt(f, "bad settings", err);
	snprintf(m->info, sizeof m->info, "%s", s);
	if ((rc = mdl_chunk(f, "RELS", &p, &n, err)))
		return rc;
	mdl_rd_init(&r, p, n);
	for (i = 0; i < m->n_rels; i++) {
		s = mdl_str(&r);
		if (!s || !*s || strlen(s) >= sizeof m->rels[i])
			return corrupt(f, "bad relation names", err);
		memcpy(m->rels[i], s, strlen(s) + 1);
	}
	if ((m->flags & DEPF_CLUSTERS) && (rc = tg_lex_read(&m->clusters, f, "CLUS", err)))
		return rc;
	return pc_model_read(&m->w, f, '1', 1 + 2 * m->n_rels, err);
}

int dep_model_load(dep_model *m, const char *path, qasid_err *err)
{
	mdl_file f;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = mdl_open(&f, path, "DEP1", err)))
		return rc;
	rc = load(m, &f, err);
	mdl_close(&f);
	if (rc)
		dep_model_fini(m);
	return rc;
}

void dep_ws_fini(dep_ws *ws)
{
	dep_beam_free(ws->beam);
	qs_free(ws->mem);
	qs_free(ws->scores);
	VEC_FREE(&ws->tok);
	memset(ws, 0, sizeof *ws);
}

int dep_parse(const dep_model *m, dep_ws *ws, uint32_t n, uint32_t *head, uint16_t *rel)
{
	uint32_t A = 1 + 2 * m->n_rels, a, i;
	uint64_t f[DEP_MAX_FEATS];
	dep_state s;
	int rc;

	if (DEP_BEAM(m->flags) > 1) {
		if (!ws->beam && (rc = dep_beam_new(&ws->beam, DEP_BEAM(m->flags))))
			return rc;
		return dep_beam_parse(m, ws->beam, ws->tok.v, n, head, rel);
	}
	if (!ws->scores && !(ws->scores = qs_malloc((DEP_MAX_RELS * 2 + 1) * sizeof *ws->scores)))
		return QASID_ENOMEM;
	if ((rc = dep_state_init(&s, n, m->n_rels, &ws->mem, &ws->mem_cap)))
		return rc;
	while (!dep_final(&s)) {
		uint32_t nf, best = DEP_NONE;
		int left, right;

		if (s.sp == 1) { /* only the root on the stack: SHIFT is the one legal action */
			dep_apply(&s, DEP_SHIFT);
			continue;
		}
		nf = dep_features(&s, ws->tok.v, m->flags, f);
		memset(ws->scores, 0, pc_stride(A) * sizeof *ws->scores); /* padded, as scored */
		pc_model_score(&m->w, f, nf, ws->scores);
		/* legality is the same for every label of LEFT, and of RIGHT */
		left = dep_legal(&s, 1);
		right = dep_legal(&s, 1 + m->n_rels);
		if (dep_legal(&s, DEP_SHIFT))
			best = DEP_SHIFT;
		for (a = 1; a < A; a++)
			if ((a <= m->n_rels ? left : right) &&
			    (best == DEP_NONE || ws->scores[a] > ws->scores[best]))
				best = a;
		dep_apply(&s, best);
	}
	for (i = 1; i <= n; i++) {
		head[i] = s.head[i];
		rel[i] = s.rel[i];
	}
	return QASID_OK;
}

/* The public API. */

int qasid_parser_load(qasid_parser **out, const char *path, qasid_err *err)
{
	qasid_parser *p = qs_malloc(sizeof *p);
	int rc;

	*out = NULL;
	if (!p)
		return err_set(err, QASID_ENOMEM, 0, "%s: out of memory", path);
	if ((rc = dep_model_load(&p->m, path, err))) {
		qs_free(p);
		return rc;
	}
	*out = p;
	return QASID_OK;
}

int qasid_parser_save(const qasid_parser *p, const char *path, qasid_err *err)
{
	return dep_model_save(&p->m, path, err);
}

void qasid_parser_free(qasid_parser *p)
{
	if (!p)
		return;
	dep_model_fini(&p->m);
	qs_free(p);
}

size_t qasid_parser_n_rels(const qasid_parser *p)
{
	return p->m.n_rels;
}

const char *qasid_parser_rel(const qasid_parser *p, size_t i)
{
	return i < p->m.n_rels ? p->m.rels[i] : NULL;
}

int qasid_parser_dump(const qasid_parser *p, qasid_write_fn w, void *ud)
{
	buf b = {0};
	uint32_t i;
	int rc = QASID_OK;

	rc |= buf_printf(&b, "task\tDEP1\nformat\tQSDM version %u\ninfo\t%s\n", MDL_VERSION,
	                 p->m.info);
	rc |= buf_printf(&b, "features\t%s\nbeam\t%u\nrelations\t%u\n",
	                 p->m.flags & DEPF_CLUSTERS ? "clusters" : "",
	                 DEP_BEAM(p->m.flags) > 1 ? DEP_BEAM(p->m.flags) : 1, p->m.n_rels);
	for (i = 0; i < p->m.n_rels; i++)
		rc |= buf_printf(&b, "relation\t%u\t%s\n", i, p->m.rels[i]);
	if (p->m.flags & DEPF_CLUSTERS)
		rc |= buf_printf(&b, "clusters\t%zu words\n", p->m.clusters.n);
	rc |= buf_printf(&b, "weights\t%u features, %u weights, scale %g\n", p->m.w.n_feats,
	                 p->m.w.n_entries, (double)p->m.w.scale);
	return buf_flush_to(&b, rc, w, ud);
}

/*
 * Documents: each sentence is parsed on its own (tokens outside any sentence
 * form sentences of their own), or left out when want says no; heads become
 * document token indices.
 */
int qasid_doc_parse(qasid_doc *doc, const qasid_parser *p, qasid_err *err)
{
	return qasid_doc_parse_some(doc, p, NULL, NULL, err);
}

int qasid_doc_parse_some(qasid_doc *doc, const qasid_parser *p,
                         int (*want)(const qasid_doc *doc, uint32_t first, uint32_t n, void *ud),
                         void *ud, qasid_err *err)
{
	const qasid_pos *pos = qasid_doc_pos(doc);
	dep_ws ws;
	VEC(uint32_t) head = {0};
	VEC(uint16_t) rel = {0};
	uint32_t ntok = (uint32_t)doc->tokens.n, cur = 0, k = 0;
	int rc = QASID_OK;

	doc->deps.n = 0;
	if (ntok == 0)
		return QASID_OK;
	if (!pos)
		return err_set(err, QASID_EINVAL, 0, "the parser needs part-of-speech tags: run a POS "
		                                     "model first");
	memset(&ws, 0, sizeof ws);
	if (VEC_RESERVE(&doc->deps, doc->tokens.n + 1))
		goto nomem;
	while (cur < ntok) {
		uint32_t first = cur, n, i;

		while (k < doc->sentences.n && doc->sentences.v[k].first_token +
		                                       doc->sentences.v[k].n_tokens <= cur)
			k++;
		if (k < doc->sentences.n && doc->sentences.v[k].first_token == cur &&
		    doc->sentences.v[k].n_tokens > 0)
			n = doc->sentences.v[k].n_tokens;
		else if (k < doc->sentences.n && doc->sentences.v[k].first_token > cur)
			n = doc->sentences.v[k].first_token - cur;
		else if (k < doc->sentences.n) /* overlapping sentences: the rest of this one */
			n = doc->sentences.v[k].first_token + doc->sentences.v[k].n_tokens - cur;
		else
			n = ntok - cur;
		if (n > ntok - cur)
			n = ntok - cur;
		if (want && !want(doc, first, n, ud)) { /* left unparsed */
			for (i = 0; i < n; i++) {
				doc->deps.v[first + i].head = -1;
				doc->deps.v[first + i].rel[0] = '\0';
			}
			cur += n;
			continue;
		}
		if (VEC_RESERVE(&ws.tok, (size_t)n + 1) || VEC_RESERVE(&head, (size_t)n + 1) ||
		    VEC_RESERVE(&rel, (size_t)n + 1))
			goto nomem;
		dep_tok_root(&ws.tok.v[0]);
		for (i = 0; i < n; i++) {
			const qasid_span *t = &doc->tokens.v[first + i];

			dep_tok_fill(&p->m, &ws.tok.v[i + 1], doc->text.data + t->start,
			             t->end - t->start, pos[first + i].upos, pos[first + i].xpos);
		}
		if ((rc = dep_parse(&p->m, &ws, n, head.v, rel.v)))
			goto fail;
		for (i = 1; i <= n; i++) {
			qasid_dep *d = &doc->deps.v[first + i - 1];

			d->head = head.v[i] ? (int32_t)(first + head.v[i] - 1) : -1;
			snprintf(d->rel, sizeof d->rel, "%s", p->m.rels[rel.v[i]]);
		}
		cur += n;
	}
	doc->deps.n = doc->tokens.n;
	dep_ws_fini(&ws);
	VEC_FREE(&head);
	VEC_FREE(&rel);
	return QASID_OK;
nomem:
	rc = QASID_ENOMEM;
fail:
	doc->deps.n = 0;
	dep_ws_fini(&ws);
	VEC_FREE(&head);
	VEC_FREE(&rel);
	return err_set(err, rc, 0, "cannot parse: %s", qasid_strerror(rc));
}

const qasid_dep *qasid_doc_deps(const qasid_doc *doc)
{
	return doc->deps.n && doc->deps.n == doc->tokens.n ? doc->deps.v : NULL;
}
