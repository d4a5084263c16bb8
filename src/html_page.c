/*
 * html_page.c: what the HTML pages share (the report, fmt_html.c, and
 * the history, history_html.c): the head with the one style sheet
 * (colours for light and dark schemes, the verdicts' classes, the SVG
 * figures, tables, print), and the footer.  Self-contained: no script,
 * nothing fetched, no date, so the same data gives the same bytes.
 */
#include <stdio.h>

#include "cbenchstat.h"
#include "internal.h"

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
