/* store_counted: the counted newest-first pass: every match read, in
 * two halves when it pays, with the check asked about those the break
 * pairs do not settle, and the loose MATCH when it pays. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "store.h"
#include "store_int.h"

/* A counted pass being read: where its matches go (keep, *n), and
 * apart, from the upper half read on the twin when it is read in two
 * halves, its matches and those its spans do not settle — the check
 * reads decisions through the caller's connection, so the caller asks
 * it about them once the upper half is read. */
struct scan {
	struct store *st;
	const struct store_spans *spans;
	int paired;
	store_check_fn check;
	void *arg;
	struct idset *keep;
	long *n;
	long long *id, *sus;
	size_t nid, idcap, nsus, suscap;
};

/* What a row of a counted pass (match_scan_pass's columns) says of its
 * match: 0 not a result (the words of a loose phrase stand apart), 2 a
 * suspect, to be checked, 1 a result. */
static int
row_verdict(sqlite3_stmt *q, const struct store_spans *sp, int paired)
{
	if (sp == NULL)
		return 1;
	/* Over the loose MATCH, ombuds_near's answer, then ombuds_adj's. */
	if (sp->loose != NULL) {
		int k = 2, a;

		if (sp->nnear > 0 && (a = sqlite3_column_int(q, k++)) != 1)
			return a == 0 ? 0 : 2;
		if (sp->nadj > 0 && (a = sqlite3_column_int(q, k)) != 1)
			return a == 0 ? 0 : 2;
	}
	return paired && row_suspect(q, 1, sp) ? 2 : 1;
}

/* Appends id to *v; returns 0 or -1. */
static int
ids_push(long long **v, size_t *n, size_t *cap, long long id)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		long long *p = realloc(*v, c * sizeof *p);

		if (p == NULL)
			return -1;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = id;
	return 0;
}

/* Reads the upper half q on the twin tw into sc's id and sus, and
 * finalizes q; returns 0 or -1. */
static int
scan_upper(void *arg, struct store *tw, sqlite3_stmt *q)
{
	struct scan *sc = arg;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);
		int v = row_verdict(q, sc->spans, sc->paired);

		if (v == 0)
			continue;
		if (v == 2
		    ? ids_push(&sc->sus, &sc->nsus, &sc->suscap, id) < 0
		    : ids_push(&sc->id, &sc->nid, &sc->idcap, id) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0
				 : store_fail(tw, rc, "searching the store");
}

/* Reads q on st, the whole pass or its lower half, into sc->keep,
 * asking sc->check about the suspects, and finalizes q; returns 0 or
 * -1. */
static int
scan_lower(void *arg, sqlite3_stmt *q)
{
	struct scan *sc = arg;
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(q, 0);
		int c = row_verdict(q, sc->spans, sc->paired);

		if (c == 2 && (c = sc->check(id, sc->arg)) < 0)
			break;
		if (c == 0)
			continue;
		if (store_idset_add(sc->keep, id) < 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		(*sc->n)++;
	}
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return -1;      /* check failed and said why */
	return rc == SQLITE_DONE
		   ? 0
		   : store_fail(sc->st, rc, "searching the store");
}

/* The head of a counted pass's statement: the columns row_verdict
 * reads (the id, the break pairs, and ombuds_near's answer and, loose,
 * ombuds_adj's) and their joins, few saying whether FTS5 is asked about
 * the filters' decisions one by one.  Returns a malloc'd string, NULL
 * when out of memory. */
static char *
scan_head(const struct store_spans *spans, int paired, int few)
{
	const char *cols, *joins;
	int loose = spans != NULL && spans->loose != NULL;
	int nnear = spans != NULL && spans->nnear > 0;

	cols = loose ? (paired ? SPAN_COLS : "NULL")
	     : nnear ? NEAR_COLS : paired ? SPAN_COLS : "NULL";
	joins = paired ? (nnear ? BREAK_JOIN NEAR_JOIN : BREAK_JOIN)
	      : nnear ? NEAR_JOIN : "";
	return store_concat("SELECT f.rowid, ", cols,
			    loose && nnear ? ", ombuds_near(f.decision_fts, s.starts, 1)"
				     : "",
			    loose && spans->nadj > 0 ? ", ombuds_adj(f.decision_fts)" : "",
			    " FROM decision_fts f", joins,
			    few ? " WHERE f.rowid IN (SELECT d.id FROM decision d" : "",
			    (const char *)NULL);
}

/* Adds the upper half's matches to sc->keep and asks sc->check about
 * its suspects, before the read transactions end: in the same state of
 * the store as the lower half's.  Returns 0 or -1. */
