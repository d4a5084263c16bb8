/*
 * regex_go.c: Go's regexp syntax.  RE2 runs the -filter regexps, as Go's
 * own engine would (linear time, leftmost-first, the same syntax), but
 * Go's messages for a bad expression are not RE2's, and the two dialects
 * differ at a few points.  So a parser here reads the expression as Go's
 * regexp/syntax does, failing where it fails with its words, and writes
 * for RE2 the expression itself, rewritten only where RE2 reads it
 * otherwise: a named group "(?<name>" (Go 1.22) is a plain group, as
 * captures never matter here.
 *
 * A caller may also watch the parse item by item, with the flags
 * resolved and \d, \s, \w and the POSIX classes as Go's sets
 * (struct cbs_goregexp_visitor): from it the regex fuzz harness writes
 * the expression for PCRE2, the engine it checks RE2's answers against.
 *
 * The parser keeps no stack of its own but an array of open groups, so
 * no expression can make it recurse, and it follows the height of the
 * tree Go's parser builds, which Go bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "query/regex.h"

static int
is_alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* ------------------------------------------------------ Go regexp sets */

struct span {
	unsigned char lo;
	unsigned char hi;
};

/* Go's Perl and POSIX classes: ASCII sets, handed to a visitor as such. */
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
 * scripts of its unicode package.
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

/* The kinds of node of Go's tree that its parser treats apart. */
enum rx_kind {
	RK_OTHER,	/* a repetition, a capture, an assertion */
	RK_RUNE,	/* a literal of one rune */
	RK_STRING,	/* a literal of several */
	RK_CLASS,	/* a character class or "." */
	RK_EMPTY,	/* the empty match */
	RK_CONCAT,
	RK_ALTERNATE
};

/* ------------------------------------------------- character classes */

/* A character class being read. */
struct cls {
	const struct cbs_goregexp_visitor *v;	/* or NULL */
	int neg;
	/* Go's class of up to two runes, which its parser makes a literal
	 * (so "[.]" joins the literals around it): the runes, or ranges
	 * set when it holds more or cannot be told here. */
	unsigned rune[2];
	size_t nrunes;
	int ranges;
};

/* Add r to the runes of c, and under (?i) the other case of an ASCII
 * letter; which other runes a letter folds to is not known here. */
static void
cls_rune(struct cls *c, unsigned r, int fold)
{
	unsigned other = r ^ 0x20;
	size_t i;

	if (fold && (r == 'k' || r == 'K' || r == 's' || r == 'S' ||
	    (r >= 0x80 && (cbs_rune_is_upper(r) || cbs_rune_is_lower(r)))))
		c->ranges = 1;
	else if (fold && ((r | 0x20) >= 'a' && (r | 0x20) <= 'z'))
		cls_rune(c, other, 0);
	for (i = 0; i < c->nrunes; i++)
		if (c->rune[i] == r)
			return;
	if (c->nrunes == 2)
		c->ranges = 1;
	else
		c->rune[c->nrunes++] = r;
}

/*
 * Go's push turns a class of one rune into a literal, and one of an
 * ASCII letter in both cases (but k and s, which fold to a third rune)
 * into a literal under (?i).  @return the node's kind, *fold set.
 */
static int
cls_kind(const struct cls *c, unsigned char *fold)
{
	unsigned a = c->rune[0], b = c->rune[1];

	*fold = 0;
	if (c->neg || c->ranges || c->nrunes == 0)
		return RK_CLASS;
	if (c->nrunes == 1)
		return RK_RUNE;
	if ((a ^ b) == 0x20 && (a | 0x20) >= 'a' && (a | 0x20) <= 'z' &&
	    (a | 0x20) != 'k' && (a | 0x20) != 's') {
		*fold = 1;
		return RK_RUNE;
	}
	return RK_CLASS;
}

/* Hand a range of c to the visitor; fold: a literal range under (?i). */
static void
cls_range(struct cls *c, unsigned lo, unsigned hi, int fold)
{
	if (c->v != NULL)
		c->v->class_range(c->v->ctx, lo, hi, fold);
}

