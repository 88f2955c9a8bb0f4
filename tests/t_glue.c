/* SPDX-License-Identifier: MIT */
/*
 * Glued words: pairs that are split (and where each half maps back to in the
 * input), real words that must stay whole, places a split must not happen,
 * and the compiled-in lexicon against data/lexicon-en.tsv.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../src/clean/lexicon.h"
#include "test.h"

/* Glued pair, then its two halves. */
static const char *const glued[][3] = {
	{"Pakistanover", "Pakistan", "over"},
	{"theBaloch", "the", "Baloch"},
	{"Intelligenceassessments", "Intelligence", "assessments"},
	{"Linethat", "Line", "that"},
	{"militantsattacked", "militants", "attacked"},
	{"Talibanfighters", "Taliban", "fighters"},
	{"ministersaid", "minister", "said"},
	{"theTaliban", "the", "Taliban"},
	{"Afghanistanand", "Afghanistan", "and"},
	{"Islamabadhas", "Islamabad", "has"},
	{"governmentofficials", "government", "officials"},
	{"refugeecamps", "refugee", "camps"},
	{"ofPakistan", "of", "Pakistan"},
	{"inKabul", "in", "Kabul"},
	{"suicidebomber", "suicide", "bomber"},
	{"Waziristanprovince", "Waziristan", "province"},
	{"Baluchistanwhere", "Baluchistan", "where"},
	{"attackswere", "attacks", "were"},
	{"policesaid", "police", "said"},
	{"provincialgovernment", "provincial", "government"},
	{"killedthree", "killed", "three"},
	{"securityforces", "security", "forces"},
	{"peacetalks", "peace", "talks"}};

/* Real words, some unknown to the lexicon, that must stay whole. */
static const char *const whole[] = {
	"nonstop", "counterterrorism", "Waziristan", "Blinken", "iPhone", "McDonald",
	"YouTube", "PayPal", "Pakistanis", "Johnson", "Chinatown", "takeover", "walkover",
	"newsroom", "spreadsheet", "Englishwoman", "eBay", "iPad", "macOS", "Obamacare",
	"Kombouare", "Whittall", "Sherwin", "Hatfill", "therein", "Andover", "Bernardin",
	"Southend", "Penrose", "Laidlaw", "PAKISTANOVER", "TimeWarner", "myTouch"};

static size_t n_glue(const qasid_doc *doc)
{
	const qasid_diag *d = qasid_doc_diags(doc);
	size_t i, k = 0;

	for (i = 0; i < qasid_doc_n_diags(doc); i++)
		k += d[i].kind == QASID_DIAG_GLUE;
	return k;
}

/* The input text of the first glue diagnostic, in a static buffer. */
static const char *glue_input(const qasid_doc *doc)
{
	static char b[256];
	const qasid_diag *d = qasid_doc_diags(doc);
	const char *in = qasid_doc_input(doc, NULL);
	size_t i, n;

	for (i = 0; i < qasid_doc_n_diags(doc); i++) {
		if (d[i].kind != QASID_DIAG_GLUE)
			continue;
		n = d[i].input.end - d[i].input.start;
		if (n >= sizeof b)
			n = sizeof b - 1;
		memcpy(b, in + d[i].input.start, n);
		b[n] = '\0';
		return b;
	}
	return "(none)";
}

static void glued_pairs_split(void)
{
	size_t i;

	for (i = 0; i < sizeof glued / sizeof glued[0]; i++) {
		qasid_doc *doc = t_doc(glued[i][0]);
		const qasid_span *t;

		CHECK(doc);
		t = qasid_doc_tokens(doc);
		CHECK_MSG(qasid_doc_n_tokens(doc) == 2, "%s: %zu tokens", glued[i][0],
		          qasid_doc_n_tokens(doc));
		CHECK_STR(t_tok(doc, 0), glued[i][1]);
		CHECK_STR(t_tok(doc, 1), glued[i][2]);
		CHECK_STR(t_input_slice(doc, t[0]), glued[i][1]);
		CHECK_STR(t_input_slice(doc, t[1]), glued[i][2]);
		CHECK_MSG(n_glue(doc) == 1, "%s: %zu glue diagnostics", glued[i][0], n_glue(doc));
		CHECK_STR(glue_input(doc), glued[i][0]);
		qasid_doc_free(doc);
	}
}

static void real_words_stay(void)
{
	size_t i;

	for (i = 0; i < sizeof whole / sizeof whole[0]; i++) {
		qasid_doc *doc = t_doc(whole[i]);

		CHECK(doc);
		CHECK_MSG(qasid_doc_n_tokens(doc) == 1 && n_glue(doc) == 0, "%s was split",
		          whole[i]);
		CHECK_STR(t_tok(doc, 0), whole[i]);
		qasid_doc_free(doc);
	}
	/* Compounds and hyphenated names in running text. */
	{
		qasid_doc *doc = t_doc("The Tehreek-e-Taliban Pakistan (TTP) held nonstop "
		                       "counterterrorism talks in South Waziristan with Blinken.");

		CHECK(doc);
		CHECK(n_glue(doc) == 0);
		qasid_doc_free(doc);
	}
}

