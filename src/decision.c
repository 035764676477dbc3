/* decision: the in-memory model of one decision statement and the
 * canonical forms of its reference, date and section kinds.  Everything
 * here is pure: no I/O, no Unicode tables, so the parser, the store and
 * the command line all agree on what a reference or a date is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decision.h"

static const char *const kind_names[DECISION_KIND_COUNT] = {
	[DECISION_KIND_SUMMARY] = "summary",
	[DECISION_KIND_COMPLAINT] = "complaint",
	[DECISION_KIND_POWERS] = "powers",
	[DECISION_KIND_CONSIDERED] = "considered",
	[DECISION_KIND_FINDINGS] = "findings",
	[DECISION_KIND_ACTION] = "action",
	[DECISION_KIND_DECISION] = "decision",
	[DECISION_KIND_OTHER] = "other",
};

void
decision_init(struct decision *d)
{
	memset(d, 0, sizeof *d);
}

void
decision_free(struct decision *d)
{
	size_t i;

	if (d == NULL)
		return;
	free(d->organisation);
	free(d->area);
	free(d->subarea);
	free(d->outcome);
	free(d->summary);
	free(d->url);
	free(d->fetched);
	for (i = 0; i < d->npara; i++) {
		free(d->paras[i].heading);
		free(d->paras[i].subheading);
		free(d->paras[i].text);
	}
	free(d->paras);
	decision_init(d);
}

int
decision_add_para(struct decision *d, enum decision_kind kind, char *heading,
		  char *subheading, char *text)
{
	struct decision_para *p;

	if (d->npara == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;

		p = realloc(d->paras, cap * sizeof *p);
		if (p == NULL) {
			free(heading);
			free(subheading);
			free(text);
			return -1;
		}
		d->paras = p;
		d->cap = cap;
	}
	p = &d->paras[d->npara++];
	p->n = (int)d->npara;
	p->kind = kind;
	p->heading = heading;
	p->subheading = subheading;
	p->text = text;
	return 0;
}

const struct decision_para *
decision_para(const struct decision *d, int n)
{
	/* Ordinals are 1..npara in order; look further only if not. */
	if (n >= 1 && (size_t)n <= d->npara && d->paras[n - 1].n == n)
		return &d->paras[n - 1];
	for (size_t i = 0; i < d->npara; i++)
		if (d->paras[i].n == n)
			return &d->paras[i];
	return NULL;
}

char *
decision_cite(const struct decision *d, int n)
{
	const struct decision_para *p = decision_para(d, n);
	const char *org = d->organisation;
	size_t lines = 1;
	char *out, *o;
	int hlen;

	if (p == NULL)
		return NULL;
	for (const char *s = p->text; *s; s++)
		lines += *s == '\n';
	hlen = org ? snprintf(NULL, 0, "%s (%s) at [%d]\n\n", org, d->ref, n)
		   : snprintf(NULL, 0, "%s at [%d]\n\n", d->ref, n);
	/* Each line after the first (a sub-item, or a line that continues
	 * the paragraph) two spaces in, as show and the reader set it. */
	if (hlen < 0 ||
	    (out = malloc((size_t)hlen + strlen(p->text) + 2 * lines + 1)) == NULL)
		return NULL;
	if (org)
		snprintf(out, (size_t)hlen + 1, "%s (%s) at [%d]\n\n", org, d->ref, n);
	else
		snprintf(out, (size_t)hlen + 1, "%s at [%d]\n\n", d->ref, n);
	o = out + hlen;
	for (const char *s = p->text; *s; s++) {
		*o++ = *s;
		if (*s == '\n') {
			*o++ = ' ';
			*o++ = ' ';
		}
	}
	*o = '\0';
	return out;
}

const char *
decision_kind_name(enum decision_kind kind)
{
	if ((unsigned)kind >= DECISION_KIND_COUNT)
		return NULL;
	return kind_names[kind];
}

int
decision_kind_from_name(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; i < DECISION_KIND_COUNT; i++) {
		if (strcasecmp(name, kind_names[i]) == 0)
			return i;
	}
	return -1;
}

/* Returns the byte length of a separator inside a reference at s (space,
 * '-', '/' or a UTF-8 no-break space), or 0 when there is none: web
 * pages put a no-break space between the groups as often as a space. */
