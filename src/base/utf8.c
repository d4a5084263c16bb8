/*
 * utf8.c: the few UTF-8 and Unicode-class helpers the reader and the
 * table layout need to behave like Go (unicode/utf8, unicode).
 *
 * Go counts display width in runes, decodes invalid bytes as U+FFFD one
 * byte at a time, and classifies runes with Unicode tables.  The classes
 * here cover ASCII, Latin-1 and the common Latin, Greek and Cyrillic
 * blocks exactly; outside them a rune is neither upper nor lower case,
 * which only matters for configuration keys written in other scripts.
 */
#include <stdint.h>
#include <string.h>

#include "base/base.h"

size_t
cbs_utf8_decode(const char *str, size_t len, unsigned *rune)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0], r, min;
	size_t n, i;

	*rune = 0xFFFD;
	if (c < 0x80) {
		*rune = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		r = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		r = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		r = c & 0x07;
		min = 0x10000;
	} else
		return 1;
	if (len < n)
		return 1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		r = (r << 6) | (s[i] & 0x3F);
	}
	if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		return 1;
	*rune = r;
	return n;
}

/* Benchmark lines are nearly all ASCII: check 8 bytes at a time. */
int
cbs_utf8_valid(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0, n;
	uint64_t w;
	unsigned r;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & high) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = cbs_utf8_decode(s + i, len - i, &r);
		if (r == 0xFFFD && n == 1)
			return 0;
		i += n;
	}
	return 1;
}

size_t
cbs_utf8_count(const char *s)
{
	return cbs_utf8_count_n(s, strlen(s));
}

size_t
cbs_utf8_count_n(const char *s, size_t len)
{
	size_t i = 0, count = 0;
	unsigned r;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			i += cbs_utf8_decode(s + i, len - i, &r);
		count++;
	}
	return count;
}

int
cbs_rune_is_space(unsigned r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return 1;
	default:
		return r >= 0x2000 && r <= 0x200A;
	}
}

/*
 * Latin Extended-A (U+0100-U+017F) alternates upper/lower case pairs,
 * with a shift of parity after U+0138 and again at U+0178-U+017E.
 */
static int
latin_ext_a_is_upper(unsigned r)
{
	if (r == 0x0138 || r == 0x0149 || r == 0x017F)
		return 0;
	if (r == 0x0178)
		return 1;
	if (r >= 0x0139 && r <= 0x0148)
		return r % 2 == 1;
	if (r >= 0x0179 && r <= 0x017E)
		return r % 2 == 1;
	return r % 2 == 0;
}

int
cbs_rune_is_upper(unsigned r)
{
	if (r < 0x80)
		return r >= 'A' && r <= 'Z';
	if (r >= 0xC0 && r <= 0xDE)
		return r != 0xD7;
	if (r >= 0x100 && r <= 0x17F)
		return latin_ext_a_is_upper(r);
	if (r >= 0x391 && r <= 0x3AB)
		return r != 0x3A2;
	if (r >= 0x400 && r <= 0x42F)
		return 1;
	return 0;
}

int
cbs_rune_is_lower(unsigned r)
{
	if (r < 0x80)
		return r >= 'a' && r <= 'z';
	if (r == 0xAA || r == 0xB5 || r == 0xBA)
		return 1;
	if (r >= 0xDF && r <= 0xFF)
		return r != 0xF7;
	if (r >= 0x100 && r <= 0x17F)
		return !latin_ext_a_is_upper(r);
	if (r >= 0x3AC && r <= 0x3CE)
		return 1;
	if (r >= 0x430 && r <= 0x45F)
		return 1;
	return 0;
}

int
cbs_rune_is_graphic(unsigned r)
{
	if (r < 0x20 || (r >= 0x7F && r < 0xA0))
		return 0;
	if (r == 0xAD || (r >= 0x200B && r <= 0x200F) ||
	    (r >= 0x2028 && r <= 0x202E) || (r >= 0x2060 && r <= 0x206F) ||
	    r == 0xFEFF || (r >= 0xD800 && r <= 0xDFFF) || r > 0x10FFFF)
		return 0;
	return 1;
}

size_t
cbs_utf8_put(FILE *out, const char *s, size_t len, int no_c1)
{
	unsigned r;
	size_t n = cbs_utf8_decode(s, len, &r);

	if ((r == 0xFFFD && n == 1) || (no_c1 && r >= 0x80 && r < 0xA0))
		fputs("\xef\xbf\xbd", out);
	else
		fwrite(s, 1, n, out);
	return n;
}
