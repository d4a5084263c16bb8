/*
 * fuzz_regex.c: libFuzzer harness for the -filter regexps, checked
 * against a second engine.
 *
 * The input is a Go regexp, a NUL byte and a subject (no NUL: the
 * pattern is its own subject).  The library compiles the regexp (Go's
 * syntax, then RE2) and matches the subject; PCRE2, the engine the
 * library used before RE2, matches the same subject with a PCRE2
 * pattern that regex_pcre2.c writes as the library's parser walks the
 * regexp (a cbs_goregexp_visitor).  The answers must agree wherever
 * PCRE2 gives one: it backtracks, so it runs under a small match limit
 * and a pattern or subject it gives up on is passed over.  Both engines read Unicode classes and case folding from their
 * own tables (RE2 2022-06, PCRE2 10.42: Unicode 14 and 15), so where
 * they can differ, "\p" and "(?i)" with a non-ASCII subject, only the
 * library's side runs.  Large repeat counts are passed over too: RE2
 * compiles them to big automata, which is slow, not wrong.
 *
 * PCRE2 is needed only here (libpcre2-dev, a CI package).  This body is
 * not in fuzz_targets.h, so tests/test_fuzz_regressions.c does not
 * replay it; `make fuzz-smoke-regex` replays its seeds and regressions.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fuzz_targets.h"
#include "base/base.h"
#include "query/query_lex.h"
#include "query/regex.h"
#include "regex_pcre2.h"

/* Repeat counts up to this are fuzzed; larger ones are only parsed. */
#define REGEX_FUZZ_MAX_COUNT	16
#define REGEX_FUZZ_MAX_PATTERN	512
#define REGEX_FUZZ_MATCH_LIMIT	20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @return 1 if some decimal number in s[0..len) exceeds max. */
static int
regex_big_count(const char *s, size_t len, unsigned max)
{
	size_t i;
	unsigned v = 0;

	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			v = 0;
			continue;
		}
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > max)
			return 1;
	}
	return 0;
}

/* @return 1 if the engines' tables may tell the answers apart. */
static int
regex_tables_differ(const char *pat, size_t plen, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < plen; i++)
		if (pat[i] == '\\' && (pat[i + 1] == 'p' || pat[i + 1] == 'P'))
			return 1;
	if (memchr(pat, 'i', plen) == NULL)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* s[0..len) with each invalid byte as U+FFFD, as Go reads it. */
static char *
regex_go_text(const char *s, size_t len, size_t *outlen)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	size_t i, n;
	unsigned r;

	cbs_sbuf_str(&b, "");
	for (i = 0; i < len; i += n) {
		n = cbs_utf8_decode(s + i, len - i, &r);
		cbs_sbuf_rune(&b, r);
	}
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	*outlen = b.len;
	return b.p;
}

/*
 * PCRE2's answer: 1, 0, or -1 when it has none (it refuses the pattern
 * or gives up), with the options the library used to run it with.
 */
static int
regex_pcre2(const char *pat, size_t plen, const char *s, size_t len)
{
	pcre2_compile_context *cc;
	pcre2_match_context *mc;
	pcre2_match_data *md;
	pcre2_code *code;
	PCRE2_SIZE eoff;
	int ecode, rc = -1;

	if ((cc = pcre2_compile_context_create(NULL)) == NULL)
		return -1;
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	pcre2_set_parens_nest_limit(cc, 10000);
	code = pcre2_compile((PCRE2_SPTR)pat, plen,
	    PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_ALT_CIRCUMFLEX, &ecode,
	    &eoff, cc);
	pcre2_compile_context_free(cc);
	if (code == NULL)
		return -1;
	md = pcre2_match_data_create(1, NULL);
	mc = pcre2_match_context_create(NULL);
	if (md != NULL && mc != NULL) {
		pcre2_set_match_limit(mc, REGEX_FUZZ_MATCH_LIMIT);
		pcre2_set_depth_limit(mc, REGEX_FUZZ_MATCH_LIMIT);
		rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0,
		    PCRE2_NO_UTF_CHECK, md, mc);
		rc = rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	return rc;
}

