/* store_like: the SQL of "more like this" — a decision's id and category
 * by reference, how many decisions hold each of its words (counted in a
 * window of ids, exactly for the rare ones), and every decision scored by
 * FTS5's bm25 over the chosen words, with a bonus for the same category. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* The ids in which a word's decisions are counted when the store holds
 * more (a seek and at most this many rows a word, whatever its list's
 * length), and the count in them below which a word is counted over the
 * whole store instead (a rare word's list is short). */
#define LIKE_WINDOW 256
#define LIKE_RARE 4

/* The score's factor for a decision of the same area and subarea as
 * the source, and of the same area only. */
#define LIKE_SAME_CATEGORY 1.5
#define LIKE_SAME_AREA 1.2
/* The results: the decisions scoring more than this share of the best. */
#define LIKE_TAIL 0.2

int
store_like_source(struct store *st, const char *ref, long long *id,
		  char **area, char **subarea)
{
	sqlite3_stmt *q;
	int rc;

	*area = *subarea = NULL;
	rc = sqlite3_prepare_v2(st->db, "SELECT id, area, subarea FROM decision"
				" WHERE ref = ?1", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the store");
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(q, 1);
		const char *s = (const char *)sqlite3_column_text(q, 2);

		*id = sqlite3_column_int64(q, 0);
		*area = a ? strdup(a) : NULL;
		*subarea = s ? strdup(s) : NULL;
		sqlite3_finalize(q);
		if ((a && !*area) || (s && !*subarea)) {
			free(*area);
			free(*subarea);
			*area = *subarea = NULL;
			return store_fail(st, SQLITE_NOMEM, "reading the store");
		}
		return 1;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "reading the store");
}

/* Writes word as an FTS5 string ("word", quotes doubled) into a
 * malloc'd MATCH expression; NULL when out of memory. */
static char *
like_phrase(const char *word)
{
	size_t n = strlen(word), k = 0;
	char *m = malloc(2 * n + 3);

	if (m == NULL)
		return NULL;
	m[k++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (word[i] == '"')
			m[k++] = '"';
		m[k++] = word[i];
	}
	m[k++] = '"';
	m[k] = '\0';
	return m;
}

/* Steps q, a count of one row, bound to word's phrase as ?1; returns the
 * count, or -1 with store_error set. */
static long
like_count(struct store *st, sqlite3_stmt *q, const char *word)
{
	char *m = like_phrase(word);
	long n = -1;
	int rc;

	if (m == NULL) {
		store_fail(st, SQLITE_NOMEM, "searching the store");
		return -1;
	}
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, m, -1, SQLITE_TRANSIENT);
	free(m);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	else
		store_fail(st, rc, "searching the store");
	sqlite3_reset(q);
	return n;
}

int
store_like_df(struct store *st, const char *const *words, size_t n,
	      double *df, long long *ndocs)
{
	sqlite3_stmt *win = NULL, *all = NULL;
	long long span = 0, lo;
	int rc = -1;

	if (store_search_span(st, &span) < 0)
		return -1;
	*ndocs = span;
	lo = span > LIKE_WINDOW ? (span - LIKE_WINDOW) / 2 + 1 : 1;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM decision_fts"
			       " WHERE decision_fts MATCH ?1 AND rowid BETWEEN ?2"
			       " AND ?3", -1, &win, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT count(*) FROM decision_fts"
			       " WHERE decision_fts MATCH ?1", -1, &all,
			       NULL) != SQLITE_OK) {
		store_fail(st, sqlite3_errcode(st->db), "searching the store");
		goto out;
	}
	sqlite3_bind_int64(win, 2, lo);
	sqlite3_bind_int64(win, 3, lo + LIKE_WINDOW - 1);
	for (size_t i = 0; i < n; i++) {
		long c = span > LIKE_WINDOW ? like_count(st, win, words[i]) : 0;

		if (c < 0)
			goto out;
		if (span > LIKE_WINDOW && c > LIKE_RARE) {
			df[i] = (double)c * (double)span / LIKE_WINDOW;
			continue;
		}
		if ((c = like_count(st, all, words[i])) < 0)
			goto out;
		df[i] = (double)c;
	}
	rc = 0;
out:
	sqlite3_finalize(win);
	sqlite3_finalize(all);
	return rc;
}

/* Multiplies the scores of the decisions whose category key
 * ("area > subarea", as decision_category indexes it) is at least lo and
 * below hi (hi NULL: equals lo) by factor; returns 0 or -1. */
static int
like_bonus(struct store *st, double *score, long long span, const char *lo,
	   const char *hi, double factor)
{
	static const char *const sql[2] = {
		"SELECT id FROM decision WHERE (coalesce(area, '') || ' > ' ||"
		" coalesce(subarea, '')) = ?1",
		"SELECT id FROM decision WHERE (coalesce(area, '') || ' > ' ||"
		" coalesce(subarea, '')) >= ?1 AND (coalesce(area, '') || ' > ' ||"
		" coalesce(subarea, '')) < ?2",
	};
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(st->db, sql[hi != NULL], -1, &q, NULL);

	if (rc != SQLITE_OK)
		return store_fail(st, rc, "searching the store");
	sqlite3_bind_text(q, 1, lo, -1, SQLITE_STATIC);
	if (hi != NULL)
		sqlite3_bind_text(q, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);

		if (id > 0 && id <= span)
			score[id] *= factor;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "searching the store");
}

/* The category bonus of like_score: the same area and subarea, else the
 * same area.  Returns 0 or -1. */