static int
scan_merge(void *arg, struct store *st, struct store *tw)
{
	struct scan *sc = arg;

	(void)tw;
	for (size_t i = 0; i < sc->nid; i++) {
		if (store_idset_add(sc->keep, sc->id[i]) < 0)
			return store_fail(st, SQLITE_NOMEM,
					  "searching the store");
		(*sc->n)++;
	}
	for (size_t i = 0; i < sc->nsus; i++) {
		int c = sc->check(sc->sus[i], sc->arg);

		if (c < 0)
			return -1;      /* check failed and said why */
		if (c > 0 && store_idset_add(sc->keep, sc->sus[i]) < 0)
			return store_fail(st, SQLITE_NOMEM,
					  "searching the store");
		*sc->n += c > 0;
	}
	return 0;
}

/* Reads FTS5's matches of match among the decisions passing f, less
 * those where a phrase only straddles a paragraph break: when paired, a
 * match that may hold one of spans' pairs across a break counts only
 * when check says so (spans NULL: every match counts).  spans' loose
 * MATCH, when it has one, is asked instead of match, and a match counts
 * only where the words of its phrases stand together (ombuds_adj).
 * Sets *n to their number and adds them to keep.  Returns 0 or -1. */
static int
match_scan_pass(struct store *st, const char *match,
		const struct store_filter *f, const struct store_spans *spans,
		int paired, store_check_fn check, void *arg,
		struct idset *keep, long *n)
{
	struct scan sc = {.st = st, .spans = spans, .paired = paired,
			  .check = check, .arg = arg, .keep = keep, .n = n};
	struct store_halves h = {.upper = scan_upper, .lower = scan_lower,
				 .merge = scan_merge, .arg = &sc};
	struct idset *set = NULL;
	sqlite3_stmt *q;
	char *head, *owned = NULL;
	const char *tail;
	int rc = 0, narg, few = 0;

	*n = 0;
	if (spans != NULL && spans->loose != NULL)
		match = spans->loose;
	/* Asked as its words, a prefix is cheap to ask about one decision,
	 * so filters that pass few decisions take FTS5's questions. */
	if ((match = store_match_expand(st, match, &owned)) == NULL)
		return -1;
	if (store_filter_any(f) &&
	    (few = store_filter_plan(st, f, match, &set)) < 0) {
		free(owned);
		return -1;
	}
	head = scan_head(spans, paired, few);
	if (head == NULL) {
		store_idset_free(set);
		free(owned);
		return store_fail(st, SQLITE_NOMEM, "searching the store");
	}
	tail = few ? ") AND f.decision_fts MATCH ?"
	     : set ? " AND ombuds_in(?, f.rowid) AND f.decision_fts MATCH ?"
		   : " AND f.decision_fts MATCH ?";
	/* In two halves as a ranked pass is, unless FTS5 is asked about
	 * the filters' decisions one by one. */
	if (!few) {
		h.head = head;
		h.tail = tail;
		h.match = match;
		h.set = set;
		rc = store_split_run(st, &h);
	}
	if (rc == 0) {
		q = store_prepare_filtered(st, few ? f : NULL, WHERE_SET, head,
					   tail, &narg);
		if (q == NULL) {
			rc = -1;
		} else {
			store_bind_rest(q, narg, set, match);
			rc = scan_lower(&sc, q);
		}
	}
	free(head);
	free(owned);
	free(sc.id);
	free(sc.sus);
	store_idset_free(set);
	if (rc < 0)
		return -1;
	store_idset_done(keep);
	return 0;
}

/* Returns 1 when spans' loose MATCH pays (LOOSE_MIN_PLACES), 0 when it
 * does not or cannot tell, -1 on error. */
static int
loose_pays(struct store *st, const struct store_spans *spans)
{
	sqlite3_stmt *q;
	sqlite3_int64 places = 0, rows = 0;
	char *owned = NULL;
	const char *match;
	int rc;

	/* A NEAR group asked so needs no check where it straddles breaks. */
	if (spans->nnear > 0)
		return 1;
	if ((match = store_match_expand(st, spans->loose, &owned)) == NULL)
		return -1;
	q = store_q_doing(st, Q_LOOSE_SAMPLE, "searching the store");
	if (q == NULL) {
		free(owned);
		return -1;
	}
	sqlite3_bind_text(q, 1, match, -1, SQLITE_TRANSIENT);
	st->spans = spans;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int n = sqlite3_column_int(q, 0);

		if (n < 0) {
			rows = 0;
			rc = SQLITE_DONE;
			break;
		}
		places += n;
		rows++;
	}
	st->spans = NULL;
	sqlite3_reset(q);
	free(owned);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "searching the store");
	return rows > 0 && places >= rows * LOOSE_MIN_PLACES;
}

