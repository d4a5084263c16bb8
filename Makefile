# cbenchstat: GNU make build.  See README.md.
## all: build cbenchstat and libcbenchstat.a (default)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man
INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL) -m 755
INSTALL_DATA ?= $(INSTALL) -m 644

CC ?= cc
# One file is C++: the C-linkage wrapper around RE2 (src/query/regex_re2.cc).
CXX ?= c++
# Warnings are errors in CI (CI=true, as .ci/run runs) and warnings
# elsewhere, so a newer compiler's new warning does not stop a user's build;
# `make WERROR=-Werror` asks for CI's rule anywhere.
ifeq ($(CI),true)
WERROR ?= -Werror
else
WERROR ?=
endif
# Build products go to $(B); `make sanitize` uses a separate tree.
B ?= build
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wcast-qual -Wwrite-strings -Wundef \
	-Wvla -Wswitch-enum -Wfloat-equal
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	$(WERROR) -Iinclude -Isrc $(CFLAGS) $(EXTRA_CFLAGS)
CXXWARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wcast-qual \
	-Wwrite-strings -Wundef -Wswitch-enum -Wfloat-equal
ALL_CXXFLAGS = -std=c++17 $(CXXWARN) $(WERROR) -Iinclude -Isrc $(CFLAGS) \
	$(EXTRA_CFLAGS)
