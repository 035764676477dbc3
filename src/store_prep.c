/* store_prep: a decision as store_put writes it, made without the
 * connection: its fingerprint, its texts laid out (the layout encoder)
 * and, on the import's reader thread, the words FTS5's tokenizer gives
 * of them (vocab_prepare), so that the writer only writes.  A preparer
 * keeps the words it met (a vocab_twin), and each decision carries only
 * those new to it, for the writer to note; store_put_prepped takes them
 * only while every decision prepared reached it in order. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"
#include "store_vocab.h"

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

/* Adds d's topic to t->headings: its area, its subarea and its
 * organisation's name, a line each after the headings,
 * so that a topic word finds the decisions filed under it at the
 * headings' weight, even where the text never says it.  The check reads
 * them as heading lines (store_search_doc); migration 13 → 14 writes the
 * same lines in SQL for the decisions stored before.  Returns 0 or -1. */
static int
topic_lines(struct store_prepped *t, const struct decision *d)
{
	const char *line[] = {d->area, d->subarea, d->organisation};
	size_t *hlen = &t->hlen;

	for (size_t i = 0; i < sizeof line / sizeof line[0]; i++) {
		if (line[i] == NULL || line[i][0] == '\0')
			continue;
		if ((*hlen && store_buf_add(&t->headings, &t->headcap, hlen,
					    "\n", 1)) ||
		    store_buf_add(&t->headings, &t->headcap, hlen, line[i],
				  strlen(line[i])))
			return -1;
	}
	return 0;
}

int
store_build_texts(struct store_prepped *t, const struct decision *d)
{
	size_t *hlen = &t->hlen, *llen = &t->llen;
	char num[64];

	*hlen = *llen = 0;
	for (int k = 0; k < DECISION_KIND_COUNT; k++) {
		t->partlen[k] = 0;
		if (store_buf_add(&t->part[k], &t->partcap[k], &t->partlen[k], "", 0))
			return -1;
	}
	if (store_buf_add(&t->headings, &t->headcap, hlen, "", 0) ||
	    store_buf_add(&t->layout, &t->laycap, llen, "", 0))
		return -1;
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		const struct decision_para *prev = i ? &d->paras[i - 1] : NULL;
		int k = p->kind > DECISION_KIND_SUMMARY &&
				p->kind < DECISION_KIND_COUNT
			? (int)p->kind : DECISION_KIND_OTHER;
		size_t len = strlen(p->text), *plen = &t->partlen[k], n;

		if (prev == NULL || p->kind != prev->kind ||
		    store_str_changed(p->heading, prev->heading)) {
			n = (size_t)(fmt_size(num, 'S', (size_t)k) - num);
			if (store_buf_add(&t->layout, &t->laycap, llen, num, n) ||
			    (p->heading &&
			     buf_add_field(&t->layout, &t->laycap, llen,
					   p->heading)) ||
			    store_buf_add(&t->layout, &t->laycap, llen, "\n", 1))
				return -1;
			if (p->heading &&
			    ((*hlen && store_buf_add(&t->headings, &t->headcap,
						     hlen, "\n", 1)) ||
			     store_buf_add(&t->headings, &t->headcap, hlen,
					   p->heading, strlen(p->heading))))
				return -1;
		}
		if (p->subheading &&
		    (prev == NULL ||
		     store_str_changed(prev->subheading, p->subheading)) &&
		    ((*hlen && store_buf_add(&t->headings, &t->headcap, hlen, "\n", 1)) ||
		     store_buf_add(&t->headings, &t->headcap, hlen, p->subheading,
				   strlen(p->subheading))))
			return -1;
		if (*plen && store_buf_add(&t->part[k], &t->partcap[k], plen, "\n\n", 2))
			return -1;
		n = (size_t)(fmt_size(fmt_size(num, 'P', *plen), '\t', len) - num);
		if (store_buf_add(&t->layout, &t->laycap, llen, num, n) ||
		    (p->subheading &&
		     buf_add_field(&t->layout, &t->laycap, llen,
				   p->subheading)) ||
		    store_buf_add(&t->layout, &t->laycap, llen, "\n", 1) ||
		    store_buf_add(&t->part[k], &t->partcap[k], plen, p->text, len))
			return -1;
	}
	return topic_lines(t, d);
}

