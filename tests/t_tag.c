/* SPDX-License-Identifier: MIT */
/*
 * Taggers: the perceptron learns a small synthetic task; tiny POS and NER
 * models trained from tests/golden/tag/ survive a save/load round trip and
 * tag documents; broken models fail cleanly; `qasid tag` on golden files;
 * the CoNLL readers and the scorer on ../shared/data (skipped when absent).
 */
#include <stdlib.h>
#include <unistd.h>

#include "../src/tag/corpus.h"
#include "../src/tag/perceptron.h"
#include "test.h"

#define GOLDEN "tests/golden/tag/"

static t_tmp tmpdir = {.name = "qasid-tag"};

static const char *tmp_path(const char *name)
{
	return t_tmp_path(&tmpdir, name);
}

/* The synthetic task: words 0..5 have label word mod 3, words 6..9 repeat
 * the previous label, so the learner must use its previous decision. */
static void make_seqs(pc_seq *seqs, uint64_t *feats, uint32_t *fstart, uint64_t *hattr,
                      uint16_t *gold, uint16_t *pred, size_t n_seqs, uint32_t len, uint64_t seed)
{
	size_t s;
	uint32_t i;

	for (s = 0; s < n_seqs; s++) {
		uint32_t prev = 0;

		for (i = 0; i < len; i++) {
			size_t t = s * len + i;
			uint32_t w;

			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			w = (uint32_t)(seed >> 33) % 10;
			feats[t] = pc_f1(1, w + 1);
			fstart[t] = (uint32_t)t;
			hattr[t] = w + 1;
			gold[t] = (uint16_t)(w < 6 ? w % 3 : prev);
			prev = gold[t];
		}
		seqs[s].n = len;
		seqs[s].feats = feats;
		seqs[s].fstart = fstart + s * len;
		seqs[s].hattr = hattr + s * len;
		seqs[s].gold = gold + s * len;
		seqs[s].pred = pred + s * len;
		seqs[s].init = NULL;
		seqs[s].margin = NULL;
		seqs[s].keep = NULL;
	}
	fstart[n_seqs * len] = (uint32_t)(n_seqs * len);
}

enum { N = 200, TN = 50, LEN = 8 }; /* the toy task: training and test sequences, tokens each */

/* The toy task's data: N training sequences (seed 1) and TN test ones (seed 99). */
typedef struct toy_task {
	uint64_t feats[N * LEN + 1], hattr[N * LEN + 1], tfeats[TN * LEN + 1], thattr[TN * LEN + 1];
	uint32_t fstart[N * LEN + 1], tfstart[TN * LEN + 1];
	uint16_t gold[N * LEN], pred[N * LEN], tgold[TN * LEN], tpred[TN * LEN];
	pc_seq seqs[N], test[TN];
} toy_task;

static void toy_task_make(toy_task *t)
{
	make_seqs(t->seqs, t->feats, t->fstart, t->hattr, t->gold, t->pred, N, LEN, 1);
	make_seqs(t->test, t->tfeats, t->tfstart, t->thattr, t->tgold, t->tpred, TN, LEN, 99);
}

