/* SPDX-License-Identifier: MIT */
/*
 * The parser: arc-hybrid transitions and the oracle on hand-made trees
 * (projective and not), the oracle on every EWT train sentence (skipped when
 * ../shared is absent), a tiny parser trained from tests/golden/parse/ that
 * survives a save/load round trip, broken model files, sentences of any
 * length, documents, and the commands.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../src/parse/depcorpus.h"
#include "test.h"

#define GOLDEN "tests/golden/parse/"

static t_tmp tmpdir = {.name = "qasid-parse"};

static const char *tmp_path(const char *name)
{
	return t_tmp_path(&tmpdir, name);
}

/*
 * Follows the oracle from the initial state: at each step the first action
 * of cost 0 in the order LEFT, RIGHT, SHIFT (or in a seeded random order).
 * Writes the tree built into h and r; returns 0 when some state had no
 * action of cost 0.
 */
static int oracle_walk(uint32_t n, uint32_t n_rels, const uint32_t *gh, const uint16_t *gr,
                       uint32_t *h, uint16_t *r, uint64_t *rng)
{
	void *mem = NULL;
	size_t cap = 0;
	dep_state s;
	uint32_t i;
	int ok = 1;

	if (dep_state_init(&s, n, n_rels, &mem, &cap))
		return 0;
	while (ok && !dep_final(&s)) {
		uint32_t s0 = s.stack[s.sp - 1], cand[3], nc = 0, k;

		if (dep_legal(&s, 1 + gr[s0]) && dep_cost(&s, 1 + gr[s0], gh, gr) == 0)
			cand[nc++] = 1 + gr[s0];
		if (dep_legal(&s, 1 + n_rels + gr[s0]) && dep_cost(&s, 1 + n_rels + gr[s0], gh, gr) == 0)
			cand[nc++] = 1 + n_rels + gr[s0];
		if (dep_legal(&s, DEP_SHIFT) && dep_cost(&s, DEP_SHIFT, gh, gr) == 0)
			cand[nc++] = DEP_SHIFT;
		if (!nc) {
			ok = 0;
			break;
		}
		k = 0;
		if (rng) {
			*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
			k = (uint32_t)(*rng >> 33) % nc;
		}
		dep_apply(&s, cand[k]);
	}
	for (i = 1; ok && i <= n; i++) {
		h[i] = s.head[i];
		r[i] = s.rel[i];
	}
	qs_free(mem);
	return ok;
}

/* Whether h[1..n] is a tree with exactly one child of the root. */
static int is_tree(const uint32_t *h, uint32_t n)
{
	uint32_t i, roots = 0;

	for (i = 1; i <= n; i++) {
		uint32_t k = i, steps = 0;

		if (h[i] > n || h[i] == i)
			return 0;
		roots += h[i] == 0;
		while (k && steps++ <= n)
			k = h[k];
		if (k)
			return 0;
	}
	return roots == 1;
}

