/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "../src/tokenize/tokenize.h"
#include "test.h"

int tok_lists_sorted(void);

/* Tokens of input joined by " | ". */
static char *tokens_of(const char *input)
{
	qasid_doc *doc = t_doc(input);
	size_t i, n, len = 0, cap = 64;
	char *out;

	if (!doc)
		return NULL;
	n = qasid_doc_n_tokens(doc);
	out = malloc(cap);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *t = t_tok(doc, i);
		size_t tl = strlen(t);

		while (len + tl + 4 >= cap)
			out = realloc(out, cap *= 2);
		if (i)
			memcpy(out + len, " | ", 3), len += 3;
		memcpy(out + len, t, tl + 1);
		len += tl;
	}
	qasid_doc_free(doc);
	return out;
}

static void golden(void)
{
	CHECK(t_golden("tests/golden/tokenize/basic.txt", tokens_of) > 0);
}

static void lists_sorted(void)
{
	CHECK(tok_lists_sorted());
}

/* Every token's span slices the input to the token (here, no normalisation). */
static void spans_slice_input(void)
{
	const char *text = "Ali Maisam Nazary, head of foreign relations, didn't say.";
	qasid_doc *doc = t_doc(text);
	const qasid_span *t;
	size_t i;

	CHECK(doc);
	t = qasid_doc_tokens(doc);
	CHECK(qasid_doc_n_tokens(doc) == 13);
	for (i = 0; i < qasid_doc_n_tokens(doc); i++)
		CHECK_STR(t_input_slice(doc, t[i]), t_tok(doc, i));
	CHECK_STR(t_tok(doc, 9), "did");
	CHECK_STR(t_tok(doc, 10), "n't");
	qasid_doc_free(doc);
}

/* Curly apostrophe: the token is "'s" after cleaning, "’s" in the input. */
static void normalised_token_maps_back(void)
{
	qasid_doc *doc = t_doc("Pakistan\xE2\x80\x99s army");
	const qasid_span *t;

	CHECK(doc);
	t = qasid_doc_tokens(doc);
	CHECK(qasid_doc_n_tokens(doc) == 3);
	CHECK_STR(t_tok(doc, 1), "'s");
	CHECK_STR(t_input_slice(doc, t[1]), "\xE2\x80\x99s");
	CHECK(qasid_doc_input_cp(doc, qasid_doc_input_span(doc, t[2]).start) == 11);
	qasid_doc_free(doc);
}

static void empty_and_space_only(void)
{
	qasid_doc *doc = t_doc("");

	CHECK(doc);
	CHECK(qasid_doc_n_tokens(doc) == 0);
	CHECK(qasid_doc_n_sentences(doc) == 0);
	qasid_doc_free(doc);
	doc = t_doc(" \n\n\t \n");
	CHECK(doc);
	CHECK(qasid_doc_n_tokens(doc) == 0);
	CHECK(qasid_doc_n_paragraphs(doc) == 0);
	qasid_doc_free(doc);
}

/* Pathological chunks: long runs of one character, of punctuation, of digits. */
static void long_runs(void)
{
	size_t n = 100000, i;
	char *s = malloc(n + 1);
	qasid_doc *doc;

	for (i = 0; i < n; i++)
		s[i] = "a-'.@"[i % 5];
	s[n] = '\0';
	doc = t_doc(s);
	CHECK(doc);
	CHECK(qasid_doc_n_tokens(doc) > 0);
	qasid_doc_free(doc);
	memset(s, '.', n);
	doc = t_doc(s);
	CHECK(doc);
	CHECK(qasid_doc_n_tokens(doc) == 1);
	qasid_doc_free(doc);
	free(s);
}

const t_case t_tokenize_cases[] = {
	{"golden", golden},
	{"lists_sorted", lists_sorted},
	{"spans_slice_input", spans_slice_input},
	{"normalised_token_maps_back", normalised_token_maps_back},
	{"empty_and_space_only", empty_and_space_only},
	{"long_runs", long_runs},
	{NULL, NULL}};
