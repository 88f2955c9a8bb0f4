/* SPDX-License-Identifier: MIT */
/* The article pipeline: the stages in order, over one document. */
#include "clean/clean.h"
#include "doc/doc.h"
#include "event/event.h"
#include "quote/quote.h"
#include "tokenize/tokenize.h"

void qasid_options_default(qasid_options *opt)
{
	opt->nfc = 1;
	opt->normalize = 1;
	opt->debris = 1;
	opt->glue = 1;
	opt->quotes = 1;
	opt->max_diags = 100;
	opt->pos_model = NULL;
	opt->ner_model = NULL;
	opt->parser = NULL;
	opt->verbs = NULL;
	opt->actors = NULL;
	opt->gazetteer = NULL;
	opt->event_flags = 0;
	opt->parse_all = 1;
	opt->quote_model = NULL;
}

/* What decides which sentences to parse: the options, and the rules' cues. */
typedef struct parse_ctx {
	const qasid_options *opt;
	const uint8_t *rule_cue; /* per token: RULE_DIRECT, RULE_REPORTED or 0; or NULL */
} parse_ctx;

/* The cue of a quote the rules found: of a direct quote (in quote marks, no
 * tree needed), or of reported speech (which the model checks on a tree). */
enum { RULE_DIRECT = 1, RULE_REPORTED = 2 };

/*
 * Does the model need the sentence's tree? When it holds a reported-speech
 * cue of the rules (the model may veto it, quote.c), or could hold a learned
 * cue (a word the model saw heading one) other than a rule's cue of a direct
 * quote (the learned pass leaves those alone).
 */
static int may_quote(const qasid_doc *doc, const qasid_quote_model *qm, const uint8_t *rule_cue,
                     uint32_t first, uint32_t n)
{
	uint32_t i;

	for (i = first; i < first + n; i++) {
		const qasid_span *t = &doc->tokens.v[i];
		char low[QV_LOW];
		uint32_t k, len = t->end - t->start;

		if (rule_cue && rule_cue[i] == RULE_REPORTED)
			return 1;
		if (len >= QV_LOW || len < 2 || (rule_cue && rule_cue[i]))
			continue;
		for (k = 0; k < len; k++) {
			char c = doc->text.data[t->start + k];

			low[k] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
		}
		low[len] = '\0';
		if (qm_wants(qm, low))
			return 1;
		{
			uint32_t ss = qs_senses(low);

			if ((QS_VERB1(ss) == QS_VERB_COGNITION || QS_VERB1(ss) == QS_VERB_COMMUNICATION) &&
			    doc->pos.n == doc->tokens.n && !strcmp(doc->pos.v[i].upos, "VERB"))
				return 1; /* a verb of speech or thought the model never saw as a cue */
		}
	}
	return 0;
}

static int may_code(const qasid_doc *doc, uint32_t first, uint32_t n, void *ud)
{
	const parse_ctx *c = ud;
	const qasid_options *opt = c->opt;

	return (opt->verbs && opt->actors && evt_may_code(doc, opt->verbs, first, n)) ||
	       (opt->quote_model && may_quote(doc, opt->quote_model, c->rule_cue, first, n));
}

/* Marks the tokens of the cues of the quotes the rules found without trees. */
static int rule_cues(qasid_doc *doc, uint8_t **out, qasid_err *err)
{
	size_t n = doc->tokens.n, q, t = 0;
	uint8_t *m;
	int rc;

	*out = NULL;
	if ((rc = qasid_doc_quotes_find_with(doc, NULL, err)))
		return rc;
	if (!(m = qs_malloc(n + 1)))
		return err_set(err, QASID_ENOMEM, 0, "out of memory");
	memset(m, 0, n + 1);
	for (q = 0; q < doc->quotes.n; q++) { /* quotes in text order; cues nearly so */
		const qasid_span *c = &doc->quotes.v[q].cue;
		uint8_t mark = doc->quotes.v[q].kind == QASID_QUOTE_DIRECT ? RULE_DIRECT : RULE_REPORTED;

		if (c->end <= c->start)
			continue;
		while (t > 0 && doc->tokens.v[t - 1].end > c->start)
			t--;
		while (t < n && doc->tokens.v[t].end <= c->start)
			t++;
		for (size_t k = t; k < n && doc->tokens.v[k].start < c->end; k++)
			m[k] = mark;
	}
	*out = m;
	return QASID_OK;
}

int qasid_process(qasid_doc *doc, const qasid_options *opt, qasid_err *err)
{
	qasid_options def;
	int rc;

	if (!opt) {
		qasid_options_default(&def);
		opt = &def;
	}
	doc->max_diags = opt->max_diags;
	doc->tokens.n = doc->sentences.n = doc->paragraphs.n = 0;
	doc->pos.n = doc->mentions.n = doc->deps.n = 0;
	doc->entities.n = doc->ementions.n = doc->emap.n = doc->esex.n = doc->quotes.n = 0;
	doc->events.n = 0;
	rc = clean_run(doc, opt);
	if (rc == QASID_OK)
		rc = tok_run(doc);
	if (rc == QASID_OK)
		rc = tok_split_sentences(doc);
	if (rc)
		return err_set(err, rc, 0, "%s", qasid_strerror(rc));
	if ((opt->pos_model || opt->ner_model) &&
	    (rc = qasid_doc_tag(doc, opt->pos_model, opt->ner_model, err)))
		return rc;
	if (opt->parser && opt->verbs && doc->pos.n)
		evt_repair_pos(doc, opt->verbs);
	if (opt->parser && !opt->parse_all && ((opt->verbs && opt->actors) || opt->quote_model)) {
		parse_ctx c = {opt, NULL};
		uint8_t *cues = NULL;

		/* the rules' quotes first: their cues need no tree for the learned pass */
		if (opt->quote_model && opt->quotes && (rc = rule_cues(doc, &cues, err)))
			return rc;
		c.rule_cue = cues;
		rc = qasid_doc_parse_some(doc, opt->parser, may_code, &c, err);
		qs_free(cues);
		if (rc)
			return rc;
	} else if (opt->parser && (rc = qasid_doc_parse(doc, opt->parser, err))) {
		return rc;
	}
	if (opt->quotes && (rc = qasid_doc_quotes_find_with(doc, opt->quote_model, err)))
		return rc;
	if (opt->verbs && opt->actors && doc->deps.n)
		return qasid_doc_events_find(doc, opt->verbs, opt->actors, opt->gazetteer,
		                             opt->event_flags, err);
	return QASID_OK;
}
