/* store_near: the FTS5 auxiliary functions ombuds_near and ombuds_adj:
 * whether a match's NEAR groups and loose phrases hold inside one
 * paragraph, read from FTS5's positions and the paragraph starts. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "store.h"
#include "store_int.h"

/* The position where the paragraph of position off in column col ends
 * (the next break after off; LONG_MAX for the last one).  *at is where
 * the last such call for col left off: off only rises. */
static long
para_end(const struct store *st, const size_t lo[RANK_COLUMNS + 1], int col,
	 int off, size_t *at)
{
	while (*at < lo[col + 1] && st->nbrkv[*at] <= (uint32_t)off)
		(*at)++;
	return *at < lo[col + 1] ? (long)st->nbrkv[*at] : LONG_MAX;
}

/* Nonzero when NEAR group g, whose phrases are FTS5's from number
 * first, holds within one paragraph on the instances of its phrases
 * that FTS5 gives for the row: some instance of one of them, in a
 * paragraph that holds it whole, with each other phrase's first
 * instance after it in the same paragraph, at most g->dist words apart.
 * It is the paragraph check's test (search.c, near_in) on FTS5's
 * positions: when it holds, the check holds.  FTS5 gives a NEAR group's
 * phrases only where they make its own column-wide match, so 0 proves
 * nothing; asked as phrases ANDed (the loose MATCH), FTS5 gives every
 * place, and 0 is the check's 0 too.  Sets *rc. */