static void t_learner(void)
{
	static toy_task t;
	pc_spec spec = {3, 1, NULL};
	pc_train_opts o = {8, 1, 0, 0, 0};
	pc_model m, m2;
	static char scratch[8192];
	size_t i, right = 0;

	toy_task_make(&t);
	CHECK(pc_scratch_size(&spec) <= sizeof scratch);
	CHECK(pc_train(&spec, t.seqs, N, &o, NULL, &m, NULL, NULL) == QASID_OK);
	for (i = 0; i < TN; i++)
		pc_decode(&m, &spec, &t.test[i], scratch);
	for (i = 0; i < TN * LEN; i++)
		right += t.tpred[i] == t.tgold[i];
	CHECK_MSG(right == TN * LEN, "learned %zu of %d", right, TN * LEN);
	{ /* margins are those of the winning labels; kept tokens are not scored again */
		static int32_t margin[LEN];
		static uint8_t keep[LEN];
		uint16_t first[LEN];
		pc_seq q = t.test[0];
		uint32_t k;

		q.margin = margin;
		pc_decode(&m, &spec, &q, scratch);
		memcpy(first, q.pred, sizeof first);
		for (k = 0; k < LEN; k++) {
			CHECK(margin[k] > 0);
			keep[k] = k % 2 == 0;
			if (keep[k])
				q.pred[k] = (uint16_t)((first[k] + 1) % 3);
		}
		q.margin = NULL;
		q.keep = keep;
		pc_decode(&m, &spec, &q, scratch);
		for (k = 0; k < LEN; k++)
			CHECK(keep[k] ? q.pred[k] == (first[k] + 1) % 3 : 1);
		q.keep = NULL;
		pc_decode(&m, &spec, &q, scratch);
		CHECK(!memcmp(first, q.pred, sizeof first));
	}
	/* Deterministic: the same data and options give the same weights. */
	CHECK(pc_train(&spec, t.seqs, N, &o, NULL, &m2, NULL, NULL) == QASID_OK);
	CHECK(m.n_feats == m2.n_feats && m.n_entries == m2.n_entries && m.scale == m2.scale);
	for (i = 0; i <= m.mask; i++)
		CHECK(!m.slots[i].fp || m.lo[i] == m2.lo[i]);
	CHECK(m.mask == m2.mask && !memcmp(m.slots, m2.slots, (m.mask + 1) * sizeof *m.slots));
	CHECK(m.n_over == m2.n_over && !memcmp(m.over, m2.over, m.n_over * sizeof *m.over));
	pc_model_free(&m);
	pc_model_free(&m2);
}

static int buf_writer(void *ud, const char *b, size_t n)
{
	return buf_append(ud, b, n);
}

/* Trains the tiny models once; their paths, or NULL. */
static const char *tiny_model(qasid_task task)
{
	static char paths[2][160];
	int k = task == QASID_TASK_NER;
	qasid_corpus *c = NULL;
	qasid_trainer *t = NULL;
	qasid_model *m = NULL;
	qasid_err err = {0};
	int rc;

	if (paths[k][0])
		return paths[k];
	rc = qasid_corpus_read(&c, task, k ? GOLDEN "train-ner.txt" : GOLDEN "train-pos.conllu", &err);
	rc = rc ? rc : qasid_trainer_new(&t, task);
	rc = rc ? rc : qasid_trainer_set(t, "epochs", "10", &err);
	if (!rc && k)
		rc = qasid_trainer_set(t, "folds", "2", &err);
	rc = rc ? rc : qasid_train(t, c, c, NULL, NULL, &m, &err);
	if (!rc)
		snprintf(paths[k], sizeof paths[k], "%s", tmp_path(k ? "ner.qm" : "pos.qm"));
	rc = rc ? rc : qasid_model_save(m, paths[k], &err);
	if (rc) {
		printf("  tiny model: %s\n", err.msg);
		paths[k][0] = '\0';
	}
	qasid_model_free(m);
	qasid_trainer_free(t);
	qasid_corpus_free(c);
	return paths[k][0] ? paths[k] : NULL;
}

/* Tags the training corpus with the model at path; its score. */
/* Loads the model at path and saves it again as the temporary file name (its path into copy). */
static int resave(const char *path, qasid_task task, const char *name, char *copy, size_t cap)
{
	qasid_model *m = NULL;
	qasid_err err = {0};
	int ok;

	snprintf(copy, cap, "%s", tmp_path(name));
	if (qasid_model_load(&m, path, task, &err) != QASID_OK)
		return 0;
	ok = qasid_model_save(m, copy, &err) == QASID_OK;
	qasid_model_free(m);
	return ok;
}

static int tag_and_score(qasid_task task, const char *path, qasid_score *s, buf *out)
{
	qasid_corpus *c = NULL;
	qasid_model *m = NULL;
	qasid_err err = {0};
	int rc;

	rc = qasid_model_load(&m, path, task, &err);
	rc = rc ? rc
	        : qasid_corpus_read(&c, task,
	                            task == QASID_TASK_NER ? GOLDEN "train-ner.txt"
	                                                   : GOLDEN "train-pos.conllu",
	                            &err);
	rc = rc ? rc : qasid_corpus_tag(c, m, &err);
	rc = rc ? rc : qasid_corpus_score(c, s, &err);
	if (!rc && out) {
		rc = qasid_corpus_write(c, QASID_IOB1, buf_writer, out);
		rc = rc ? rc : qasid_model_dump(m, buf_writer, out);
	}
	qasid_corpus_free(c);
	qasid_model_free(m);
	return rc;
}

