/* SPDX-License-Identifier: MIT */
/*
 * Entities and quotes, seen from inside the library. Internal.
 *
 * Both stages read the document through one view (quo_view): per token its
 * lower-cased form, tags, sentence, paragraph, quote marks and the named
 * entity covering it. The functions that need syntax (quo_find_source,
 * quo_find_content) work on surface patterns today and are where a
 * dependency tree can later refine subject and clause finding.
 */
#ifndef QASID_QUOTE_H
#define QASID_QUOTE_H

#include <string.h>

#include "../doc/doc.h"

#define QV_LOW 24 /* bytes kept of a token's lower-cased form */

/* Cue words: how a word of the lexicon behaves (bits). */
enum {
	QL_SPEECH = 1 << 0,  /* say, tell, add, warn: content may follow at once */
	QL_BELIEF = 1 << 1,  /* think, believe, show: content must be a clause */
	QL_ADDR = 1 << 2,    /* tell, warn, assure: an addressee may follow */
	QL_ING = 1 << 3,     /* the -ing form: "..., adding that" */
	QL_PART = 1 << 4,    /* participle or past form (said, told) */
	QL_PRES = 1 << 5,    /* present tense (says, say) */
	QL_NOUN_OK = 1 << 6, /* a cue as a noun too ("claims"): marked, not used yet */
	QL_WEAK = 1 << 7,    /* a cue only before a colon, a quote or "to" + cue (continued:) */
	QL_LEARNED = 1 << 8  /* learned from PolNeAR train, not in the hand-written list */
};

/* Word classes besides cue verbs (bits). */
enum {
	QW_PRON_PER = 1 << 0,  /* he, she, him, her */
	QW_PRON_PL = 1 << 1,   /* they, them, we */
	QW_TITLE = 1 << 2,     /* president, minister, spokesman, Gov. */
	QW_SOURCE = 1 << 3,    /* official, source, expert, analyst: unnamed speakers */
	QW_GROUP = 1 << 4,     /* campaign, party, government, poll: groups as speakers */
	QW_REL = 1 << 5,       /* who, which, that (relative pronouns) */
	QW_AUXADV = 1 << 6,    /* has, had, also, later, reportedly: between subject and cue */
	QW_WH = 1 << 7,        /* what, how, whether, why, when, where, if */
	QW_KIN = 1 << 8,       /* nephew, wife, lawyer: people who speak for another */
	QW_ROLE = 1 << 9,      /* chancellor, sprinter, actor: a person by what they do (view.c) */
	QW_MALE = 1 << 10,     /* Mr, spokesman, king: says a person is a man */
	QW_FEMALE = 1 << 11,   /* Mrs, spokeswoman, queen */
	QW_MALE_KIN = 1 << 12, /* father, son: a man when written in lower case ("Big Brother" is a show) */
	QW_FEMALE_KIN = 1 << 13,
	QW_PRON_IT = 1 << 14   /* it: a group or firm named before, as a speaker */
};

typedef struct qv_tok {
	const char *s; /* cleaned text */
	uint32_t len;
	char low[QV_LOW];
	const char *upos, *xpos; /* "" without a POS model */
	uint32_t sent, para;
	int32_t ner;   /* index into doc->mentions, or -1 */
	uint16_t cue;  /* QL_* of the word, 0 if not a cue */
	uint16_t word; /* QW_* */
	int8_t qmark;  /* 1 double quote mark, 2 single, 0 none */
	int8_t qdir;   /* a quote mark's direction: 1 opens, -1 closes, 0 unknown */
	uint8_t qhard; /* ... read from a curly mark or guillemet, not guessed */
	int32_t inq;   /* index of the direct quote (qv.dq) holding it, or -1 */
	uint8_t cap;   /* starts with an upper-case letter */
	int8_t sex;    /* 'm' or 'f' when the word tells a person's sex ("Mrs", "spokeswoman") */
	uint32_t cluster; /* word cluster (qasid_pos), 0 if none */
	uint32_t senses;  /* WordNet classes (qs_senses), 0 if none */
	uint8_t relabel;  /* ends a label in capitals ("BENENSON:") that another paragraph repeats */
} qv_tok;

