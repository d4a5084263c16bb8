/*
 * input_result.c: what the JSON readers (input_gbench.c,
 * input_hyperfine.c) share: a result built from a name and values, with
 * the reader's configuration, and scalar JSON values as text.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbenchstat.h"
#include "base/base.h"
#include "input/input.h"
#include "input/input_formats.h"

int
cbs_input_name_add(struct cbs_input_result *b, const char *s, size_t len)
{
	if (len > SIZE_MAX / 2 - b->name_len ||
	    cbs_grow(&b->name, &b->name_cap, b->name_len + len + 1, 1) != 0)
		return CBS_ENOMEM;
	if (len > 0)
		memcpy(b->name + b->name_len, s, len);
	cbs_input_blank_controls(b->name + b->name_len, len);
	b->name_len += len;
	b->name[b->name_len] = '\0';
	return 0;
}

int
cbs_input_value_add(struct cbs_input_result *b, struct cbs_reader *r,
    double val, const char *unit)
{
	int rc;

	if (cbs_grow(&b->values, &b->cap_values, b->nvalues + 1,
	    sizeof(*b->values)) != 0)
		return CBS_ENOMEM;
	if ((rc = cbs_reader_value(r, val, unit, &b->values[b->nvalues])) == 0)
		b->nvalues++;
	return rc;
}

int
cbs_input_emit(struct cbs_input_result *b, struct cbs_reader *r,
    const struct cbs_read_sink *sink, long long iters)
{
	struct cbs_result res;
	int rc;

	memset(&res, 0, sizeof(res));
	res.name = b->name != NULL ? b->name : "";
	res.name_len = b->name_len;
	res.iters = iters;
	res.config = cbs_reader_config(r, &res.nconfig);
	res.values = b->values;
	res.nvalues = b->nvalues;
	res.path = sink->path;
	res.line = 0;
	rc = sink->on_result(&res, sink->ctx);
	b->name_len = 0;
	b->nvalues = 0;
	return rc;
}

void
cbs_input_result_free(struct cbs_input_result *b)
{
	free(b->name);
	free(b->values);
	free(b->text.p);
	memset(b, 0, sizeof(*b));
}

int
cbs_input_scalar_text(const json_t *v, struct cbs_sbuf *out)
{
	char num[32];

	out->len = 0;
	num[0] = '\0';
	if (json_is_string(v))
		cbs_sbuf_add(out, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(num, sizeof(num), "%s", json_is_true(v) ? "true" :
		    "false");
	cbs_sbuf_str(out, num);
	if (out->nomem)
		return CBS_ENOMEM;
	cbs_input_blank_controls(out->p, out->len);
	return 0;
}

void
cbs_input_blank_controls(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
}