/* Add the sorted, disjoint ranges pr[0..n) or their complement. */
static void
cls_pairs(struct cls *c, const unsigned *pr, size_t n, int negate)
{
	unsigned next = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		if (!negate)
			cls_range(c, pr[i], pr[i + 1], 0);
		else if (pr[i] > next)
			cls_range(c, next, pr[i] - 1, 0);
		next = pr[i + 1] + 1;
	}
	if (negate && next <= 0x10FFFF)
		cls_range(c, next, 0x10FFFF, 0);
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
	if (c->v != NULL)
		c->v->class_unicode(c->v->ctx, name, negate);
}

/* ------------------------------------------------------ Go's parser */

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
static const char E_NESTING[] = "expression nests too deeply";

enum {
	RF_FOLD = 1,		/* (?i) */
	RF_MULTILINE = 2,	/* (?m): ^ and $ also at line breaks */
	RF_DOTNL = 4,		/* (?s) */
	RF_UNGREEDY = 8		/* (?U) */
};

/* Go's bound on a repetition count, and on nested counts multiplied. */
#define RX_MAX_REPEAT 1000
#define RX_NONE ((size_t)-1)

/*
 * Go's bound on the height of its parse tree (regexp/syntax's
 * maxHeight), so that its recursive walks cannot exhaust the stack.
 */
#define RX_MAX_HEIGHT 1000

/* A node of Go's tree, as far as its height goes. */
struct rx_node {
	unsigned h;		/* 1 for a leaf */
	unsigned char kind;	/* enum rx_kind */
	unsigned char fold;	/* a literal under (?i) */
};

/*
 * The content of a group so far, as Go's parser holds it on its stack:
 * the alternatives before the last "|", and the items after it.
 */
struct rx_tree {
	size_t nitems;		/* items, adjacent literals joined */
	struct rx_node last;	/* the last of them */
	unsigned items_h;	/* their height, concatenations flattened */
	size_t nalts;		/* alternatives, adjacent classes joined */
	struct rx_node first_alt, last_alt;
	unsigned alts_h;	/* their height, alternations flattened */
};

