/* store_prep: a decision as store_put writes it, made without the
 * connection: its fingerprint and its texts laid out (the layout
 * encoder). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* FNV-1a over a field, with its presence, so that NULL and "" differ. */
static uint64_t
hash_str(uint64_t h, const char *s)
{
	h = (h ^ (s != NULL)) * 0x100000001b3ULL;
	for (; s != NULL && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

uint64_t
store_fingerprint(const struct decision *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = hash_str(h, d->organisation);
	h = hash_str(h, d->ref);
	h = hash_str(h, d->area);
	h = hash_str(h, d->subarea);
	h = hash_str(h, d->outcome);
	h = hash_str(h, d->date);
	h = hash_str(h, d->summary);
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];

		h = (h ^ (uint64_t)p->kind) * 0x100000001b3ULL;
		h = hash_str(h, p->heading);
		h = hash_str(h, p->subheading);
		h = hash_str(h, p->text);
	}
	return h;
}

/* Appends s as one field of a layout line: a tab or newline in it (there
 * should be none) becomes a space so that the line cannot break. */
static int
buf_add_field(char **buf, size_t *cap, size_t *len, const char *s)
{
	size_t start = *len;

	if (store_buf_add(buf, cap, len, "\t", 1) || store_buf_add(buf, cap, len, s, strlen(s)))
		return -1;
	for (size_t i = start + 1; i < *len; i++)
		if ((*buf)[i] == '\t' || (*buf)[i] == '\n')
			(*buf)[i] = ' ';
	return 0;
}

/* Nonzero when the two headings differ (NULL counts as a heading). */
static int
heading_changed(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}
/* Writes c then v in decimal at b; returns the end.  The layout's
 * numbers, written for every paragraph: snprintf costs many times
 * more (docs/PERFORMANCE.md). */
static char *
fmt_size(char *b, char c, size_t v)
{
	char t[24];
	int n = 0;

	*b++ = c;
	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n > 0)
		*b++ = t[--n];
	return b;
}

/* Adds d's topic to st->headings (hlen bytes so far): its area, its
 * subarea and its organisation's name, a line each after the headings,
 * so that a topic word finds the decisions filed under it at the
 * headings' weight, even where the text never says it.  The check reads
 * them as heading lines (store_search_doc); migration 13 → 14 writes the
 * same lines in SQL for the decisions stored before.  Returns 0 or -1. */
static int
topic_lines(struct store *st, const struct decision *d, size_t *hlen)
{
	const char *line[] = {d->area, d->subarea, d->organisation};

	for (size_t i = 0; i < sizeof line / sizeof line[0]; i++) {
		if (line[i] == NULL || line[i][0] == '\0')
			continue;
		if ((*hlen && store_buf_add(&st->headings, &st->headcap, hlen,
					    "\n", 1)) ||
		    store_buf_add(&st->headings, &st->headcap, hlen, line[i],
				  strlen(line[i])))
			return -1;
	}
	return 0;
}

int
store_build_texts(struct store *st, const struct decision *d, size_t *hlen,
	    size_t *llen)
{
	char num[64];

	*hlen = *llen = 0;
	for (int k = 0; k < DECISION_KIND_COUNT; k++) {
		st->partlen[k] = 0;
		if (store_buf_add(&st->part[k], &st->partcap[k], &st->partlen[k], "", 0))
			return -1;
	}
	if (store_buf_add(&st->headings, &st->headcap, hlen, "", 0) ||
	    store_buf_add(&st->layout, &st->laycap, llen, "", 0))
		return -1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		const struct decision_para *prev = i ? &d->paras[i - 1] : NULL;
		int k = p->kind > DECISION_KIND_SUMMARY &&
				p->kind < DECISION_KIND_COUNT
			? (int)p->kind : DECISION_KIND_OTHER;
		size_t len = strlen(p->text), *plen = &st->partlen[k], n;

		if (prev == NULL || p->kind != prev->kind ||
		    heading_changed(p->heading, prev->heading)) {
			n = (size_t)(fmt_size(num, 'S', (size_t)k) - num);
			if (store_buf_add(&st->layout, &st->laycap, llen, num, n) ||
			    (p->heading &&
			     buf_add_field(&st->layout, &st->laycap, llen,
					   p->heading)) ||
			    store_buf_add(&st->layout, &st->laycap, llen, "\n", 1))
				return -1;
			if (p->heading &&
			    ((*hlen && store_buf_add(&st->headings, &st->headcap,
						     hlen, "\n", 1)) ||
			     store_buf_add(&st->headings, &st->headcap, hlen,
					   p->heading, strlen(p->heading))))
				return -1;
		}
		if (p->subheading &&
		    (prev == NULL ||
		     heading_changed(prev->subheading, p->subheading)) &&
		    ((*hlen && store_buf_add(&st->headings, &st->headcap, hlen, "\n", 1)) ||
		     store_buf_add(&st->headings, &st->headcap, hlen, p->subheading,
				   strlen(p->subheading))))
			return -1;
		if (*plen && store_buf_add(&st->part[k], &st->partcap[k], plen, "\n\n", 2))
			return -1;
		n = (size_t)(fmt_size(fmt_size(num, 'P', *plen), '\t', len) - num);
		if (store_buf_add(&st->layout, &st->laycap, llen, num, n) ||
		    (p->subheading &&
		     buf_add_field(&st->layout, &st->laycap, llen,
				   p->subheading)) ||
		    store_buf_add(&st->layout, &st->laycap, llen, "\n", 1) ||
		    store_buf_add(&st->part[k], &st->partcap[k], plen, p->text, len))
			return -1;
	}
	return topic_lines(st, d, hlen);
}
