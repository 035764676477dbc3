/* store_put: the write path: a decision's organisation and category,
 * its row with its texts (store_prep.c), its index row, and the rows
 * that follow from it. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"
#include "store_int.h"
#include "store_vocab.h"

/* Finds or adds the organisation name; sets *id; returns 0 or -1. */
static int
org_id(struct store *st, const char *name, sqlite3_int64 *id)
{
	sqlite3_stmt *q = store_q(st, Q_ORG_FIND);
	int rc;

	if (q == NULL)
		return -1;
	store_bind_text(q, 1, name);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "writing to the store");

	q = store_q(st, Q_ORG_INSERT);
	if (q == NULL)
		return -1;
	size_t flen;
	char *fold = text_fold(name, strlen(name), &flen);

	if (fold == NULL)
		return store_fail(st, SQLITE_NOMEM, "writing to the store");
	store_bind_text(q, 1, name);
	sqlite3_bind_text(q, 2, fold, (int)flen, free);
	if (store_step_done(st, q, "writing to the store") < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}


/* Binds the text of section kinds complaint..other to parameters from
 * first on; an empty kind is NULL.  Bound as NUL-terminated (length
 * -1): FTS5 reads each as sqlite3_value_text, which copies a text
 * SQLite does not know ends in a NUL (and the noting tokenizer then
 * finds its prepared words by comparing bytes, not the pointer). */
static void
bind_parts(const struct store_prepped *t, sqlite3_stmt *q, int first)
{
	for (int k = DECISION_KIND_COMPLAINT; k < DECISION_KIND_COUNT; k++) {
		if (t->partlen[k] == 0)
			sqlite3_bind_null(q, first + k - DECISION_KIND_COMPLAINT);
		else
			sqlite3_bind_text(q, first + k - DECISION_KIND_COMPLAINT,
					  t->part[k], -1, SQLITE_STATIC);
	}
}

/* Adds d's category key to the category table unless it is there;
 * returns 0 or -1. */
static int
category_put(struct store *st, const struct decision *d)
{
	sqlite3_stmt *q = store_q(st, Q_CATEGORY_FIND);
	int rc;

	if (q == NULL)
		return -1;
	store_bind_text(q, 1, d->area);
	store_bind_text(q, 2, d->subarea);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "writing to the store");
	if ((q = store_q(st, Q_CATEGORY_PUT)) == NULL)
		return -1;
	store_bind_text(q, 1, d->area);
	store_bind_text(q, 2, d->subarea);
	return store_step_done(st, q, "writing to the store");
}

/* Where d came from, for its row: d's own URL and fetch time, else those
 * of the row it replaces (a text import of a fetched decision keeps its
 * source; a new URL drops the old fetch time).  Reads columns 3 and 4 of
 * the Q_FIND row q into malloc'd copies; returns 0 or -1. */
static int
source_of(const struct decision *d, sqlite3_stmt *q, char **url,
	  char **fetched)
{
	const char *u = (const char *)sqlite3_column_text(q, 3);
	const char *f = (const char *)sqlite3_column_text(q, 4);

	if (d->url != NULL && store_str_changed(d->url, u))
		f = NULL;
	*url = d->url ? strdup(d->url) : u ? strdup(u) : NULL;
	*fetched = d->fetched ? strdup(d->fetched) : f ? strdup(f) : NULL;
	return ((d->url || u) && *url == NULL) ||
	       ((d->fetched || f) && *fetched == NULL) ? -1 : 0;
}

/* A replaced decision whose index row store_commit deletes: its id and
 * the old texts of its nine columns, which an external-content FTS5
 * table needs to take its words out. */
struct doomed {
	sqlite3_int64 id;
	sqlite3_value *v[FTS_NCOLUMNS];
};

void
store_doomed_clear(struct store *st)
{
	for (size_t i = 0; i < st->ndoomed; i++)
		for (int k = 0; k < FTS_NCOLUMNS; k++)
			sqlite3_value_free(st->doomed[i].v[k]);
	st->ndoomed = 0;
	st->doomedmax = 0;
}