/* A rejected pattern: Go's message, and the library's path agrees. */
static int
regex_check_error(const char *pat, size_t plen, const char *msg)
{
	struct cbs_qregexp *re = NULL;
	char *msg2 = NULL;
	int rc, fail = 0;

	if (strncmp(msg, "error parsing regexp: ", 22) != 0 ||
	    msg[strlen(msg) - 1] != '`')
		fail = fuzz_fail("regex: message [%s]", msg);
	rc = cbs_qregexp_compile(pat, plen, &re, &msg2);
	if (rc != CBS_ENOMEM && (rc != CBS_EINVAL || msg2 == NULL ||
	    strcmp(msg, msg2) != 0))
		fail = fuzz_fail("regex: compile %d [%s], translate [%s]", rc,
		    msg2 != NULL ? msg2 : "", msg);
	cbs_qregexp_free(re);
	free(msg2);
	return fail;
}

static int
regex_one(const char *pat, size_t plen, const char *s, size_t len)
{
	struct cbs_goregexp_visitor v;
	struct pcre2_pattern pp;
	struct cbs_goregexp g;
	struct cbs_qregexp *re = NULL;
	char *msg = NULL, *text = NULL;
	const char *pcre;
	size_t tlen = 0, pcre_len = 0;
	int rc, m, ref, fail = 0;

	pcre2_pattern_init(&pp, &v);
	rc = cbs_goregexp_translate(pat, plen, &v, &g, &msg);
	if (rc == CBS_EINVAL) {
		fail = regex_check_error(pat, plen, msg);
		free(msg);
		pcre2_pattern_fini(&pp);
		return fail;
	}
	if (rc != 0) {
		pcre2_pattern_fini(&pp);
		return 0;
	}
	if (regex_big_count(pat, plen, REGEX_FUZZ_MAX_COUNT))
		goto done;
	rc = cbs_qregexp_compile(pat, plen, &re, &msg);
	if (rc == CBS_ENOMEM)
		goto done;
	if (rc != 0) {
		fail = fuzz_fail("regex: Go takes /%s/, RE2 [%s] refuses it: "
		    "%s", pat, g.re2, msg != NULL ? msg : "?");
		goto done;
	}
	m = cbs_qregexp_match(re, s, len);
	if (m != cbs_qregexp_match(re, s, len))
		fail = fuzz_fail("regex: /%s/ answers twice differently", pat);
	if (fail || regex_tables_differ(pat, plen, s, len) ||
	    (pcre = pcre2_pattern_text(&pp, &pcre_len)) == NULL ||
	    (text = regex_go_text(s, len, &tlen)) == NULL)
		goto done;
	ref = regex_pcre2(pcre, pcre_len, text, tlen);
	if (ref >= 0 && ref != m)
		fail = fuzz_fail("regex: /%s/ (RE2 [%s], PCRE2 [%s]) on "
		    "%zu bytes: RE2 %d, PCRE2 %d", pat, g.re2, pcre, len,
		    m, ref);
done:
	cbs_qregexp_free(re);
	cbs_goregexp_fini(&g);
	pcre2_pattern_fini(&pp);
	free(msg);
	free(text);
	return fail;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul;
	char *in;
	size_t plen;

	if (size > FUZZ_MAX_INPUT || (in = fuzz_strndup(data, size)) == NULL)
		return 0;
	nul = memchr(data, 0, size);
	plen = nul != NULL ? (size_t)(nul - data) : size;
	if (plen <= REGEX_FUZZ_MAX_PATTERN &&
	    (nul != NULL ? regex_one(in, plen, in + plen + 1, size - plen - 1) :
	    regex_one(in, plen, in, plen)) != 0)
		fuzz_broken("fuzz_regex");
	free(in);
	return 0;
}