/* A quoted stretch of text: tokens (open, close) are its marks. */
typedef struct qv_dq {
	uint32_t open, close; /* close == open when unclosed (ends at paragraph end) */
	uint32_t first, last; /* content tokens, inclusive (last < first when empty) */
	uint32_t n_words;
	int used;
} qv_dq;

typedef struct quo_view {
	const qasid_doc *doc;
	uint32_t n;
	qv_tok *t;
	uint32_t *sent_first; /* n_sent + 1 */
	uint32_t n_sent;
	VEC(qv_dq) dq;
	int32_t *ner_ent; /* entity of each named-entity mention (entity.c) */
	size_t n_ner;     /* doc->ementions [0, n_ner) are the tagger's, in text order */
} quo_view;

QASID_INTERNAL int qv_build(quo_view *v, const qasid_doc *doc);
/* The token starting at byte pos of the text, or v->n when none starts there. */
QASID_INTERNAL uint32_t qv_token_at(const quo_view *v, uint32_t pos);
QASID_INTERNAL void qv_fini(quo_view *v);
/*
 * Where the text after the datelines opening a paragraph at word a starts
 * (words before hi): "NAJAF, Iraq : ...", "LOS ANGELES - ...", "Canadian
 * Press - KINSHASA, Congo (AP) - ..."; a when there is none.
 */
QASID_INTERNAL uint32_t qv_after_dateline(const qasid_doc *doc, const quo_view *v, uint32_t a,
                                          uint32_t hi);
/*
 * Does word k open its sentence as a subject stands, after a phrase with no
 * verb set off by a comma at most ("On Monday,"), and before it only words
 * of a noun phrase ("Piers Freelove is ...", "PCS Union spokesman Jeff
 * Evans said", "On Monday, defence lawyer Reid Weingarten")? Not "... did
 * Romney in", "the attacks by John Smith". (view.c)
 */
QASID_INTERNAL int qv_opens_sentence(const quo_view *v, uint32_t k);
/* Do the corpora of the glue lexicon write word t in lower case at least half
 * the time? (unknown for a word they lack) */
QASID_INTERNAL int qv_mostly_lower(const qv_tok *t, int unknown);
/* Is word k inside a tagger mention of type type ("PER", "ORG", "LOC", "MISC")? */
QASID_INTERNAL int qv_tagged(const quo_view *v, uint32_t k, const char *type);
static inline int qv_is(const quo_view *v, uint32_t i, const char *low)
{
	return i < v->n && !strcmp(v->t[i].low, low);
}
/* Is word i (lower-cased) one of words (NULL-terminated)? */
static inline int qv_in(const quo_view *v, uint32_t i, const char *const *words)
{
	for (; *words; words++)
		if (qv_is(v, i, *words))
			return 1;
	return 0;
}
/* Is word i a day of the week? */
static inline int qv_weekday(const quo_view *v, uint32_t i)
{
	static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
	                                   "friday", "saturday", "sunday", NULL};

	return qv_in(v, i, days);
}

/* Is word k a hyphen touching a word on each side ("Kilroy-Silk", "US-backed")? */
static inline int qv_glued_hyphen(const quo_view *v, uint32_t k)
{
	const qasid_span *t = v->doc->tokens.v;

	return k > 0 && k + 1 < v->n && qv_is(v, k, "-") && t[k - 1].end == t[k].start &&
	       t[k].end == t[k + 1].start;
}

/* Has word t no lower-case ASCII letter ("BREAKING", "U.S.")? */
static inline int qv_no_lower(const qv_tok *t)
{
	for (uint32_t b = 0; b < t->len; b++)
		if (t->s[b] >= 'a' && t->s[b] <= 'z')
			return 0;
	return 1;
}