/* Offsets inside running text, after earlier cleaning changed the lengths. */
static void offsets_in_text(void)
{
	const char *in = "Caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9CPakistanover\xE2\x80\x9D the "
	                 "Linethat ran, theBaloch's leaders said.";
	qasid_doc *doc = t_doc(in);
	const qasid_span *t;
	size_t i, n;
	const char *want[] = {"Caf\xC3\xA9", "\xE2\x80\x94", "\xE2\x80\x9C", "Pakistan", "over",
	                      "\xE2\x80\x9D", "the", "Line", "that", "ran", ",", "the", "Baloch",
	                      "'s", "leaders", "said", "."};

	CHECK(doc);
	t = qasid_doc_tokens(doc);
	n = qasid_doc_n_tokens(doc);
	CHECK_MSG(n == sizeof want / sizeof want[0], "%zu tokens", n);
	for (i = 0; i < n; i++)
		CHECK_STR(t_input_slice(doc, t[i]), want[i]);
	CHECK_STR(t_tok(doc, 1), "--");
	CHECK_STR(t_tok(doc, 3), "Pakistan");
	CHECK(n_glue(doc) == 3);
	CHECK_STR(glue_input(doc), "Pakistanover");
	qasid_doc_free(doc);
}

/* Words that touch digits, hyphens, non-ASCII letters or addresses stay. */
static void left_alone(void)
{
	static const char *const texts[] = {
		"Pakistan\xC3\xBCover", "\xC3\xA9Pakistanover", "Pakistanover\xC3\xA9",
		"Pakistanover2", "2Pakistanover", "Pakistanover-based", "pre-Pakistanover",
		"mail policesaid@example.com now", "see http://example.com/Pakistanover",
		"www.policesaid.com", "policesaid.com", "news.policesaid", "O'Pakistanover",
		"#Pakistanover", "Pakistanover_x", "a/Pakistanover", "PAKISTANOVER"};
	size_t i;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		qasid_doc *doc = t_doc(texts[i]);

		CHECK(doc);
		CHECK_MSG(n_glue(doc) == 0, "split in \"%s\": %s", texts[i], glue_input(doc));
		qasid_doc_free(doc);
	}
}

static void option_off_and_empty(void)
{
	qasid_options opt;
	qasid_doc *doc = NULL;

	qasid_options_default(&opt);
	opt.glue = 0;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, "Pakistanover", 12) == QASID_OK);
	CHECK(qasid_process(doc, &opt, NULL) == QASID_OK);
	CHECK(qasid_doc_n_tokens(doc) == 1 && n_glue(doc) == 0);
	CHECK(qasid_doc_set_text(doc, "", 0) == QASID_OK);
	CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
	CHECK(qasid_doc_n_tokens(doc) == 0);
	CHECK(qasid_doc_set_text(doc, "Pakistanover militantsattacked", 30) == QASID_OK);
	CHECK(qasid_process(doc, NULL, NULL) == QASID_OK);
	CHECK(qasid_doc_n_tokens(doc) == 4 && n_glue(doc) == 2);
	CHECK_STR(qasid_doc_text(doc, NULL), "Pakistan over militants attacked");
	qasid_doc_free(doc);
}

/* NULL when lexicons x and y hold the same tables, else what differs. */
static const char *lexicon_diff(const lexicon *x, const lexicon *y)
{
	size_t i, np = x->part_bucket[LEX_BUCKETS], nc = x->pair_bucket[LEX_BUCKETS];

	if (memcmp(x->known, y->known, LEX_BLOOM_WORDS * sizeof *x->known))
		return "known words";
	if (memcmp(x->part_bucket, y->part_bucket, (LEX_BUCKETS + 1) * sizeof *x->part_bucket) ||
	    memcmp(x->part_fp, y->part_fp, np * sizeof *x->part_fp))
		return "part keys";
	for (i = 0; i < np; i++) {
		const lex_part *a = &x->part[i], *b = &y->part[i];

		if (a->count != b->count || a->lower != b->lower || a->left != b->left ||
		    a->right != b->right || a->rightp != b->rightp)
			return "part entries";
	}
	if (memcmp(x->pair_bucket, y->pair_bucket, (LEX_BUCKETS + 1) * sizeof *x->pair_bucket) ||
	    memcmp(x->pair_fp, y->pair_fp, nc * sizeof *x->pair_fp))
		return "collocations";
	if (np < 20000 || nc < 10000)
		return "size";
	return NULL;
}

