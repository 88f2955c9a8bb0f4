# qasid: plain GNU Makefile. `make` builds build/qasid and build/libqasid.a;
# `make test` runs the tests; `make check` adds the ASan+UBSan run.
# SAN=1 builds everything with sanitizers into build-san/.

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wvla -Wformat=2
WERROR ?=
CPPFLAGS += -D_GNU_SOURCE -Iinclude
PKGS = libutf8proc jansson libxml-2.0 zlib libzstd sqlite3 libpq
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
SHARED ?= ../shared

ifeq ($(SAN),1)
BUILD = build-san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build
endif

ALL_CFLAGS = $(WARN) $(WERROR) $(CFLAGS) $(PKG_CFLAGS) -pthread -MMD -MP
LDFLAGS += -pthread

LIB_SRC = $(sort $(wildcard src/*.c src/*/*.c))
CLI_SRC = $(sort $(wildcard cli/*.c))
TEST_SRC = $(sort $(wildcard tests/*.c))
BENCH_SRC = $(sort $(wildcard bench/*.c))

LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ = $(TEST_SRC:%.c=$(BUILD)/%.o)

LIB = $(BUILD)/libqasid.a
BIN = $(BUILD)/qasid
TESTBIN = $(BUILD)/tests/run
DEPS_OK = $(BUILD)/.deps-ok

.PHONY: all test check san-test regen demo bench clean format install deps models gazetteer

all: $(DEPS_OK) $(LIB) $(BIN)

# Installs (as root) or names the Debian packages the build needs.
$(DEPS_OK): scripts/setup
	@scripts/setup
	@mkdir -p $(BUILD) && touch $@
deps: $(DEPS_OK)

# A file's bytes as a NUL-terminated C array, a shell command:
# $(call c_bytes,NAME,FILE[,TYPE]) (TYPE unsigned char unless given).
c_bytes = echo 'static const $(or $(3),unsigned char) $(1)[] = {'; \
	od -An -v -tx1 $(2) | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0x00};'

# The store's schemas (src/store/schema.sql, schema-pg.sql) become C strings at build time.
$(BUILD)/gen/store_schema.h: src/store/schema.sql src/store/schema-pg.sql
	@mkdir -p $(dir $@)
	{ $(call c_bytes,st_schema_sql,src/store/schema.sql,char); \
	  $(call c_bytes,st_schema_pg_sql,src/store/schema-pg.sql,char); } >$@
$(BUILD)/src/store/schema.o: $(BUILD)/gen/store_schema.h
$(BUILD)/src/store/schema.o: CPPFLAGS += -I$(BUILD)/gen

# The built-in actor dictionaries and gazetteer (data/*.txt) become C strings.
EVT_DATA = data/actors-countries-en.txt data/actors-en.txt
$(BUILD)/gen/actors_data.h: $(EVT_DATA)
	@mkdir -p $(dir $@)
	{ $(call c_bytes,evt_actors_countries,data/actors-countries-en.txt); \
	  $(call c_bytes,evt_actors_en,data/actors-en.txt); } >$@
$(BUILD)/gen/places_data.h: data/places-en.txt
	@mkdir -p $(dir $@)
	{ $(call c_bytes,evt_places_en,$<); } >$@
$(BUILD)/src/event/actor.o: $(BUILD)/gen/actors_data.h
$(BUILD)/src/event/actor.o: CPPFLAGS += -I$(BUILD)/gen
$(BUILD)/src/event/place.o: $(BUILD)/gen/places_data.h
EVT_VERBS ?= data/verbs-en.txt
$(BUILD)/gen/verbs_data.h: $(EVT_VERBS) data/cameo-en.tsv
	@mkdir -p $(dir $@)
	{ $(call c_bytes,evt_verbs_en,$(EVT_VERBS)); \
	  $(call c_bytes,evt_cameo_tsv,data/cameo-en.tsv); } >$@
$(BUILD)/src/event/verbs.o: $(BUILD)/gen/verbs_data.h
$(BUILD)/src/event/verbs.o: CPPFLAGS += -I$(BUILD)/gen
$(BUILD)/src/event/place.o: CPPFLAGS += -I$(BUILD)/gen
# WordNet's classes of words for the quote model (tools/build_supersenses.py).
$(BUILD)/gen/supersenses_data.h: data/supersenses-en.txt
	@mkdir -p $(dir $@)
	{ $(call c_bytes,qs_supersenses_en,$<); } >$@
$(BUILD)/src/quote/senses.o: $(BUILD)/gen/supersenses_data.h
$(BUILD)/src/quote/senses.o: CPPFLAGS += -I$(BUILD)/gen

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(PKG_LIBS)

$(TESTBIN): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(PKG_LIBS)

# The test runner finds the tool, the golden files and ../shared through
# the environment; tests that need ../shared skip when it is absent.
test: all $(TESTBIN)
	QASID_BIN=$(BIN) QASID_SHARED=$(SHARED) $(TESTBIN)

san-test:
	$(MAKE) SAN=1 test

check: test san-test

regen: all $(TESTBIN)
	QASID_REGEN=1 QASID_BIN=$(BIN) QASID_SHARED=$(SHARED) $(TESTBIN) tokenize sentsplit debris tag actors dates counts quote entity

demo: all
	$(BIN) extract --format text --date 2023-04-09 examples/pakistan-ttp-clash.txt
	@echo
	@echo "The same as JSON (spans are code points into \"text\"); the first sentences and drops:"
	$(BIN) extract --format json examples/pakistan-ttp-clash.txt | grep -A4 -E '"(sentences|dropped|warnings)"' 

bench: all $(BUILD)/bench/bench_segment $(BUILD)/bench/bench_tag $(BUILD)/bench/bench_ingest \
       $(BUILD)/bench/bench_html $(BUILD)/bench/bench_parse $(BUILD)/bench/bench_event $(BUILD)/bench/bench_quote
	$(BUILD)/bench/bench_segment $(SHARED)/data/news-text/bbc-fulltext.jsonl.gz
	$(BUILD)/bench/bench_event $(SHARED)/data/news-text/bbc-fulltext.jsonl.gz
	$(BUILD)/bench/bench_tag models $(SHARED)/data
	bench/peers/opennlp_pos.sh $(SHARED) $(BIN) || true
	bench/peers/opennlp_ner.sh $(SHARED) $(BIN) || true
	$(BUILD)/bench/bench_parse models $(SHARED)/data
	$(BUILD)/bench/bench_quote models $(SHARED)/data/news-text/bbc-fulltext.jsonl.gz
	$(BUILD)/bench/bench_ingest $(BIN) $(SHARED)/data/news-text/bbc-fulltext.jsonl.gz models
	$(BUILD)/bench/bench_html $(SHARED)/data/article-extraction/html 3
	node bench/peers/readability.js $(SHARED)/data/article-extraction/html 1 || true

# libFuzzer targets (fuzz/), with clang, ASan and UBSan, into build-fuzz/.
FUZZ_TARGETS = fuzz_html fuzz_warc fuzz_jsonl fuzz_verbs
FUZZ_SECONDS ?= 25
FUZZ_FLAGS = -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
.PHONY: fuzz fuzz-run
fuzz: $(FUZZ_TARGETS:%=build-fuzz/%)
build-fuzz/%: fuzz/%.c $(LIB_SRC) $(wildcard src/*/*.h) include/qasid.h $(BUILD)/gen/store_schema.h $(BUILD)/gen/actors_data.h $(BUILD)/gen/places_data.h $(BUILD)/gen/verbs_data.h \
              $(BUILD)/gen/supersenses_data.h | $(DEPS_OK)
	@mkdir -p build-fuzz
	clang $(CPPFLAGS) -I$(BUILD)/gen $(FUZZ_FLAGS) $(PKG_CFLAGS) -pthread -o $@ $< $(LIB_SRC) $(PKG_LIBS)
fuzz-run: fuzz
	for t in $(FUZZ_TARGETS); do \
		mkdir -p build-fuzz/corpus-$$t && \
		build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=2048 \
			-timeout=10 -print_final_stats=0 -artifact_prefix=build-fuzz/$$t- \
			build-fuzz/corpus-$$t fuzz/corpus/$${t#fuzz_} >build-fuzz/$$t.log 2>&1 || \
			{ tail -40 build-fuzz/$$t.log; exit 1; }; \
		tail -1 build-fuzz/$$t.log; \
	done

# The taggers' and the parser's models, rebuilt from ../shared/data (minutes; models/README.md
# has the figures). Training is deterministic: the same inputs give the same files.
EWT = $(SHARED)/data/ud-english-ewt
CONLL = $(SHARED)/data/conll2003
models: all
	nice $(BIN) train pos --train $(EWT)/en_ewt-ud-train.conllu --dev $(EWT)/en_ewt-ud-dev.conllu \
		--clusters data/clusters-en.txt -o models/pos-en.qm
	nice $(BIN) train ner --train $(CONLL)/train.txt --dev $(CONLL)/dev.txt \
		--clusters data/clusters-en.txt --gazetteer data/gazetteer-en.txt -o models/ner-en.qm
	nice python3 tools/jackknife_pos.py $(BIN) $(EWT)/en_ewt-ud-train.conllu \
		$(EWT)/en_ewt-ud-dev.conllu data/clusters-en.txt 5 $(BUILD)/ewt-train-jk.conllu \
		--stages 1 --epochs 15 --patience 3
	nice $(BIN) train parse --train $(BUILD)/ewt-train-jk.conllu --jackknifed \
		--dev $(EWT)/en_ewt-ud-dev.conllu --clusters data/clusters-en.txt \
		--epochs 15 --patience 3 --prune 0.75 -o models/parse-en.qm
	$(BIN) eval pos -m models/pos-en.qm $(EWT)/en_ewt-ud-dev.conllu $(EWT)/en_ewt-ud-test.conllu
	$(BIN) eval ner -m models/ner-en.qm $(CONLL)/dev.txt $(CONLL)/test.txt
	$(BIN) eval parse -m models/parse-en.qm $(EWT)/en_ewt-ud-dev.conllu $(EWT)/en_ewt-ud-test.conllu
	sha256sum models/*.qm

# The built-in country actors and places (data/actors-countries-en.txt,
# data/places-en.txt) from Debian's iso-codes and tools/build_actors.py's tables.
.PHONY: actors
actors:
	python3 tools/build_actors.py

# The quote stage's learned cue words, from PolNeAR train only (models/README.md).
.PHONY: cues
cues:
	python3 tools/gen_cues.py --polnear $(SHARED)/data/polnear/train -o src/quote/cues_data.c

# The quote stage's learned cue and role model, from PolNeAR train only, over the
# trees of models/parse-en.qm (models/README.md). Deterministic.
.PHONY: quote-model
quote-model: all
	python3 tools/quote_gold.py --qasid $(BIN) --polnear $(SHARED)/data/polnear/train \
		-o $(BUILD)/polnear-train.jsonl
	$(BIN) train quotes --train $(BUILD)/polnear-train.jsonl --prune 1.5 --vocab-rate 20 --bags 8 -o models/quote-en.qm
	python3 $(SHARED)/tools/score_quotes.py --gold $(SHARED)/data/polnear/dev --qasid $(BIN)
	sha256sum models/quote-en.qm

# Two-fold cross-validation of the quote model on PolNeAR train (docs/quotes.md, "Measuring
# the model without dev"): the options of quote-model, each half scored by a model of the other.
.PHONY: quote-cv
quote-cv: all
	test -f $(BUILD)/polnear-train.jsonl || python3 tools/quote_gold.py --qasid $(BIN) \
		--polnear $(SHARED)/data/polnear/train -o $(BUILD)/polnear-train.jsonl
	python3 tools/quote_cv.py --qasid $(BIN) --polnear $(SHARED)/data/polnear/train \
		--gold-jsonl $(BUILD)/polnear-train.jsonl --work $(BUILD)/quote-cv \
		-- --prune 1.5 --vocab-rate 20 --bags 8

# The NER gazetteer (data/gazetteer-en.txt) from GeoNames, iso-codes, WordNet, miscfiles.
gazetteer:
	python3 tools/build_gazetteer.py --shared $(SHARED) -o data/gazetteer-en.txt

# WordNet's classes of the words of data/lexicon-en.tsv (data/supersenses-en.txt), from
# Debian's wordnet-base; the quote model is trained on them (make quote-model after).
.PHONY: supersenses
supersenses:
	python3 tools/build_supersenses.py -o data/supersenses-en.txt

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) -lz

# Word clusters for the NER tagger (data/clusters-en.README.md): the text under
# $(SHARED)/data tokenized by tools/brown/corpus.py, clustered by tools/brown.
.PHONY: clusters
clusters: $(BUILD)/tools/brown
	python3 tools/brown/corpus.py $(SHARED) $(BUILD)/brown-corpus.txt
	nice $(BUILD)/tools/brown -c 1000 -m 2 -o data/clusters-en.txt $(BUILD)/brown-corpus.txt

$(BUILD)/tools/brown: tools/brown/brown.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(WERROR) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

format:
	clang-format -i include/*.h src/*.c src/*/*.[ch] cli/*.[ch] tests/*.[ch] bench/*.c

prefix ?= /usr/local
install: all
	install -d $(DESTDIR)$(prefix)/bin $(DESTDIR)$(prefix)/lib $(DESTDIR)$(prefix)/include
	install -m 755 $(BIN) $(DESTDIR)$(prefix)/bin/qasid
	install -m 644 $(LIB) $(DESTDIR)$(prefix)/lib/libqasid.a
	install -m 644 include/qasid.h $(DESTDIR)$(prefix)/include/qasid.h
	install -d $(DESTDIR)$(prefix)/share/qasid/models
	install -m 644 models/*.qm $(DESTDIR)$(prefix)/share/qasid/models/

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