static inline int qv_pos(const quo_view *v, uint32_t i, const char *upos)
{
	return i < v->n && !strcmp(v->t[i].upos, upos);
}
static inline int qv_punct(const quo_view *v, uint32_t i)
{
	return i < v->n && (v->t[i].qmark || !strcmp(v->t[i].upos, "PUNCT") ||
	                    (v->t[i].len == 1 && strchr(",.;:!?()[]-", v->t[i].s[0])));
}
/* Is token i a lone straight apostrophe (touching token i - 1, when glued)? */
static inline int qv_lone_apos(const qasid_doc *doc, uint32_t i, int glued)
{
	const qasid_span *sp;

	if (i >= doc->tokens.n)
		return 0;
	sp = &doc->tokens.v[i];
	return sp->end - sp->start == 1 && doc->text.data[sp->start] == '\'' &&
	       (!glued || (i > 0 && doc->tokens.v[i - 1].end == sp->start));
}
/*
 * Is token i a quote mark, or the second apostrophe of a '' written for a
 * double mark (which a content keeps: ''No.'')?
 */
static inline int qv_mark(const quo_view *v, uint32_t i)
{
	return i < v->n && (v->t[i].qmark || (qv_lone_apos(v->doc, i, 1) && v->t[i - 1].qmark &&
	                                      qv_lone_apos(v->doc, i - 1, 0)));
}
/* First token of sentence s, and one past its last. */
static inline uint32_t qv_sfirst(const quo_view *v, uint32_t s)
{
	return v->sent_first[s];
}
static inline uint32_t qv_send(const quo_view *v, uint32_t s)
{
	return v->sent_first[s + 1];
}

/* Cue words learned from PolNeAR train (cues_data.c, tools/gen_cues.py). */
typedef struct quo_learned_cue {
	const char *w;
	int rate; /* percent of the word's occurrences that head a cue */
} quo_learned_cue;

extern const quo_learned_cue quo_learned_cues[];
extern const size_t quo_n_learned_cues;

#define QUO_LEARNED_MIN 40 /* rate from which a learned word is a cue */

/* Lexicon (lexicon.c): bits of a lower-cased word, 0 when not listed. */
QASID_INTERNAL unsigned quo_cue_bits(const char *low);
QASID_INTERNAL unsigned quo_word_bits(const char *low);

/*
 * WordNet's lexicographer files (supersenses) of a lower-cased word, from
 * data/supersenses-en.txt: its first two noun classes in bits 0-5 and 6-11
 * (3-28: noun.act ... noun.time), its first two verb classes in bits 12-17
 * and 18-23 (29-43: verb.body ... verb.weather), QS_SENSE_SEEN set; 0 for a
 * word WordNet lacks.
 */
#define QS_SENSE_SEEN (1u << 24)
#define QS_NOUN_TOPS 3
#define QS_NOUN_GROUP 14
#define QS_NOUN_PERSON 18
#define QS_NOUN_TIME 28
#define QS_VERB_COGNITION 31
#define QS_VERB_COMMUNICATION 32
#define QS_NOUN1(v) ((v) & 63u)
#define QS_NOUN2(v) ((v) >> 6 & 63u)
#define QS_VERB1(v) ((v) >> 12 & 63u)
#define QS_VERB2(v) ((v) >> 18 & 63u)
QASID_INTERNAL uint32_t qs_senses(const char *low);

/* Entities (entity.c). */
QASID_INTERNAL int ent_run(qasid_doc *doc, quo_view *v);
/*
 * The entity that tokens [first, last] name, adding a mention (and a new
 * entity for a pronoun without antecedent or an unnamed source) when needed.
 * Returns the entity index, -1 when the span names nothing, or QASID_ENOMEM
 * through *rc.
 */
QASID_INTERNAL int32_t ent_attach(qasid_doc *doc, const quo_view *v, uint32_t first,
                                  uint32_t last, int *rc);
/*
 * The sex of entity ent as its mentions so far tell it: the word before a
 * mention or one inside it ("Mr Blair", "Mrs Maguire", "spokeswoman Ann
 * Smith", "Big Brother's spokeswoman") and, when pronouns is set, the
 * pronouns that stood for it; 'm', 'f', or 0 when nothing or both are told.
 */
