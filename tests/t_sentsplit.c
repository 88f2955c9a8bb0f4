/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "test.h"

/* Sentences of input, one per line, inner line breaks shown as " / ". */
static char *sentences_of(const char *input)
{
	qasid_doc *doc = t_doc(input);
	const qasid_sentence *s;
	const char *text;
	size_t i, k, len = 0;
	char *out;

	if (!doc)
		return NULL;
	s = qasid_doc_sentences(doc);
	text = qasid_doc_text(doc, NULL);
	out = malloc(strlen(input) * 3 + 2);
	for (i = 0; i < qasid_doc_n_sentences(doc); i++) {
		if (i)
			out[len++] = '\n';
		for (k = s[i].span.start; k < s[i].span.end; k++) {
			if (text[k] == '\n') {
				memcpy(out + len, " / ", 3);
				len += 3;
			} else {
				out[len++] = text[k];
			}
		}
	}
	out[len] = '\0';
	qasid_doc_free(doc);
	return out;
}

static void golden(void)
{
	CHECK(t_golden("tests/golden/sentsplit/basic.txt", sentences_of) > 0);
}

/* Sentences cover their tokens exactly, in order, without overlap. */
static void sentences_partition_tokens(void)
{
	qasid_doc *doc = t_doc("One. Two etc. Three!\n\nFour? \"Five,\" he said. Six in the U.S.");
	const qasid_sentence *s;
	size_t i, next = 0;

	CHECK(doc);
	s = qasid_doc_sentences(doc);
	CHECK(qasid_doc_n_sentences(doc) == 6);
	for (i = 0; i < qasid_doc_n_sentences(doc); i++) {
		const qasid_span *t = qasid_doc_tokens(doc) + s[i].first_token;

		CHECK(s[i].first_token == next);
		CHECK(s[i].n_tokens > 0);
		CHECK(s[i].span.start == t[0].start);
		CHECK(s[i].span.end == t[s[i].n_tokens - 1].end);
		next += s[i].n_tokens;
	}
	CHECK(next == qasid_doc_n_tokens(doc));
	/* The final "U.S." lost its period to the sentence, as in EWT. */
	CHECK_STR(t_tok(doc, next - 2), "U.S");
	CHECK_STR(t_tok(doc, next - 1), ".");
	qasid_doc_free(doc);
}

static void paragraphs(void)
{
	qasid_doc *doc = t_doc("  Title line\n\nFirst para\nstill first.\n \n\nSecond.  ");
	const qasid_span *p;
	const char *text;

	CHECK(doc);
	p = qasid_doc_paragraphs(doc);
	text = qasid_doc_text(doc, NULL);
	CHECK(qasid_doc_n_paragraphs(doc) == 3);
	CHECK(!strncmp(text + p[0].start, "Title line", p[0].end - p[0].start));
	CHECK(p[1].end - p[1].start == strlen("First para\nstill first."));
	CHECK(!strncmp(text + p[2].start, "Second.", p[2].end - p[2].start));
	qasid_doc_free(doc);
}

/* A text written one paragraph a line breaks paragraphs at each line break;
 * a text wrapped at a fixed width only at blank lines. */
static void paragraphs_one_per_line(void)
{
	qasid_doc *doc = t_doc(
	    "Sen. David Perdue said he did not believe those characterizations did Romney in, "
	    "arguing that divisions in the party were a bigger hurdle.\n"
	    "\"It's not what worked in 2012. Those are just distractions,\" he said.\n"
	    "Trump campaign spokesman Jason Miller added that the Clinton camp and the media had "
	    "chased after this game for months.");

	CHECK(doc);
	CHECK(qasid_doc_n_paragraphs(doc) == 3);
	qasid_doc_free(doc);
	doc = t_doc("The minister said on Sunday that the talks had failed and that\n"
	            "nobody had come to the meeting in the capital, which had been\n"
	            "planned for weeks.\n\nA second paragraph.");
	CHECK(doc);
	CHECK(qasid_doc_n_paragraphs(doc) == 2);
	qasid_doc_free(doc);
}

const t_case t_sentsplit_cases[] = {
	{"golden", golden},
	{"sentences_partition_tokens", sentences_partition_tokens},
	{"paragraphs", paragraphs},
	{"paragraphs_one_per_line", paragraphs_one_per_line},
	{NULL, NULL}};
