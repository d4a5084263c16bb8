/*
 * query_lex.c: the lexer of -filter and projection expressions (upstream
 * benchproc/internal/parse), the syntax-error text they share, and Go
 * regular expressions on top of PCRE2.
 *
 * Upstream compiles "/.../" values with Go's regexp package, whose RE2
 * syntax and error messages differ from PCRE2's.  So a parser here reads
 * the expression as Go's regexp/syntax does, failing where it fails with
 * its words, and writes an equivalent PCRE2 pattern as it goes: literals
 * as \x{...}, flags resolved item by item (no inline flag group can leak
 * its scope), \d \s \w and the POSIX classes spelled out as Go's ASCII
 * sets.  Only whether a value matches matters, so captures and greediness
 * never change a result; groups are written as plain "(", which PCRE2
 * lets nest far deeper than "(?:".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "cbenchstat.h"
#include "internal.h"
#include "query.h"

/* ------------------------------------------------------- growing text */

struct sbuf {
	char *p;
	size_t len;
	size_t cap;
	int nomem;
};

static void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap != 0 ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->nomem = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sbuf_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

static void
sbuf_byte(struct sbuf *b, unsigned c)
{
	char ch = (char)c;

	sbuf_add(b, &ch, 1);
}

/* Insert s at byte at (at <= b->len). */
static void
sbuf_insert(struct sbuf *b, size_t at, const char *s)
{
	size_t n = strlen(s), old = b->len;

	sbuf_add(b, s, n);
	if (b->nomem)
		return;
	memmove(b->p + at + n, b->p + at, old - at);
	memcpy(b->p + at, s, n);
}