/* Deletes the index row of doomed decision x; returns 0 or -1. */
static int
doomed_delete(struct store *st, const struct doomed *x)
{
	sqlite3_stmt *q = store_q(st, Q_FTS_DELETE);

	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, x->id);
	for (int k = 0; k < FTS_NCOLUMNS; k++)
		sqlite3_bind_value(q, k + 2, x->v[k]);
	return store_step_done(st, q, "writing to the store");
}

static int
doomed_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = ((const struct doomed *)a)->id;
	sqlite3_int64 y = ((const struct doomed *)b)->id;

	return x < y ? -1 : x > y;
}

/* Deletes the index rows of the decisions the transaction replaced, in
 * order of id, after its new rows: FTS5 writes its pending terms out as a
 * segment whenever it is given a row id not above the last one, which a
 * delete at each replace would do (docs/PERFORMANCE.md).  Returns 0 or
 * -1. */
int
store_doomed_flush(struct store *st)
{
	int rc = 0;

	if (st->ndoomed == 0)
		return 0;
	qsort(st->doomed, st->ndoomed, sizeof *st->doomed, doomed_cmp);
	for (size_t i = 0; i < st->ndoomed && rc == 0; i++)
		rc = doomed_delete(st, &st->doomed[i]);
	store_doomed_clear(st);
	return rc;
}

/* A new decision took id, which SQLite gives as the largest id plus one:
 * a doomed decision's id when that one was the newest.  Its index row
 * must go now, before the new one goes in.  Returns 0 or -1. */
static int
doomed_take(struct store *st, sqlite3_int64 id)
{
	for (size_t i = 0; i < st->ndoomed; i++) {
		struct doomed x = st->doomed[i];
		int rc;

		if (x.id != id)
			continue;
		st->doomed[i] = st->doomed[--st->ndoomed];
		rc = doomed_delete(st, &x);
		for (int k = 0; k < FTS_NCOLUMNS; k++)
			sqlite3_value_free(x.v[k]);
		return rc;
	}
	return 0;
}

/* Keeps the old texts of decision id for store_doomed_flush; returns 0
 * or -1. */
static int
doomed_add(struct store *st, sqlite3_int64 id)
{
	const char *doing = "writing to the store";
	sqlite3_stmt *q = store_q(st, Q_OLD_TEXT);
	struct doomed *x;
	int rc, k;

	if (q == NULL)
		return -1;
	if (st->ndoomed == st->doomedcap) {
		size_t c = st->doomedcap ? st->doomedcap * 2 : 64;
		struct doomed *d = realloc(st->doomed, c * sizeof *d);

		if (d == NULL)
			return store_fail(st, SQLITE_NOMEM, doing);
		st->doomed = d;
		st->doomedcap = c;
	}
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_reset(q);
		return store_fail(st, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
				  doing);
	}
	x = &st->doomed[st->ndoomed];
	x->id = id;
	for (k = 0; k < FTS_NCOLUMNS; k++)
		if ((x->v[k] = sqlite3_value_dup(sqlite3_column_value(q, k))) == NULL)
			break;
	sqlite3_reset(q);
	if (k < FTS_NCOLUMNS) {
		while (k-- > 0)
			sqlite3_value_free(x->v[k]);
		return store_fail(st, SQLITE_NOMEM, doing);
	}
	st->ndoomed++;
	if (id > st->doomedmax)
		st->doomedmax = id;
	return 0;
}

/* Deletes decision id (a replace) and its rows of decision_break and
 * decision_starts; its index row goes at the commit.  Returns 0 or -1. */
