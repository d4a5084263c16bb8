/*
 * regex_re2.cc: the RE2 engine behind the -filter regexps, with C
 * linkage for the C library (regex.h).  RE2 is the engine Go's regexp
 * reimplements: its syntax is Go's, and its matching is leftmost-first
 * and takes time linear in the subject whatever the pattern.
 */
#include <new>

#include <re2/re2.h>

#include "query/regex.h"

struct cbs_re2 {
	RE2 *re;
	RE2::Anchor anchor;
};

/*
 * RE2 compiles to a byte automaton, where Go's counts a character class
 * as one instruction, so a pattern Go takes (\pL{1000}: 1.2 million
 * instructions) can exceed RE2's default 8 MiB budget.  Most patterns
 * get a modest budget, which also caps the DFA's cache; one too large
 * for it gets the big one.
 */
static const int64_t budgets[] = { (int64_t)64 << 20, (int64_t)1 << 30 };

static RE2 *
compile(const char *pat, size_t len, int64_t max_mem)
{
	RE2::Options o;

	o.set_encoding(RE2::Options::EncodingUTF8);
	o.set_posix_syntax(false);	/* Perl classes, \b, \pN, (?flags) */
	o.set_longest_match(false);	/* leftmost-first, as Go's default */
	o.set_log_errors(false);	/* the library never prints */
	o.set_literal(false);
	o.set_never_nl(false);
	o.set_dot_nl(false);		/* "." skips "\n" unless (?s) */
	o.set_never_capture(true);	/* only whether it matches counts */
	o.set_case_sensitive(true);
	o.set_max_mem(max_mem);
	return new RE2(re2::StringPiece(pat, len), o);
}

extern "C" int
cbs_re2_compile(const char *pat, size_t len, int anchored,
    struct cbs_re2 **out)
{
	RE2 *re = NULL;
	size_t i;

	*out = NULL;
	try {
		for (i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
			delete re;
			re = compile(pat, len, budgets[i]);
			if (re->error_code() != RE2::ErrorPatternTooLarge)
				break;
		}
		if (!re->ok()) {
			delete re;
			return CBS_RE2_REFUSED;
		}
		*out = new cbs_re2;
	} catch (const std::bad_alloc &) {
		delete re;
		return CBS_RE2_NOMEM;
	}
	(*out)->re = re;
	(*out)->anchor = anchored ? RE2::ANCHOR_START : RE2::UNANCHORED;
	return 0;
}

extern "C" int
cbs_re2_match(const struct cbs_re2 *re, const char *s, size_t len)
{
	try {
		/* No submatches: RE2 answers with its DFA, or its NFA when
		 * the DFA's cache overflows. */
		return re->re->Match(re2::StringPiece(s, len), 0, len,
		    re->anchor, NULL, 0) ? 1 : 0;
	} catch (const std::bad_alloc &) {
		return CBS_RE2_NOMEM;
	}
}

extern "C" void
cbs_re2_free(struct cbs_re2 *re)
{
	if (re == NULL)
		return;
	delete re->re;
	delete re;
}
