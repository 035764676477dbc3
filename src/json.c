/* json: a streaming JSON writer.  It keeps just enough state to place
 * commas and indentation; strings are escaped per RFC 8259 and checked
 * for valid UTF-8. */
#include "config.h"

#include <string.h>

#include <unistr.h>

#include "json.h"

void
json_init(struct json *j, FILE *out, int pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
}

static void
indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Writes what must come before a value: a comma and indentation inside
 * an array, nothing right after a key. */
static void
before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			fputc(',', j->out);
		indent(j);
	}
}

static void
open_level(struct json *j, int c)
{
	before_value(j);
	fputc(c, j->out);
	if (j->depth < JSON_MAX_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

static void
close_level(struct json *j, int c)
{
	int had = j->depth > 0 && j->depth <= JSON_MAX_DEPTH &&
		  j->count[j->depth - 1] > 0;

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	fputc(c, j->out);
}

void
json_object(struct json *j)
{
	open_level(j, '{');
}

void
json_array(struct json *j)
{
	open_level(j, '[');
}

void
json_end_object(struct json *j)
{
	close_level(j, '}');
}

void
json_end_array(struct json *j)
{
	close_level(j, ']');
}

/* Writes s as a quoted JSON string. */
static void
quote(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;

	fputc('"', out);
	while (p < end) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, (size_t)(end - p));

		if (uc == 0xfffd && !(n == 3 && p[0] == 0xef && p[1] == 0xbf &&
				      p[2] == 0xbd)) {
			fputs("\\ufffd", out);      /* invalid byte */
		} else if (uc == '"' || uc == '\\') {
			fputc('\\', out);
			fputc((int)uc, out);
		} else if (uc == '\n') {
			fputs("\\n", out);
		} else if (uc == '\t') {
			fputs("\\t", out);
		} else if (uc == '\r') {
			fputs("\\r", out);
		} else if (uc < 0x20 || uc == 0x7f) {
			fprintf(out, "\\u%04x", (unsigned)uc);
		} else if (uc == 0x2028 || uc == 0x2029) {
			fprintf(out, "\\u%04x", (unsigned)uc); /* for JS */
		} else {
			fwrite(p, 1, (size_t)n, out);
		}
		p += n;
	}
	fputc('"', out);
}

void
json_key(struct json *j, const char *key)
{
	before_value(j);
	quote(j->out, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->out);
	j->after_key = 1;
}

void
json_string_n(struct json *j, const char *s, size_t len)
{
	before_value(j);
	if (s == NULL)
		fputs("null", j->out);
	else
		quote(j->out, s, len);
}

void
json_string(struct json *j, const char *s)
{
	json_string_n(j, s, s ? strlen(s) : 0);
}

void
json_int(struct json *j, long long v)
{
	before_value(j);
	fprintf(j->out, "%lld", v);
}

/* Nonzero when s is a number as JSON writes one: -?(0|[1-9][0-9]*)
 * (.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (*++s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		if (*++s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

void
json_number(struct json *j, const char *num)
{
	before_value(j);
	fputs(num != NULL && is_number(num) ? num : "null", j->out);
}

void
json_null(struct json *j)
{
	before_value(j);
	fputs("null", j->out);
}

void
json_bool(struct json *j, int v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->out);
}

int
json_finish(struct json *j)
{
	fputc('\n', j->out);
	return ferror(j->out) ? -1 : 0;
}