PKGS = gsl re2 jansson sqlite3 libpq libcrypto
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lgsl -lgslcblas -lre2 -ljansson -lsqlite3 -lpq -lcrypto)
# RE2 needs the C++ runtime; the programs are linked by $(CC).
LIBS = $(PKG_LIBS) -lstdc++ -lm
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# src/ holds one folder per stage (src/README.md); src/cli/ is the
# program, the rest is libcbenchstat.a.
CLI_SRC := $(wildcard src/cli/*.c)
CLI_OBJ := $(CLI_SRC:src/%.c=$(B)/obj/%.o)
LIB_SRC := $(filter-out $(CLI_SRC),$(wildcard src/*/*.c))
LIB_CXX_SRC := $(wildcard src/*/*.cc)
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/obj/%.o) $(LIB_CXX_SRC:src/%.cc=$(B)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)

TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)
HDRS := $(wildcard include/*.h src/*/*.h)
TEST_HDRS := $(wildcard tests/*.h tests/fuzz/*.h)

all: cbenchstat

# ./cbenchstat may be running (a CI step, a FIFO it waits on): copying
# over it fails with "Text file busy".  So the new binary is copied to a
# temporary name and renamed over it, and only when it changed.
cbenchstat: $(B)/cbenchstat
	@if [ "$(B)" = build ] && ! cmp -s $(B)/cbenchstat cbenchstat; then \
		tmp=.cbenchstat.$$$$; \
		cp $(B)/cbenchstat $$tmp && mv -f $$tmp cbenchstat || \
		{ rm -f $$tmp; exit 1; }; fi

$(B)/cbenchstat: $(CLI_OBJ) $(B)/libcbenchstat.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(LDFLAGS)

$(B)/libcbenchstat.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# The program sees the library through the public header alone: its
# objects are compiled without -Isrc.
$(CLI_OBJ): $(B)/obj/cli/%.o: src/cli/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Isrc,$(ALL_CFLAGS)) -c -o $@ $<

$(B)/obj/%.o: src/%.cc $(HDRS)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/%.c $(B)/libcbenchstat.a $(HDRS) $(TEST_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(TEST_OBJ) \
		$(B)/libcbenchstat.a \
		$(CMOCKA_LIBS) $(LIBS) $(LDFLAGS) $(TEST_LDFLAGS)

# tests/history.sh's SQLite client (no sqlite3 shell needed).
$(B)/tests/sqlq: tests/sqlq.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIBS) $(LDFLAGS)

# The shell tests' JSON validator (tests/jsonok.h, no Python needed).
$(B)/tests/jsonok: tests/jsonok.c tests/jsonok.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIBS) $(LDFLAGS)

# test_reader checks the CLI's argument handling too.
$(B)/tests/test_reader: $(B)/obj/cli/cli_inputs.o
$(B)/tests/test_reader: TEST_OBJ = $(B)/obj/cli/cli_inputs.o

# test_filter makes RE2 run out of memory (operator new, on demand).
$(B)/tests/failnew.o: tests/failnew.cc tests/failnew.h
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -c -o $@ $<
# It also checks the fuzz harness's PCRE2 writer, which walks the parse.
$(B)/tests/regex_pcre2.o: tests/fuzz/regex_pcre2.c tests/fuzz/regex_pcre2.h \
    $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(B)/tests/test_filter: $(B)/tests/failnew.o $(B)/tests/regex_pcre2.o
$(B)/tests/test_filter: TEST_OBJ = $(B)/tests/failnew.o \
	$(B)/tests/regex_pcre2.o

# tests/filter_nomem.sh preloads it into cbenchstat to make RE2 run out of
# memory at each of its allocations in turn.
$(B)/tests/failnew_preload.so: tests/failnew.cc tests/failnew.h
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -shared -fPIC -o $@ $<

# test_pipeline fails the library's allocations one by one (the
# history's too).
$(B)/tests/test_pipeline: TEST_LDFLAGS = \
	-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
	-Wl,--wrap=strdup,--wrap=strndup,--wrap=open_memstream

# test_htab fails the hash tables' allocations on demand.
$(B)/tests/test_htab: TEST_LDFLAGS = -Wl,--wrap=calloc

# examples/compare.c embeds the library through include/cbenchstat.h
# alone: without -Isrc, a declaration the public header lacks fails here.
$(B)/examples/%: examples/%.c include/cbenchstat.h $(B)/libcbenchstat.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(WERROR) -Iinclude \
		$(CFLAGS) $(EXTRA_CFLAGS) -o $@ $< $(B)/libcbenchstat.a \
		$(LIBS) $(LDFLAGS)

## check: unit tests, golden tests, the API example, symbol and man-page lint
# test_store_pg and tests/history_pg.sh run against a throwaway
# PostgreSQL cluster (tests/pgtmp.sh), or print SKIP when no server is
# installed (test_store_pg's SQLite tests run without it first).
# The steps run side by side (tests/lanes.sh: a lane per processor and one
# more, CHECK_JOBS=1 for one after another), longest first; the output of
# each step is printed after all are done, in this order.
check: all $(TEST_BIN) $(B)/bench/soundness $(B)/examples/compare \
    $(B)/tests/sqlq $(B)/tests/jsonok $(B)/bench/history_sim \
    $(B)/tests/failnew_preload.so
	@sh tests/lanes.sh \
		'LC_ALL=C sh tests/hostile.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/soundness_gate.sh $(B)/bench/soundness \
		    $(B)/cbenchstat' \
		'LC_ALL=C sh tests/filter_nomem.sh $(B)/cbenchstat' \
		'LC_ALL=C ./$(B)/tests/test_check_json' \
		'LC_ALL=C sh tests/html.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/cli.sh $(B)/cbenchstat $(B)/tests/jsonok' \
		'LC_ALL=C sh tests/check_agree.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/history_html.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/history.sh $(B)/cbenchstat $(B)/tests/sqlq \
		    $(B)/tests/jsonok' \
		'LC_ALL=C sh tests/history_pg.sh $(B)/cbenchstat \
		    $(B)/tests/jsonok' \
		'LC_ALL=C sh tests/golden.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/conformance.sh $(B)/cbenchstat' \
		$(foreach t,$(filter-out %/test_check_json %/test_store_pg, \
		    $(TEST_BIN)), 'LC_ALL=C ./$(t)') \
		'LC_ALL=C ./$(B)/tests/test_store_pg && \
		    LC_ALL=C sh tests/pgtmp.sh run ./$(B)/tests/test_store_pg' \
		'LC_ALL=C sh tests/man_examples.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/inputs.sh $(B)/cbenchstat' \
		'LC_ALL=C sh tests/soundness.sh $(B)/bench/soundness $(B)/cbenchstat' \
		'LC_ALL=C sh tests/example.sh $(B)/examples/compare' \
		'LC_ALL=C sh tests/history_sim.sh $(B)/bench/history_sim' \
		'sh tests/check_symbols.sh $(B)/libcbenchstat.a' \
		'sh tests/deps.sh $(B)/obj' \
		'if command -v mandoc >/dev/null 2>&1; then \
		    mandoc -Tlint -W warning man/cbenchstat.1; fi'

## sanitize: the whole check under AddressSanitizer and UBSan
sanitize:
	$(MAKE) B=build-san OPT="-O1 -g -fno-omit-frame-pointer" \
		EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" check

## bench: time cbenchstat against one awk pass on generated S and L inputs
bench: all $(B)/bench/genbench $(B)/bench/runstat
	sh bench/run.sh $(B) $(BENCH_RUNS)

BENCH_RUNS ?= 5

## bench-history: time record, history and the gate over a 1,000-commit db
bench-history: all $(B)/bench/genbench $(B)/tests/sqlq
	sh bench/history.sh $(B) $(HISTORY_COMMITS) 3

HISTORY_COMMITS ?= 1000

$(B)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARN) $(WERROR) -o $@ $< -lm

## soundness: simulate the gate's false alarms and power (A/A, A/B trials)
soundness: all $(B)/bench/soundness $(B)/bench/history_sim
	$(B)/bench/soundness -t $(SOUNDNESS_TRIALS) -g '$(SOUNDNESS_GATE)' \
		$(SOUNDNESS_FLAGS) $(B)/cbenchstat
	@echo "changes to many benchmarks: mixed model, n = 10, seed 1," \
	    "$(SOUNDNESS_TRIALS) trials a line"
	@for c in one $(SOUNDNESS_CHANGES); do \
		case $$c in \
		one) f= ;; \
		*-o) f="-c $${c%-o} -o" ;; \
		*) f="-c $$c" ;; \
		esac; \
		out=$$($(B)/bench/soundness -t $(SOUNDNESS_TRIALS) -m mixed \
		    -n 10 $$f -g '$(SOUNDNESS_GATE)' $(B)/cbenchstat) || \
		    exit 1; \
		echo "$$out" | grep '^slowed '; \
	done
	@echo "leaks: 10 benchmarks' B/op, A/A constant, A/B +1% a run"
	$(B)/bench/soundness -L -b 10 -n 10,20 -m mixed -x 1 \
		-t $(SOUNDNESS_TRIALS) -g '$(SOUNDNESS_GATE)' $(B)/cbenchstat
	sh bench/goab.sh $(B)/cbenchstat $(GOAB_COUNT) $(GOAB_BENCHTIME)
	for n in 30 60 100; do \
		$(B)/bench/history_sim -a -t $(SOUNDNESS_TRIALS) -n $$n || \
		    exit 1; \
	done
	for r in $(SOUNDNESS_RAMPS); do \
		$(B)/bench/history_sim -t $(SOUNDNESS_TRIALS) -n $${r%%:*} \
		    -ramp $${r#*:} || exit 1; \
	done
	sh bench/history_sim_backends.sh $(B) $(SOUNDNESS_TRIALS) 60

SOUNDNESS_TRIALS ?= 200
SOUNDNESS_GATE ?= -threshold 5
SOUNDNESS_FLAGS ?=
# History's ramps, COMMITS:START:LENGTH:SIZE%: issue 21's three, then
# other lengths, sizes and places (early, late, at the end).
SOUNDNESS_RAMPS ?= 300:100:12:12 150:25:100:12 300:100:100:12 \
	300:150:30:12 300:20:50:12 60:20:20:12 100:40:6:8 100:80:20:10
# Fractions of the benchmarks slowed alike; -o: the others get faster.
SOUNDNESS_CHANGES ?= 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1.0 0.5-o
# The real A/B (bench/goab.sh, when go is installed): rounds, -benchtime.
GOAB_COUNT ?= 10
GOAB_BENCHTIME ?= 10000x

# History's simulator calls the library's change-point functions.
$(B)/bench/history_sim: bench/history_sim.c $(B)/libcbenchstat.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libcbenchstat.a \
		$(LIBS) $(LDFLAGS)

# The simulator draws its noise with GSL, like the library's statistics.
$(B)/bench/soundness: bench/soundness.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIBS) $(LDFLAGS)

## deps: install the Debian packages needed to build and test
deps:
	sh scripts/install-deps.sh

## example: install what is missing, build, and compare the shipped example
example: deps
	$(MAKE) all
	./cbenchstat testdata/example-old.txt testdata/example-new.txt

# The version, from the one place that says it (include/cbenchstat.h).
VERSION := $(shell sed -n 's/^\#define CBS_VERSION "\(.*\)"$$/\1/p' \
	include/cbenchstat.h 2>/dev/null)

# cbenchstat.pc for embedders: the library is static, so what it links
# (pkg-config names, the C++ runtime for RE2, and -pthread for
# pthread_once and _Thread_local) is in Requires and Libs.  It says
# PREFIX, LIBDIR and INCLUDEDIR, which a later `make install` may set
# otherwise with no file changed, so it is written to $@.tmp on every run
# and moved into place only when the text differs.
$(B)/cbenchstat.pc: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' \
		'includedir=$(INCLUDEDIR)' '' 'Name: cbenchstat' \
		'Description: benchstat statistics and regression gate for Go benchmark output' \
		'Version: $(VERSION)' 'Requires: $(PKGS)' \
		'Libs: -L$${libdir} -lcbenchstat -lstdc++ -lm -pthread' \
		'Cflags: -I$${includedir}' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; \
	else mv -f $@.tmp $@ && echo "wrote $@"; fi

FORCE:

## install: install binary, library, header, cbenchstat.pc and man page
install: all $(B)/cbenchstat.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL_PROGRAM) $(B)/cbenchstat $(DESTDIR)$(BINDIR)/cbenchstat
	$(INSTALL_DATA) $(B)/libcbenchstat.a $(DESTDIR)$(LIBDIR)/libcbenchstat.a
	$(INSTALL_DATA) include/cbenchstat.h $(DESTDIR)$(INCLUDEDIR)/cbenchstat.h
	$(INSTALL_DATA) $(B)/cbenchstat.pc $(DESTDIR)$(PKGCONFIGDIR)/cbenchstat.pc
	$(INSTALL_DATA) man/cbenchstat.1 $(DESTDIR)$(MANDIR)/man1/cbenchstat.1

## uninstall: remove what install installed
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cbenchstat $(DESTDIR)$(LIBDIR)/libcbenchstat.a \
		$(DESTDIR)$(INCLUDEDIR)/cbenchstat.h \
		$(DESTDIR)$(PKGCONFIGDIR)/cbenchstat.pc \
		$(DESTDIR)$(MANDIR)/man1/cbenchstat.1

## dist: $(DISTDIR)/cbenchstat-VERSION.tar.gz of HEAD, the same bytes each time
# git archive gives every file the commit's time, owner root and the
# tree's order; tar.umask is pinned so a user's setting cannot change the
# modes, and gzip -n leaves out the name and time.  (No pipe: sh has no
# pipefail, and a failed git archive must fail the target.)  Uncommitted changes
# are not in it, so say when there are any.
DISTDIR ?= $(B)
DISTNAME = cbenchstat-$(VERSION)
dist:
	@git diff --quiet HEAD -- || \
		echo "dist: uncommitted changes are not in the tarball" >&2
	@mkdir -p $(DISTDIR)
	git -c tar.umask=0022 archive --format=tar --prefix=$(DISTNAME)/ \
		-o $(DISTDIR)/$(DISTNAME).tar HEAD
	gzip -n -9 -f $(DISTDIR)/$(DISTNAME).tar
	@echo $(DISTDIR)/$(DISTNAME).tar.gz

## clean: remove build products
clean:
	rm -rf build build-san build-scan cbenchstat

# Fuzzing (libFuzzer, clang): `make fuzz`, see tests/fuzz/README.md.
-include tests/fuzz/fuzz.mk

.PHONY: all cbenchstat check sanitize bench bench-history soundness deps example install uninstall dist clean FORCE
