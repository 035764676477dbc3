/* store_cursor: the search cursor: which statement a pass runs (its
 * plan), the ranked heap, the break-pair settlement of its matches, and
 * the counts and spans of a search. */
#include "config.h"

#include <stdlib.h>

#include "store.h"
#include "store_int.h"

/* Nonzero when a goes before b in the heap: the better rank. */
static int
ranked_before(const struct ranked *a, const struct ranked *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->id < b->id);
}

static void
heap_down(struct ranked *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct ranked t;

		if (l < n && ranked_before(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && ranked_before(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}


/* Reads rows of c->q into c->heap (and the matches that c->spans do
 * not settle into c->suspect), unordered: all of them (max 0), or up to
 * max, and (below > 0) none from rowid below on, where it stops.  Sets
 * *ordered to 0 when the rows did not come in rowid order.  Returns 0
 * when c->q is done (or at below), 1 when rows remain, -1 with
 * store_error set. */
static int
ranked_read(struct store_cursor *c, size_t max, sqlite3_int64 below,
	    int *ordered)
{
	size_t cap = c->nheap;
	int rc = SQLITE_DONE;

	while ((max == 0 || c->nheap < max) &&
	       (rc = sqlite3_step(c->q)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(c->q, 0);

		if (below > 0 && id >= below) {
			rc = SQLITE_DONE;
			break;
		}
		if (c->nheap > 0 && id <= c->heap[c->nheap - 1].id)
			*ordered = 0;
		if (c->nheap == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct ranked *h = realloc(c->heap, nc * sizeof *h);

			if (h == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			c->heap = h;
			cap = nc;
		}
		c->heap[c->nheap].id = id;
		c->heap[c->nheap].rank = sqlite3_column_double(c->q, 1);
		if (row_suspect(c->q, 2, c->spans)) {
			if (c->nsuspect == c->suspcap) {
				size_t nc = c->suspcap ? c->suspcap * 2 : 256;
				long long *v = realloc(c->suspect, nc * sizeof *v);

				if (v == NULL) {
					rc = SQLITE_NOMEM;
					break;
				}
				c->suspect = v;
				c->suspcap = nc;
			}
			c->suspect[c->nsuspect++] = c->heap[c->nheap].id;
		}
		c->nheap++;
	}
	if (max != 0 && c->nheap == max)
		return 1;
	if (rc != SQLITE_DONE)
		return store_fail(c->st, rc, "searching the store");
	return 0;
}

/* Ends c->q's pass: its walk of the sizes, the statement, its bm25
 * data. */
static void
ranked_end(struct store_cursor *c)
{
	store_rank_docsize_end(c->st);
	sqlite3_finalize(c->q);
	store_rank_keep_end(c->st);
	c->q = NULL;
}

/* Reads every row of c->q into c->heap (and the matches that c->spans
 * do not settle into c->suspect), unordered, and finalizes c->q;
 * returns 0 or -1. */
int
store_ranked_rows(struct store_cursor *c)
{
	return store_ranked_rows_below(c, 0);
}

int
store_ranked_rows_below(struct store_cursor *c, sqlite3_int64 below)
{
	int ordered = 1, rc = ranked_read(c, 0, below, &ordered);

	ranked_end(c);
	return rc;
}

int
store_ranked_few(struct store_cursor *c, size_t max, sqlite3_int64 *from)
{
	struct store *st = c->st;
	int ordered = 1, rc = ranked_read(c, max + 1, 0, &ordered);

	*from = 0;
	if (rc <= 0) {
		ranked_end(c);
		if (rc == 0)
			store_ranked_done(c, st->rank_noidf, st->rank_nrow,
					  (sqlite3_int64)c->nheap);
		return rc < 0 ? -1 : 1;
	}
	if (ordered) {
		*from = c->heap[c->nheap - 1].id + 1;
		return 0;
	}
	/* More, not in rowid order: c->q from its start, as if never
	 * stepped. */
	sqlite3_reset(c->q);
	store_rank_docsize_end(st);
	store_rank_keep_end(st);
	st->rank_noidf = 0;
	st->rank_nrow = 0;
	c->nheap = 0;
	c->nsuspect = 0;
	return 0;
}

/* Completes the ranks of c's rows when they were made without IDF
 * (noidf; nrow the table's rows, nhit the phrase's), and orders them. */
void
store_ranked_done(struct store_cursor *c, int noidf, sqlite3_int64 nrow,
		  sqlite3_int64 nhit)
{
	/* In rowid order, as store_search_suspects promises, whatever order
	 * the statement gave them in. */
	if (c->nsuspect > 1)
		qsort(c->suspect, c->nsuspect, sizeof *c->suspect, id_cmp);
	if (noidf)
		store_rank_finish(nrow, c->heap, c->nheap, nhit);
	for (size_t i = c->nheap / 2; i-- > 0;)
		heap_down(c->heap, c->nheap, i);
	c->total = (long)c->nheap;
}

/* Reads and orders every row of c->q; returns 0 or -1. */
static int
ranked_fill(struct store_cursor *c)
{
	if (store_ranked_rows(c) < 0)
		return -1;
	/* The phrase's rows: all the matches, or, when the set of the
	 * filters' decisions kept some, all those it was asked about. */
	store_ranked_done(c, c->st->rank_noidf, c->st->rank_nrow,
			  c->set_all ? c->set->asked : (sqlite3_int64)c->nheap);
	return 0;
}

/* ---- counters that the tests read -------------------------------------- */

long
store_search_halves(const struct store *st)
{
	return st->halves;
}

long
store_search_paired(const struct store *st)
{
	return st->paired;
}

long
store_search_loosened(const struct store *st)
{
	return st->loosened;
}

long long
store_search_walked(const struct store_cursor *c)
{
	return c->set != NULL ? c->set->asked : 0;
}

/* Sets *spans to NULL when no decision holds any of its pairs across a
 * break (break_pair) and it has no NEAR group, or its NEAR groups are
 * settled both ways in the pass (near_loose: the loose MATCH): FTS5's
 * matches then need no decision's break pairs.  Then *gen is the
 * generation of the store that break_pair answered for (else -1): a
 * pass that began in another (an import committed in between) must be
 * read again with the pairs (store_spans_stale).  Returns 0 or -1. */
int
store_spans_settled(struct store *st, const struct store_spans **spans,
		    int near_loose, sqlite3_int64 *gen)
{
	const struct store_spans *sp = *spans;
	sqlite3_stmt *q;
	int rc = SQLITE_DONE;

	*gen = -1;
	if (sp == NULL)
		return 0;
	if (sp->nnear > 0 && !near_loose) {
		st->paired++;
		return 0;
	}
	/* break_pair holds every pair of this generation, and every
	 * decision has its row of decision_break? */
	if ((q = store_q_doing(st, Q_PAIRS_GEN, "searching the store")) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*gen = sqlite3_column_int64(q, 0);
		rc = sqlite3_column_int(q, 1) && !sqlite3_column_int(q, 2)
			? SQLITE_DONE : SQLITE_ROW;
	}
	sqlite3_reset(q);
	for (size_t i = 0; i < sp->npairs && rc == SQLITE_DONE; i++) {
		if ((q = store_q_doing(st, Q_PAIR_ANY,
				       "searching the store")) == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, (sqlite3_int64)sp->pairs[i]);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
	}
	if (rc == SQLITE_DONE) {
		*spans = NULL;
		return 0;
	}
	*gen = -1;
	if (rc != SQLITE_ROW)
		return store_fail(st, rc, "searching the store");
	st->paired++;
	return 0;
}

/* Nonzero when the store is no longer of generation gen (>= 0; an error
 * counts as moved), which store_spans_settled answered for. */
int
store_spans_stale(struct store *st, sqlite3_int64 gen)
{
	sqlite3_int64 now;

	if (gen < 0)
		return 0;
	return store_query_int(st, Q_GENERATION, &now) < 0 || now != gen;
}

/* The statement of a cursor: its SQL around the filters' conditions,
 * how those read the decisions, whether it is read in two halves
 * (store_ranked_split), and whether the MATCH is bound. */
struct plan {
	const char *head, *tail;
	enum where_mode mode;
	int split, has_match;
};

/* Chooses c's statement for match (NULL: filters alone), f, order and
 * spans, few saying whether the filters pass few decisions; may make
 * c->set, the set of the matches.  Returns 0 or -1. */
static int
plan_of(struct store_cursor *c, const char *match,
	const struct store_filter *f, enum store_order order,
	const struct store_spans *spans, int few, struct plan *p)
{
	struct store *st = c->st;

	p->mode = WHERE_WALK;
	p->split = 0;
	p->has_match = match != NULL;
	if (match == NULL) {
		/* Filters alone: the date index gives the order; when they
		 * pass few decisions, their own indexes find them, sorted. */
		p->head = "SELECT d.id, 0 FROM decision d";
		p->tail = " ORDER BY d.date DESC, d.ref DESC";
		if (order == STORE_ORDER_DATE_FEW)
			p->mode = WHERE_SET;
	} else if (order == STORE_ORDER_RANK && !store_filter_any(f)) {
		/* A top-level MATCH ranked: FTS5 alone, no ORDER BY, in two
		 * halves (store_ranked_split). */
		p->head = RANK_SPANS(STORE_BM25_NOIDF, spans);
		p->tail = " AND f.decision_fts MATCH ?";
		p->split = 1;
	} else if (order == STORE_ORDER_RANK && few) {
		/* FTS5 asked about each of the filters' decisions ('rowid
		 * IN'); bm25 for those it finds. */
		p->head = spans == NULL
			? RANK_HEAD(STORE_BM25, "NULL")
			  " WHERE f.rowid IN (SELECT d.id FROM decision d"
			: spans->nnear
			? RANK_HEAD(STORE_BM25, NEAR_COLS) BREAK_JOIN NEAR_JOIN
			  " WHERE f.rowid IN (SELECT d.id FROM decision d"
			: RANK_HEAD(STORE_BM25, SPAN_COLS) BREAK_JOIN
			  " WHERE f.rowid IN (SELECT d.id FROM decision d";
		p->tail = ") AND f.decision_fts MATCH ?";
		p->mode = WHERE_SET;
	} else if (order == STORE_ORDER_RANK) {
		/* FTS5 drives, each match tested against the set, and bm25
		 * computed only for those in it.  Every match passes through
		 * ombuds_in, so the set counts them: a query of one phrase
		 * needs no second pass for its IDF. */
		p->head = RANK_SPANS(STORE_BM25_NOIDF, spans);
		p->tail =
		    " AND ombuds_in(?, f.rowid) AND f.decision_fts MATCH ?";
		c->set_all = 1;
	} else if (order == STORE_ORDER_DATE_FEW && few) {
		/* Newest first, few matches, filters that pass few decisions:
		 * FTS5 asked about each, the ones it finds sorted by date. */
		p->head = "SELECT e.id, 0 FROM decision e WHERE e.id IN"
		       " (SELECT rowid FROM decision_fts WHERE rowid IN"
		       " (SELECT d.id FROM decision d";
		p->tail = ") AND decision_fts MATCH ?)"
		       " ORDER BY e.date DESC, e.ref DESC";
		p->mode = WHERE_SET;
	} else if (order == STORE_ORDER_DATE_FEW && c->set != NULL) {
		/* Newest first, few matches, filters: FTS5's matches in the
		 * set, each one's row looked up by id (only the start of the
		 * row, before the text), sorted: testing the filters on each
		 * match's row would read a row for every match. */
		p->head = "SELECT e.id, 0 FROM decision e";
		p->tail = " AND e.id IN (SELECT rowid FROM decision_fts"
		       " WHERE ombuds_in(?, rowid) AND decision_fts MATCH ?)"
		       " ORDER BY e.date DESC, e.ref DESC";
	} else if (order == STORE_ORDER_DATE_FEW) {
		/* Newest first, few matches: each match's row looked up by id
		 * and sorted. */
		p->head = "SELECT d.id, 0 FROM decision d";
		p->tail = " AND d.id IN (SELECT rowid FROM decision_fts"
		       " WHERE decision_fts MATCH ?)"
		       " ORDER BY d.date DESC, d.ref DESC";
	} else if (order == STORE_ORDER_DATE_MANY) {
		/* Newest first, matches in a large share of the decisions: the
		 * covering index walked backwards, FTS5 asked about each
		 * decision (a rowid constraint with the MATCH), and the walk
		 * stops at the page's end without reading every match. */
		p->head = "SELECT d.id, 0 FROM decision d";
		p->tail = " AND EXISTS (SELECT 1 FROM decision_fts"
		       " WHERE decision_fts MATCH ? AND rowid = d.id)"
		       " ORDER BY d.date DESC, d.ref DESC";
	} else {
		/* Newest first: the covering index walked backwards drives,
		 * each decision looked up in the set of the matches (read
		 * once, unless given), and the walk stops at the page's end. */
		if (c->set == NULL &&
		    (c->set = store_idset_match(st, match)) == NULL)
			return -1;
		p->has_match = 0;
		p->head = "SELECT d.id, 0 FROM decision d";
		p->tail =
		    " AND ombuds_in(?, d.id) ORDER BY d.date DESC, d.ref DESC";
	}
	return 0;
}

/* A cursor for the results of match and f in order; ranked, it lists
 * the matches that spans do not settle.  matched, when
 * not NULL, is the set of the results already found (the cursor takes
 * it), which newest first then walks the date index through. */
struct store_cursor *
store_cursor_open(struct store *st, const char *match,
		  const struct store_filter *f, enum store_order order,
		  const struct store_spans *spans, struct idset *matched)
{
	struct store_cursor *c = calloc(1, sizeof *c);
	struct store_filter dates[STORE_FILTER_DEPTH];
	const struct store_filter *where = f;  /* the conditions written out */
	struct plan p;
	char *owned = NULL;
	int narg, rc, expanded, few = 0;

	if (c == NULL) {
		store_idset_free(matched);
		store_fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	c->st = st;
	c->set = matched;
	/* With filters, a ranked query and a few matches newest first are
	 * found by FTS5, kept when in the set of the filters' decisions, or
	 * (few decisions) by asking FTS5 about each of them.  A set of
	 * matches given (newest first) holds only decisions that pass f,
	 * but f's dates still bound the walk of the date index, which
	 * would else walk every newer decision before its first result. */
	if (matched != NULL) {
		where = order == STORE_ORDER_DATE ? store_filter_dates(f, dates)
						  : NULL;
	} else if (match != NULL && store_filter_any(f) &&
		   (order == STORE_ORDER_RANK || order == STORE_ORDER_DATE_FEW)) {
		if ((few = store_filter_plan(st, f, match, &c->set)) < 0)
			goto fail;
		if (!few)
			where = NULL;
	}
	/* A prefix written out as its words: ranked, only where bm25 takes
	 * its IDF from the pass (STORE_BM25_NOIDF), which ombuds_rank then
	 * gives the words as one phrase; a set of matches given needs no
	 * question to FTS5. */
	if (match != NULL && matched == NULL && !(order == STORE_ORDER_RANK && few) &&
	    (match = store_match_expand(st, match, &owned)) == NULL)
		goto fail;
	if (plan_of(c, match, f, order, spans, few, &p) < 0)
		goto fail;
	c->q = store_prepare_filtered(st, where, p.mode, p.head, p.tail, &narg);
	if (c->q == NULL)
		goto fail;
	store_bind_rest(c->q, narg, c->set, p.has_match ? match : NULL);
	expanded = owned != NULL || store_match_group(match);
	c->total = -1;
	c->spans = spans;
	st->spans = spans;
	st->rank_noidf = 0;
	st->rank_nrow = 0;
	store_rank_keep_end(st);
	if (match != NULL && order == STORE_ORDER_RANK) {
		st->rank_group = expanded;
		st->rank_nphrase = store_match_negated(match, &st->rank_skip);
		rc = p.split ? store_ranked_split(c, p.head, p.tail, match) : 0;
		if (rc == 0)
			rc = ranked_fill(c);
		st->rank_group = 0;
		st->rank_skip = 0;
		st->spans = NULL;
		if (rc < 0) {
			free(owned);
			store_search_close(c);
			return NULL;
		}
	}
	free(owned);
	c->spans = NULL;
	st->spans = NULL;
	return c;
fail:
	free(owned);
	store_idset_free(c->set);
	free(c);
	return NULL;
}

struct store_cursor *
store_search_open(struct store *st, const char *match,
		  const struct store_filter *f, enum store_order order)
{
	return store_cursor_open(st, match, f, order, NULL, NULL);
}

struct store_cursor *
store_search_open_ranked(struct store *st, const char *match,
			 const struct store_filter *f,
			 const struct store_spans *spans)
{
	const struct store_spans *sp = spans;
	struct store_cursor *c;
	sqlite3_int64 gen;

	if (store_spans_settled(st, &sp, 0, &gen) < 0)
		return NULL;
	/* A ranked cursor reads every match when opened. */
	c = store_cursor_open(st, match, f, STORE_ORDER_RANK, sp, NULL);
	if (c != NULL && store_spans_stale(st, gen)) {
		store_search_close(c);
		c = store_cursor_open(st, match, f, STORE_ORDER_RANK, spans,
				      NULL);
	}
	return c;
}

size_t
store_search_suspects(const struct store_cursor *c, const long long **ids)
{
	*ids = c->suspect;
	return c->nsuspect;
}

int
store_search_next(struct store_cursor *c, long long *id, double *rank)
{
	int rc;

	if (c->list != NULL) {
		if (c->next == c->nlist)
			return 0;
		*id = c->list[c->next++];
		*rank = 0.0;
		return 1;
	}
	if (c->total >= 0) {
		if (c->nheap == 0)
			return 0;
		*id = c->heap[0].id;
		*rank = c->heap[0].rank;
		c->heap[0] = c->heap[--c->nheap];
		heap_down(c->heap, c->nheap, 0);
		return 1;
	}
	rc = sqlite3_step(c->q);

	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(c->q, 0);
		*rank = sqlite3_column_double(c->q, 1);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(c->st, rc, "searching the store");
}

void
store_search_close(struct store_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->q);
	free(c->list);
	free(c->heap);
	free(c->suspect);
	store_idset_free(c->set);
	free(c);
}

long
store_search_total(const struct store_cursor *c)
{
	return c->total;
}

int
store_search_count(struct store *st, const char *match,
		   const struct store_filter *f, long *n)
{
	const char *head, *tail;
	struct idset *set = NULL;
	sqlite3_stmt *q;
	char *owned = NULL;
	int rc, narg;

	*n = 0;
	/* Asked as its words, a prefix is cheap to ask about one decision
	 * (store_filter_plan). */
	if (match != NULL &&
	    (match = store_match_expand(st, match, &owned)) == NULL)
		return -1;
	if (match == NULL) {
		head = "SELECT count(*) FROM decision d";
		tail = "";
	} else if (!store_filter_any(f)) {
		head = "SELECT count(*) FROM decision_fts";
		tail = " AND decision_fts MATCH ?";
	} else {
		/* FTS5's matches in the set of the filters' decisions, or FTS5
		 * asked about each of few decisions. */
		int few = store_filter_plan(st, f, match, &set);

		if (few < 0) {
			free(owned);
			return -1;
		}
		head = few ? "SELECT count(*) FROM decision_fts"
			     " WHERE rowid IN (SELECT d.id FROM decision d"
			   : "SELECT count(*) FROM decision_fts";
		tail = few ? ") AND decision_fts MATCH ?"
			   : " AND ombuds_in(?, rowid) AND decision_fts MATCH ?";
	}
	q = store_prepare_filtered(st, set ? NULL : f, WHERE_SET, head, tail,
				   &narg);
	if (q == NULL) {
		store_idset_free(set);
		free(owned);
		return -1;
	}
	store_bind_rest(q, narg, set, match);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	store_idset_free(set);
	free(owned);
	return rc == SQLITE_ROW ? 0 : store_fail(st, rc, "searching the store");
}

int
store_search_span(struct store *st, long long *n)
{
	sqlite3_stmt *q = store_q_doing(st, Q_SPAN, "searching the store");
	int rc;

	*n = 0;
	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_fail(st, rc, "searching the store");
}

int
store_search_clear(struct store *st, long long id,
		   const struct store_spans *spans)
{
	sqlite3_stmt *q = store_q_doing(st, Q_BREAK, "reading the store");
	int rc, clear = 0;

	if (q == NULL)
		return -1;
	/* A NEAR group is settled only inside FTS5's pass (ombuds_near). */
	if (spans->nnear > 0)
		return 0;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		clear = pairs_clear(sqlite3_column_blob(q, 0),
				    (size_t)sqlite3_column_bytes(q, 0), spans->pairs,
				    spans->npairs);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return clear;
	return store_fail(st, rc, "reading the store");
}
