/* store_read: reading a decision back: the layout decoder, store_get,
 * store_search_doc (paragraphs by their FTS5 column) and the newest-first
 * sort of a list of ids. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* Returns a malloc'd copy of column i, or NULL when it is NULL. */
static char *
column_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);

	return s ? strdup((const char *)s) : NULL;
}

/* Returns a malloc'd copy of s[0..n), or NULL (also when s is NULL). */
static char *
copy_n(const char *s, size_t n)
{
	char *r;

	if (s == NULL || (r = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* The text of one section kind as read back from the store. */
struct part {
	const char *s;
	size_t len;
};

/* Walks a layout (see store_build_texts) paragraph by paragraph. */
struct layout_iter {
	const char *lay, *end;
	const struct part *part;        /* the text of each section kind */
	int kind;                       /* of the current section */
	const char *heading;            /* of the current section, or NULL */
	size_t hlen;
};

/* One paragraph of a layout: spans into the store's text, not copies. */
struct layout_para {
	int kind;
	const char *heading, *sub, *text;   /* heading and sub may be NULL */
	size_t hlen, sublen, len;
};

static void
layout_start(struct layout_iter *it, const char *lay, size_t llen,
	     const struct part part[DECISION_KIND_COUNT])
{
	*it = (struct layout_iter){ .lay = lay, .end = lay ? lay + llen : NULL,
				    .part = part, .kind = DECISION_KIND_OTHER };
}

/* Decodes the next paragraph into p; returns 1, 0 at the end, or -1 when
 * the layout does not fit the text (a damaged store). */
static int
layout_next(struct layout_iter *it, struct layout_para *p)
{
	while (it->lay != NULL && it->lay < it->end) {
		const char *line = it->lay;
		const char *nl = memchr(line, '\n', (size_t)(it->end - line));
		const char *le = nl ? nl : it->end, *tab;
		unsigned long long off, len;
		char *after;

		it->lay = nl ? nl + 1 : it->end;
		if (*line == 'S') {
			it->kind = (int)strtol(line + 1, &after, 10);
			if (it->kind <= DECISION_KIND_SUMMARY ||
			    it->kind >= DECISION_KIND_COUNT)
				return -1;
			tab = memchr(line, '\t', (size_t)(le - line));
			it->heading = tab ? tab + 1 : NULL;
			it->hlen = tab ? (size_t)(le - tab - 1) : 0;
			continue;
		}
		if (*line != 'P')
			continue;
		off = strtoull(line + 1, &after, 10);
		if (*after != '\t')
			return -1;
		len = strtoull(after + 1, &after, 10);
		const struct part *t = &it->part[it->kind];

		if (t->s == NULL || off > t->len || len > t->len - off)
			return -1;
		tab = after < le && *after == '\t' ? after : NULL;
		*p = (struct layout_para){
			.kind = it->kind,
			.heading = it->heading, .hlen = it->hlen,
			.sub = tab ? tab + 1 : NULL,
			.sublen = tab ? (size_t)(le - tab - 1) : 0,
			.text = t->s + off, .len = (size_t)len,
		};
		return 1;
	}
	return 0;
}

/* Rebuilds d's paragraphs from a layout and the text of each section
 * kind; returns 0, or an SQLite code (SQLITE_CORRUPT for a layout that
 * does not fit the text, SQLITE_NOMEM). */
static int
read_layout(struct decision *d, const char *lay, size_t llen,
	    const struct part part[DECISION_KIND_COUNT])
{
	struct layout_iter it;
	struct layout_para p;
	int rc;

	layout_start(&it, lay, llen, part);
	while ((rc = layout_next(&it, &p)) > 0) {
		char *text = copy_n(p.text, p.len);
		char *h = p.heading ? copy_n(p.heading, p.hlen) : NULL;
		char *sub = p.sub ? copy_n(p.sub, p.sublen) : NULL;

		if (text == NULL || (p.heading && h == NULL) ||
		    (p.sub && sub == NULL) ||
		    decision_add_para(d, (enum decision_kind)p.kind, h, sub,
				      text) < 0) {
			free(text);
			free(h);
			free(sub);
			return SQLITE_NOMEM;
		}
	}
	return rc < 0 ? SQLITE_CORRUPT : 0;
}

int
store_get(struct store *st, const char *ref, struct decision *d)
{
	static const char sql[] =
		"SELECT o.name, d.area, d.subarea, d.outcome, d.date,"
		" d.summary, d.layout, d.complaint, d.powers, d.considered,"
		" d.findings, d.action, d.decision, d.other, d.url, d.fetched,"
		" d.complete FROM decision d"
		" LEFT JOIN org o ON o.id = d.org_id WHERE d.ref = ?1";
	sqlite3_stmt *q;
	int rc;

	decision_init(d);
	rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the store");
	store_bind_text(q, 1, ref);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return 0;
	}
	if (rc == SQLITE_ROW) {
		snprintf(d->ref, sizeof d->ref, "%s", ref);
		d->organisation = column_dup(q, 0);
		d->area = column_dup(q, 1);
		d->subarea = column_dup(q, 2);
		d->outcome = column_dup(q, 3);
		if (sqlite3_column_text(q, 4))
			snprintf(d->date, sizeof d->date, "%s",
				 (const char *)sqlite3_column_text(q, 4));
		d->summary = column_dup(q, 5);
		d->url = column_dup(q, 14);
		d->fetched = column_dup(q, 15);
		d->cut_off = sqlite3_column_type(q, 16) != SQLITE_NULL &&
			     sqlite3_column_int(q, 16) == 0;
		struct part part[DECISION_KIND_COUNT] = {{0}};

		for (int k = DECISION_KIND_COMPLAINT; k < DECISION_KIND_COUNT; k++) {
			int col = 7 + k - DECISION_KIND_COMPLAINT;

			part[k].s = (const char *)sqlite3_column_text(q, col);
			part[k].len = (size_t)sqlite3_column_bytes(q, col);
		}
		rc = read_layout(d, (const char *)sqlite3_column_text(q, 6),
				 (size_t)sqlite3_column_bytes(q, 6), part);
	}
	sqlite3_finalize(q);
	if (rc == 0)
		return 1;
	decision_free(d);
	return store_fail(st, rc, "reading the store");
}

int
store_url(struct store *st, const char *ref, char **url)
{
	sqlite3_stmt *q;
	int rc;

	*url = NULL;
	rc = sqlite3_prepare_v2(st->db, "SELECT url FROM decision WHERE ref = ?1",
				-1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the store");
	store_bind_text(q, 1, ref);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL &&
	    (*url = column_dup(q, 0)) == NULL)
		rc = SQLITE_NOMEM;
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return store_fail(st, rc, "reading the store");
}

/* Appends one paragraph to st->sparas; returns 0 or -1. */
int
store_spara_add(struct store *st, size_t *n, int ord, int kind,
		const char *text, size_t len)
{
	if (*n == st->sparacap) {
		size_t cap = st->sparacap ? st->sparacap * 2 : 64;
		struct store_para *p = realloc(st->sparas, cap * sizeof *p);

		if (p == NULL)
			return -1;
		st->sparas = p;
		st->sparacap = cap;
	}
	st->sparas[*n] = (struct store_para){
		.n = ord, .kind = (enum decision_kind)kind, .text = text,
		.len = len,
	};
	(*n)++;
	return 0;
}

/* Copies decision id's date ("" when none) and reference; reads only
 * the start of its row.  Returns 1, 0 when there is none, -1 on error. */
static int
search_date(struct store *st, long long id, char date[11],
	    char ref[DECISION_REF_MAX])
{
	sqlite3_stmt *q = store_q_doing(st, Q_DATE, "reading the store");
	const unsigned char *d, *r;
	int rc;

	date[0] = ref[0] = '\0';
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		d = sqlite3_column_text(q, 0);
		r = sqlite3_column_text(q, 1);
		snprintf(date, 11, "%s", d ? (const char *)d : "");
		snprintf(ref, DECISION_REF_MAX, "%s", r ? (const char *)r : "");
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "reading the store");
}

struct dated {
	long long id;
	char date[11];
	char ref[DECISION_REF_MAX];
};

/* Newest first, then the greater reference, as the date index's walk. */
static int
dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	return c ? c : strcmp(y->ref, x->ref);
}