/* An open group: what its ")" restores. */
struct rx_level {
	unsigned flags;
	unsigned prod;		/* the enclosing level's largest product */
	int capture;		/* "(" or "(?P<name>": a node of its own */
	struct rx_tree tree;	/* the enclosing group's content */
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
	const struct cbs_goregexp_visitor *v;	/* or NULL */
	int nomem;
	struct cbs_sbuf re2;	/* the RE2 pattern */
	size_t copied;		/* s[0..copied) is in re2 */
	unsigned flags;
	struct rx_level *lv;
	size_t nlv;
	size_t caplv;
	unsigned level_prod;	/* largest product among finished items */
	int have_atom;		/* an item that can be repeated is on top */
	unsigned atom_prod;	/* the product of the counts nested in it */
	struct rx_node atom;	/* its node */
	struct rx_tree tree;	/* the content of the innermost group */
	size_t last_repeat;	/* start of the previous repetition */
	const char *ecode;	/* Go's error code, once one happens */
	size_t eoff;		/* and the text it shows */
	size_t elen;
	int no_word_boundary;	/* a \B was met */
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

/* An unclosed construct from s0 to the end: a bad byte in it is the
 * error that wins, else code names the whole rest. */
static int
rx_fail_rest(struct rx *x, const char *code, size_t s0)
{
	if (rx_check_utf8(x, s0, x->len) < 0)
		return -1;
	return rx_fail(x, code, s0, x->len - s0);
}

/* ------------------------------------------------- Go's tree height */

static int
rk_literal(const struct rx_node *n)
{
	return n->kind == RK_RUNE || n->kind == RK_STRING;
}

/* Go's isCharClass: what "|" joins into one class. */
static int
rk_char(const struct rx_node *n)
{
	return n->kind == RK_RUNE || n->kind == RK_CLASS;
}

/* n's height as a sub of a kind node, which takes in the subs of a sub
 * of its own kind (Go's collapse). */
static unsigned
rk_sub_height(const struct rx_node *n, int kind)
{
	return n->kind == kind ? n->h - 1 : n->h;
}

/* Go's checkLimits on a node of height h. */
static int
rx_height(struct rx *x, unsigned h)
{
	if (h > RX_MAX_HEIGHT)
		return rx_fail(x, E_NESTING, 0, x->len);
	return 0;
}

/* Go's maybeConcat: an item after a literal of the same case folding
 * joins it. */
static void
tree_item(struct rx_tree *t, const struct rx_node *n)
{
	if (t->nitems > 0 && rk_literal(&t->last) && rk_literal(n) &&
	    t->last.fold == n->fold) {
		t->last.kind = RK_STRING;
		return;
	}
	t->nitems++;
	t->last = *n;
	if (rk_sub_height(n, RK_CONCAT) > t->items_h)
		t->items_h = rk_sub_height(n, RK_CONCAT);
}

/* Go's concat: the items after the last "|" as one node. */
static struct rx_node
tree_concat(const struct rx_tree *t)
{
	struct rx_node n = { 1, RK_EMPTY, 0 };

	if (t->nitems == 1)
		return t->last;
	if (t->nitems > 1) {
		n.h = t->items_h + 1;
		n.kind = RK_CONCAT;
	}
	return n;
}

/*
 * Add an alternative and start the next: Go's swapVerticalBar joins two
 * adjacent classes or runes, and its factor two empty matches.  Go also
 * factors out prefixes that alternatives share; that is not followed
 * here, so with such alternatives the height may differ from Go's.
 */
static void
tree_alt(struct rx_tree *t, const struct rx_node *n)
{
	if (t->nalts > 0 && rk_char(&t->last_alt) && rk_char(n)) {
		t->last_alt.kind = RK_CLASS;
		if (t->nalts == 1)
			t->first_alt = t->last_alt;
	} else if (t->nalts == 0 || t->last_alt.kind != RK_EMPTY ||
	    n->kind != RK_EMPTY) {
		if (t->nalts++ == 0)
			t->first_alt = *n;
		t->last_alt = *n;
		if (rk_sub_height(n, RK_ALTERNATE) > t->alts_h)
			t->alts_h = rk_sub_height(n, RK_ALTERNATE);
	}
	t->nitems = 0;
	t->items_h = 0;
}

/*
 * The item on top can no longer be repeated: fold in its product and
 * its node.
 */
static void
rx_settle(struct rx *x)
{
	if (x->have_atom && x->atom_prod > x->level_prod)
		x->level_prod = x->atom_prod;
	if (x->have_atom)
		tree_item(&x->tree, &x->atom);
	x->have_atom = 0;
}

/* At "|": the items since the last one are an alternative. */
static int
rx_bar(struct rx *x)
{
	struct rx_node n;

	rx_settle(x);
	n = tree_concat(&x->tree);
	if (rx_height(x, n.h) < 0)
		return -1;
	tree_alt(&x->tree, &n);
	return 0;
}

/* At ")" or the end: the group's content as one node in *n. */
static int
rx_group_node(struct rx *x, struct rx_node *n)
{
	if (rx_bar(x) < 0)
		return -1;
	*n = x->tree.first_alt;
	if (x->tree.nalts > 1) {
		n->h = x->tree.alts_h + 1;
		n->kind = RK_ALTERNATE;
	}
	return rx_height(x, n->h);
}

/* Put s[from..to) into the RE2 pattern as text, s[0..from) as it is. */
static void
rx_re2_rewrite(struct rx *x, size_t from, size_t to, const char *text)
{
	cbs_sbuf_add(&x->re2, x->s + x->copied, from - x->copied);
	cbs_sbuf_str(&x->re2, text);
	x->copied = to;
}

/* Start a new leaf of kind on top. */
static void
rx_atom(struct rx *x, int kind)
{
	rx_settle(x);
	x->have_atom = 1;
	x->atom_prod = 1;
	x->atom.h = 1;
	x->atom.kind = (unsigned char)kind;
	x->atom.fold = kind == RK_RUNE && (x->flags & RF_FOLD) != 0;
}

/* A leaf without content: an assertion or ".". */
static void
rx_op(struct rx *x, enum cbs_rx_op op, int kind)
{
	rx_atom(x, kind);
	if (x->v != NULL)
		x->v->op(x->v->ctx, op);
}

static void
rx_literal(struct rx *x, unsigned r)
{
	rx_atom(x, RK_RUNE);
	if (x->v != NULL)
		x->v->literal(x->v->ctx, r, (x->flags & RF_FOLD) != 0);
}

/* Start reading a class into c: the visitor sees its items from here. */
static void
rx_class_begin(struct rx *x, struct cls *c, int neg)
{
	memset(c, 0, sizeof(*c));
	c->v = x->v;
	c->neg = neg;
	if (x->v != NULL)
		x->v->class_begin(x->v->ctx, neg);
}

/* The class c, read, becomes the leaf on top. */
static void
rx_class_end(struct rx *x, struct cls *c)
{
	unsigned char fold;

	rx_atom(x, cls_kind(c, &fold));
	x->atom.fold = fold;
	if (x->v != NULL)
		x->v->class_end(x->v->ctx);
}

/* An open group: capture, a node of its own, or not. */
static int
rx_open(struct rx *x, int capture)
{
	rx_settle(x);
	if (cbs_grow(&x->lv, &x->caplv, x->nlv + 1, sizeof(*x->lv)) != 0) {
		x->nomem = 1;
		return -1;
	}
	x->lv[x->nlv].flags = x->flags;
	x->lv[x->nlv].prod = x->level_prod;
	x->lv[x->nlv].capture = capture;
	x->lv[x->nlv].tree = x->tree;
	x->nlv++;
	x->level_prod = 1;
	memset(&x->tree, 0, sizeof(x->tree));
	if (x->v != NULL)
		x->v->group_open(x->v->ctx);
	return 0;
}

/* Go's parseRightParen: the group's content is a node before an
 * unexpected ")" is seen. */
static int
rx_close(struct rx *x)
{
	struct rx_level *l;
	struct rx_node n;
	unsigned prod;

	if (rx_group_node(x, &n) < 0)
		return -1;
	if (x->nlv == 0)
		return rx_fail(x, E_UNEXPECTED_PAREN, 0, x->len);
	l = &x->lv[--x->nlv];
	if (l->capture) {
		n.h++;
		n.kind = RK_OTHER;
		if (rx_height(x, n.h) < 0)
			return -1;
	}
	x->tree = l->tree;
	prod = x->level_prod;
	x->level_prod = l->prod;
	x->flags = l->flags;
	if (x->v != NULL)
		x->v->group_close(x->v->ctx);
	x->have_atom = 1;
	x->atom_prod = prod;
	x->atom = n;
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
	x->atom.h++;
	x->atom.kind = RK_OTHER;
	if (rx_height(x, x->atom.h) < 0)
		return -1;
	if (op == '{') {
		m = (unsigned)(max == -1 ? min : max);
		if ((min >= 2 || max >= 2) && m * x->atom_prod > RX_MAX_REPEAT)
			return rx_fail(x, E_REPEAT_SIZE, before,
			    after - before);
		if (max == 0)
			x->atom_prod = 1;
		else if (m > 0)
			x->atom_prod *= m;
	}
	if (x->flags & RF_UNGREEDY)
		lazy = !lazy;
	if (x->v != NULL)
		x->v->repeat(x->v->ctx, op, min, max, lazy);
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
		hi = cbs_unhex(c);
		if (rx_rune(x, j, &c, &n) < 0)
			return -1;
		*t = j + n;
		if (hi < 0 || (d = cbs_unhex(c)) < 0)
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
		if ((d = cbs_unhex(c)) < 0)
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
		if (close == NULL)
			return rx_fail_rest(x, E_CHAR_CLASS_RANGE, s0);
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
	    (rc = rx_posix(x, t, c)) != 0) {
		c->ranges = 1;
		return rc < 0 ? -1 : 0;
	}
	if (x->len - *t >= 2 && x->s[*t] == '\\' &&
	    (x->s[*t + 1] == 'p' || x->s[*t + 1] == 'P')) {
		c->ranges = 1;
		return rx_unicode(x, t, c);
	}
	if ((g = rx_perl_group(x, *t, &negate)) != NULL) {
		c->ranges = 1;
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
	if (lo == hi)
		cls_rune(c, lo, (x->flags & RF_FOLD) != 0);
	else
		c->ranges = 1;
	cls_range(c, lo, hi, (x->flags & RF_FOLD) != 0);
	return 0;
}

/* Go's parseClass at '['. */
static int
rx_class(struct rx *x)
{
	struct cls c;
	size_t start = x->i, t = x->i + 1;
	int first = 1, neg = 0;

	if (t < x->len && x->s[t] == '^') {
		neg = 1;
		t++;
	}
	rx_class_begin(x, &c, neg);
	/* A ']' first in the class is a literal. */
	while (t >= x->len || x->s[t] != ']' || first) {
		first = 0;
		if (rx_class_item(x, &t, start, &c) < 0)
			return -1;
	}
	rx_class_end(x, &c);
	x->i = t + 1;
	return 0;
}

/*
 * "\Q...\E": literal text up to "\E" or the end.  One that runs to the
 * end goes to RE2 as escaped runes: text put after the pattern (regex.c
 * wraps it) must not fall into the quote.
 */
static int
rx_quote(struct rx *x)
{
	struct cbs_sbuf esc = { NULL, 0, 0, 0 };
	size_t j = x->i + 2, end = j, n;
	unsigned r;
	char hex[16];

	while (end < x->len &&
	    !(x->s[end] == '\\' && end + 1 < x->len && x->s[end + 1] == 'E'))
		end++;
	cbs_sbuf_str(&esc, "");
	for (; j < end; j += n) {
		if (rx_rune_in(x, j, end, &r, &n) < 0) {
			free(esc.p);
			return -1;
		}
		rx_literal(x, r);
		snprintf(hex, sizeof(hex), "\\x{%X}", r);
		cbs_sbuf_str(&esc, hex);
	}
	if (esc.nomem)
		x->nomem = 1;
	else if (end == x->len)
		rx_re2_rewrite(x, x->i, end, esc.p);
	free(esc.p);
	x->i = end < x->len ? end + 2 : end;
	return 0;
}

/* An escape outside a class: assertion, class, or literal. */
static int
rx_backslash(struct rx *x)
{
	static const struct {
		char c;
		enum cbs_rx_op op;
	} asserts[] = {
		{ 'A', CBS_RX_BEGIN_TEXT }, { 'b', CBS_RX_WORD_BOUNDARY },
		{ 'B', CBS_RX_NO_WORD_BOUNDARY }, { 'z', CBS_RX_END_TEXT },
	};
	const struct group *g;
	struct cls c;
	size_t t = x->i, k;
	unsigned r = 0;
	int negate;

	if (x->len - t >= 2) {
		for (k = 0; k < 4; k++)
			if (x->s[t + 1] == asserts[k].c) {
				rx_op(x, asserts[k].op, RK_OTHER);
				if (asserts[k].op == CBS_RX_NO_WORD_BOUNDARY)
					x->no_word_boundary = 1;
				x->i += 2;
				return 0;
			}
		if (x->s[t + 1] == 'C')	/* any byte: Go has none */
			return rx_fail(x, E_ESCAPE, t, 2);
		if (x->s[t + 1] == 'Q')
			return rx_quote(x);
	}
	if (x->len - t >= 2 && (x->s[t + 1] == 'p' || x->s[t + 1] == 'P')) {
		rx_class_begin(x, &c, 0);
		if (rx_unicode(x, &t, &c) < 0)
			return -1;
		rx_class_end(x, &c);
		x->i = t;
		return 0;
	}
	if ((g = rx_perl_group(x, t, &negate)) != NULL) {
		rx_class_begin(x, &c, 0);
		cls_group(&c, g, negate, (x->flags & RF_FOLD) != 0);
		rx_class_end(x, &c);
		x->i += 2;
		return 0;
	}
	if (rx_escape(x, &t, &r) < 0)
		return -1;
	rx_literal(x, r);
	x->i = t;
	return 0;
}

/*
 * "(?P<name>" or "(?<name>": a named group, captures being moot.  RE2
 * releases before 2023 refuse "(?<name>", and some refuse a name used
 * twice, which Go takes: RE2 gets a plain group.
 */
static int
rx_named_group(struct rx *x, size_t name)
{
	const char *gt;
	size_t s0 = x->i, end, k;

	gt = memchr(x->s + s0, '>', x->len - s0);
	if (gt == NULL)
		return rx_fail_rest(x, E_NAMED_CAPTURE, s0);
	end = (size_t)(gt - x->s);
	if (rx_check_utf8(x, name, end) < 0)
		return -1;
	for (k = name; k < end; k++)
		if (x->s[k] != '_' && !is_alnum((unsigned char)x->s[k]))
			break;
	if (name == end || k < end)
		return rx_fail(x, E_NAMED_CAPTURE, s0, end + 1 - s0);
	if (rx_open(x, 1) < 0)
		return -1;
	rx_re2_rewrite(x, s0, end + 1, "(");
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
			if (r == ':' && rx_open(x, 0) < 0)
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
		return rx_open(x, 1);
	case '|':
		if (rx_bar(x) < 0)
			return -1;
		if (x->v != NULL)
			x->v->alternate(x->v->ctx);
		x->i++;
		return 0;
	case ')':
		return rx_close(x);
	case '^':
		rx_op(x, x->flags & RF_MULTILINE ? CBS_RX_BEGIN_LINE :
		    CBS_RX_BEGIN_TEXT, RK_OTHER);
		break;
	case '$':
		rx_op(x, x->flags & RF_MULTILINE ? CBS_RX_END_LINE :
		    CBS_RX_END_TEXT, RK_OTHER);
		break;
	case '.':
		rx_op(x, x->flags & RF_DOTNL ? CBS_RX_ANY_CHAR :
		    CBS_RX_ANY_CHAR_NOT_NL, RK_CLASS);
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

/* Translate the Go expression s[0..len) into x->re2, walked with v. */
static int
rx_translate(struct rx *x, const char *s, size_t len,
    const struct cbs_goregexp_visitor *v)
{
	struct rx_node n;
	size_t rep;

	memset(x, 0, sizeof(*x));
	x->s = s;
	x->len = len;
	x->v = v;
	x->level_prod = 1;
	x->last_repeat = RX_NONE;
	cbs_sbuf_str(&x->re2, "");
	while (x->i < x->len && !x->nomem && !x->re2.nomem) {
		rep = RX_NONE;
		if (rx_item(x, &rep) < 0)
			return -1;
		x->last_repeat = rep;
	}
	if (x->nomem || x->re2.nomem)
		return -1;
	/* Go's parse ends with the innermost group's content as a node. */
	if (rx_group_node(x, &n) < 0)
		return -1;
	if (x->nlv > 0)
		return rx_fail(x, E_MISSING_PAREN, 0, x->len);
	rx_re2_rewrite(x, x->len, x->len, "");
	return x->re2.nomem ? -1 : 0;
}

/* "error parsing regexp: CODE: `EXPR`", as Go's syntax.Error. */
static char *
rx_message(const char *code, const char *expr, size_t len)
{
	struct cbs_sbuf b = { NULL, 0, 0, 0 };

	cbs_sbuf_str(&b, "error parsing regexp: ");
	cbs_sbuf_str(&b, code);
	cbs_sbuf_str(&b, ": `");
	cbs_sbuf_add(&b, expr, len);
	cbs_sbuf_str(&b, "`");
	if (b.nomem) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

int
cbs_goregexp_translate(const char *expr, size_t len,
    const struct cbs_goregexp_visitor *v, struct cbs_goregexp *out,
    char **msg)
{
	struct rx x;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	*msg = NULL;
	if (rx_translate(&x, expr, len, v) < 0) {
		if (x.ecode != NULL &&
		    (*msg = rx_message(x.ecode, expr + x.eoff, x.elen)) != NULL)
			rc = CBS_EINVAL;
		else
			rc = CBS_ENOMEM;
		free(x.re2.p);
	} else {
		out->re2 = x.re2.p;
		out->re2_len = x.re2.len;
		out->no_word_boundary = x.no_word_boundary;
	}
	free(x.lv);
	return rc;
}

void
cbs_goregexp_fini(struct cbs_goregexp *g)
{
	free(g->re2);
	memset(g, 0, sizeof(*g));
}

char *
cbs_goregexp_internal_error(const char *expr, size_t len)
{
	return rx_message(E_INTERNAL, expr, len);
}
