/*
 * html_page.c: what the HTML pages share (the report, fmt_html.c, and
 * the history, history_html.c): the head with the one style sheet
 * (colours for light and dark schemes, the verdicts' classes, the SVG
 * figures, tables, print), and the footer; and their text: escaped for
 * HTML, names shortened, percentages.  Self-contained: no script,
 * nothing fetched, no date, so the same data gives the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "report/report.h"

static const char css[] =
":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--mute:#666;"
"--rule:#d0d0d0;--band:#f4f4f4;--reg:#c24e00;--imp:#0063a0;"
"--inc:#b07800;--unc:#6e6e6e;--nj:#444;--nc:#8a8a8a}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--bg:#161616;"
"--mute:#a8a8a8;--rule:#444;--band:#222;--reg:#ff8a4c;--imp:#6cb8f0;"
"--inc:#f0c04c;--unc:#a0a0a0;--nj:#d0d0d0;--nc:#888}}\n"
"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;"
"color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;"
"padding:1em}\n"
"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.25em;margin-top:2em;"
"border-bottom:1px solid var(--rule)}\n"
"code,td,.num{font-variant-numeric:tabular-nums}\n"
"dl.kv{display:grid;grid-template-columns:max-content auto;gap:0 1em;"
"margin:.5em 0}dl.kv dt{color:var(--mute)}dl.kv dd{margin:0}\n"
".verdict{padding:.6em .9em;border-left:6px solid var(--unc);"
"background:var(--band);margin:1em 0}\n"
".verdict.fail{border-color:var(--reg)}.verdict.pass{border-color:"
"var(--imp)}\n"
".reg{color:var(--reg)}.imp{color:var(--imp)}.inc{color:var(--inc)}"
".unc{color:var(--unc)}.nj{color:var(--nj)}.nc{color:var(--nc)}\n"
"svg{display:block;width:100%;height:auto;font-size:12px}\n"
"svg text{fill:var(--fg)}svg .mute{fill:var(--mute)}"
"svg .name{text-anchor:end}\n"
"svg .axis{stroke:var(--rule)}svg .zero{stroke:var(--fg);"
"stroke-width:1}svg .thr{stroke:var(--mute);stroke-dasharray:4 3}\n"
"svg .ci{stroke:currentColor;stroke-width:2}svg .mk{fill:currentColor;"
"stroke:currentColor;stroke-width:1.5}\n"
"svg .inc .mk,svg .nc .mk{fill:none}svg .gm .name{font-weight:bold}\n"
"svg .band{fill:var(--band)}\n"
"svg .dots{stroke:var(--nj);stroke-width:5;stroke-linecap:round;"
"opacity:.7}svg .out{stroke:var(--reg);stroke-width:5;"
"stroke-linecap:round}svg .med{stroke:var(--fg);stroke-width:2}\n"
"table{border-collapse:collapse;margin:1em 0;font-size:.9em}"
"th,td{padding:.2em .6em;border-bottom:1px solid var(--rule)}"
"td{text-align:right;white-space:nowrap}th[scope=row]{text-align:left;"
"font-weight:normal;word-break:break-all}tr.gm th,tr.gm td{"
"font-weight:bold;border-top:2px solid var(--fg)}\n"
"details{margin:.2em 0}summary{cursor:pointer}.note{color:var(--mute);"
"margin:.2em 0 .8em}\n"
".legend svg{display:inline;width:auto;height:1em;vertical-align:-.1em}"
".legend span{margin-right:1.2em;white-space:nowrap}\n"
"@media print{:root{--fg:#000;--bg:#fff;--band:#fff}body{max-width:none;"
"font-size:10pt}figure,tr,details{break-inside:avoid}"
"h2{break-after:avoid}}\n";


void
cbs_html_page_head(FILE *out, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n"
	    "<meta name=\"generator\" content=\"cbenchstat " CBS_VERSION
	    "\">\n<title>", out);
	cbs_html_escape(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(css, out);
	if (extra_css != NULL)
		fputs(extra_css, out);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
	cbs_html_escape(out, title);
	fputs("</h1>\n", out);
}

void
cbs_html_page_foot(FILE *out)
{
	fputs("<footer><p class=\"note\">Made by cbenchstat " CBS_VERSION
	    "; cbenchstat(1) explains the statistics.</p></footer>\n"
	    "</body>\n</html>\n", out);
}

/*
 * Escape s for HTML text and quoted attribute values: the five special
 * characters as references, each invalid UTF-8 byte and each control
 * character (which HTML5 forbids, and a browser may drop) as U+FFFD.
 * Input need not be UTF-8: upstream reads Latin-1 files too.
 */
static void
html_escape_n(FILE *out, const char *s, size_t len)
{
	size_t i = 0;
	unsigned char c;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x80) {
			i += cbs_utf8_put(out, s + i, len - i, 1);
			continue;
		}
		i++;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fputs("\xef\xbf\xbd", out);
			else
				putc(c, out);
		}
	}
}

void
cbs_html_escape(FILE *out, const char *s)
{
	html_escape_n(out, s, strlen(s));
}

/* The first max characters of s, escaped, "…" if cut. */
void
cbs_html_short(FILE *out, size_t max, const char *s)
{
	size_t len = strlen(s), i = 0, runes = 0;
	unsigned r;

	while (i < len && runes < max) {
		i += cbs_utf8_decode(s + i, len - i, &r);
		runes++;
	}
	html_escape_n(out, s, i < len ? i : len);
	if (i < len)
		fputs("\xe2\x80\xa6", out);
}

/* A percentage with two decimals and its sign, "?" for NaN. */
const char *
cbs_html_pct(double v, char *buf, size_t len)
{
	size_t n;

	if (isnan(v))
		return "?";
	if (isinf(v))
		return v > 0 ? "+\xe2\x88\x9e%" : "-\xe2\x88\x9e%";
	cbs_fmt_go_fixed(v, 2, 1, buf, len - 1);
	n = strlen(buf);
	snprintf(buf + n, len - n, "%%");
	return buf;
}
