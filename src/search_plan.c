/* search_plan: which of the store's passes answers a search, and the
 * thresholds that choose it. */
#include "config.h"

#include "search_int.h"

/* ---- the thresholds -------------------------------------------------------
 *
 * Every number by which search picks a plan (the store's own, for its
 * passes, live in store.c):
 *
 *   FEW_MATCHES  newest first or filters alone: at most this many
 *                matches are read and sorted by date
 *                (STORE_ORDER_DATE_FEW); more are found by walking the
 *                date index.
 *   MANY_SHARE   matches in at least 1/MANY_SHARE of the decisions are
 *                found by asking FTS5 about each decision from the
 *                newest, about 50 x MANY_SHARE questions for a page
 *                (STORE_ORDER_DATE_MANY); fewer, by a set of the
 *                matches read once.  Fewer matches than that share are
 *                also looked up one by one for their organisations
 *                rather than by walking the whole index (orgs_few).
 */
#define FEW_MATCHES 2000
#define MANY_SHARE 4

/* Nonzero when s, newest first, finds its results before handing any
 * out, in one pass over FTS5's matches that also counts them
 * (store_search_open_counted): a phrase, whose matches need the check
 * of paragraph breaks and whose count costs as much as the matches; a
 * prefix, which FTS5 answers by merging all of its words or, asked as
 * those words, by reading them all side by side; and any query with
 * filters, whose count tests every match against the filters' set (or,
 * when they pass few decisions, asks FTS5 about each of those).
 * Counting first and then reading the matches again would cost those
 * queries two passes (docs/PERFORMANCE.md, "Search: newest first"). */
int
search_counted_plan(const struct search *s)
{
	const struct search_query *q = s->q;

	if (s->order == SEARCH_ORDER_RANK || q->match == NULL)
		return 0;
	return q->pairable ||
	       (!q->needs_check && (s->prefix != STORE_PREFIX_NONE ||
				    store_filter_any(&s->filter)));
}

/* The store's plan for the results of s (see enum store_order).  Newest
 * first, and for filters alone in either order, the number of results
 * picks it, so the count is taken first (it is wanted anyway, and FTS5
 * counts from the index alone, the filters from theirs): a few results
 * are sorted, matches in a share of the decisions or more are found by
 * asking FTS5 about each decision from the newest, others by a set of
 * matches read once (the thresholds above).  A
 * checked query keeps the set (its count needs the check), and
 * search_counted_plan's queries find that set and the count together. */
int
search_plan(struct search *s, enum store_order *order)
{
	const struct search_query *q = s->q;
	long long span;

	*order = STORE_ORDER_RANK;
	if (s->order == SEARCH_ORDER_RANK && q->match != NULL)
		return 0;
	*order = STORE_ORDER_DATE;
	if (q->needs_check || search_counted_plan(s))
		return 0;
	if (!s->have_total) {
		if (store_search_count(s->st, q->match, &s->filter, &s->total) < 0)
			return -1;
		s->have_total = 1;
	}
	if (s->total <= FEW_MATCHES) {
		*order = STORE_ORDER_DATE_FEW;
		return 0;
	}
	if (q->match == NULL || store_filter_any(&s->filter) ||
	    s->prefix == STORE_PREFIX_MERGED)
		return 0;
	if (store_search_span(s->st, &span) < 0)
		return -1;
	if ((long long)s->total * MANY_SHARE >= span)
		*order = STORE_ORDER_DATE_MANY;
	return 0;
}

/* Sets *few when s, with no filters, has its n matches in less than
 * 1/MANY_SHARE of the store (as search_plan counts them):
 * store_search_orgs then looks them up one by one rather than walking
 * the whole index.  Returns 0 or -1. */
int
search_orgs_few(struct search *s, long n, int *few)
{
	long long span;

	*few = 0;
	if (s->q->match == NULL || store_filter_any(&s->filter))
		return 0;
	if (store_search_span(s->st, &span) < 0)
		return -1;
	*few = (long long)n * MANY_SHARE < span;
	return 0;
}