/* The lexicon as lex_load reads data/lexicon-en.tsv is the compiled-in one. */
static void lexicon_matches_tsv(void)
{
	lexicon *lx = NULL;
	const char *diff;
	int rc = lex_load("data/lexicon-en.tsv", &lx);

	if (rc == QASID_EIO) {
		t_skip("data/lexicon-en.tsv not found (run from the source tree)");
		return;
	}
	CHECK(rc == QASID_OK && lx);
	diff = lexicon_diff(lx, &lex_en);
	lex_free(lx);
	CHECK_MSG(!diff, "lexicon_data.c differs from data/lexicon-en.tsv in its %s: "
	                 "run tools/gen_lexicon.py", diff);
	CHECK(lex_known(&lex_en, lex_hash("Pakistan", 8)) &&
	      !lex_known(&lex_en, lex_hash("Pakistanover", 12)));
	CHECK(lex_find(&lex_en, lex_hash("over", 4)) &&
	      lex_find(&lex_en, lex_hash("over", 4))->count > 1000);
	CHECK(lex_pair(&lex_en, lex_hash_pair("Security", 8, "forces", 6)));
	CHECK(!lex_pair(&lex_en, lex_hash_pair("news", 4, "room", 4)));
}

static void lexicon_bad_files(void)
{
	static const char *const bad[] = {"word\tx\n", "\t3\n", "word\t1\t2\t3\t4\t5\t6\n",
	                                  "word\t99999999999\n", "word\t1\r\n"};
	char path[] = "/tmp/qasid-lexXXXXXX";
	lexicon *lx = (lexicon *)1;
	size_t i;
	int fd;

	CHECK(lex_load("/nonexistent/lexicon.tsv", &lx) == QASID_EIO && lx == NULL);
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		FILE *f = fopen(path, "wb");

		CHECK(f);
		fputs("# comment\nthe\t5\t5\n", f);
		fputs(bad[i], f);
		fclose(f);
		CHECK_MSG(lex_load(path, &lx) == QASID_EFORMAT, "accepted %s", bad[i]);
	}
	{
		FILE *f = fopen(path, "wb");

		CHECK(f);
		fputs("# a tiny lexicon\nthe\t5\t5\nword\nover\t3\t3\t0\t1\nword over\t4\n", f);
		fclose(f);
	}
	CHECK(lex_load(path, &lx) == QASID_OK);
	CHECK(lex_known(lx, lex_hash("WORD", 4)) && !lex_find(lx, lex_hash("word", 4)));
	CHECK(lex_find(lx, lex_hash("Over", 4)) && lex_find(lx, lex_hash("over", 4))->right == 1);
	CHECK(!lex_known(lx, lex_hash("pakistan", 8)) && !lex_known(lx, lex_hash("word over", 9)));
	CHECK(lex_pair(lx, lex_hash_pair("Word", 4, "over", 4)) &&
	      !lex_pair(lx, lex_hash_pair("over", 4, "word", 4)));
	lex_free(lx);
	remove(path);
}

static t_alloc ta;

/* Every allocation failure in lex_load and in a glue split is reported, and leaks nothing. */
static void allocation_failures(void)
{
	int rc_load = QASID_ENOMEM, rc_doc = QASID_ENOMEM;

	for (ta.fail_at = 1; ta.fail_at < 200 && (rc_load || rc_doc); ta.fail_at++) {
		lexicon *lx = NULL;
		qasid_doc *doc = NULL;

		ta.calls = ta.live = 0;
		qasid_set_allocator(t_failing_alloc, &ta);
		rc_load = lex_load("data/lexicon-en.tsv", &lx);
		lex_free(lx);
		ta.calls = 0;
		rc_doc = qasid_doc_new(&doc);
		if (rc_doc == QASID_OK)
			rc_doc = qasid_doc_set_text(doc, "The Pakistanover theBaloch.", 27);
		if (rc_doc == QASID_OK)
			rc_doc = qasid_process(doc, NULL, NULL);
		if (rc_doc == QASID_OK && n_glue(doc) != 2)
			rc_doc = -100;
		qasid_doc_free(doc);
		qasid_set_allocator(NULL, NULL);
		CHECK_MSG(rc_load == QASID_OK || rc_load == QASID_ENOMEM || rc_load == QASID_EIO,
		          "lex_load: %d at %ld", rc_load, ta.fail_at);
		CHECK_MSG(rc_doc == QASID_OK || rc_doc == QASID_ENOMEM, "process: %d at %ld", rc_doc,
		          ta.fail_at);
		CHECK_MSG(ta.live == 0, "%ld blocks leaked failing allocation %ld", ta.live, ta.fail_at);
		if (rc_load == QASID_EIO)
			rc_load = QASID_OK; /* no TSV here: only the document half */
	}
	CHECK(rc_load == QASID_OK && rc_doc == QASID_OK);
}

const t_case t_glue_cases[] = {
	{"glued pairs split", glued_pairs_split},
	{"real words stay", real_words_stay},
	{"offsets in text", offsets_in_text},
	{"left alone", left_alone},
	{"option off, empty text", option_off_and_empty},
	{"lexicon matches TSV", lexicon_matches_tsv},
	{"lexicon bad files", lexicon_bad_files},
	{"allocation failures", allocation_failures},
	{NULL, NULL}};