static int
replace_delete(struct store *st, sqlite3_int64 id)
{
	static const int del[] = {Q_BREAK_DELETE, Q_STARTS_DELETE, Q_DELETE};
	sqlite3_stmt *q;

	if (doomed_add(st, id) < 0)
		return -1;
	for (size_t i = 0; i < sizeof del / sizeof del[0]; i++) {
		if ((q = store_q(st, del[i])) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, id);
		if (store_step_done(st, q, "writing to the store") < 0)
			return -1;
	}
	return 0;
}

/* Whether p's words can be taken as they are: every decision its
 * preparer made before it was given here, in order, since the last
 * rollback (else a word it met first in one not written would be
 * missing from vocab). */
static int
prepped_trusted(struct store *st, const struct store_prepped *p)
{
	if (p->prep_id != st->prep_id) {
		st->prep_id = p->prep_id;
		st->prep_ok = 1;
		st->prep_seq = 0;
	}
	if (p->seq != st->prep_seq + 1)
		st->prep_ok = 0;
	st->prep_seq = p->seq;
	return st->prep_ok && p->words != NULL;
}

/* store_put inside the open transaction: put_row with d as p prepared
 * it (NULL: as st->own makes it). */
static int put_row(struct store *st, const struct decision *d,
		   const struct vocab_doc *words, const char *source,
		   enum store_put *how, char **url, char **fetched);

static int
put_one(struct store *st, const struct decision *d,
	const struct store_prepped *p, const char *source, enum store_put *how)
{
	/* Called for each prepared decision, ready or not: the order
	 * counts them all. */
	const struct vocab_doc *words =
		p != NULL && prepped_trusted(st, p) && p->ready ? p->words
								: NULL;
	char *url = NULL, *fetched = NULL;
	int rc;

	if (p == NULL || !p->ready) {
		st->own.ready = 0;
		st->own.print = p != NULL ? p->print : store_fingerprint(d);
		p = &st->own;
	}
	st->tx = p;
	rc = put_row(st, d, words, source, how, &url, &fetched);
	st->tx = NULL;
	free(url);
	free(fetched);
	return rc;
}

/* Writes d unless the store holds it exactly so (its text and its
 * source); *url and *fetched are the source written, for the caller to
 * free.  words: FTS5's words of st->tx, prepared (NULL: none). */
