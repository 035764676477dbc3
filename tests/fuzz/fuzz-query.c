/* fuzz-query: the query language on any bytes.  The first line of the
 * input is the query; the rest (or the query itself when there is no
 * rest) is a paragraph to find it in.  An error must be a non-empty
 * sentence with a column inside the query, valid UTF-8 with no control
 * character whatever the query holds; a parsed query must give an
 * FTS5 expression whose syntax is whole (every user word inside a
 * string, brackets balanced), hits that are sorted, apart and inside the
 * text on character boundaries, and a one-line snippet of valid UTF-8
 * with every hit marker closed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "fuzz.h"
#include "search.h"
#include "text.h"

/* Checks that m is FTS5 syntax in which every user word sits in a
 * string: outside "…" only keywords, column names, numbers, brackets,
 * ':', ',', '*' and spaces. */
static void
check_match(const char *m)
{
	int paren = 0, brace = 0;

	fuzz_check(m[0] != '\0');
	for (const char *s = m; *s; s++) {
		if (*s == '"') {
			for (s++;; s++) {
				fuzz_check(*s != '\0');
				if (*s == '"' && s[1] == '"')
					s++;
				else if (*s == '"')
					break;
			}
			continue;
		}
		if (*s == '(')
			paren++;
		else if (*s == ')')
			fuzz_check(--paren >= 0);
		else if (*s == '{')
			fuzz_check(++brace == 1);
		else if (*s == '}')
			fuzz_check(--brace == 0);
		else
			fuzz_check((*s >= 'a' && *s <= 'z') ||
				   (*s >= 'A' && *s <= 'Z') ||
				   (*s >= '0' && *s <= '9') || *s == ' ' ||
				   *s == ':' || *s == ',' || *s == '*');
	}
	fuzz_check(paren == 0 && brace == 0);
}

/* Checks the hits of q in text; strict: text is clean UTF-8. */
static void
check_hits(const struct search_query *q, enum decision_kind kind,
	   const char *text, size_t len, size_t width, int strict)
{
	struct search_hit *h;
	long n = search_hits(q, kind, text, len, &h);
	char *snip;
	size_t sl, opens = 0, closes = 0;

	fuzz_check(n >= 0);
	fuzz_check(n == 0 || h != NULL);
	for (long i = 0; i < n; i++) {
		fuzz_check(h[i].start < h[i].end && h[i].end <= len);
		fuzz_check(i == 0 || h[i - 1].end <= h[i].start);
		if (strict) {
			fuzz_check(fuzz_boundary(text, len, h[i].start));
			fuzz_check(fuzz_boundary(text, len, h[i].end));
		}
	}
	snip = search_snippet(text, len, h, n, "\x01", "\x02", width);
	fuzz_check(snip != NULL);
	sl = strlen(snip);
	if (strict) {
		int in = 0;

		fuzz_check(fuzz_utf8(snip, sl));
		fuzz_check(memchr(snip, '\n', sl) == NULL);
		for (size_t i = 0; i < sl; i++) {
			if (snip[i] == '\x01') {
				fuzz_check(!in);
				in = 1;
				opens++;
			} else if (snip[i] == '\x02') {
				fuzz_check(in);
				in = 0;
				closes++;
			}
		}
		fuzz_check(!in && opens == closes && opens <= (size_t)n);
	}
	free(snip);
	free(h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t qlen = nl ? (size_t)(nl - (const char *)data) : size;
	const char *rest = nl ? nl + 1 : (const char *)data;
	size_t rlen = nl ? size - qlen - 1 : size;
	char *query = malloc(qlen + 1), *text;
	struct search_error err;
	struct search_query *q;
	size_t chars = 0, tlen, ml;
	int valid;

	fuzz_check(query != NULL);
	memcpy(query, data, qlen);
	query[qlen] = '\0';
	qlen = strlen(query); /* a NUL ends the query as it ends argv */
	valid = fuzz_utf8(query, qlen);
	for (size_t i = 0; i < qlen; i++)
		chars += ((unsigned char)query[i] & 0xc0) != 0x80;

	q = search_parse(query, &err);
	if (q == NULL) {
		ml = strnlen(err.msg, sizeof err.msg);
		fuzz_check(ml > 0 && ml < sizeof err.msg);
		fuzz_check(err.column >= 0 && (size_t)err.column <= chars + 1);
		fuzz_check(fuzz_clean(err.msg, ml, 0));
		free(query);
		return 0;
	}
	if (search_query_match(q) != NULL) {
		check_match(search_query_match(q));
		if (valid)
			fuzz_check(fuzz_utf8(search_query_match(q),
					     strlen(search_query_match(q))));
	}
	fuzz_check(search_query_filter(q) != NULL);
	(void)search_query_needs_check(q);

	/* The stored text is always clean; raw bytes must not crash. */
	text = text_clean(rest, rlen, &tlen, NULL);
	fuzz_check(text != NULL);
	check_hits(q, DECISION_KIND_SUMMARY, text, tlen, 200, 1);
	check_hits(q, (enum decision_kind)(qlen % DECISION_KIND_COUNT), text,
		   tlen, 1 + qlen % 64, 1);
	check_hits(q, DECISION_KIND_FINDINGS, rest, rlen, 1 + rlen % 200, 0);
	free(text);
	search_query_free(q);
	free(query);
	return 0;
}