int
store_search_sort_newest(struct store *st, long long *ids, size_t n)
{
	struct dated *d;

	if (n < 2)
		return 0;
	if ((d = malloc(n * sizeof *d)) == NULL)
		return store_fail(st, SQLITE_NOMEM, "searching the store");
	for (size_t i = 0; i < n; i++) {
		d[i].id = ids[i];
		if (search_date(st, ids[i], d[i].date, d[i].ref) < 0) {
			free(d);
			return -1;
		}
	}
	qsort(d, n, sizeof *d, dated_cmp);
	for (size_t i = 0; i < n; i++)
		ids[i] = d[i].id;
	free(d);
	return 0;
}

int
store_cut_off(struct store *st, long long id)
{
	const char *doing = "reading the store";
	sqlite3_stmt *q = store_q_doing(st, Q_COMPLETE, doing);
	int rc, cut = 0;

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		cut = sqlite3_column_int(q, 0) == 1;
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? cut : store_fail(st, rc, doing);
}

int
store_search_doc(struct store *st, long long id, struct store_doc *doc)
{
	const char *doing = "reading the store";
	sqlite3_stmt *q = store_q_doing(st, Q_DOC, doing);
	const char *end, *s;
	struct part part[DECISION_KIND_COUNT] = {{0}};
	struct layout_iter it;
	struct layout_para p;
	size_t np = 0;
	int rc, ord = 0;

	memset(doc, 0, sizeof *doc);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, doing);
	doc->ref = (const char *)sqlite3_column_text(q, 0);
	doc->organisation = (const char *)sqlite3_column_text(q, 1);
	doc->date = (const char *)sqlite3_column_text(q, 2);
	doc->outcome = (const char *)sqlite3_column_text(q, 3);
	for (int k = DECISION_KIND_SUMMARY; k < DECISION_KIND_COUNT; k++) {
		int col = k == DECISION_KIND_SUMMARY ? 5 : 6 + k;

		part[k].s = (const char *)sqlite3_column_text(q, col);
		part[k].len = (size_t)sqlite3_column_bytes(q, col);
	}
	if (part[0].s != NULL &&
	    store_spara_add(st, &np, 0, DECISION_KIND_SUMMARY, part[0].s,
			    part[0].len) < 0)
		return store_fail(st, SQLITE_NOMEM, doing);
	layout_start(&it, (const char *)sqlite3_column_text(q, 4),
		     (size_t)sqlite3_column_bytes(q, 4), part);
	while ((rc = layout_next(&it, &p)) > 0)
		if (store_spara_add(st, &np, ++ord, p.kind, p.text, p.len) < 0)
			return store_fail(st, SQLITE_NOMEM, doing);
	if (rc < 0)
		return store_fail(st, SQLITE_CORRUPT, doing);
	/* Heading lines: matched by words, never a paragraph to show. */
	s = (const char *)sqlite3_column_text(q, 6);
	end = s ? s + sqlite3_column_bytes(q, 6) : NULL;
	while (s != NULL && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;

		if (store_spara_add(st, &np, -1, DECISION_KIND_COUNT, s,
				    (size_t)(le - s)) < 0)
			return store_fail(st, SQLITE_NOMEM, doing);
		s = nl ? nl + 1 : end;
	}
	doc->paras = st->sparas;
	doc->npara = np;
	return 1;
}