const char *
store_column_text(const struct store_prepped *p, const struct decision *d,
		  int kind, size_t *len)
{
	if (kind == DECISION_KIND_SUMMARY) {
		*len = d->summary ? strlen(d->summary) : 0;
		return d->summary;
	}
	if (kind == DECISION_KIND_COUNT) {
		*len = p->hlen;
		return p->headings;
	}
	*len = p->partlen[kind];
	return p->part[kind];
}

void
store_prepped_clear(struct store_prepped *p)
{
	for (int k = 0; k < DECISION_KIND_COUNT; k++)
		free(p->part[k]);
	free(p->headings);
	free(p->layout);
	vocab_doc_free(p->words);
	memset(p, 0, sizeof *p);
}

/* A preparer: the words its decisions gave FTS5 so far, so that each
 * decision hands the writer only those new to it (vocab_prepare). */
struct store_prep {
	struct vocab *seen;
	uint64_t id, seq;
	/* The fingerprints of the decisions stored when it was made,
	 * sorted: a decision among them is most likely unchanged, and left
	 * for the writer to find so (an import of a folder imported before
	 * prepares almost nothing). */
	uint64_t *stored;
	size_t nstored;
};

static int
print_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Reads the stored fingerprints into pp; returns 0 or -1. */
static int
prints_read(struct store *st, struct store_prep *pp)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM decision", -1, &q,
			       NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (pp->nstored == cap) {
			uint64_t *n = realloc(pp->stored, (cap ? cap * 2 : 4096) *
							  sizeof *n);

			if (n == NULL)
				break;
			pp->stored = n;
			cap = cap ? cap * 2 : 4096;
		}
		pp->stored[pp->nstored++] = (uint64_t)sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return -1;
	if (pp->nstored > 1)
		qsort(pp->stored, pp->nstored, sizeof *pp->stored, print_cmp);
	return 0;
}

struct store_prep *
store_prep_new(struct store *st, int prints)
{
	struct store_prep *pp;

	if (st->vocab == NULL || (pp = calloc(1, sizeof *pp)) == NULL)
		return NULL;
	if ((pp->seen = vocab_twin(st->vocab)) == NULL ||
	    (prints && prints_read(st, pp) < 0)) {
		store_prep_free(pp);
		return NULL;
	}
	pp->id = ++st->prep_ids;
	return pp;
}

void
store_prep_free(struct store_prep *pp)
{
	if (pp == NULL)
		return;
	vocab_free(pp->seen);
	free(pp->stored);
	free(pp);
}

void
store_prepped_free(struct store_prepped *p)
{
	if (p == NULL)
		return;
	store_prepped_clear(p);
	free(p);
}

int
store_prep_decision(struct store_prep *pp, const struct decision *d,
		    struct store_prepped **out)
{
	struct store_prepped *p = *out;

	if (p == NULL && (p = *out = calloc(1, sizeof *p)) == NULL)
		return -1;
	p->ready = 0;
	/* Numbered first: the writer must be given each in order, even one
	 * not made ready, to trust the words (store_put_prepped). */
	p->prep_id = pp->id;
	p->seq = ++pp->seq;
	if (p->words != NULL)
		vocab_doc_clear(p->words);
	p->print = store_fingerprint(d);
	if (pp->nstored > 0 &&
	    bsearch(&p->print, pp->stored, pp->nstored, sizeof *pp->stored,
		    print_cmp) != NULL)
		return 0;
	if (store_build_texts(p, d) < 0)
		return -1;
	p->ready = 1;
	if (p->words == NULL && (p->words = vocab_doc_new()) == NULL)
		return 0;
	for (int col = 0; col < FTS_NCOLUMNS; col++) {
		size_t len;
		const char *text = store_column_text(p, d, fts_kind(col), &len);

		if (len > 0 && vocab_prepare(pp->seen, p->words, text, len) < 0)
			break;
	}
	return 0;
}