static void t_round_trip(void)
{
	const char *pos = tiny_model(QASID_TASK_POS), *ner = tiny_model(QASID_TASK_NER);
	qasid_score s;
	buf a = {0}, b = {0};
	char copy[200];

	CHECK(pos && ner);
	CHECK(tag_and_score(QASID_TASK_POS, pos, &s, &a) == QASID_OK);
	CHECK_MSG(s.accuracy >= 95 && s.accuracy2 >= 95, "UPOS %.1f XPOS %.1f", s.accuracy,
	          s.accuracy2);
	CHECK(strstr(a.data, "3\tsaid\t_\tVERB\tVBD\t"));
	/* Saved again after loading, the model tags the same. */
	CHECK(resave(pos, QASID_TASK_POS, "pos2.qm", copy, sizeof copy));
	CHECK(tag_and_score(QASID_TASK_POS, copy, &s, &b) == QASID_OK);
	CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
	a.len = b.len = 0;
	CHECK(tag_and_score(QASID_TASK_NER, ner, &s, &a) == QASID_OK);
	CHECK_MSG(s.all.f1 >= 90, "NER F1 on its training data %.1f", s.all.f1);
	CHECK(s.n_types == 4 && !strcmp(s.types[0].type, "LOC"));
	/* The training set's entity phrases travel in the file (chunk TLEX). */
	CHECK(strstr(a.data, "capitalised-runs training-phrases topic"));
	CHECK(strstr(a.data, "\ntraining-phrases\t"));
	CHECK(resave(ner, QASID_TASK_NER, "ner2.qm", copy, sizeof copy));
	CHECK(tag_and_score(QASID_TASK_NER, copy, &s, &b) == QASID_OK);
	CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
	buf_fini(&a);
	buf_fini(&b);
}

static void t_documents(void)
{
	const char *pos = tiny_model(QASID_TASK_POS), *ner = tiny_model(QASID_TASK_NER);
	qasid_model *pm = NULL, *nm = NULL;
	qasid_options opt;
	qasid_doc *doc = NULL;
	qasid_err err = {0};
	const char *text = "The army said two soldiers died near Kabul. Asif told Reuters in Islamabad.";
	const qasid_mention *mn;
	size_t i, n;

	CHECK(pos && ner);
	CHECK(qasid_model_load(&pm, pos, QASID_TASK_POS, &err) == QASID_OK);
	CHECK(qasid_model_load(&nm, ner, QASID_TASK_ANY, &err) == QASID_OK);
	CHECK(qasid_model_task(nm) == QASID_TASK_NER);
	qasid_options_default(&opt);
	opt.pos_model = pm;
	opt.ner_model = nm;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, text, strlen(text)) == QASID_OK);
	CHECK(qasid_process(doc, &opt, &err) == QASID_OK);
	CHECK(qasid_doc_pos(doc) != NULL);
	CHECK_STR(qasid_doc_pos(doc)[0].upos, "DET");
	CHECK_STR(qasid_doc_pos(doc)[0].xpos, "DT");
	n = qasid_doc_n_mentions(doc);
	mn = qasid_doc_mentions(doc);
	CHECK(n >= 2);
	for (i = 0; i < n; i++) {
		CHECK(mn[i].span.start < mn[i].span.end && mn[i].span.end <= strlen(text));
		CHECK(mn[i].first_token + mn[i].n_tokens <= qasid_doc_n_tokens(doc));
		CHECK(strstr("PER ORG LOC MISC", mn[i].type));
	}
	/* Without models: no tags, and a reset clears them. */
	CHECK(qasid_process(doc, NULL, &err) == QASID_OK);
	CHECK(qasid_doc_pos(doc) == NULL && qasid_doc_n_mentions(doc) == 0);
	CHECK(qasid_doc_tag(doc, nm, NULL, &err) == QASID_EINVAL);
	qasid_doc_free(doc);
	qasid_model_free(pm);
	qasid_model_free(nm);
}

/* An article longer than one tagging part (100,000 tokens), and a run-on
 * sentence of thousands of tokens: every token tagged, and the same sentence
 * tagged the same at the start and the end of the article. */