static void
sbuf_rune(struct sbuf *b, unsigned r)
{
	char u[4];

	if (r < 0x80) {
		sbuf_byte(b, r);
	} else if (r < 0x800) {
		u[0] = (char)(0xC0 | (r >> 6));
		u[1] = (char)(0x80 | (r & 0x3F));
		sbuf_add(b, u, 2);
	} else if (r < 0x10000) {
		u[0] = (char)(0xE0 | (r >> 12));
		u[1] = (char)(0x80 | ((r >> 6) & 0x3F));
		u[2] = (char)(0x80 | (r & 0x3F));
		sbuf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (r >> 18));
		u[1] = (char)(0x80 | ((r >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((r >> 6) & 0x3F));
		u[3] = (char)(0x80 | (r & 0x3F));
		sbuf_add(b, u, 4);
	}
}

static int
unhex(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

static int
is_alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* ------------------------------------------------- Go's quoting, errors */

/* strconv.IsPrint, with the Unicode tables this library has. */
static int
go_is_print(unsigned r)
{
	if (r < 0x80)
		return r >= 0x20 && r < 0x7F;
	return cbs_rune_is_graphic(r) && !cbs_rune_is_space(r);
}

static void
quote_rune(struct sbuf *b, unsigned r)
{
	static const char hex[] = "0123456789abcdef";
	static const char ctl[] = "\aa\bb\ff\nn\rr\tt\vv";
	const char *p;
	char t[16];

	if (r == '"' || r == '\\') {
		sbuf_byte(b, '\\');
		sbuf_byte(b, r);
	} else if (go_is_print(r)) {
		sbuf_rune(b, r);
	} else if (r != 0 && r < ' ' && (p = strchr(ctl, (int)r)) != NULL &&
	    (p - ctl) % 2 == 0) {
		sbuf_byte(b, '\\');
		sbuf_byte(b, (unsigned char)p[1]);
	} else if (r < ' ' || r == 0x7F) {
		sbuf_str(b, "\\x");
		sbuf_byte(b, (unsigned char)hex[r >> 4]);
		sbuf_byte(b, (unsigned char)hex[r & 0xF]);
	} else if (r < 0x10000) {
		snprintf(t, sizeof(t), "\\u%04x", r);
		sbuf_str(b, t);
	} else {
		snprintf(t, sizeof(t), "\\U%08x", r);
		sbuf_str(b, t);
	}
}

char *
cbs_go_quote(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sbuf b = { NULL, 0, 0, 0 };
	size_t i = 0, n;
	unsigned r, c;

	sbuf_byte(&b, '"');
	while (i < len) {
		n = cbs_utf8_decode(s + i, len - i, &r);
		if (r == 0xFFFD && n == 1) {
			/* Go shows an invalid byte as itself, in hex. */
			c = (unsigned char)s[i];
			sbuf_str(&b, "\\x");
			sbuf_byte(&b, (unsigned char)hex[c >> 4]);
			sbuf_byte(&b, (unsigned char)hex[c & 0xF]);
		} else
			quote_rune(&b, r);
		i += n;
	}
	sbuf_byte(&b, '"');
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

void
cbs_syntax_error(char *err, size_t errlen, const char *query, size_t off,
    const char *msg)
{
	size_t len = strlen(query), i = 0, pos = 0;
	unsigned r;

	if (err == NULL || errlen == 0)
		return;
	/* The caret sits under the rune at off, counting only the runes
	 * a terminal shows (Go's unicode.IsGraphic). */
	while (i < len && i < off) {
		i += cbs_utf8_decode(query + i, len - i, &r);
		if (cbs_rune_is_graphic(r))
			pos++;
	}
	snprintf(err, errlen, "syntax error: %s\n\t%s\n\t%*s^", msg, query,
	    (int)pos, "");
}

/* ------------------------------------------------------ Go regexp sets */

struct span {
	unsigned char lo;
	unsigned char hi;
};

/* Go's Perl and POSIX classes: ASCII sets, so spelt out for PCRE2. */
struct group {
	const char *name;
	struct span s[4];
	size_t n;
};

static const struct group perl_groups[] = {
	{ "d", { { '0', '9' } }, 1 },
	{ "s", { { '\t', '\n' }, { '\f', '\r' }, { ' ', ' ' } }, 3 },
	{ "w", { { '0', '9' }, { 'A', 'Z' }, { '_', '_' }, { 'a', 'z' } },
	    4 },
};

static const struct group posix_groups[] = {
	{ "alnum", { { '0', '9' }, { 'A', 'Z' }, { 'a', 'z' } }, 3 },
	{ "alpha", { { 'A', 'Z' }, { 'a', 'z' } }, 2 },
	{ "ascii", { { 0x00, 0x7F } }, 1 },
	{ "blank", { { '\t', '\t' }, { ' ', ' ' } }, 2 },
	{ "cntrl", { { 0x00, 0x1F }, { 0x7F, 0x7F } }, 2 },
	{ "digit", { { '0', '9' } }, 1 },
	{ "graph", { { '!', '~' } }, 1 },
	{ "lower", { { 'a', 'z' } }, 1 },
	{ "print", { { ' ', '~' } }, 1 },
	{ "punct", { { '!', '/' }, { ':', '@' }, { '[', '`' }, { '{', '~' } },
	    4 },
	{ "space", { { '\t', '\r' }, { ' ', ' ' } }, 2 },
	{ "upper", { { 'A', 'Z' } }, 1 },
	{ "word", { { '0', '9' }, { 'A', 'Z' }, { '_', '_' }, { 'a', 'z' } },
	    4 },
	{ "xdigit", { { '0', '9' }, { 'A', 'F' }, { 'a', 'f' } }, 3 },
};

/*
 * The names Go's \p{...} knows: "Any", the general categories and the
 * scripts of its unicode package.  PCRE2 knows them by the same names,
 * except two scripts newer than its Unicode tables, given as ranges.
 */
static const char *const unicode_names[] = {
	"Any", "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu",
	"M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe",
	"Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp",
	"Zs",
	"Adlam", "Ahom", "Anatolian_Hieroglyphs", "Arabic", "Armenian",
	"Avestan", "Balinese", "Bamum", "Bassa_Vah", "Batak", "Bengali",
	"Bhaiksuki", "Bopomofo", "Brahmi", "Braille", "Buginese", "Buhid",
	"Canadian_Aboriginal", "Carian", "Caucasian_Albanian", "Chakma",
	"Cham", "Cherokee", "Chorasmian", "Common", "Coptic", "Cuneiform",
	"Cypriot", "Cypro_Minoan", "Cyrillic", "Deseret", "Devanagari",
	"Dives_Akuru", "Dogra", "Duployan", "Egyptian_Hieroglyphs", "Elbasan",
	"Elymaic", "Ethiopic", "Georgian", "Glagolitic", "Gothic", "Grantha",
	"Greek", "Gujarati", "Gunjala_Gondi", "Gurmukhi", "Han", "Hangul",
	"Hanifi_Rohingya", "Hanunoo", "Hatran", "Hebrew", "Hiragana",
	"Imperial_Aramaic", "Inherited", "Inscriptional_Pahlavi",
	"Inscriptional_Parthian", "Javanese", "Kaithi", "Kannada", "Katakana",
	"Kawi", "Kayah_Li", "Kharoshthi", "Khitan_Small_Script", "Khmer",
	"Khojki", "Khudawadi", "Lao", "Latin", "Lepcha", "Limbu", "Linear_A",
	"Linear_B", "Lisu", "Lycian", "Lydian", "Mahajani", "Makasar",
	"Malayalam", "Mandaic", "Manichaean", "Marchen", "Masaram_Gondi",
	"Medefaidrin", "Meetei_Mayek", "Mende_Kikakui", "Meroitic_Cursive",
	"Meroitic_Hieroglyphs", "Miao", "Modi", "Mongolian", "Mro", "Multani",
	"Myanmar", "Nabataean", "Nag_Mundari", "Nandinagari", "New_Tai_Lue",
	"Newa", "Nko", "Nushu", "Nyiakeng_Puachue_Hmong", "Ogham", "Ol_Chiki",
	"Old_Hungarian", "Old_Italic", "Old_North_Arabian", "Old_Permic",
	"Old_Persian", "Old_Sogdian", "Old_South_Arabian", "Old_Turkic",
	"Old_Uyghur", "Oriya", "Osage", "Osmanya", "Pahawh_Hmong", "Palmyrene",
	"Pau_Cin_Hau", "Phags_Pa", "Phoenician", "Psalter_Pahlavi", "Rejang",
	"Runic", "Samaritan", "Saurashtra", "Sharada", "Shavian", "Siddham",
	"SignWriting", "Sinhala", "Sogdian", "Sora_Sompeng", "Soyombo",
	"Sundanese", "Syloti_Nagri", "Syriac", "Tagalog", "Tagbanwa", "Tai_Le",
	"Tai_Tham", "Tai_Viet", "Takri", "Tamil", "Tangsa", "Tangut", "Telugu",
	"Thaana", "Thai", "Tibetan", "Tifinagh", "Tirhuta", "Toto", "Ugaritic",
	"Vai", "Vithkuqi", "Wancho", "Warang_Citi", "Yezidi", "Yi",
	"Zanabazar_Square",
};

static const unsigned kawi_ranges[] = {
	0x11F00, 0x11F10, 0x11F12, 0x11F3A, 0x11F3E, 0x11F59,
};
static const unsigned nag_mundari_ranges[] = { 0x1E4D0, 0x1E4F9 };

/* -------------------------------------------- PCRE2 character classes */

/* A character class being written out as PCRE2 text. */
struct cls {
	struct sbuf b;
	int neg;
	int caseless;	/* literal ranges to fold: PCRE2 does it */
	size_t nitems;
};

static void
cls_one(struct cls *c, unsigned lo, unsigned hi)
{
	char t[40];

	if (lo == hi)
		snprintf(t, sizeof(t), "\\x{%x}", lo);
	else
		snprintf(t, sizeof(t), "\\x{%x}-\\x{%x}", lo, hi);
	sbuf_str(&c->b, t);
	c->nitems++;
}

/* Surrogates are runes in Go but no UTF-8 string holds one, and PCRE2
 * refuses them: leave them out. */
static void
cls_range(struct cls *c, unsigned lo, unsigned hi)
{
	if (lo < 0xD800 && hi >= 0xD800) {
		cls_one(c, lo, 0xD7FF);
		lo = 0xE000;
	} else if (lo >= 0xD800 && lo <= 0xDFFF)
		lo = 0xE000;
	if (lo <= hi)
		cls_one(c, lo, hi);
}

/* Add the sorted, disjoint ranges pr[0..n) or their complement. */
static void
cls_pairs(struct cls *c, const unsigned *pr, size_t n, int negate)
{
	unsigned next = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		if (!negate)
			cls_range(c, pr[i], pr[i + 1]);
		else if (pr[i] > next)
			cls_range(c, next, pr[i] - 1);
		next = pr[i + 1] + 1;
	}
	if (negate && next <= 0x10FFFF)
		cls_range(c, next, 0x10FFFF);
}

/*
 * Add an ASCII group, case-folded first under (?i) as Go does, so that
 * a negated group leaves out every case of its letters: the fold of 's'
 * and 'k' reaches U+017F and U+212A.
 */
static void
cls_group(struct cls *c, const struct group *g, int negate, int fold)
{
	unsigned char in[128];
	unsigned pr[2 * 64 + 4];
	size_t i, n = 0;
	unsigned ch;

	memset(in, 0, sizeof(in));
	for (i = 0; i < g->n; i++)
		for (ch = g->s[i].lo; ch <= g->s[i].hi; ch++)
			in[ch] = 1;
	if (fold)
		for (ch = 'A'; ch <= 'Z'; ch++)
			in[ch] = in[ch + 32] = in[ch] | in[ch + 32];
	for (ch = 0; ch < 128; ch++) {
		if (!in[ch])
			continue;
		if (n > 0 && pr[n - 1] + 1 == ch)
			pr[n - 1] = ch;
		else {
			pr[n++] = ch;
			pr[n++] = ch;
		}
	}
	if (fold && in['s']) {
		pr[n++] = 0x17F;
		pr[n++] = 0x17F;
	}
	if (fold && in['k']) {
		pr[n++] = 0x212A;
		pr[n++] = 0x212A;
	}
	cls_pairs(c, pr, n, negate);
}

static void
cls_unicode(struct cls *c, const char *name, int negate)
{
	if (strcmp(name, "Kawi") == 0)
		cls_pairs(c, kawi_ranges,
		    sizeof(kawi_ranges) / sizeof(kawi_ranges[0]), negate);
	else if (strcmp(name, "Nag_Mundari") == 0)
		cls_pairs(c, nag_mundari_ranges, 2, negate);
	else {
		sbuf_str(&c->b, negate ? "\\P{" : "\\p{");
		sbuf_str(&c->b, name);
		sbuf_str(&c->b, "}");
		c->nitems++;
	}
}

/* ------------------------------------------------- Go regexp to PCRE2 */

static const char E_CHAR_CLASS_RANGE[] = "invalid character class range";
static const char E_ESCAPE[] = "invalid escape sequence";
static const char E_NAMED_CAPTURE[] = "invalid named capture";
static const char E_PERL_OP[] = "invalid or unsupported Perl syntax";
static const char E_REPEAT_OP[] = "invalid nested repetition operator";
static const char E_REPEAT_SIZE[] = "invalid repeat count";
static const char E_UTF8[] = "invalid UTF-8";
static const char E_MISSING_BRACKET[] = "missing closing ]";
static const char E_MISSING_PAREN[] = "missing closing )";
static const char E_REPEAT_ARG[] = "missing argument to repetition operator";
static const char E_TRAILING_BACKSLASH[] =
    "trailing backslash at end of expression";
static const char E_UNEXPECTED_PAREN[] = "unexpected )";
static const char E_INTERNAL[] = "regexp/syntax: internal error";

enum {
	RF_FOLD = 1,		/* (?i) */
	RF_MULTILINE = 2,	/* (?m): ^ and $ also at line breaks */
	RF_DOTNL = 4,		/* (?s) */
	RF_UNGREEDY = 8		/* (?U) */
};

/* Go's bound on a repetition count, and on nested counts multiplied. */
#define RX_MAX_REPEAT 1000
#define RX_NONE ((size_t)-1)

/* An open group: what its ")" restores. */
struct rx_level {
	unsigned flags;
	size_t out_start;	/* the group's start in the output */
	unsigned prod;		/* the enclosing level's largest product */
};

/*
 * The parse.  Go's parser keeps a stack of items; the only parts of it
 * its errors depend on are whether an item can take a repetition (the
 * top is not "(" or "|"), whether the previous token was a repetition,
 * and the product of the counts of nested repetitions.
 */
struct rx {
	const char *s;
	size_t len;
	size_t i;
	struct sbuf out;
	unsigned flags;
	struct rx_level *lv;
	size_t nlv;
	size_t caplv;
	unsigned level_prod;	/* largest product among finished items */
	int have_atom;		/* an item that can be repeated is on top */
	size_t atom_start;	/* its start in the output */
	int atom_group;		/* it is written as one group already */
	unsigned atom_prod;	/* the product of the counts nested in it */
	size_t last_repeat;	/* start of the previous repetition */
	const char *ecode;	/* Go's error code, once one happens */
	size_t eoff;		/* and the text it shows */
	size_t elen;
};

static int
rx_fail(struct rx *x, const char *code, size_t off, size_t len)
{
	if (x->ecode == NULL) {
		x->ecode = code;
		x->eoff = off;
		x->elen = len;
	}
	return -1;
}

/* Go's nextRune on s[at..end): an invalid byte is an error. */
static int
rx_rune_in(struct rx *x, size_t at, size_t end, unsigned *r, size_t *n)
{
	if (at >= end) {
		*r = 0xFFFD;
		*n = 0;
		return 0;
	}
	*n = cbs_utf8_decode(x->s + at, end - at, r);
	if (*r == 0xFFFD && *n == 1)
		return rx_fail(x, E_UTF8, at, end - at);
	return 0;
}

static int
rx_rune(struct rx *x, size_t at, unsigned *r, size_t *n)
{
	return rx_rune_in(x, at, x->len, r, n);
}

/* Go's checkUTF8 of s[at..end). */
static int
rx_check_utf8(struct rx *x, size_t at, size_t end)
{
	unsigned r;
	size_t n;

	for (; at < end; at += n)
		if (rx_rune_in(x, at, end, &r, &n) < 0)
			return -1;
	return 0;
}

/* The item on top can no longer be repeated: fold in its product. */
static void
rx_settle(struct rx *x)
{
	if (x->have_atom && x->atom_prod > x->level_prod)
		x->level_prod = x->atom_prod;
	x->have_atom = 0;
}

/* Start a new item on top, written as pcre (or by the caller). */
static void
rx_atom(struct rx *x, const char *pcre)
{
	rx_settle(x);
	x->have_atom = 1;
	x->atom_start = x->out.len;
	x->atom_group = 0;
	x->atom_prod = 1;
	if (pcre != NULL)
		sbuf_str(&x->out, pcre);
}

static void
rx_literal(struct rx *x, unsigned r)
{
	char t[40];

	rx_atom(x, NULL);
	if (r >= 0xD800 && r <= 0xDFFF) {
		/* A surrogate never occurs in a Go string. */
		sbuf_str(&x->out, "(?!)");
		return;
	}
	if (x->flags & RF_FOLD)
		snprintf(t, sizeof(t), "(?i:\\x{%x})", r);
	else
		snprintf(t, sizeof(t), "\\x{%x}", r);
	sbuf_str(&x->out, t);
}

static void
rx_class_out(struct rx *x, struct cls *c)
{
	rx_atom(x, NULL);
	if (c->nitems == 0)
		sbuf_str(&x->out, c->neg ? "(?s:.)" : "(?!)");
	else {
		if (c->caseless)
			sbuf_str(&x->out, "(?i:");
		sbuf_str(&x->out, c->neg ? "[^" : "[");
		if (c->b.p != NULL)
			sbuf_str(&x->out, c->b.p);
		sbuf_str(&x->out, c->caseless ? "])" : "]");
	}
	if (c->b.nomem)
		x->out.nomem = 1;
	free(c->b.p);
}

static int
rx_open(struct rx *x)
{
	struct rx_level *nl;
	size_t ncap;

	rx_settle(x);
	if (x->nlv == x->caplv) {
		ncap = x->caplv != 0 ? 2 * x->caplv : 8;
		if ((nl = realloc(x->lv, ncap * sizeof(*nl))) == NULL) {
			x->out.nomem = 1;
			return -1;
		}
		x->lv = nl;
		x->caplv = ncap;
	}
	x->lv[x->nlv].flags = x->flags;
	x->lv[x->nlv].out_start = x->out.len;
	x->lv[x->nlv].prod = x->level_prod;
	x->nlv++;
	x->level_prod = 1;
	sbuf_str(&x->out, "(");
	return 0;
}

static int
rx_close(struct rx *x)
{
	struct rx_level *l;
	unsigned prod;

	if (x->nlv == 0)
		return rx_fail(x, E_UNEXPECTED_PAREN, 0, x->len);
	rx_settle(x);
	l = &x->lv[--x->nlv];
	prod = x->level_prod;
	x->level_prod = l->prod;
	x->flags = l->flags;
	sbuf_str(&x->out, ")");
	x->have_atom = 1;
	x->atom_start = l->out_start;
	x->atom_group = 1;
	x->atom_prod = prod;
	x->i++;
	return 0;
}

/*
 * Apply a repetition (op '*', '+', '?' or '{') spanning s[before..after)
 * to the item on top; a following '?' makes it lazy.  *rep records it.
 */
static int
rx_repeat(struct rx *x, size_t before, size_t after, int op, int min,
    int max, size_t *rep)
{
	char q[48];
	int lazy = 0;
	unsigned m;

	if (after < x->len && x->s[after] == '?') {
		after++;
		lazy = 1;
	}
	if (x->last_repeat != RX_NONE)
		return rx_fail(x, E_REPEAT_OP, x->last_repeat,
		    after - x->last_repeat);
	if (!x->have_atom)
		return rx_fail(x, E_REPEAT_ARG, before, after - before);
	q[0] = (char)op;
	q[1] = '\0';
	if (op == '{') {
		m = (unsigned)(max == -1 ? min : max);
		if ((min >= 2 || max >= 2) && m * x->atom_prod > RX_MAX_REPEAT)
			return rx_fail(x, E_REPEAT_SIZE, before,
			    after - before);
		if (max == 0)
			x->atom_prod = 1;
		else if (m > 0)
			x->atom_prod *= m;
		if (max == min)
			snprintf(q, sizeof(q), "{%d}", min);
		else if (max == -1)
			snprintf(q, sizeof(q), "{%d,}", min);
		else
			snprintf(q, sizeof(q), "{%d,%d}", min, max);
	}
	if (x->flags & RF_UNGREEDY)
		lazy = !lazy;
	/* PCRE2 takes a repetition only after some items; a group
	 * takes any, and a group adds no nesting. */
	if (!x->atom_group) {
		sbuf_insert(&x->out, x->atom_start, "(");
		sbuf_str(&x->out, ")");
	}
	x->atom_group = 0;
	sbuf_str(&x->out, q);
	if (lazy)
		sbuf_str(&x->out, "?");
	x->i = after;
	*rep = before;
	return 0;
}

/* Go's parseInt: decimal, no leading zero, -1 when too large. */
static int
rx_int(const struct rx *x, size_t *i, int *val)
{
	const char *s = x->s;
	size_t j = *i, k;
	int v = 0;

	if (j >= x->len || s[j] < '0' || s[j] > '9')
		return 0;
	if (x->len - j >= 2 && s[j] == '0' && s[j + 1] >= '0' &&
	    s[j + 1] <= '9')
		return 0;
	while (j < x->len && s[j] >= '0' && s[j] <= '9')
		j++;
	for (k = *i; k < j; k++) {
		if (v >= 100000000) {
			v = -1;
			break;
		}
		v = v * 10 + (s[k] - '0');
	}
	*i = j;
	*val = v;
	return 1;
}

/* Go's parseRepeat at '{': {n}, {n,} or {n,m}.  @return 1 if it is one. */
static int
rx_brace_form(const struct rx *x, int *min, int *max, size_t *end)
{
	size_t j = x->i + 1;

	if (!rx_int(x, &j, min) || j >= x->len)
		return 0;
	if (x->s[j] != ',')
		*max = *min;
	else {
		if (++j >= x->len)
			return 0;
		if (x->s[j] == '}')
			*max = -1;
		else if (!rx_int(x, &j, max))
			return 0;
		else if (*max < 0)
			*min = -1;
	}
	if (j >= x->len || x->s[j] != '}')
		return 0;
	*end = j + 1;
	return 1;
}

static int
rx_brace(struct rx *x, size_t *rep)
{
	int min, max;
	size_t end;

	if (!rx_brace_form(x, &min, &max, &end)) {
		/* Not a repetition: a literal '{'. */
		rx_literal(x, '{');
		x->i++;
		return 0;
	}
	if (min < 0 || min > RX_MAX_REPEAT || max > RX_MAX_REPEAT ||
	    (max >= 0 && min > max))
		return rx_fail(x, E_REPEAT_SIZE, x->i, end - x->i);
	return rx_repeat(x, x->i, end, '{', min, max, rep);
}

/* Go's \x escape after "\x" at *t: two hex digits or {hex}. */
static int
rx_hex_escape(struct rx *x, size_t *t, unsigned *out)
{
	size_t j = *t, n;
	unsigned c, v = 0;
	int d, hi, nhex = 0;

	if (j >= x->len)
		return 1;
	if (rx_rune(x, j, &c, &n) < 0)
		return -1;
	j += n;
	*t = j;
	if (c != '{') {
		hi = unhex(c);
		if (rx_rune(x, j, &c, &n) < 0)
			return -1;
		*t = j + n;
		if (hi < 0 || (d = unhex(c)) < 0)
			return 1;
		*out = (unsigned)(hi * 16 + d);
		return 0;
	}
	for (;;) {
		if (j >= x->len)
			return 1;
		if (rx_rune(x, j, &c, &n) < 0)
			return -1;
		*t = j += n;
		if (c == '}')
			break;
		if ((d = unhex(c)) < 0)
			return 1;
		v = v * 16 + (unsigned)d;
		if (v > 0x10FFFF)
			return 1;
		nhex++;
	}
	*out = v;
	return nhex == 0;
}

/* Go's parseEscape at the '\\' at *t: one escaped rune into *out. */
static int
rx_escape(struct rx *x, size_t *t, unsigned *out)
{
	size_t s0 = *t, j = *t + 1, n;
	unsigned c;
	int k, rc;

	if (j >= x->len)
		return rx_fail(x, E_TRAILING_BACKSLASH, s0, 0);
	if (rx_rune(x, j, &c, &n) < 0)
		return -1;
	j += n;
	if (c >= '1' && c <= '7' &&
	    (j >= x->len || x->s[j] < '0' || x->s[j] > '7'))
		return rx_fail(x, E_ESCAPE, s0, j - s0); /* a backreference */
	if (c >= '0' && c <= '7') {
		*out = c - '0';
		for (k = 1; k < 3 && j < x->len && x->s[j] >= '0' &&
		    x->s[j] <= '7'; k++, j++)
			*out = *out * 8 + (unsigned)(x->s[j] - '0');
		*t = j;
		return 0;
	}
	switch (c) {
	case 'x':
		if ((rc = rx_hex_escape(x, &j, out)) < 0)
			return -1;
		if (rc > 0)
			return rx_fail(x, E_ESCAPE, s0, j - s0);
		*t = j;
		return 0;
	case 'a': *out = '\a'; break;
	case 'f': *out = '\f'; break;
	case 'n': *out = '\n'; break;
	case 'r': *out = '\r'; break;
	case 't': *out = '\t'; break;
	case 'v': *out = '\v'; break;
	default:
		/* Escaped punctuation is itself; letters are reserved. */
		if (c >= 0x80 || is_alnum(c))
			return rx_fail(x, E_ESCAPE, s0, j - s0);
		*out = c;
		break;
	}
	*t = j;
	return 0;
}

static const struct group *
find_group(const struct group *g, size_t n, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(g[i].name) == len &&
		    memcmp(g[i].name, name, len) == 0)
			return &g[i];
	return NULL;
}

/* A Perl class escape (\d \D \s \S \w \W) at s[t], or NULL. */
static const struct group *
rx_perl_group(const struct rx *x, size_t t, int *negate)
{
	char c;

	if (x->len - t < 2 || x->s[t] != '\\')
		return NULL;
	c = x->s[t + 1];
	*negate = c == 'D' || c == 'S' || c == 'W';
	c = (char)(*negate ? c + ('a' - 'A') : c);
	return find_group(perl_groups, 3, &c, 1);
}

/*
 * Go's parseUnicodeClass at "\p" or "\P" at *t: \pL, \p{Name} or
 * \p{^Name}, added to c.
 */
static int
rx_unicode(struct rx *x, size_t *t, struct cls *c)
{
	size_t s0 = *t, j = *t + 2, n, seq_end, name, name_end, k;
	const char *close;
	int negate = x->s[s0 + 1] == 'P';
	unsigned r;

	if (rx_rune(x, j, &r, &n) < 0)
		return -1;
	if (r != '{') {
		name = j;
		seq_end = name_end = j + n;
	} else {
		close = memchr(x->s + s0, '}', x->len - s0);
		if (close == NULL) {
			if (rx_check_utf8(x, s0, x->len) < 0)
				return -1;
			return rx_fail(x, E_CHAR_CLASS_RANGE, s0, x->len - s0);
		}
		name_end = (size_t)(close - x->s);
		seq_end = name_end + 1;
		name = s0 + 3;
		if (rx_check_utf8(x, name, name_end) < 0)
			return -1;
	}
	if (name < name_end && x->s[name] == '^') {
		negate = !negate;
		name++;
	}
	for (k = 0; k < sizeof(unicode_names) / sizeof(unicode_names[0]);
	    k++)
		if (strlen(unicode_names[k]) == name_end - name &&
		    memcmp(unicode_names[k], x->s + name, name_end - name) == 0)
			break;
	if (k == sizeof(unicode_names) / sizeof(unicode_names[0]))
		return rx_fail(x, E_CHAR_CLASS_RANGE, s0, seq_end - s0);
	cls_unicode(c, unicode_names[k], negate);
	*t = seq_end;
	return 0;
}

/* Go's parseNamedClass at "[:" at *t.  @return 1 if it read one, 0 if
 * there is none here, -1 on error. */
static int
rx_posix(struct rx *x, size_t *t, struct cls *c)
{
	const struct group *g;
	size_t k, name, end;
	int negate;

	for (k = *t + 2; k + 1 < x->len; k++)
		if (x->s[k] == ':' && x->s[k + 1] == ']')
			break;
	if (k + 1 >= x->len)
		return 0;
	end = k + 2;
	name = *t + 2;
	negate = name < k && x->s[name] == '^';
	name += (size_t)negate;
	g = find_group(posix_groups,
	    sizeof(posix_groups) / sizeof(posix_groups[0]), x->s + name,
	    k - name);
	if (g == NULL)
		return rx_fail(x, E_CHAR_CLASS_RANGE, *t, end - *t);
	cls_group(c, g, negate, (x->flags & RF_FOLD) != 0);
	*t = end;
	return 1;
}

/* Go's parseClassChar: a rune or escape; the end means no ']'. */
static int
rx_class_char(struct rx *x, size_t *t, size_t start, unsigned *r)
{
	size_t n;

	if (*t >= x->len)
		return rx_fail(x, E_MISSING_BRACKET, start, x->len - start);
	if (x->s[*t] == '\\')
		return rx_escape(x, t, r);
	if (rx_rune(x, *t, r, &n) < 0)
		return -1;
	*t += n;
	return 0;
}

/* One element of a bracketed class at *t. */
static int
rx_class_item(struct rx *x, size_t *t, size_t start, struct cls *c)
{
	const struct group *g;
	size_t rng = *t;
	unsigned lo, hi;
	int negate, rc;

	if (x->len - *t > 2 && x->s[*t] == '[' && x->s[*t + 1] == ':' &&
	    (rc = rx_posix(x, t, c)) != 0)
		return rc < 0 ? -1 : 0;
	if (x->len - *t >= 2 && x->s[*t] == '\\' &&
	    (x->s[*t + 1] == 'p' || x->s[*t + 1] == 'P'))
		return rx_unicode(x, t, c);
	if ((g = rx_perl_group(x, *t, &negate)) != NULL) {
		cls_group(c, g, negate, (x->flags & RF_FOLD) != 0);
		*t += 2;
		return 0;
	}
	if (rx_class_char(x, t, start, &lo) < 0)
		return -1;
	hi = lo;
	/* "[a-]" holds '-': a range needs something after the '-'. */
	if (x->len - *t >= 2 && x->s[*t] == '-' && x->s[*t + 1] != ']') {
		(*t)++;
		if (rx_class_char(x, t, start, &hi) < 0)
			return -1;
		if (hi < lo)
			return rx_fail(x, E_CHAR_CLASS_RANGE, rng, *t - rng);
	}
	if (x->flags & RF_FOLD)
		c->caseless = 1;
	cls_range(c, lo, hi);
	return 0;
}

/* Go's parseClass at '['. */
static int
rx_class(struct rx *x)
{
	struct cls c;
	size_t start = x->i, t = x->i + 1;
	int first = 1;

	memset(&c, 0, sizeof(c));
	if (t < x->len && x->s[t] == '^') {
		c.neg = 1;
		t++;
	}
	/* A ']' first in the class is a literal. */
	while (t >= x->len || x->s[t] != ']' || first) {
		first = 0;
		if (rx_class_item(x, &t, start, &c) < 0) {
			free(c.b.p);
			return -1;
		}
	}
	rx_class_out(x, &c);
	x->i = t + 1;
	return 0;
}

/* "\Q...\E": literal text up to "\E" or the end. */
static int
rx_quote(struct rx *x)
{
	size_t j = x->i + 2, end = j, n;
	unsigned r;

	while (end < x->len &&
	    !(x->s[end] == '\\' && end + 1 < x->len && x->s[end + 1] == 'E'))
		end++;
	for (; j < end; j += n) {
		if (rx_rune_in(x, j, end, &r, &n) < 0)
			return -1;
		rx_literal(x, r);
	}
	x->i = end < x->len ? end + 2 : end;
	return 0;
}

/* An escape outside a class: assertion, class, or literal. */
static int
rx_backslash(struct rx *x)
{
	static const char *const asserts[][2] = {
		{ "A", "\\A" }, { "b", "\\b" }, { "B", "\\B" }, { "z", "\\z" },
	};
	const struct group *g;
	struct cls c;
	size_t t = x->i, k;
	unsigned r;
	int negate;

	if (x->len - t >= 2) {
		for (k = 0; k < 4; k++)
			if (x->s[t + 1] == asserts[k][0][0]) {
				rx_atom(x, asserts[k][1]);
				x->i += 2;
				return 0;
			}
		if (x->s[t + 1] == 'C')	/* any byte: Go has none */
			return rx_fail(x, E_ESCAPE, t, 2);
		if (x->s[t + 1] == 'Q')
			return rx_quote(x);
	}
	memset(&c, 0, sizeof(c));
	if (x->len - t >= 2 && (x->s[t + 1] == 'p' || x->s[t + 1] == 'P')) {
		if (rx_unicode(x, &t, &c) < 0) {
			free(c.b.p);
			return -1;
		}
		rx_class_out(x, &c);
		x->i = t;
		return 0;
	}
	if ((g = rx_perl_group(x, t, &negate)) != NULL) {
		cls_group(&c, g, negate, (x->flags & RF_FOLD) != 0);
		rx_class_out(x, &c);
		x->i += 2;
		return 0;
	}
	if (rx_escape(x, &t, &r) < 0)
		return -1;
	rx_literal(x, r);
	x->i = t;
	return 0;
}

/* "(?P<name>" or "(?<name>": a named group, captures being moot. */
static int
rx_named_group(struct rx *x, size_t name)
{
	const char *gt;
	size_t s0 = x->i, end, k;

	gt = memchr(x->s + s0, '>', x->len - s0);
	if (gt == NULL) {
		if (rx_check_utf8(x, s0, x->len) < 0)
			return -1;
		return rx_fail(x, E_NAMED_CAPTURE, s0, x->len - s0);
	}
	end = (size_t)(gt - x->s);
	if (rx_check_utf8(x, name, end) < 0)
		return -1;
	for (k = name; k < end; k++)
		if (x->s[k] != '_' && !is_alnum((unsigned char)x->s[k]))
			break;
	if (name == end || k < end)
		return rx_fail(x, E_NAMED_CAPTURE, s0, end + 1 - s0);
	if (rx_open(x) < 0)
		return -1;
	x->i = end + 1;
	return 0;
}

/* Go's parsePerlFlags at "(?": flags, a group, or both. */
static int
rx_perl_flags(struct rx *x)
{
	size_t s0 = x->i, j = x->i + 2, n;
	unsigned flags = x->flags, bit, r;
	int negative = 0, saw = 0;

	if (x->len - s0 > 4 && x->s[s0 + 2] == 'P' && x->s[s0 + 3] == '<')
		return rx_named_group(x, s0 + 4);
	if (x->len - s0 > 3 && x->s[s0 + 2] == '<')
		return rx_named_group(x, s0 + 3);
	while (j < x->len) {
		if (rx_rune(x, j, &r, &n) < 0)
			return -1;
		j += n;
		bit = r == 'i' ? RF_FOLD : r == 'm' ? RF_MULTILINE :
		    r == 's' ? RF_DOTNL : r == 'U' ? RF_UNGREEDY : 0;
		if (bit != 0) {
			flags = negative ? flags & ~bit : flags | bit;
			saw = 1;
		} else if (r == '-' && !negative) {
			negative = 1;
			saw = 0;
		} else if ((r == ':' || r == ')') && (!negative || saw)) {
			/* A group restores the flags from before it. */
			if (r == ':' && rx_open(x) < 0)
				return -1;
			x->flags = flags;
			x->i = j;
			return 0;
		} else
			break;
	}
	return rx_fail(x, E_PERL_OP, s0, j - s0);
}

/* One token of the expression at x->i; *rep marks a repetition. */
static int
rx_item(struct rx *x, size_t *rep)
{
	unsigned r;
	size_t n;
	char c = x->s[x->i];

	if (c == '(' && x->i + 1 < x->len && x->s[x->i + 1] == '?')
		return rx_perl_flags(x);
	switch (c) {
	case '(':
		x->i++;
		return rx_open(x);
	case '|':
		rx_settle(x);
		sbuf_str(&x->out, "|");
		x->i++;
		return 0;
	case ')':
		return rx_close(x);
	case '^':
		/* (?m:^) also after a final newline (ALT_CIRCUMFLEX). */
		rx_atom(x, x->flags & RF_MULTILINE ? "(?m:^)" : "\\A");
		break;
	case '$':
		rx_atom(x, x->flags & RF_MULTILINE ? "(?m:$)" : "\\z");
		break;
	case '.':
		rx_atom(x, x->flags & RF_DOTNL ? "(?s:.)" : "[^\\n]");
		break;
	case '[':
		return rx_class(x);
	case '*':
	case '+':
	case '?':
		return rx_repeat(x, x->i, x->i + 1, c, 0, 0, rep);
	case '{':
		return rx_brace(x, rep);
	case '\\':
		return rx_backslash(x);
	default:
		if (rx_rune(x, x->i, &r, &n) < 0)
			return -1;
		rx_literal(x, r);
		x->i += n;
		return 0;
	}
	x->i++;
	return 0;
}

/* Translate the Go expression s[0..len) into x->out. */
static int
rx_translate(struct rx *x, const char *s, size_t len)
{
	size_t rep;

	memset(x, 0, sizeof(*x));
	x->s = s;
	x->len = len;
	x->level_prod = 1;
	x->last_repeat = RX_NONE;
	sbuf_str(&x->out, "");
	while (x->i < x->len && !x->out.nomem) {
		rep = RX_NONE;
		if (rx_item(x, &rep) < 0)
			return -1;
		x->last_repeat = rep;
	}
	if (x->out.nomem)
		return -1;
	if (x->nlv > 0)
		return rx_fail(x, E_MISSING_PAREN, 0, x->len);
	return 0;
}

/*
 * A compiled regexp.  Matching reuses md, so one regexp must not match
 * in two threads at once.
 */
struct cbs_qregexp {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

/* Backtracking past this hands over to the DFA matcher (see below). */
#define RX_MATCH_LIMIT 100000

/* "error parsing regexp: CODE: `EXPR`", as Go's syntax.Error. */
static char *
rx_message(const char *code, const char *expr, size_t len)
{
	struct sbuf b = { NULL, 0, 0, 0 };

	sbuf_str(&b, "error parsing regexp: ");
	sbuf_str(&b, code);
	sbuf_str(&b, ": `");
	sbuf_add(&b, expr, len);
	sbuf_str(&b, "`");
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static pcre2_code *
rx_pcre2(const char *pattern, size_t len)
{
	pcre2_compile_context *cc;
	pcre2_code *code;
	PCRE2_SIZE eoff;
	int ecode;

	if ((cc = pcre2_compile_context_create(NULL)) == NULL)
		return NULL;
	/* Go's '.', '$' and (?m) know only '\n' as a line break. */
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	pcre2_set_parens_nest_limit(cc, 10000);
	code = pcre2_compile((PCRE2_SPTR)pattern, len,
	    PCRE2_UTF | PCRE2_NO_UTF_CHECK | PCRE2_ALT_CIRCUMFLEX, &ecode,
	    &eoff, cc);
	pcre2_compile_context_free(cc);
	if (code != NULL)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	return code;
}

int
cbs_qregexp_compile(const char *expr, size_t len, struct cbs_qregexp **out,
    char **msg)
{
	struct cbs_qregexp *re;
	struct rx x;
	int rc = CBS_EINVAL;

	*out = NULL;
	*msg = NULL;
	if (rx_translate(&x, expr, len) < 0) {
		if (x.ecode != NULL &&
		    (*msg = rx_message(x.ecode, expr + x.eoff, x.elen)) != NULL)
			rc = CBS_EINVAL;
		else
			rc = CBS_ENOMEM;
		goto done;
	}
	if ((re = calloc(1, sizeof(*re))) == NULL) {
		rc = CBS_ENOMEM;
		goto done;
	}
	re->code = rx_pcre2(x.out.p, x.out.len);
	re->md = pcre2_match_data_create(1, NULL);
	if ((re->mc = pcre2_match_context_create(NULL)) != NULL)
		pcre2_set_match_limit(re->mc, RX_MATCH_LIMIT);
	if (re->code == NULL || re->md == NULL || re->mc == NULL) {
		/* Nothing Go accepts should get here. */
		cbs_qregexp_free(re);
		rc = (*msg = rx_message(E_INTERNAL, expr, len)) != NULL ?
		    CBS_EINVAL : CBS_ENOMEM;
		goto done;
	}
	*out = re;
	rc = 0;
done:
	free(x.out.p);
	free(x.lv);
	return rc;
}

void
cbs_qregexp_free(struct cbs_qregexp *re)
{
	if (re == NULL)
		return;
	pcre2_match_context_free(re->mc);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

/*
 * The DFA matcher never backtracks, so it finishes where a pattern makes
 * backtracking blow up, as Go's matcher always does.
 */
static int
qregexp_dfa(struct cbs_qregexp *re, const char *s, size_t len)
{
	int *ws = NULL, *nws, rc = PCRE2_ERROR_DFA_WSSIZE;
	size_t n;

	for (n = 1024; rc == PCRE2_ERROR_DFA_WSSIZE && n <= (1u << 24);
	    n *= 4) {
		if ((nws = realloc(ws, n * sizeof(*ws))) == NULL)
			break;
		ws = nws;
		rc = pcre2_dfa_match(re->code, (PCRE2_SPTR)s, len, 0,
		    PCRE2_NO_UTF_CHECK, re->md, NULL, ws, n);
	}
	free(ws);
	return rc >= 0;
}

static int
qregexp_exec(struct cbs_qregexp *re, const char *s, size_t len)
{
	int rc;

	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK,
	    re->md, re->mc);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0,
		    PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, re->md, re->mc);
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
		return rc >= 0;
	/* A match or depth limit: Go's matcher has none. */
	return qregexp_dfa(re, s, len);
}

int
cbs_qregexp_match(struct cbs_qregexp *re, const char *s, size_t len)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	size_t i, n;
	unsigned r;
	int m;

	if (cbs_utf8_valid(s, len))
		return qregexp_exec(re, s, len);
	/* Go reads each invalid byte as U+FFFD. */
	for (i = 0; i < len; i += n) {
		n = cbs_utf8_decode(s + i, len - i, &r);
		sbuf_rune(&b, r);
	}
	m = !b.nomem && qregexp_exec(re, b.p, b.len);
	free(b.p);
	return m;
}

/* ------------------------------------------------------------- lexer */

void
cbs_qlex_init(struct cbs_qlex *lx, const char *query)
{
	memset(lx, 0, sizeof(*lx));
	lx->q = query;
	lx->len = strlen(query);
}

void
cbs_qlex_fini(struct cbs_qlex *lx)
{
	free(lx->err_msg);
	lx->err_msg = NULL;
}

void
cbs_qtok_free(struct cbs_qtok *tok)
{
	free(tok->text);
	cbs_qregexp_free(tok->re);
	tok->text = NULL;
	tok->re = NULL;
}

void
cbs_qlex_nomem(struct cbs_qlex *lx)
{
	if (lx->err == 0)
		lx->err = CBS_ENOMEM;
}

void
cbs_qlex_error(struct cbs_qlex *lx, size_t off, const char *msg)
{
	if (lx->err != 0)
		return;
	if ((lx->err_msg = strdup(msg)) == NULL) {
		lx->err = CBS_ENOMEM;
		return;
	}
	lx->err = CBS_EINVAL;
	lx->err_off = off;
}

void
cbs_qlex_unexpected(struct cbs_qlex *lx, size_t off,
    const struct cbs_qtok *tok)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	char *q;

	if ((q = cbs_go_quote(tok->text, tok->len)) == NULL) {
		cbs_qlex_nomem(lx);
		return;
	}
	sbuf_str(&b, "unexpected ");
	sbuf_str(&b, q);
	free(q);
	if (b.nomem)
		cbs_qlex_nomem(lx);
	else
		cbs_qlex_error(lx, off, b.p);
	free(b.p);
}