static int
near_holds(struct store *st, const Fts5ExtensionApi *api, Fts5Context *fts,
	   const struct store_near *g, int first,
	   const size_t lo[RANK_COLUMNS + 1], int *rc)
{
	long sumlen = 0;
	int ccol = -1;
	size_t at = 0;

	if ((size_t)g->nphrase > st->pcap) {
		size_t nc = (size_t)g->nphrase;
		Fts5PhraseIter *it = realloc(st->pit, nc * sizeof *it);
		int *v;

		if (it == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->pit = it;
		if ((v = realloc(st->pcol, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->pcol = v;
		if ((v = realloc(st->poff, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->poff = v;
		if ((v = realloc(st->plen, nc * sizeof *v)) == NULL) {
			*rc = SQLITE_NOMEM;
			return 0;
		}
		st->plen = v;
		st->pcap = nc;
	}
	for (int p = 0; p < g->nphrase; p++) {
		sumlen += st->plen[p] = api->xPhraseSize(fts, first + p);
		if ((*rc = api->xPhraseFirst(fts, first + p, &st->pit[p],
					     &st->pcol[p], &st->poff[p])) != SQLITE_OK)
			return 0;
	}
	/* The instances of all the phrases in one walk, in rising order
	 * (column, then position), each in turn the leftmost: every other
	 * phrase's iterator then stands on its first instance at or after
	 * it.  Where instances tie, the first one taken sees the others.
	 * Most rows hold at an early instance, where the walk stops. */
	for (;;) {
		int a = -1, col, ccol_ok;
		long i, e, maxend;
		int all = 1;

		for (int p = 0; p < g->nphrase; p++)
			if (st->pcol[p] >= 0 &&
			    (a < 0 || st->pcol[p] < st->pcol[a] ||
			     (st->pcol[p] == st->pcol[a] && st->poff[p] < st->poff[a])))
				a = p;
		if (a < 0)
			return 0;
		col = st->pcol[a];
		i = st->poff[a];
		ccol_ok = col < RANK_COLUMNS && i >= 0 &&
			  !(g->mask && (col == 1 || !(g->mask & 1u << fts_kind(col))));
		if (ccol_ok) {
			if (col != ccol) {
				ccol = col;
				at = lo[col];
			}
			e = para_end(st, lo, col, (int)i, &at);
			maxend = i + st->plen[a];
			if (maxend > e)
				all = 0;
			for (int b = 0; b < g->nphrase && all; b++) {
				long j;

				if (b == a)
					continue;
				j = st->pcol[b] == col ? st->poff[b] : -1;
				if (j < 0 || j + st->plen[b] > e)
					all = 0;
				else if (j + st->plen[b] > maxend)
					maxend = j + st->plen[b];
			}
			if (all && maxend - i <= sumlen + g->dist)
				return 1;
		}
		api->xPhraseNext(fts, &st->pit[a], &st->pcol[a], &st->poff[a]);
	}
}

/* SQL: ombuds_near(decision_fts, starts), 1 when every NEAR group of
 * the running pass (st->spans) holds within one paragraph of the row on
 * FTS5's positions and starts (decision_starts), 0 when one may not: that
 * row is checked on its text.  0 too when starts is NULL, when there are
 * no groups, and when FTS5 did not read the query's phrases as search.c
 * wrote them (a word it reads as none is dropped, and the phrases after
 * it renumbered; a phrase of another length).  ombuds_near(decision_fts,
 * starts, 1), over the loose MATCH: 1 when every group holds, 0 when
 * one does not, 2 when it cannot tell (checked). */
void
store_near_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
	      sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct store *st = api->xUserData(fts);
	const struct store_spans *sp = st->spans;
	int loose = nval > 1 && sqlite3_value_int(val[1]) == 1;
	int unsure = loose ? 2 : 0;
	const int *psize = sp == NULL ? NULL : loose ? sp->lpsize : sp->psize;
	int nphrase = sp == NULL ? 0 : loose ? sp->nloose : sp->nphrase;
	size_t lo[RANK_COLUMNS + 1];
	int rc = SQLITE_OK, r;

	if (nval < 1 || sqlite3_value_type(val[0]) == SQLITE_NULL ||
	    sp == NULL || sp->nnear == 0 || psize == NULL ||
	    api->xPhraseCount(fts) != nphrase) {
		sqlite3_result_int(ctx, unsure);
		return;
	}
	for (int p = 0; p < nphrase; p++)
		if (api->xPhraseSize(fts, p) != psize[p]) {
			sqlite3_result_int(ctx, unsure);
			return;
		}
	r = store_starts_decode(sqlite3_value_blob(val[0]),
				sqlite3_value_bytes(val[0]), &st->nbrkv,
				&st->nbrkcap, lo);
	if (r < 0) {
		sqlite3_result_error_code(ctx, SQLITE_NOMEM);
		return;
	}
	if (r > 0) {
		sqlite3_result_int(ctx, unsure);
		return;
	}
	for (size_t i = 0; i < sp->nnear; i++) {
		const struct store_near *g = &sp->near[i];
		int first = loose ? g->lphrase : g->phrase, holds;

		if (first < 0 || g->nphrase < 2 || first + g->nphrase > nphrase) {
			sqlite3_result_int(ctx, unsure);
			return;
		}
		holds = near_holds(st, api, fts, g, first, lo, &rc);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		if (!holds) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	}
	sqlite3_result_int(ctx, 1);
}

/* Nonzero when the n phrases of the row from p, one word each, stand
 * at n positions in a row of one column: each place of the first word
 * in turn, the others' iterators moved up to it, never back. */
static int
adj_holds(const Fts5ExtensionApi *api, Fts5Context *fts, int p, int n)
{
	Fts5PhraseIter it[STORE_ADJ_MAX];
	int col[STORE_ADJ_MAX], off[STORE_ADJ_MAX];

	for (int i = 0; i < n; i++) {
		if (api->xPhraseFirst(fts, p + i, &it[i], &col[i], &off[i]) !=
		    SQLITE_OK || off[i] < 0)
			return 0;
	}
	for (;;) {
		int all = 1;

		for (int i = 1; i < n; i++) {
			while (off[i] >= 0 &&
			       (col[i] < col[0] ||
				(col[i] == col[0] && off[i] < off[0] + i)))
				api->xPhraseNext(fts, &it[i], &col[i], &off[i]);
			if (off[i] < 0)
				return 0;
			if (col[i] != col[0] || off[i] != off[0] + i)
				all = 0;
		}
		if (all)
			return 1;
		api->xPhraseNext(fts, &it[0], &col[0], &off[0]);
		if (off[0] < 0)
			return 0;
	}
}

/* How many places of the row the words of sp's loose phrases have in
 * all, -1 when it cannot tell. */
static int
adj_places(const Fts5ExtensionApi *api, Fts5Context *fts,
	   const struct store_spans *sp)
{
	int n = 0;

	for (size_t g = 0; sp != NULL && g < sp->nadj; g++)
		for (int i = 0; i < sp->adj[g].n; i++) {
			int p = sp->adj[g].phrase + i, col, off;
			Fts5PhraseIter it;

			if (p < 0 || p >= api->xPhraseCount(fts) ||
			    api->xPhraseFirst(fts, p, &it, &col, &off) != SQLITE_OK)
				return -1;
			for (; off >= 0; n++)
				api->xPhraseNext(fts, &it, &col, &off);
		}
	return n;
}

/* SQL: ombuds_adj(decision_fts), for a pass over the loose MATCH of the
 * running pass (st->spans): 1 when the words of each of its phrases
 * (store_adj) stand together in one column of the row, 0 when one's do
 * not (FTS5 would not have matched the phrase), 2 when it cannot tell:
 * FTS5 read the loose MATCH otherwise than search wrote it (then the
 * row is checked on its text).  ombuds_adj(decision_fts, 1): how many
 * places of the row those words have in all (loose_pays), -1 when it
 * cannot tell. */
void
store_adj_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
	     sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct store *st = api->xUserData(fts);
	const struct store_spans *sp = st->spans;

	if (nval > 0 && sqlite3_value_int(val[0]) == 1) {
		sqlite3_result_int(ctx, adj_places(api, fts, sp));
		return;
	}
	if (sp == NULL || sp->adj == NULL ||
	    api->xPhraseCount(fts) != sp->nloose) {
		sqlite3_result_int(ctx, 2);
		return;
	}
	for (size_t g = 0; g < sp->nadj; g++) {
		const struct store_adj *a = &sp->adj[g];

		if (a->phrase < 0 || a->n < 2 || a->n > STORE_ADJ_MAX ||
		    a->phrase + a->n > sp->nloose) {
			sqlite3_result_int(ctx, 2);
			return;
		}
		for (int i = 0; i < a->n; i++)
			if (api->xPhraseSize(fts, a->phrase + i) != 1) {
				sqlite3_result_int(ctx, 2);
				return;
			}
	}
	for (size_t g = 0; g < sp->nadj; g++)
		if (!adj_holds(api, fts, sp->adj[g].phrase, sp->adj[g].n)) {
			sqlite3_result_int(ctx, 0);
			return;
		}
	sqlite3_result_int(ctx, 1);
}