QASID_INTERNAL int ent_sex(const qasid_doc *doc, uint32_t ent, int pronouns);
/* The first of the tagger's entity mentions (in text order) at or after byte pos. */
QASID_INTERNAL size_t ent_first_mention_at(const qasid_doc *doc, const quo_view *v, uint32_t pos);
/* Gives entity mention k to entity to, keeping the counts right. */
QASID_INTERNAL void ent_move_mention(qasid_doc *doc, const quo_view *v, size_t k, uint32_t to);
/*
 * Gives unnamed entity ent, with no affiliation yet, the name after "led
 * by", "headed by" or "run by" at word a of its source's rest [a, b]: "The
 * group [led by wanted terrorist Abu Musab al-Zarqawi]". Returns QASID_OK
 * or QASID_ENOMEM.
 */
QASID_INTERNAL int ent_led_by(qasid_doc *doc, const quo_view *v, int32_t ent, uint32_t a,
                              uint32_t b);
/* Fills the entities' mention lists; call after the last ent_attach. */
QASID_INTERNAL int ent_finish(qasid_doc *doc);

/*
 * The parser's tree over the document (qmodel.c): per token its subtree's
 * first and last token (trees are projective: a subtree is one run), first
 * child and next sibling (in token order; UINT32_MAX when none). n is 0
 * when no parser ran. A token of a sentence the parser skipped has rel "".
 */
typedef struct quo_tree {
	uint32_t n;
	uint32_t *lo, *hi, *kid, *sib;
	const qasid_dep *deps;
	uint32_t *mem;
} quo_tree;

QASID_INTERNAL int qt_build(quo_tree *t, const qasid_doc *doc);
QASID_INTERNAL void qt_fini(quo_tree *t);

/* The learned cue and role model (qmodel.c). */
#define QM_MAX_FEATS 160
#define QM_MAX_CANDS 40
enum { QM_NONE = 0, QM_CONTENT = 1, QM_SOURCE = 2, QM_N_ROLES = 3 };

/* A span the tree offers around a cue: tokens [a0, b0] and [a1, b1] (a1 UINT32_MAX: none). */
typedef struct qm_cand {
	uint32_t a0, b0, a1, b1;
	uint32_t kind; /* which kind of span (qmodel.c) */
	uint32_t head; /* the token whose subtree it is */
	uint32_t trimmed;
} qm_cand;

/* May token i head a cue (a verb, noun or adjective of a parsed sentence, or "according")? */
QASID_INTERNAL int qm_is_candidate(const quo_view *v, const quo_tree *t, uint32_t i);
QASID_INTERNAL uint32_t qm_cue_features(const quo_view *v, const quo_tree *t, uint32_t i,
                                        uint64_t *f, uint32_t cap);
QASID_INTERNAL int qm_candidates(const quo_view *v, const quo_tree *t, uint32_t c, qm_cand *out,
                                 int max);
QASID_INTERNAL uint32_t qm_role_features(const quo_view *v, const quo_tree *t, uint32_t c,
                                         const qm_cand *x, uint64_t *f, uint32_t cap);
/* Does the model take candidate token i for a cue? */
QASID_INTERNAL int qm_cue_yes(const qasid_quote_model *qm, const quo_view *v, const quo_tree *t,
                              uint32_t i);
/*
 * The content and source of cue c, as the role model picks them among the
 * tree's spans: 0 when the tree offers none; source->a0 is UINT32_MAX when
 * no span scores as a source.
 */
QASID_INTERNAL int qm_roles(const qasid_quote_model *qm, const quo_view *v, const quo_tree *t,
                            uint32_t c, qm_cand *content, qm_cand *source);
/* Has the lower-cased word headed a cue in the training data? */
QASID_INTERNAL int qm_wants(const qasid_quote_model *qm, const char *low);

/* Quotes (quote.c). */
QASID_INTERNAL int quo_run(qasid_doc *doc, quo_view *v, const qasid_quote_model *qm);

#endif