static int
like_category(struct store *st, double *score, long long span,
	      const char *area, const char *subarea)
{
	char *key, *lo, *hi;
	int rc;

	if (area == NULL || area[0] == '\0')
		return 0;
	key = store_concat(area, " > ", subarea ? subarea : "", (char *)NULL);
	lo = store_concat(area, " > ", (char *)NULL);
	hi = store_concat(area, " >!", (char *)NULL);
	if (key == NULL || lo == NULL || hi == NULL)
		rc = store_fail(st, SQLITE_NOMEM, "searching the store");
	else if ((rc = like_bonus(st, score, span, lo, hi, LIKE_SAME_AREA)) == 0)
		rc = like_bonus(st, score, span, key, NULL,
				LIKE_SAME_CATEGORY / LIKE_SAME_AREA);
	free(key);
	free(lo);
	free(hi);
	return rc;
}

/* Adds weight to the score of every decision holding word, times (tf
 * set) bm25's term without IDF, which weight carries: its frequency in
 * the decision against the decision's length, about 1 for a word standing
 * once in a decision of average length; and bit to its mask.  Returns 0
 * or -1. */
static int
like_word(struct store *st, const char *word, double weight, int tf,
	  uint32_t bit, double *score, uint32_t *mask, long long span)
{
	sqlite3_stmt *q;
	char *m = like_phrase(word);
	int rc;

	if (m == NULL)
		return store_fail(st, SQLITE_NOMEM, "searching the store");
	rc = sqlite3_prepare_v2(st->db, tf ? "SELECT f.rowid, " STORE_BM25_NOIDF
				" FROM decision_fts f WHERE decision_fts MATCH ?1"
				: "SELECT rowid, 1.0 FROM decision_fts"
				" WHERE decision_fts MATCH ?1", -1, &q, NULL);
	if (rc != SQLITE_OK) {
		free(m);
		return store_fail(st, rc, "searching the store");
	}
	sqlite3_bind_text(q, 1, m, -1, SQLITE_TRANSIENT);
	free(m);
	st->rank_noidf = 0;
	st->rank_nrow = 0;
	store_rank_keep_end(st);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);

		if (id > 0 && id <= span) {
			score[id] += weight * sqlite3_column_double(q, 1);
			mask[id] |= bit;
		}
	}
	sqlite3_finalize(q);
	store_rank_keep_end(st);
	store_rank_docsize_end(st);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "searching the store");
}

/* Clears the score of every decision that fails f (or, with match, does
 * not match it).  Returns 0 or -1. */
static int
like_filter(struct store *st, const struct store_filter *f, const char *match,
	    double *score, long long span)
{
	unsigned char *pass;
	sqlite3_stmt *q;
	int narg, rc;

	if (match != NULL) {
		struct idset *set = store_idset_match(st, match);

		if (set == NULL)
			return -1;
		for (long long id = 1; id <= span; id++)
			if (score[id] > 0.0 && !idset_has(set, id))
				score[id] = 0.0;
		store_idset_free(set);
	}
	if (!store_filter_any(f))
		return 0;
	if ((pass = calloc((size_t)span + 1, 1)) == NULL)
		return store_fail(st, SQLITE_NOMEM, "searching the store");
	q = store_prepare_filtered(st, f, WHERE_SET, "SELECT d.id FROM decision d",
				   "", &narg);
	if (q == NULL) {
		free(pass);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(q, 0);

		if (id > 0 && id <= span)
			pass[id] = 1;
	}
	sqlite3_finalize(q);
	for (long long id = 1; id <= span; id++)
		if (!pass[id])
			score[id] = 0.0;
	free(pass);
	return rc == SQLITE_DONE ? 0 : store_fail(st, rc, "searching the store");
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct store_like_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id < y->id) - (x->id > y->id);
}

int
store_like_rank(struct store *st, const struct store_like_words *w,
		const struct store_filter *f, const char *match,
		struct store_like_hit **hits, size_t *nhits)
{
	long long span = 0;
	double *score = NULL, best = 0.0;
	uint32_t *mask = NULL;
	struct store_like_hit *h = NULL;
	size_t n = 0;
	int rc = -1;

	*hits = NULL;
	*nhits = 0;
	if (store_search_span(st, &span) < 0)
		return -1;
	score = calloc((size_t)span + 1, sizeof *score);
	mask = calloc((size_t)span + 1, sizeof *mask);
	if (score == NULL || mask == NULL) {
		store_fail(st, SQLITE_NOMEM, "searching the store");
		goto out;
	}
	for (size_t i = 0; i < w->n && i < 32; i++)
		if (like_word(st, w->word[i], w->weight[i], w->tf >> i & 1,
			      1u << i, score, mask, span) < 0)
			goto out;
	if (w->self > 0 && w->self <= span)
		score[w->self] = 0.0;
	if (like_filter(st, f, match, score, span) < 0 ||
	    like_category(st, score, span, w->area, w->subarea) < 0)
		goto out;
	for (long long id = 1; id <= span; id++)
		if (score[id] > best)
			best = score[id];
	/* The tail that shares only a word or two with it is no likeness. */
	best *= LIKE_TAIL;
	for (long long id = 1; id <= span; id++)
		n += score[id] > best;
	if ((h = malloc((n ? n : 1) * sizeof *h)) == NULL) {
		store_fail(st, SQLITE_NOMEM, "searching the store");
		goto out;
	}
	n = 0;
	for (long long id = 1; id <= span; id++)
		if (score[id] > best)
			h[n++] = (struct store_like_hit){ id, score[id], mask[id] };
	qsort(h, n, sizeof *h, hit_cmp);
	*hits = h;
	*nhits = n;
	h = NULL;
	rc = 0;
out:
	free(h);
	free(score);
	free(mask);
	return rc;
}
