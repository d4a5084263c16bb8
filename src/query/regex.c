/*
 * regex.c: the -filter regexps of query_lex.h: Go's syntax and messages
 * (regex_go.c) in front of the RE2 engine (regex_re2.cc).
 */
#include <stdlib.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "query/query_lex.h"
#include "query/regex.h"

/* A compiled regexp; RE2 lets threads match with it at once. */
struct cbs_qregexp {
	struct cbs_re2 *re2;
};

/*
 * Compile g to match only where a character starts, as Go's matcher
 * does: anchored behind a lazy run of whole characters.  RE2's own
 * search would also try the positions inside a character, where \B
 * holds (both neighbours are non-word bytes).
 */
static int
compile_at_rune_starts(const struct cbs_goregexp *g, struct cbs_re2 **r)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	int rc;

	cbs_sbuf_str(&b, "(?s:.)*?(?:");
	cbs_sbuf_add(&b, g->re2, g->re2_len);
	cbs_sbuf_str(&b, ")");
	rc = b.nomem ? CBS_RE2_NOMEM : cbs_re2_compile(b.p, b.len, 1, r);
	free(b.p);
	return rc;
}

int
cbs_qregexp_compile(const char *expr, size_t len, struct cbs_qregexp **out,
    char **msg)
{
	struct cbs_goregexp g;
	struct cbs_re2 *r;
	int rc;

	*out = NULL;
	if ((rc = cbs_goregexp_translate(expr, len, NULL, &g, msg)) != 0)
		return rc;
	if (g.no_word_boundary)
		rc = compile_at_rune_starts(&g, &r);
	else
		rc = cbs_re2_compile(g.re2, g.re2_len, 0, &r);
	cbs_goregexp_fini(&g);
	if (rc == CBS_RE2_REFUSED) {
		/* Go takes it but RE2 cannot hold it. */
		return (*msg = cbs_goregexp_internal_error(expr, len)) !=
		    NULL ? CBS_EINVAL : CBS_ENOMEM;
	}
	if (rc != 0)
		return CBS_ENOMEM;
	if ((*out = malloc(sizeof(**out))) == NULL) {
		cbs_re2_free(r);
		return CBS_ENOMEM;
	}
	(*out)->re2 = r;
	return 0;
}

void
cbs_qregexp_free(struct cbs_qregexp *re)
{
	if (re == NULL)
		return;
	cbs_re2_free(re->re2);
	free(re);
}

int
cbs_qregexp_match(struct cbs_qregexp *re, const char *s, size_t len)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };
	size_t i, n;
	unsigned r;
	int m;

	if (cbs_utf8_valid(s, len))
		m = cbs_re2_match(re->re2, s, len);
	else {
		/* Go reads each invalid byte as U+FFFD, which "." matches. */
		for (i = 0; i < len; i += n) {
			n = cbs_utf8_decode(s + i, len - i, &r);
			cbs_sbuf_rune(&b, r);
		}
		m = b.nomem ? CBS_RE2_NOMEM : cbs_re2_match(re->re2, b.p,
		    b.len);
		free(b.p);
	}
	/* No answer is not "no match": the caller must not drop the
	 * benchmark silently. */
	return m < 0 ? CBS_ENOMEM : m;
}