/* match_scan_pass with spans' NEAR groups where ombuds_near finds them. */
static int
match_scan(struct store *st, const char *match, const struct store_filter *f,
	   const struct store_spans *spans, store_check_fn check, void *arg,
	   struct idset *keep, long *n, int *stale)
{
	const struct store_spans *paired = spans;
	struct store_spans strict;
	sqlite3_int64 gen = -1;
	int rc;

	/* The loose MATCH where it pays. */
	if (spans != NULL && spans->loose != NULL) {
		if ((rc = loose_pays(st, spans)) < 0)
			return -1;
		if (rc == 0) {
			strict = *spans;
			strict.loose = NULL;
			spans = paired = &strict;
		} else {
			st->loosened++;
		}
	}
	/* After a stale pass, the pairs are read whatever break_pair says. */
	if (*stale)
		st->paired += paired != NULL;
	else if (store_spans_settled(st, &paired,
				     spans != NULL && spans->loose != NULL, &gen) < 0)
		return -1;
	/* A loose MATCH is asked even where no break needs its pairs. */
	if (spans != NULL && spans->loose == NULL)
		spans = paired;
	st->spans = spans;
	rc = match_scan_pass(st, match, f, spans, paired != NULL, check, arg,
			     keep, n);
	st->spans = NULL;
	*stale = rc == 0 && store_spans_stale(st, gen);
	return rc;
}

/* At most this many results of a counted pass are sorted by date in
 * memory, each one's date looked up; more are found by walking the date
 * index through their set, which stops at the page's end, but for a few
 * results reads the whole index: a lookup costs some forty steps of the
 * walk (docs/PERFORMANCE.md). */
#define COUNTED_SORT_MAX 300

/* Sets c->list to the n ids of set, newest first; returns 0 or -1. */
static int
counted_sort(struct store_cursor *c, const struct idset *set, size_t n)
{
	size_t k = 0;

	if ((c->list = malloc((n ? n : 1) * sizeof *c->list)) == NULL)
		return store_fail(c->st, SQLITE_NOMEM, "searching the store");
	for (sqlite3_int64 i = 0; i < set->n && k < n; i++) {
		if (set->bit[i >> 3] == 0) {
			i |= 7;
			continue;
		}
		if (set->bit[i >> 3] >> (i & 7) & 1)
			c->list[k++] = i;
	}
	for (size_t i = 0; i < set->nout && k < n; i++)
		c->list[k++] = set->out[i];
	c->nlist = k;
	return store_search_sort_newest(c->st, c->list, k);
}

int
store_search_cursor_orgs(struct store_cursor *c, store_org_fn fn, void *arg)
{
	sqlite3_stmt *q;
	int rc;

	if (c->list != NULL)
		return store_orgs_of(c->st, c->list, c->nlist, fn, arg);
	rc = sqlite3_prepare_v2(c->st->db, ORG_HEAD " WHERE ombuds_in(?1, d.id)"
				ORG_TAIL, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(c->st, rc, "reading the store");
	sqlite3_bind_pointer(q, 1, c->set, IDSET_TYPE, NULL);
	return store_emit_orgs(c->st, q, fn, arg);
}

struct store_cursor *
store_search_open_counted(struct store *st, const char *match,
			  const struct store_filter *f,
			  const struct store_spans *spans, store_check_fn check,
			  void *arg, long *n)
{
	struct idset *set = store_idset_new(st);
	struct store_cursor *c;
	int stale = 0;

	*n = 0;
	if (set == NULL)
		return NULL;
	if (match_scan(st, match, f, spans, check, arg, set, n, &stale) < 0) {
		store_idset_free(set);
		return NULL;
	}
	/* An import committed while break_pair was asked: again, with the
	 * pairs read. */
	if (stale) {
		store_idset_free(set);
		*n = 0;
		if ((set = store_idset_new(st)) == NULL ||
		    match_scan(st, match, f, spans, check, arg, set, n, &stale) < 0) {
			store_idset_free(set);
			return NULL;
		}
	}
	if (*n > COUNTED_SORT_MAX)
		return store_cursor_open(st, match, f, STORE_ORDER_DATE, NULL,
					 set);
	if ((c = calloc(1, sizeof *c)) == NULL) {
		store_idset_free(set);
		store_fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	c->st = st;
	c->total = -1;
	if (counted_sort(c, set, (size_t)*n) < 0) {
		store_search_close(c);
		c = NULL;
	}
	store_idset_free(set);
	return c;
}