static size_t
ref_sep(const char *s, const char *end)
{
	if (s >= end)
		return 0;
	if (*s == ' ' || *s == '-' || *s == '/')
		return 1;
	if (end - s >= 2 && (unsigned char)s[0] == 0xc2 &&
	    (unsigned char)s[1] == 0xa0)
		return 2;
	return 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Copies n digits from *s into *o; returns -1 unless there are n. */
static int
take_digits(const char **s, const char *end, char **o, int n)
{
	while (n-- > 0) {
		if (*s >= end || !is_digit(**s))
			return -1;
		*(*o)++ = *(*s)++;
	}
	return 0;
}

int
decision_ref_canon(const char *in, size_t len, char out[DECISION_REF_MAX])
{
	const char *s = in, *end = in + len;
	char buf[DECISION_REF_MAX], *o = buf;
	int nletters = 0;

	if (in == NULL)
		return -1;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (take_digits(&s, end, &o, 2) < 0)
		return -1;
	*o++ = ' ';
	s += ref_sep(s, end);
	if (take_digits(&s, end, &o, 3) < 0)
		return -1;
	*o++ = ' ';
	s += ref_sep(s, end);
	if (take_digits(&s, end, &o, 3) < 0)
		return -1;
	/* Joint cases carry a letter or two straight after the digits. */
	while (s < end && is_alpha(*s) && nletters < 2) {
		*o++ = (char)(*s | 0x20);
		s++;
		nletters++;
	}
	if (s != end)
		return -1;
	*o = '\0';
	memcpy(out, buf, (size_t)(o - buf) + 1);
	return 0;
}

int
decision_target_parse(const char *in, char ref[DECISION_REF_MAX], long *para)
{
	const char *end = in + strlen(in), *br, *open;

	*para = -1;
	ref[0] = '\0';
	while (end > in && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* "… [n]" or "… at [n]": the paragraph. */
	if (end > in && end[-1] == ']') {
		for (br = end - 1; br > in && br[-1] != '['; br--)
			;
		if (br == in || br == end - 1)
			return -1;
		*para = 0;
		for (const char *d = br; d < end - 1; d++) {
			if (!is_digit(*d))
				return -1;
			if (*para < 100000)
				*para = *para * 10 + (*d - '0');
		}
		end = br - 1;
		while (end > in && end[-1] == ' ')
			end--;
		if (end - in >= 3 && strncasecmp(end - 3, " at", 3) == 0)
			end -= 3;
		else if (end - in == 2 && strncasecmp(in, "at", 2) == 0)
			end = in;
		while (end > in && end[-1] == ' ')
			end--;
	}
	/* "Organisation (reference)": the reference in the brackets. */
	if (end > in && end[-1] == ')') {
		for (open = end - 1; open > in && open[-1] != '('; open--)
			;
		if (open == in)
			return -1;
		in = open;
		end--;
	}
	while (in < end && (*in == ' ' || *in == '\t'))
		in++;
	if (in == end)
		return *para >= 0 ? 0 : -1;
	return decision_ref_canon(in, (size_t)(end - in), ref);
}

void
decision_para_missing(const struct decision *d, long n, char *buf, size_t len)
{
	if (d->npara == 0)
		snprintf(buf, len, "%s has no paragraph %ld: it has no numbered "
			 "paragraphs", d->ref, n);
	else if (d->npara == 1)
		snprintf(buf, len, "%s has no paragraph %ld: it has one paragraph, "
			 "numbered 1", d->ref, n);
	else
		snprintf(buf, len, "%s has no paragraph %ld: its %zu paragraphs are "
			 "numbered 1 to %zu", d->ref, n, d->npara, d->npara);
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* Returns 1..12 for a month name or its three-letter (or "Sept")
 * abbreviation, any case; 0 otherwise. */
static int
month_from_name(const char *s, size_t n)
{
	int i;

	for (i = 0; i < 12; i++) {
		size_t full = strlen(month_names[i]);

		if (n == full && strncasecmp(s, month_names[i], n) == 0)
			return i + 1;
		if (n == 3 && strncasecmp(s, month_names[i], 3) == 0)
			return i + 1;
	}
	if (n == 4 && strncasecmp(s, "sept", 4) == 0)
		return 9;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Reads at most max digits at *s as a number; returns -1 when there are
 * none, and sets *ndigits. */
static int
read_number(const char **s, const char *end, int max, int *ndigits)
{
	int v = 0, n = 0;

	while (*s < end && is_digit(**s) && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*ndigits = n;
	return n ? v : -1;
}

static void
skip_blanks(const char **s, const char *end)
{
	while (*s < end && (**s == ' ' || **s == '\t'))
		(*s)++;
}

/* Writes y-m-d to out when it is a real calendar date; returns 0 or -1. */
static int
put_date(int y, int m, int d, char out[11])
{
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return -1;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
	return 0;
}

int
decision_date_canon(const char *in, size_t len, char out[11])
{
	const char *s = in, *end = in + len, *w;
	int y, m, d, nd;

	if (in == NULL)
		return -1;
	skip_blanks(&s, end);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	d = read_number(&s, end, 4, &nd);
	if (d < 0)
		return -1;
	if (nd == 4) {
		/* ISO: 2025-10-28 */
		y = d;
		if (s >= end || *s != '-')
			return -1;
		s++;
		m = read_number(&s, end, 2, &nd);
		if (m < 0 || nd != 2 || s >= end || *s != '-')
			return -1;
		s++;
		d = read_number(&s, end, 2, &nd);
		if (d < 0 || nd != 2 || s != end)
			return -1;
		return put_date(y, m, d, out);
	}
	if (nd > 2)
		return -1;
	/* "28th October 2025" is how some pages print it. */
	if (end - s >= 2 && is_alpha(s[0]) && is_alpha(s[1]) &&
	    (strncasecmp(s, "st", 2) == 0 || strncasecmp(s, "nd", 2) == 0 ||
	     strncasecmp(s, "rd", 2) == 0 || strncasecmp(s, "th", 2) == 0) &&
	    (end - s == 2 || s[2] == ' ' || s[2] == '\t'))
		s += 2;
	if (s >= end || (*s != ' ' && *s != '\t'))
		return -1;
	skip_blanks(&s, end);
	w = s;
	while (s < end && is_alpha(*s))
		s++;
	m = month_from_name(w, (size_t)(s - w));
	if (m == 0)
		return -1;
	if (s < end && *s == '.')
		s++;
	if (s >= end || (*s != ' ' && *s != '\t'))
		return -1;
	skip_blanks(&s, end);
	y = read_number(&s, end, 4, &nd);
	if (y < 0 || nd != 4 || s != end)
		return -1;
	return put_date(y, m, d, out);
}

const char *
decision_outcome_short(const char *outcome, char *buf, size_t len)
{
	static const struct {
		const char *prefix, *label;
	} labels[] = {
		{ "Closed after", "Closed" },
		{ "Investigation discontinued", "Discontinued" },
		{ "Referred back", "Referred back" },
		{ "Not upheld", "Not upheld" },
		{ "Upheld", "Upheld" },
	};

	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		size_t n = strlen(labels[i].prefix);

		if (strncasecmp(outcome, labels[i].prefix, n) == 0) {
			snprintf(buf, len, "%s", labels[i].label);
			return buf;
		}
	}
	/* "Something: more" → "Something". */
	snprintf(buf, len, "%.*s", (int)strcspn(outcome, ":"), outcome);
	return buf;
}

int
decision_date_bound(const char *in, size_t len, int end, char out[11])
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m = 0, d;

	if (decision_date_canon(in, len, out) == 0)
		return 0;
	if (len == 4 && strspn(in, "0123456789") >= 4) {
		y = atoi(in);
	} else if (len == 7 && strspn(in, "0123456789") >= 4 && in[4] == '-' &&
		   in[5] >= '0' && in[5] <= '9' && in[6] >= '0' && in[6] <= '9') {
		y = atoi(in);
		m = (in[5] - '0') * 10 + (in[6] - '0');
		if (m < 1 || m > 12)
			return -1;
	} else {
		return -1;
	}
	if (y < 1000 || y > 9999)
		return -1;
	if (m == 0)
		m = end ? 12 : 1;
	d = end ? days[m - 1] : 1;
	if (end && m == 2 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		d = 28;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 0;
}