static void t_long_documents(void)
{
	const char *pos = tiny_model(QASID_TASK_POS), *ner = tiny_model(QASID_TASK_NER);
	const char *sent = "The army said two soldiers died near Kabul. Asif told Reuters in Islamabad. ";
	size_t sl = strlen(sent), reps = 9000, i, k, ntok, per;
	qasid_model *pm = NULL, *nm = NULL;
	qasid_options opt;
	qasid_doc *doc = NULL;
	qasid_err err = {0};
	const qasid_pos *tags;
	const qasid_mention *mn;
	size_t counts[2] = {0, 0};
	char *text = malloc(sl * reps + 20000 + 1), *p;

	CHECK(text && pos && ner);
	p = text;
	for (i = 0; i < reps; i++, p += sl)
		memcpy(p, sent, sl);
	for (i = 0; i < 3000; i++, p += 6) /* no sentence end: one run-on sentence */
		memcpy(p, "Kabul ", 6);
	*p = 0;
	CHECK(qasid_model_load(&pm, pos, QASID_TASK_POS, &err) == QASID_OK);
	CHECK(qasid_model_load(&nm, ner, QASID_TASK_NER, &err) == QASID_OK);
	qasid_options_default(&opt);
	opt.pos_model = pm;
	opt.ner_model = nm;
	CHECK(qasid_doc_new(&doc) == QASID_OK);
	CHECK(qasid_doc_set_text(doc, text, (size_t)(p - text)) == QASID_OK);
	CHECK(qasid_process(doc, &opt, &err) == QASID_OK);
	ntok = qasid_doc_n_tokens(doc);
	per = (ntok - 3000) / reps;
	CHECK(ntok > 100000 && per * reps + 3000 == ntok);
	tags = qasid_doc_pos(doc);
	CHECK(tags != NULL);
	for (i = 0; tags && i < ntok; i++)
		if (!tags[i].upos[0])
			break;
	CHECK_MSG(!tags || i == ntok, "token %zu has no tag", i);
	/* Sentence pair 3 and pair reps - 3 (each in a different part). */
	for (i = 0; tags && i < per; i++) {
		CHECK_STR(tags[3 * per + i].upos, tags[(reps - 3) * per + i].upos);
		CHECK_STR(tags[3 * per + i].xpos, tags[(reps - 3) * per + i].xpos);
	}
	mn = qasid_doc_mentions(doc);
	for (k = 0; k < qasid_doc_n_mentions(doc); k++) {
		size_t t = mn[k].first_token;

		CHECK(t + mn[k].n_tokens <= ntok);
		if (t >= 3 * per && t < 4 * per)
			counts[0]++;
		if (t >= (reps - 3) * per && t < (reps - 2) * per)
			counts[1]++;
	}
	CHECK(counts[0] >= 2 && counts[0] == counts[1]);
	qasid_doc_free(doc);
	qasid_model_free(pm);
	qasid_model_free(nm);
	free(text);
}

static void t_broken_models(void)
{
	const char *ner = tiny_model(QASID_TASK_NER);
	size_t len, cut;
	char *data;
	const char *bad = tmp_path("bad.qm");
	qasid_model *m = NULL;
	qasid_err err = {0};
	FILE *f;

	CHECK(ner);
	data = t_read_file(ner, &len);
	CHECK(data);
	for (cut = 0; cut < len; cut += len / 37 + 1) {
		f = fopen(bad, "wb");
		CHECK(f);
		fwrite(data, 1, cut, f);
		fclose(f);
		CHECK_MSG(qasid_model_load(&m, bad, QASID_TASK_NER, &err) == QASID_EMODEL,
		          "cut at %zu accepted", cut);
		CHECK(strncmp(err.msg, bad, strlen(bad)) == 0);
	}
	data[len / 2] ^= 0x40;
	f = fopen(bad, "wb");
	CHECK(f);
	fwrite(data, 1, len, f);
	fclose(f);
	CHECK(qasid_model_load(&m, bad, QASID_TASK_NER, &err) == QASID_EMODEL);
	CHECK(strstr(err.msg, "checksum"));
	CHECK(qasid_model_load(&m, ner, QASID_TASK_POS, &err) == QASID_EMODEL);
	CHECK(strstr(err.msg, "a NER1 model, but a POS1 model is needed"));
	free(data);
}