int
cbs_qlex_report(const struct cbs_qlex *lx, char *err, size_t errlen)
{
	if (lx->err == CBS_EINVAL)
		cbs_syntax_error(err, errlen, lx->q, lx->err_off, lx->err_msg);
	else if (lx->err != 0 && err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", cbs_strerror(lx->err));
	return lx->err;
}

static int
is_op(unsigned c)
{
	return c == '(' || c == ')' || c == ':' || c == '@' || c == ',';
}

/* '-' and '*' are operators only where a word would start. */
static int
is_start_op(unsigned c)
{
	return is_op(c) || c == '-' || c == '*';
}

/* The length of the space at s[0..len), 0 if none. */
static size_t
space_len(const char *s, size_t len)
{
	unsigned r;
	size_t n;

	if (s[0] == ' ')
		return 1;
	n = cbs_utf8_decode(s, len, &r);
	return cbs_rune_is_space(r) ? n : 0;
}

/* Fill tok with a copy of text; on failure, the end of input. */
static void
tok_set(struct cbs_qlex *lx, struct cbs_qtok *tok, int kind, size_t off,
    const char *text, size_t len)
{
	tok->kind = kind;
	tok->off = off;
	if ((tok->text = malloc(len + 1)) == NULL) {
		cbs_qlex_nomem(lx);
		tok->kind = QT_EOF;
		return;
	}
	memcpy(tok->text, text, len);
	tok->text[len] = '\0';
	tok->len = len;
}

/* A lexical error: the token is the end of input. */
static void
tok_error(struct cbs_qlex *lx, struct cbs_qtok *tok, size_t *rest,
    size_t off, const char *msg)
{
	cbs_qlex_error(lx, off, msg);
	tok->kind = QT_EOF;
	tok->off = lx->len;
	*rest = lx->len;
}

/*
 * Go's strconv.Unquote of a double-quoted word whose content is
 * s[0..len), into out.  @return 0 or -1 on bad syntax.
 */
static int
unquote(const char *s, size_t len, struct sbuf *out)
{
	static const char ctl[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
	const char *p;
	size_t i = 0, j, n, nhex;
	unsigned r, v;
	int d;

	while (i < len) {
		if (s[i] == '"' || s[i] == '\n')
			return -1;
		if ((unsigned char)s[i] >= 0x80) {
			/* An invalid byte becomes U+FFFD. */
			n = cbs_utf8_decode(s + i, len - i, &r);
			sbuf_rune(out, r);
			i += n;
			continue;
		}
		if (s[i] != '\\') {
			sbuf_byte(out, (unsigned char)s[i++]);
			continue;
		}
		if (i + 1 >= len)
			return -1;
		v = (unsigned char)s[i + 1];
		i += 2;
		if (v != 0 && (p = strchr(ctl, (int)v)) != NULL &&
		    (p - ctl) % 2 == 0) {
			sbuf_byte(out, (unsigned char)p[1]);
			continue;
		}
		if (v == 'x' || v == 'u' || v == 'U') {
			nhex = v == 'x' ? 2 : v == 'u' ? 4 : 8;
			if (len - i < nhex)
				return -1;
			for (r = 0, j = 0; j < nhex; j++) {
				if ((d = unhex((unsigned char)s[i + j])) < 0)
					return -1;
				r = r << 4 | (unsigned)d;
			}
			i += nhex;
			if (v == 'x') {
				sbuf_byte(out, r);	/* a byte, not a rune */
				continue;
			}
			if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
				return -1;
			sbuf_rune(out, r);
			continue;
		}
		if (v < '0' || v > '7' || len - i < 2)
			return -1;
		for (r = v - '0', j = 0; j < 2; j++) {
			if (s[i + j] < '0' || s[i + j] > '7')
				return -1;
			r = r << 3 | (unsigned)(s[i + j] - '0');
		}
		i += 2;
		if (r > 255)
			return -1;
		sbuf_byte(out, r);
	}
	return 0;
}

static void
lex_quoted(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	const char *q = lx->q;
	size_t end = start + 1;

	/* Upstream takes the first '"' not after a backslash as the end,
	 * even when that backslash is itself escaped. */
	while (end < lx->len && (q[end] != '"' || q[end - 1] == '\\'))
		end++;
	if (end == lx->len) {
		tok_error(lx, tok, rest, start, "missing end quote");
		return;
	}
	sbuf_str(&b, "");
	if (unquote(q + start + 1, end - start - 1, &b) < 0) {
		free(b.p);
		tok_error(lx, tok, rest, start, "bad escape sequence");
		return;
	}
	if (b.nomem) {
		free(b.p);
		cbs_qlex_nomem(lx);
		tok_error(lx, tok, rest, start, "");
		return;
	}
	tok->kind = QT_QUOTED;
	tok->off = start;
	tok->text = b.p;
	tok->len = b.len;
	*rest = end + 1;
}

static void
lex_bare(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	size_t end = start, n, len;
	unsigned r;
	int kind = QT_WORD;

	for (; end < lx->len; end += n) {
		n = cbs_utf8_decode(lx->q + end, lx->len - end, &r);
		if (cbs_rune_is_space(r) || is_op(r))
			break;
	}
	len = end - start;
	if (len == 3 && memcmp(lx->q + start, "AND", 3) == 0)
		kind = QT_AND;
	else if (len == 2 && memcmp(lx->q + start, "OR", 2) == 0)
		kind = QT_OR;
	tok_set(lx, tok, kind, start, lx->q + start, len);
	*rest = end;
}

/*
 * Upstream's regexpParseUntil: the length of the regexp at s[0..len)
 * before a '/' outside brackets and parentheses, or -1 if none.
 */
static long
regexp_length(const char *s, size_t len)
{
	size_t i;
	int cs = 0, cp = 0;

	for (i = 0; i < len; i++) {
		if (cs == 0 && cp == 0 && s[i] == '/')
			return (long)i;
		switch (s[i]) {
		case '[':
			cs++;
			break;
		case ']':
			if (--cs < 0)	/* an unmatched ']' is a literal */
				cs = 0;
			break;
		case '(':
			cp += cs == 0;
			break;
		case ')':
			cp -= cs == 0;
			break;
		case '\\':
			i++;
			break;
		default:
			break;
		}
	}
	return -1;
}

static void
lex_regexp(struct cbs_qlex *lx, size_t start, struct cbs_qtok *tok,
    size_t *rest)
{
	struct cbs_qregexp *re;
	const char *body = lx->q + start + 1;
	char *msg;
	size_t after;
	long n;
	int rc;

	if ((n = regexp_length(body, lx->len - start - 1)) < 0) {
		tok_error(lx, tok, rest, start, "missing close \"/\"");
		return;
	}
	if ((rc = cbs_qregexp_compile(body, (size_t)n, &re, &msg)) != 0) {
		if (rc == CBS_ENOMEM)
			cbs_qlex_nomem(lx);
		tok_error(lx, tok, rest, start, msg != NULL ? msg : "");
		free(msg);
		return;
	}
	/* A '/' inside the regexp must not pass for its end, so something
	 * that cannot continue a regexp must follow.  Upstream checks one
	 * byte as if it were a rune. */
	after = start + 2 + (size_t)n;
	if (after < lx->len &&
	    !cbs_rune_is_space((unsigned char)lx->q[after]) &&
	    !is_start_op((unsigned char)lx->q[after])) {
		cbs_qregexp_free(re);
		tok_error(lx, tok, rest, after, "regexp must be followed by "
		    "space or an operator (unescaped \"/\"?)");
		return;
	}
	tok_set(lx, tok, QT_REGEXP, start, body, (size_t)n);
	if (tok->kind == QT_EOF) {
		cbs_qregexp_free(re);
		*rest = lx->len;
		return;
	}
	tok->re = re;
	*rest = after;
}

void
cbs_qlex_next(struct cbs_qlex *lx, size_t *pos, int allow_re,
    struct cbs_qtok *tok, size_t *rest)
{
	size_t n;
	char c;

	memset(tok, 0, sizeof(*tok));
	while (lx->err == 0 && *pos < lx->len) {
		c = lx->q[*pos];
		if (is_start_op((unsigned char)c)) {
			tok_set(lx, tok, (unsigned char)c, *pos, &c, 1);
			*rest = *pos + 1;
			return;
		}
		if ((n = space_len(lx->q + *pos, lx->len - *pos)) > 0) {
			*pos += n;
			continue;
		}
		if (allow_re && c == '/')
			lex_regexp(lx, *pos, tok, rest);
		else if (c == '"')
			lex_quoted(lx, *pos, tok, rest);
		else
			lex_bare(lx, *pos, tok, rest);
		return;
	}
	/* The end, or anything after an error. */
	tok->kind = QT_EOF;
	tok->off = *pos;
	*rest = *pos;
}
