/* SPDX-License-Identifier: MIT */
/*
 * Entities across an article: surnames, titles, acronyms, appositions,
 * pronouns and unnamed sources, from the golden file
 * tests/golden/quote/entities.txt.
 */
#include <stdlib.h>
#include <string.h>

#include "t_quote.h"
#include "test.h"

#define GOLDEN "tests/golden/quote/"

/* One line per entity: type name [role; affiliation] (unnamed): mentions */
static char *entities_of(const char *input)
{
	qasid_doc *doc = tq_run(input);
	char *p = NULL;
	size_t n = 0, cap = 0, i, k;

	if (!doc)
		return NULL;
	tq_put(&p, &n, &cap, "");
	for (i = 0; i < qasid_doc_n_entities(doc); i++) {
		const qasid_entity *e = &qasid_doc_entities(doc)[i];

		if (!e->n_mentions)
			continue;
		tq_put(&p, &n, &cap, e->type);
		tq_put(&p, &n, &cap, " ");
		tq_put(&p, &n, &cap, e->name);
		if (e->role || e->affiliation) {
			tq_put(&p, &n, &cap, " [");
			tq_put(&p, &n, &cap, e->role ? e->role : "");
			tq_put(&p, &n, &cap, "; ");
			tq_put(&p, &n, &cap, e->affiliation ? e->affiliation : "");
			tq_put(&p, &n, &cap, "]");
		}
		if (e->unnamed)
			tq_put(&p, &n, &cap, " (unnamed)");
		tq_put(&p, &n, &cap, ":");
		for (k = 0; k < e->n_mentions; k++) {
			tq_put(&p, &n, &cap, k ? ", " : " ");
			tq_put_span(&p, &n, &cap, doc, qasid_doc_entity_mentions(doc)[e->mentions[k]].span);
		}
		tq_put(&p, &n, &cap, "\n");
	}
	if (n && p[n - 1] == '\n')
		p[--n] = '\0';
	if (!n)
		tq_put(&p, &n, &cap, "(none)");
	qasid_doc_free(doc);
	return p;
}

static void golden_entities(void)
{
	if (tq_have_models())
		CHECK(t_golden(GOLDEN "entities.txt", entities_of) > 0);
}

/*
 * Each entity's mentions list holds its own mentions, all of them, also
 * after a "he said" went on with the speaker before (the mention moved).
 */
static void mention_lists(void)
{
	static const char *const text =
	        "Palaniappan Chidambaram said the rules were unfair. At a conference hosted by "
	        "Gordon Brown in London on Friday, \"A flexible rate helps,\" he told the conference.";
	const qasid_entity_mention *mv;
	qasid_doc *doc;
	size_t i, k, total = 0;
	int moved = 0;

	if (!tq_have_models() || !(doc = tq_run(text)))
		return;
	mv = qasid_doc_entity_mentions(doc);
	for (i = 0; i < qasid_doc_n_entities(doc); i++) {
		const qasid_entity *e = &qasid_doc_entities(doc)[i];

		for (k = 0; k < e->n_mentions; k++) {
			CHECK(e->mentions[k] < qasid_doc_n_entity_mentions(doc));
			CHECK(mv[e->mentions[k]].entity == i);
			moved |= mv[e->mentions[k]].kind == QASID_MENTION_PRONOUN &&
			         !strcmp(e->name, "Palaniappan Chidambaram");
		}
		total += e->n_mentions;
	}
	CHECK(total == qasid_doc_n_entity_mentions(doc));
	CHECK(moved); /* the case this test is for: "he" went from Brown to Chidambaram */
	qasid_doc_free(doc);
}

const t_case t_entity_cases[] = {
	{"golden_entities", golden_entities},
	{"mention_lists", mention_lists},
	{"free_models", tq_free_models},
	{NULL, NULL},
};
