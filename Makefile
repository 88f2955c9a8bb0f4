# qasid: plain GNU Makefile. `make` builds build/qasid and build/libqasid.a;
# `make test` runs the tests; `make check` adds the ASan+UBSan run.
# SAN=1 builds everything with sanitizers into build-san/.

CC ?= cc
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wvla -Wformat=2
WERROR ?=
CPPFLAGS += -D_GNU_SOURCE -Iinclude
PKGS = libutf8proc jansson
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SHARED ?= ../shared

ifeq ($(SAN),1)
BUILD = build-san
CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
else
BUILD = build
endif

ALL_CFLAGS = $(WARN) $(WERROR) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP

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

.PHONY: all test check san-test regen demo bench clean format install deps

all: $(DEPS_OK) $(LIB) $(BIN)

# Installs (as root) or names the Debian packages the build needs.
$(DEPS_OK): scripts/setup
	@scripts/setup
	@mkdir -p $(BUILD) && touch $@
deps: $(DEPS_OK)

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
	QASID_REGEN=1 QASID_BIN=$(BIN) QASID_SHARED=$(SHARED) $(TESTBIN) tokenize sentsplit debris

demo: all
	$(BIN) extract --format text examples/pakistan-ttp-clash.txt
	@echo
	@echo "The same as JSON (spans are code points into \"text\"); the first sentences and drops:"
	$(BIN) extract --format json examples/pakistan-ttp-clash.txt | grep -A4 -E '"(sentences|dropped|warnings)"' 

bench: all $(BUILD)/bench/bench_segment
	$(BUILD)/bench/bench_segment $(SHARED)/data/news-text/bbc-fulltext.jsonl.gz

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

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
