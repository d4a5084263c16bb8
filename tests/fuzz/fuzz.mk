# tests/fuzz/fuzz.mk: libFuzzer harnesses, built with clang under ASan and
# UBSan.  Included by the Makefile; see tests/fuzz/README.md.
## fuzz: build the libFuzzer harnesses into build-fuzz/ (clang)
## fuzz-run: fuzz each harness for FUZZ_SECONDS (600) on its corpus
## fuzz-smoke: replay seeds and regressions, then fuzz each harness 30 s
## fuzz-merge: minimise each scratch corpus into build-fuzz/merged/
## fuzz-clean: remove build-fuzz/

CC_FUZZ ?= clang
CXX_FUZZ ?= clang++
FUZZ_B ?= build-fuzz
FUZZ_SECONDS ?= 600
# `make fuzz-smoke FUZZ_SECONDS=n` (as CI calls it) fuzzes n s each.
FUZZ_SMOKE_SECONDS ?= $(strip $(if $(filter command line, \
	$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),30))
FUZZ_MAX_LEN ?= 65536
FUZZ_MERGE_MAX_LEN ?= 4096
FUZZ_TIMEOUT ?= 10
FUZZ_NICE ?= nice -n 10
# Extra libFuzzer flags, e.g. FUZZ_FLAGS=-jobs=2 or -only_ascii=1.
FUZZ_FLAGS ?=
FUZZ_LIBS ?= $(PKG_LIBS) -lstdc++ -lm
FUZZ_HARNESSES = filter projection reader units pipeline check regex \
	test2json gbench hyperfine
# The regex harness checks RE2's answers against PCRE2's.
FUZZ_PCRE2_LIBS ?= -lpcre2-8

FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	-Iinclude -Isrc $(PKG_CFLAGS) -g -O1 -fno-omit-frame-pointer
# The harnesses are linked by the C driver, without UBSan's C++ runtime
# that -fsanitize=vptr needs.
FUZZ_CXXFLAGS = -std=c++17 $(CXXWARN) -Iinclude -Isrc $(PKG_CFLAGS) -g -O1 \
	-fno-omit-frame-pointer -fno-sanitize=vptr
FUZZ_ENV = UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
FUZZ_OBJ = $(LIB_SRC:src/%.c=$(FUZZ_B)/obj/%.o) \
	$(LIB_CXX_SRC:src/%.cc=$(FUZZ_B)/obj/%.o)
FUZZ_BIN = $(FUZZ_HARNESSES:%=$(FUZZ_B)/fuzz_%)
FUZZ_RUN = $(FUZZ_HARNESSES:%=fuzz-run-%)
FUZZ_SMOKE = $(FUZZ_HARNESSES:%=fuzz-smoke-%)
FUZZ_MERGE = $(FUZZ_HARNESSES:%=fuzz-merge-%)

# $(call fuzz_cmd,harness,seconds): fuzz with the scratch corpus first,
# where libFuzzer writes what it finds; the seeds are only read.
fuzz_cmd = mkdir -p $(FUZZ_B)/corpus/$(1) $(FUZZ_B)/artifacts/$(1) \
	$(FUZZ_B)/logs && \
	$(FUZZ_ENV) $(FUZZ_NICE) ./$(FUZZ_B)/fuzz_$(1) \
	-max_total_time=$(2) -max_len=$(FUZZ_MAX_LEN) \
	-timeout=$(FUZZ_TIMEOUT) -dict=tests/fuzz/$(1).dict \
	-artifact_prefix=$(FUZZ_B)/artifacts/$(1)/ -print_final_stats=1 \
	$(FUZZ_FLAGS) $(FUZZ_B)/corpus/$(1) tests/fuzz/corpus/$(1) \
	>$(FUZZ_B)/logs/$(1).log 2>&1; \
	st=$$?; if [ $$st = 0 ]; then grep -E "^(Done|stat::)|DONE" \
	$(FUZZ_B)/logs/$(1).log | sed "s/^/fuzz_$(1): /"; \
	else tail -n 80 $(FUZZ_B)/logs/$(1).log; \
	echo "fuzz_$(1) failed; artifacts in $(FUZZ_B)/artifacts/$(1)/"; fi; \
	exit $$st

fuzz: $(FUZZ_BIN)

# Keep the objects, which every harness links.
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_B)/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC_FUZZ) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
		-c -o $@ $<

$(FUZZ_B)/obj/%.o: src/%.cc $(HDRS)
	@mkdir -p $(dir $@)
	$(CXX_FUZZ) $(FUZZ_SAN) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link \
		-c -o $@ $<

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_targets.h $(FUZZ_OBJ)
	$(CC_FUZZ) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_EXTRA_SRC) $(FUZZ_OBJ) $(FUZZ_LIBS) $(FUZZ_EXTRA_LIBS)

# The regex harness writes its PCRE2 patterns itself (regex_pcre2.c):
# the library does not.
$(FUZZ_B)/fuzz_regex: tests/fuzz/regex_pcre2.c tests/fuzz/regex_pcre2.h
$(FUZZ_B)/fuzz_regex: FUZZ_EXTRA_SRC = tests/fuzz/regex_pcre2.c
$(FUZZ_B)/fuzz_regex: FUZZ_EXTRA_LIBS = $(FUZZ_PCRE2_LIBS)

# `make -j2 fuzz-run` runs two fuzzers at a time.
fuzz-run: $(FUZZ_RUN)

$(FUZZ_RUN): fuzz-run-%: $(FUZZ_B)/fuzz_%
	@echo "== fuzz_$* for $(FUZZ_SECONDS) s"
	@$(call fuzz_cmd,$*,$(FUZZ_SECONDS))

# Replay (-runs=0 runs every input of the directories and stops), then
# fuzz briefly.  Regression inputs are replayed but never fuzzed from.
fuzz-smoke: $(FUZZ_SMOKE)

$(FUZZ_SMOKE): fuzz-smoke-%: $(FUZZ_B)/fuzz_%
	@echo "== fuzz_$*: replay"
	$(FUZZ_ENV) ./$(FUZZ_B)/fuzz_$* -runs=0 -timeout=$(FUZZ_TIMEOUT) \
		tests/fuzz/corpus/$* tests/fuzz/regressions/$*
	@echo "== fuzz_$* for $(FUZZ_SMOKE_SECONDS) s"
	@$(call fuzz_cmd,$*,$(FUZZ_SMOKE_SECONDS))

# Minimise a scratch corpus to the small inputs that add coverage, to
# pick a handful from by hand for tests/fuzz/corpus/<harness>/.
fuzz-merge: $(FUZZ_MERGE)

$(FUZZ_MERGE): fuzz-merge-%: $(FUZZ_B)/fuzz_%
	rm -rf $(FUZZ_B)/merged/$*
	mkdir -p $(FUZZ_B)/merged/$* $(FUZZ_B)/corpus/$*
	$(FUZZ_ENV) ./$(FUZZ_B)/fuzz_$* -merge=1 \
		-max_len=$(FUZZ_MERGE_MAX_LEN) -timeout=$(FUZZ_TIMEOUT) \
		$(FUZZ_B)/merged/$* tests/fuzz/corpus/$* $(FUZZ_B)/corpus/$*

fuzz-clean:
	rm -rf $(FUZZ_B)

.PHONY: fuzz fuzz-run fuzz-smoke fuzz-merge fuzz-clean $(FUZZ_RUN) \
	$(FUZZ_SMOKE) $(FUZZ_MERGE)