static int
put_row(struct store *st, const struct decision *d,
	const struct vocab_doc *words, const char *source, enum store_put *how,
	char **url, char **fetched)
{
	sqlite3_int64 id, old_org = 0, org = 0;
	int has_old_org = 0, rc;
	const struct store_prepped *t = st->tx;
	uint64_t hash = t->print;
	const char *doing = "writing to the store";
	struct vocab_words watched;
	sqlite3_stmt *q;

	*how = STORE_PUT_NEW;
	if ((q = store_q(st, Q_FIND)) == NULL)
		return -1;
	store_bind_text(q, 1, d->ref);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		if (source_of(d, q, url, fetched) < 0) {
			sqlite3_reset(q);
			return store_fail(st, SQLITE_NOMEM, doing);
		}
		if ((uint64_t)sqlite3_column_int64(q, 1) == hash &&
		    !store_str_changed(*url,
				       (const char *)sqlite3_column_text(q, 3)) &&
		    !store_str_changed(*fetched,
				       (const char *)sqlite3_column_text(q, 4)) &&
		    sqlite3_column_type(q, 5) != SQLITE_NULL &&
		    sqlite3_column_int(q, 5) == !d->cut_off) {
			sqlite3_reset(q);
			*how = STORE_PUT_UNCHANGED;
			return 0;
		}
		has_old_org = sqlite3_column_type(q, 2) != SQLITE_NULL;
		old_org = sqlite3_column_int64(q, 2);
		sqlite3_reset(q);
		*how = STORE_PUT_REPLACED;
		if (replace_delete(st, id) < 0)
			return -1;
	} else {
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return store_fail(st, rc, doing);
		if ((d->url && (*url = strdup(d->url)) == NULL) ||
		    (d->fetched && (*fetched = strdup(d->fetched)) == NULL))
			return store_fail(st, SQLITE_NOMEM, doing);
	}

	if (d->organisation != NULL && org_id(st, d->organisation, &org) < 0)
		return -1;
	if (category_put(st, d) < 0)
		return -1;
	if (has_old_org && (d->organisation == NULL || old_org != org)) {
		if ((q = store_q(st, Q_ORG_GC)) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, old_org);
		if (store_step_done(st, q, doing) < 0)
			return -1;
	}

	if (!t->ready && store_build_texts(&st->own, d) < 0)
		return store_fail(st, SQLITE_NOMEM, doing);
	if ((q = store_q(st, Q_INSERT)) == NULL)
		return -1;
	store_bind_text(q, 1, d->ref);
	if (d->organisation != NULL)
		sqlite3_bind_int64(q, 2, org);
	store_bind_text(q, 3, d->area);
	store_bind_text(q, 4, d->subarea);
	store_bind_text(q, 5, d->outcome);
	store_bind_text(q, 6, d->date[0] ? d->date : NULL);
	store_bind_text(q, 7, d->summary);
	store_bind_text(q, 8, t->hlen ? t->headings : NULL);
	bind_parts(t, q, 9);
	sqlite3_bind_text(q, 16, t->layout, (int)t->llen, SQLITE_STATIC);
	sqlite3_bind_int64(q, 17, (sqlite3_int64)hash);
	store_bind_text(q, 18, source);
	store_bind_text(q, 19, *url);
	store_bind_text(q, 20, *fetched);
	sqlite3_bind_int(q, 21, !d->cut_off);
	if (store_step_done(st, q, doing) < 0)
		return -1;
	id = sqlite3_last_insert_rowid(st->db);
	if (id <= st->doomedmax && doomed_take(st, id) < 0)
		return -1;
	if ((q = store_q(st, Q_FTS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	store_bind_text(q, 2, d->summary);
	store_bind_text(q, 3, t->hlen ? t->headings : NULL);
	bind_parts(t, q, 4);
	/* FTS5's words of the row give its paragraphs' breaks and pairs
	 * (store_breaks_of), rather than a second tokenizing; prepared,
	 * FTS5 is given them without a first. */
	if (st->vocab != NULL) {
		vocab_watch(st->vocab, 1);
		vocab_replay(st->vocab, words);
	}
	rc = store_step_done(st, q, doing);
	if (st->vocab != NULL) {
		vocab_replay(st->vocab, NULL);
		vocab_watch(st->vocab, 0);
	}
	if (rc < 0)
		return -1;
	if (store_len_put(st, id) < 0)
		return -1;
	if (store_breaks_of(st, d, st->vocab != NULL &&
			    vocab_watched(st->vocab, &watched) == 0 ? &watched
								    : NULL) < 0)
		return store_fail(st, SQLITE_NOMEM, doing);
	if (store_breaks_put(st, id) < 0 || store_breaks_note(st) < 0)
		return -1;
	return store_starts_put(st, id);
}

/* store_put_prepped outside a transaction (the tests; an import never
 * is): one of its own, so that the decision, its index row and its
 * words go in together, and the generation moves on. */
static int
put_alone(struct store *st, const struct decision *d,
	  const struct store_prepped *p, const char *source,
	  enum store_put *how)
{
	int rc;

	if (store_begin(st) < 0)
		return -1;
	if ((rc = put_one(st, d, p, source, how)) == 0)
		rc = store_commit(st);
	if (rc < 0)
		store_rollback(st);
	return rc;
}

int
store_put_prepped(struct store *st, const struct decision *d,
		  const struct store_prepped *p, const char *source,
		  enum store_put *how)
{
	if (!sqlite3_get_autocommit(st->db))
		return put_one(st, d, p, source, how);
	return put_alone(st, d, p, source, how);
}

int
store_put(struct store *st, const struct decision *d, const char *source,
	  enum store_put *how)
{
	return store_put_prepped(st, d, NULL, source, how);
}