static void t_transitions(void)
{
	/* "The army said eight militants were killed ." (rels: numbers stand in) */
	uint32_t gh[9] = {DEP_NONE, 2, 3, 0, 5, 7, 7, 3, 3};
	uint16_t gr[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
	/* "A hearing is scheduled on the issue today .": hearing -> issue crosses */
	uint32_t nh[10] = {DEP_NONE, 2, 4, 4, 0, 7, 7, 2, 4, 4};
	uint16_t nr[10] = {0, 1, 2, 3, 4, 5, 1, 6, 7, 8};
	uint32_t h[10], lifted[10], i, trial;
	uint16_t r[10];
	uint64_t rng = 7;
	void *mem = NULL;
	size_t cap = 0;
	dep_state s;

	CHECK(dep_is_projective(gh, 8));
	CHECK(oracle_walk(8, 9, gh, gr, h, r, NULL));
	for (i = 1; i <= 8; i++)
		CHECK_MSG(h[i] == gh[i] && r[i] == gr[i], "token %u: head %u rel %u", i, h[i], r[i]);
	for (trial = 0; trial < 20; trial++) { /* any path of zero-cost actions gives the tree */
		CHECK(oracle_walk(8, 9, gh, gr, h, r, &rng));
		for (i = 1; i <= 8; i++)
			CHECK(h[i] == gh[i] && r[i] == gr[i]);
	}
	/* Non-projective: lifted to the head's head, then the oracle rebuilds that. */
	CHECK(!dep_is_projective(nh, 9));
	memcpy(lifted, nh, sizeof nh);
	CHECK(dep_projectivize(lifted, 9) == 1);
	CHECK(lifted[7] == 4 && dep_is_projective(lifted, 9) && is_tree(lifted, 9));
	for (i = 1; i <= 9; i++)
		CHECK(i == 7 || lifted[i] == nh[i]);
	CHECK(oracle_walk(9, 9, lifted, nr, h, r, NULL));
	for (i = 1; i <= 9; i++)
		CHECK(h[i] == lifted[i] && r[i] == nr[i]);
	/* Any sequence of legal actions ends, after 2n, in a tree with one root child. */
	for (trial = 0; trial < 200; trial++) {
		uint32_t n = 1 + trial % 23, steps = 0, R = 3;
		uint32_t hh[32];

		CHECK(dep_state_init(&s, n, R, &mem, &cap) == QASID_OK);
		while (!dep_final(&s)) {
			uint32_t a;

			do {
				rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
				a = (uint32_t)(rng >> 33) % (1 + 2 * R);
			} while (!dep_legal(&s, a));
			dep_apply(&s, a);
			steps++;
			CHECK(steps <= 2 * n);
		}
		CHECK(steps == 2 * n);
		for (i = 1; i <= n; i++)
			hh[i] = s.head[i];
		CHECK_MSG(is_tree(hh, n), "trial %u", trial);
		CHECK(!dep_legal(&s, DEP_SHIFT) && !dep_legal(&s, 1) && !dep_legal(&s, 1 + R));
	}
	qs_free(mem);
}

/* The oracle on every EWT train sentence: projective ones are rebuilt exactly,
 * non-projective ones as their lifted trees. */
static void t_oracle_ewt(void)
{
	const char *path = t_shared("ud-english-ewt/en_ewt-ud-train.conllu");
	qasid_corpus *c = NULL;
	qasid_err err = {0};
	dep_corpus *d;
	char rels[DEP_MAX_RELS][24];
	uint32_t n_rels = 0, *gh = NULL, *h = NULL;
	uint16_t *gr = NULL, *r = NULL;
	size_t s, n_proj = 0, n_lift = 0, n_bad = 0;

	if (!path) {
		t_skip("../shared/data absent");
		return;
	}
	CHECK(qasid_corpus_read(&c, QASID_TASK_POS, path, &err) == QASID_OK);
	CHECK((d = dep_corpus_of(c)) != NULL && d->has_gold);
	gh = malloc(1024 * sizeof *gh);
	h = malloc(1024 * sizeof *h);
	gr = malloc(1024 * sizeof *gr);
	r = malloc(1024 * sizeof *r);
	CHECK(gh && h && gr && r);
	for (s = 0; s + 1 < c->sent.n; s++) {
		uint32_t a = c->sent.v[s], n = c->sent.v[s + 1] - a, i, k;
		int proj;

		if (n == 0 || n >= 1024)
			continue;
		gh[0] = DEP_NONE;
		for (i = 1; i <= n; i++) {
			gh[i] = d->gh[a + i - 1];
			for (k = 0; k < n_rels && strcmp(rels[k], d->grel[a + i - 1]); k++)
				;
			if (k == n_rels) {
				if (n_rels == DEP_MAX_RELS)
					break;
				memcpy(rels[n_rels++], d->grel[a + i - 1], sizeof rels[0]);
			}
			gr[i] = (uint16_t)k;
		}
		if (!is_tree(gh, n)) {
			n_bad++;
			continue;
		}
		proj = dep_is_projective(gh, n);
		if (!proj) {
			dep_projectivize(gh, n);
			if (!dep_is_projective(gh, n) || !is_tree(gh, n)) {
				t_fail(__FILE__, __LINE__, "sentence %zu: lifting failed", s);
				break;
			}
		}
		if (!oracle_walk(n, DEP_MAX_RELS, gh, gr, h, r, NULL)) {
			t_fail(__FILE__, __LINE__, "sentence %zu: no zero-cost action", s);
			break;
		}
		for (i = 1; i <= n; i++)
			if (h[i] != gh[i] || r[i] != gr[i])
				break;
		if (i <= n) {
			t_fail(__FILE__, __LINE__, "sentence %zu (%u words): token %u rebuilt wrong", s, n,
			       i);
			break;
		}
		if (proj)
			n_proj++;
		else
			n_lift++;
	}
	CHECK_MSG(n_proj > 12000 && n_lift > 100 && n_bad == 0, "%zu projective, %zu lifted, %zu bad",
	          n_proj, n_lift, n_bad);
	free(gh);
	free(h);
	free(gr);
	free(r);
	qasid_corpus_free(c);
}

static int to_buf(void *ud, const char *b, size_t n)
{
	return buf_append(ud, b, n);
}

/* A parser trained on the golden file's gold tags, saved once. */
/* A parser trained on the tiny treebank (greedy, or with a beam of 4), saved once. */
static const char *tiny_parser_beam(int beam)
{
	static char paths[2][160];
	char *path = paths[beam > 1];
	qasid_parser_train_opts o;
	qasid_corpus *c = NULL;
	qasid_parser *p = NULL;
	qasid_err err = {0};
	int rc;

	if (path[0])
		return path;
	qasid_parser_train_defaults(&o);
	o.epochs = 8;
	o.prune = 0;
	o.beam = beam > 1 ? 4 : 1;
	if (qasid_corpus_read(&c, QASID_TASK_POS, GOLDEN "tiny.conllu", &err))
		return NULL;
	rc = qasid_parser_train(&o, c, NULL, NULL, NULL, NULL, &p, &err);
	qasid_corpus_free(c);
	if (rc)
		return NULL;
	snprintf(path, 160, "%s", tmp_path(beam > 1 ? "tiny-parse-beam.qm" : "tiny-parse.qm"));
	rc = qasid_parser_save(p, path, &err);
	qasid_parser_free(p);
	if (rc)
		path[0] = '\0';
	return rc ? NULL : path;
}

static const char *tiny_parser(void)
{
	return tiny_parser_beam(1);
}

static void t_round_trip(void)
{
	qasid_parser_train_opts o;
	qasid_corpus *c = NULL;
	qasid_parser *p = NULL, *q = NULL;
	qasid_err err = {0};
	qasid_parse_score sc;
	buf a = {0}, b = {0}, dump = {0};
	const char *saved;

	qasid_parser_train_defaults(&o);
	o.epochs = 8;
	o.prune = 0;
	CHECK(qasid_corpus_read(&c, QASID_TASK_POS, GOLDEN "tiny.conllu", &err) == QASID_OK);
	CHECK(qasid_parser_train(&o, c, NULL, NULL, NULL, NULL, &p, &err) == QASID_OK);
	CHECK(qasid_parser_n_rels(p) == 17);
	CHECK_STR(qasid_parser_rel(p, 0), "advmod");
	CHECK_STR(qasid_parser_rel(p, 16), "root");
	CHECK(qasid_corpus_parse(c, NULL, p, &err) == QASID_OK);
	CHECK(qasid_corpus_score_parse(c, &sc, &err) == QASID_OK);
	CHECK(sc.n_tokens == 48);
	CHECK_MSG(sc.uas >= 90 && sc.las >= 85, "UAS %.1f LAS %.1f on the training data", sc.uas,
	          sc.las);
	CHECK(qasid_corpus_write_parse(c, to_buf, &a) == QASID_OK);
	saved = tmp_path("rt.qm");
	CHECK(qasid_parser_save(p, saved, &err) == QASID_OK);
	CHECK(qasid_parser_load(&q, saved, &err) == QASID_OK);
	CHECK(qasid_corpus_parse(c, NULL, q, &err) == QASID_OK);
	CHECK(qasid_corpus_write_parse(c, to_buf, &b) == QASID_OK);
	CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
	CHECK(strstr(a.data, "1\tThe\t_\tDET\tDT\t_\t2\tdet\t_\t_\n") != NULL);
	CHECK(qasid_parser_dump(q, to_buf, &dump) == QASID_OK);
	CHECK(strstr(dump.data, "task\tDEP1") && strstr(dump.data, "relation\t16\troot"));
	buf_fini(&a);
	buf_fini(&b);
	buf_fini(&dump);
	qasid_parser_free(p);
	qasid_parser_free(q);
	qasid_corpus_free(c);
}

static void t_broken_models(void)
{
	const char *good = tiny_parser(), *bad = tmp_path("bad-parse.qm");
	size_t len;
	char *data;
	qasid_parser *p = NULL;
	qasid_err err = {0};
	FILE *f;

	CHECK(good);
	data = t_read_file(good, &len);
	CHECK(data && len > 64);
	/* a flipped byte in the weights */
	data[len / 2] ^= 0x5a;
	CHECK((f = fopen(bad, "wb")) != NULL);
	CHECK(fwrite(data, 1, len, f) == len && fclose(f) == 0);
	CHECK(qasid_parser_load(&p, bad, &err) == QASID_EMODEL && p == NULL);
	CHECK(strstr(err.msg, bad) != NULL);
	data[len / 2] ^= 0x5a;
	/* truncated */
	CHECK((f = fopen(bad, "wb")) != NULL);
	CHECK(fwrite(data, 1, len - 9, f) == len - 9 && fclose(f) == 0);
	CHECK(qasid_parser_load(&p, bad, &err) == QASID_EMODEL && p == NULL);
	/* a tagger's model is not a parser */
	CHECK(qasid_parser_load(&p, "models/pos-en.qm", &err) == QASID_EMODEL && p == NULL);
	CHECK(qasid_parser_load(&p, tmp_path("absent.qm"), &err) != QASID_OK && p == NULL);
	free(data);
}

/* Sentences of any length parse into trees, greedy or with the beam. */
static void lengths(const char *path)
{
	static const char *punct[] = {".", ",", "!", "?", "--", "(", ")", "\"", ":", ";"};
	static const char *words[] = {"the", "army", "said", "killed", "in", "Kabul", ".", "and"};
	static const char *tags[][2] = {{"DET", "DT"},  {"NOUN", "NN"},   {"VERB", "VBD"},
	                                {"VERB", "VBN"}, {"ADP", "IN"},   {"PROPN", "NNP"},
	                                {"PUNCT", "."},  {"CCONJ", "CC"}};
	qasid_parser *p = NULL;
	qasid_err err = {0};
	dep_ws ws;
	uint32_t *h = NULL, lens[] = {1, 2, 3, 17, 500, 2000}, k, i;
	uint16_t *r = NULL;

	CHECK(path);
	CHECK(qasid_parser_load(&p, path, &err) == QASID_OK);
	memset(&ws, 0, sizeof ws);
	h = malloc(2001 * sizeof *h);
	r = malloc(2001 * sizeof *r);
	CHECK(h && r && VEC_RESERVE(&ws.tok, 2001) == QASID_OK);
	for (k = 0; k < 2 * sizeof lens / sizeof lens[0]; k++) {
		uint32_t n = lens[k / 2];
		int only_punct = k % 2;

		dep_tok_root(&ws.tok.v[0]);
		for (i = 1; i <= n; i++) {
			const char *w = only_punct ? punct[i % 10] : words[i % 8];

			dep_tok_fill(&p->m, &ws.tok.v[i], w, strlen(w), only_punct ? "PUNCT" : tags[i % 8][0],
			             only_punct ? "." : tags[i % 8][1]);
		}
		CHECK(dep_parse(&p->m, &ws, n, h, r) == QASID_OK);
		CHECK_MSG(is_tree(h, n), "%u tokens%s", n, only_punct ? " of punctuation" : "");
		for (i = 1; i <= n; i++)
			CHECK(r[i] < p->m.n_rels);
	}
	free(h);
	free(r);
	dep_ws_fini(&ws);
	qasid_parser_free(p);
}

static void t_lengths(void)
{
	lengths(tiny_parser());
	lengths(tiny_parser_beam(4));
}

/*
 * The beam: trained globally on the tiny treebank it learns it, its width is
 * kept in the model file, and the loaded model parses as the trained one.
 */
static void t_beam(void)
{
	const char *path = tiny_parser_beam(4);
	qasid_corpus *c = NULL;
	qasid_parser *p = NULL;
	qasid_err err = {0};
	qasid_parse_score sc;
	qasid_parser_train_opts o;
	buf dump = {0};

	CHECK(path);
	CHECK(qasid_parser_load(&p, path, &err) == QASID_OK);
	CHECK(qasid_parser_dump(p, to_buf, &dump) == QASID_OK);
	CHECK_MSG(strstr(dump.data, "beam\t4\n") != NULL, "%s", dump.data);
	CHECK(qasid_corpus_read(&c, QASID_TASK_POS, GOLDEN "tiny.conllu", &err) == QASID_OK);
	CHECK(qasid_corpus_parse(c, NULL, p, &err) == QASID_OK);
	CHECK(qasid_corpus_score_parse(c, &sc, &err) == QASID_OK);
	CHECK_MSG(sc.uas >= 90 && sc.las >= 85, "UAS %.1f LAS %.1f on the training data", sc.uas,
	          sc.las);
	/* widths out of range are refused */
	qasid_parser_train_defaults(&o);
	o.beam = 65;
	qasid_parser_free(p);
	p = NULL;
	CHECK(qasid_parser_train(&o, c, NULL, NULL, NULL, NULL, &p, &err) == QASID_EINVAL && !p);
	buf_fini(&dump);
	qasid_corpus_free(c);
}

/* Documents: the pipeline runs the parser after the POS tagger. */
static void t_documents(void)
{
	const char *path = tiny_parser();
	qasid_parser *p = NULL;
	qasid_model *pos = NULL;
	qasid_options opt;
	qasid_doc *doc = NULL;
	qasid_err err = {0};
	const char *texts[] = {"Two soldiers died in the attack. Police arrested him on Monday.",
	                       "Hello", "!!! ... ???", NULL};
	buf big = {0};
	size_t t, i;

	CHECK(path);
	if (access("models/pos-en.qm", R_OK)) {
		t_skip("models/pos-en.qm absent");
		return;
	}
	CHECK(qasid_parser_load(&p, path, &err) == QASID_OK);
	CHECK(qasid_model_load(&pos, "models/pos-en.qm", QASID_TASK_POS, &err) == QASID_OK);
	for (i = 0; i < 500; i++) /* one long sentence */
		CHECK(buf_printf(&big, "%s ", i % 3 ? "fighters" : "and") == QASID_OK);
	texts[3] = big.data;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	qasid_options_default(&opt);
	opt.pos_model = pos;
	opt.parser = p;
	for (t = 0; t < 4; t++) {
		const qasid_dep *d;
		const qasid_sentence *s;
		size_t n, k;

		CHECK(qasid_doc_set_text(doc, texts[t], strlen(texts[t])) == QASID_OK);
		CHECK(qasid_process(doc, &opt, &err) == QASID_OK);
		n = qasid_doc_n_tokens(doc);
		CHECK(n > 0 && (d = qasid_doc_deps(doc)) != NULL);
		s = qasid_doc_sentences(doc);
		for (k = 0; k < qasid_doc_n_sentences(doc); k++) {
			uint32_t hh[1024], j, m = s[k].n_tokens;

			CHECK(m < 1024);
			for (j = 0; j < m; j++) {
				int32_t hd = d[s[k].first_token + j].head;

				CHECK(hd == -1 || ((uint32_t)hd >= s[k].first_token &&
				                   (uint32_t)hd < s[k].first_token + m));
				hh[j + 1] = hd < 0 ? 0 : (uint32_t)hd - s[k].first_token + 1;
				CHECK(d[s[k].first_token + j].rel[0] != '\0');
			}
			CHECK_MSG(is_tree(hh, m), "text %zu sentence %zu", t, k);
		}
		if (t == 0) {
			CHECK_STR(d[2].rel, "root"); /* died */
			CHECK(d[1].head == 2);        /* soldiers <- died */
		}
	}
	/* No POS tags: the parser says so; without a parser, no tree. */
	CHECK(qasid_doc_parse(doc, p, &err) == QASID_OK);
	opt.pos_model = NULL;
	CHECK(qasid_process(doc, &opt, &err) == QASID_EINVAL && qasid_doc_deps(doc) == NULL);
	opt.parser = NULL;
	CHECK(qasid_process(doc, &opt, &err) == QASID_OK && qasid_doc_deps(doc) == NULL);
	buf_fini(&big);
	qasid_doc_free(doc);
	qasid_parser_free(p);
	qasid_model_free(pos);
}

/* Runs `qasid ARGS`; the exit status. */
static int run(const char *args)
{
	return t_run_qasid(&tmpdir, "", args);
}

static void t_commands(void)
{
	const char *path = tiny_parser();
	char args[512], *out;
	size_t n;

	CHECK(path);
	if (!getenv("QASID_BIN") || access("models/pos-en.qm", R_OK)) {
		t_skip("QASID_BIN or models/pos-en.qm absent");
		return;
	}
	snprintf(args, sizeof args, "tag --parse -m %s --pos-model models/pos-en.qm %s", path,
	         GOLDEN "tiny.conllu");
	CHECK(run(args) == 0);
	out = t_read_file(tmpdir.out, &n);
	CHECK(out && strstr(out, "# sent_id = s4-nonprojective\n") && strstr(out, "\troot\t"));
	free(out);
	snprintf(args, sizeof args, "eval parse -m %s --gold-pos %s", path, GOLDEN "tiny.conllu");
	CHECK(run(args) == 0);
	out = t_read_file(tmpdir.out, &n);
	CHECK(out && strstr(out, "48 words; UAS "));
	free(out);
	snprintf(args, sizeof args, "model dump %s", path);
	CHECK(run(args) == 0);
	snprintf(args, sizeof args, "eval parse -m models/pos-en.qm %s", GOLDEN "tiny.conllu");
	CHECK(run(args) == 4);
	CHECK(run("train parse --train /nonexistent.conllu -o x.qm --gold-pos") == 3);
	CHECK(run("train parse --epochs x --train a -o b") == 2);
}

static void t_cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

const t_case t_parse_cases[] = {
	{"transitions", t_transitions},
	{"oracle on EWT train", t_oracle_ewt},
	{"round trip", t_round_trip},
	{"broken models", t_broken_models},
	{"lengths", t_lengths},
	{"beam", t_beam},
	{"documents", t_documents},
	{"commands", t_commands},
	{"cleanup", t_cleanup},
	{NULL, NULL}};