/* Runs `qasid ARGS` with the environment prefix env; exit status, output in out/err files. */
static int run(const char *env, const char *args)
{
	return t_run_qasid(&tmpdir, env, args);
}

static qasid_task golden_task;

static char *golden_tag(const char *input)
{
	const char *in = tmp_path("in.txt");
	char args[600];
	FILE *f = fopen(in, "wb");
	char *out;
	size_t n;

	if (!f)
		return NULL;
	fputs(input, f);
	fputc('\n', f);
	fclose(f);
	snprintf(args, sizeof args, "tag %s -m %s %s", golden_task == QASID_TASK_POS ? "--pos" : "--ner",
	         tiny_model(golden_task), in);
	if (run("", args) != 0)
		return NULL;
	out = t_read_file(tmpdir.out, &n);
	if (out && n && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return out;
}

static void t_cli_golden(void)
{
	if (!getenv("QASID_BIN")) {
		t_skip("QASID_BIN not set");
		return;
	}
	CHECK(tiny_model(QASID_TASK_POS) && tiny_model(QASID_TASK_NER));
	golden_task = QASID_TASK_POS;
	CHECK(t_golden(GOLDEN "pos.txt", golden_tag) > 0);
	golden_task = QASID_TASK_NER;
	CHECK(t_golden(GOLDEN "ner.txt", golden_tag) > 0);
}

static void t_cli_errors(void)
{
	char args[400], *e;

	if (!getenv("QASID_BIN")) {
		t_skip("QASID_BIN not set");
		return;
	}
	CHECK(run("", "tag --ner -m /nonexistent/ner-en.qm " GOLDEN "train-ner.txt") == 4);
	e = t_read_file(tmpdir.err, NULL);
	CHECK(e && strstr(e, "qasid: /nonexistent/ner-en.qm: cannot open model"));
	free(e);
	CHECK(run("QASID_MODELS=/nonexistent", "tag --pos " GOLDEN "train-pos.conllu") == 4);
	e = t_read_file(tmpdir.err, NULL);
	CHECK(e && strstr(e, "no POS model found"));
	free(e);
	snprintf(args, sizeof args, "tag --pos -m %s " GOLDEN "train-pos.conllu",
	         tiny_model(QASID_TASK_NER));
	CHECK(run("", args) == 4);
	CHECK(run("", "tag " GOLDEN "train-pos.conllu") == 2);
	/* extract goes on without models, saying so once per model */
	CHECK(run("QASID_MODELS=/nonexistent", "extract --format jsonl " GOLDEN "train-ner.txt") == 0);
	e = t_read_file(tmpdir.err, NULL);
	CHECK(e && strstr(e, "warning: no POS model found") && strstr(e, "warning: no NER model found"));
	free(e);
	e = t_read_file(tmpdir.out, NULL);
	CHECK(e && strstr(e, "\"entities\":[") && !strstr(e, "\"kind\":\"name\"")); /* no names */
	free(e);
	CHECK(run("QASID_MODELS=/nonexistent", "extract --no-tag --format jsonl " GOLDEN "train-ner.txt") == 0);
	e = t_read_file(tmpdir.err, NULL);
	CHECK(e && !*e);
	free(e);
	snprintf(args, sizeof args, "extract --tokens --format jsonl --pos-model %s --ner-model %s -",
	         tiny_model(QASID_TASK_POS), tiny_model(QASID_TASK_NER));
	CHECK(run("echo 'The army said Asif told Reuters in Kabul.' |", args) == 0);
	e = t_read_file(tmpdir.out, NULL);
	CHECK(e && strstr(e, "\"pos\":\"DET\",\"xpos\":\"DT\"") && strstr(e, ",\"type\":\""));
	free(e);
	snprintf(args, sizeof args, "model check %s", tiny_model(QASID_TASK_POS));
	CHECK(run("", args) == 0);
}

/* The readers and the scorer against the counts in ../shared/data READMEs. */
static void t_shared_corpora(void)
{
	const char *ewt = t_shared("ud-english-ewt/en_ewt-ud-dev.conllu");
	qasid_corpus *c = NULL;
	qasid_err err = {0};
	qasid_score s;
	size_t i;

	if (!ewt) {
		t_skip("../shared/data absent");
		return;
	}
	CHECK(qasid_corpus_read(&c, QASID_TASK_POS, ewt, &err) == QASID_OK);
	CHECK(qasid_corpus_n_tokens(c) == 25147 && qasid_corpus_n_sentences(c) == 2001);
	CHECK(qasid_corpus_has_gold(c));
	qasid_corpus_free(c);
	CHECK(t_shared("conll2003/test.txt"));
	CHECK(qasid_corpus_read(&c, QASID_TASK_NER, t_shared("conll2003/test.txt"), &err) == QASID_OK);
	CHECK(qasid_corpus_n_tokens(c) == 46435 && qasid_corpus_n_sentences(c) == 3453);
	CHECK(c->docs.n - 1 == 231);
	/* Gold scored against itself: every entity found. */
	{
		char types[4][8] = {"LOC", "MISC", "ORG", "PER"};

		c->n_types = 4;
		memcpy(c->types, types, sizeof types);
		for (i = 0; i + 1 < c->sent.n; i++)
			cp_ner_gold(c, i, types, 4, c->pred.v + c->sent.v[i]);
		c->tagged = 1;
	}
	CHECK(qasid_corpus_score(c, &s, &err) == QASID_OK);
	CHECK_MSG(s.all.n_gold == 5648 && s.all.n_correct == 5648 && s.all.f1 == 100,
	          "gold %zu correct %zu", s.all.n_gold, s.all.n_correct);
	CHECK(s.types[0].n_gold == 1668 && s.types[1].n_gold == 702 && s.types[2].n_gold == 1661 &&
	      s.types[3].n_gold == 1617);
	qasid_corpus_free(c);
}

static void t_cleanup(void)
{
	CHECK(t_tmp_remove(&tmpdir) == 0);
}

/*
 * Per-decision perceptrons averaged (pc_mc_merge): two learners of a
 * three-class task over differently ordered examples, merged at half
 * weight each, still classify every example; one learner merged at weight 1
 * scores as itself.
 */
static void mc_examples(pc_mc *m, int reverse)
{
	for (int ep = 0; ep < 5; ep++)
		for (int k = 0; k < 30; k++) {
			int i = reverse ? 29 - k : k;
			uint64_t f[2] = {pc_f1(7, (uint64_t)i % 3), pc_f1(8, (uint64_t)i)};
			float sc[3] = {0, 0, 0};
			uint32_t pred = 0;

			pc_mc_score(m, f, 2, sc);
			for (uint32_t l = 1; l < 3; l++)
				if (sc[l] > sc[pred])
					pred = l;
			CHECK(pc_mc_update(m, f, 2, (uint32_t)i % 3, pred) == QASID_OK);
			pc_mc_tick(m);
		}
}

static void t_mc_merge(void)
{
	pc_mc *a = NULL, *b = NULL, *sum = NULL, *one = NULL;
	pc_model ma, ms;
	int32_t sa[16], ss[16];

	CHECK(pc_mc_new(&a, 3) == QASID_OK && pc_mc_new(&b, 3) == QASID_OK);
	CHECK(pc_mc_new(&sum, 3) == QASID_OK && pc_mc_new(&one, 3) == QASID_OK);
	mc_examples(a, 0);
	mc_examples(b, 1);
	CHECK(pc_mc_merge(sum, a, 0.5) == QASID_OK && pc_mc_merge(sum, b, 0.5) == QASID_OK);
	CHECK(pc_mc_merge(one, a, 1.0) == QASID_OK);
	CHECK(pc_mc_model(sum, 0, &ms) == QASID_OK);
	for (int i = 0; i < 30; i++) {
		uint64_t f[2] = {pc_f1(7, (uint64_t)i % 3), pc_f1(8, (uint64_t)i)};
		int best = 0;

		memset(ss, 0, sizeof ss);
		pc_model_score(&ms, f, 2, ss);
		for (int l = 1; l < 3; l++)
			if (ss[l] > ss[best])
				best = l;
		CHECK(best == i % 3);
	}
	pc_model_free(&ms);
	CHECK(pc_mc_model(a, 0, &ma) == QASID_OK && pc_mc_model(one, 0, &ms) == QASID_OK);
	for (int i = 0; i < 30; i++) {
		uint64_t f[2] = {pc_f1(7, (uint64_t)i % 3), pc_f1(8, (uint64_t)i)};

		memset(sa, 0, sizeof sa);
		memset(ss, 0, sizeof ss);
		pc_model_score(&ma, f, 2, sa);
		pc_model_score(&ms, f, 2, ss);
		CHECK(!memcmp(sa, ss, 3 * sizeof *sa));
	}
	pc_model_free(&ma);
	pc_model_free(&ms);
	pc_mc_free(a);
	pc_mc_free(b);
	pc_mc_free(sum);
	pc_mc_free(one);
}

/*
 * Training an epoch at a time (pc_run): five epochs give pc_train's model of
 * five epochs; the averaged weights merged at weight 1 score as the run's
 * own model; two runs of other seeds, merged at half weight each, still
 * learn the task (bagging).
 */
static void t_seq_bags(void)
{
	static toy_task t;
	static char scratch[8192];
	pc_spec spec = {3, 1, NULL};
	pc_train_opts o = {5, 1, 0, 0, 0};
	pc_run *r[2] = {NULL, NULL};
	pc_mc *one = NULL, *sum = NULL;
	pc_model m, mr, mo, ms;
	size_t i, right = 0;
	int e, b;

	toy_task_make(&t);
	CHECK(pc_train(&spec, t.seqs, N, &o, NULL, &m, NULL, NULL) == QASID_OK);
	CHECK(pc_run_new(&r[0], &spec, t.seqs, N, 1, 0) == QASID_OK);
	for (e = 0; e < 5; e++)
		CHECK(pc_run_epoch(r[0], NULL) == QASID_OK);
	CHECK(pc_run_model(r[0], 0, &mr) == QASID_OK);
	CHECK(m.n_feats == mr.n_feats && m.n_entries == mr.n_entries && m.mask == mr.mask);
	CHECK(!memcmp(m.slots, mr.slots, (m.mask + 1) * sizeof *m.slots));
	CHECK(pc_mc_new(&one, 3) == QASID_OK && pc_run_merge(one, r[0], 1.0) == QASID_OK);
	CHECK(pc_mc_model(one, 0, &mo) == QASID_OK);
	for (i = 0; i < TN * LEN; i++) {
		int32_t a[16], c[16];

		memset(a, 0, sizeof a);
		memset(c, 0, sizeof c);
		pc_model_score(&mr, t.tfeats + i, 1, a);
		pc_model_score(&mo, t.tfeats + i, 1, c);
		CHECK(!memcmp(a, c, 3 * sizeof *a));
	}
	pc_run_free(r[0]);
	for (b = 0; b < 2; b++)
		CHECK(pc_run_new(&r[b], &spec, t.seqs, N, 2 + (uint32_t)b, 0) == QASID_OK);
	for (e = 0; e < 8; e++)
		for (b = 0; b < 2; b++)
			CHECK(pc_run_epoch(r[b], NULL) == QASID_OK);
	CHECK(pc_mc_new(&sum, 3) == QASID_OK);
	for (b = 0; b < 2; b++)
		CHECK(pc_run_merge(sum, r[b], 0.5) == QASID_OK);
	CHECK(pc_mc_model(sum, 0, &ms) == QASID_OK);
	for (i = 0; i < TN; i++)
		pc_decode(&ms, &spec, &t.test[i], scratch);
	for (i = 0; i < TN * LEN; i++)
		right += t.tpred[i] == t.tgold[i];
	CHECK_MSG(right == TN * LEN, "learned %zu of %d", right, TN * LEN);
	pc_model_free(&m);
	pc_model_free(&mr);
	pc_model_free(&mo);
	pc_model_free(&ms);
	pc_run_free(r[0]);
	pc_run_free(r[1]);
	pc_mc_free(one);
	pc_mc_free(sum);
}

const t_case t_tag_cases[] = {
	{"mc_merge", t_mc_merge},
	{"sequence bags", t_seq_bags},
	{"learner", t_learner},
	{"model round trip", t_round_trip},
	{"documents", t_documents},
	{"long documents", t_long_documents},
	{"broken models", t_broken_models},
	{"tag golden files", t_cli_golden},
	{"command errors", t_cli_errors},
	{"shared corpora", t_shared_corpora},
	{"cleanup", t_cleanup},
	{NULL, NULL}};
