/* search: the user's query language → an FTS5 MATCH expression and the
 * store's filters; results by page with the best paragraph, a snippet and
 * the byte ranges of every hit in the stored text.  Used by the command
 * line and the browser alike.  No SQL, no curses. */
#ifndef OMBUDS_SEARCH_H
#define OMBUDS_SEARCH_H

#include <stddef.h>

#include "decision.h"
#include "store.h"

/* Why a query could not be read: a sentence and where (1-based column, in
 * characters; 0 when it is not about one place). */
struct search_error {
	char msg[200];
	int column;
};

struct search_query;

/* Parses the user's query.  Returns it, or NULL with err filled. */
struct search_query *search_parse(const char *query, struct search_error *err);
void search_query_free(struct search_query *q);

/* The FTS5 MATCH expression built from the query (every word of the user
 * quoted as an FTS5 string), or NULL when the query is filters alone. */
const char *search_query_match(const struct search_query *q);
/* The filters of the query (org:, category:, outcome:, ref:, dates). */
const struct store_filter *search_query_filter(const struct search_query *q);
/* Replaces the query's outcome: filter (as the command line resolves a
 * prefix to the outcome it begins); returns 0, or -1 out of memory. */
int search_query_set_outcome(struct search_query *q, const char *outcome);
/* Nonzero when FTS5's answer must be checked paragraph by paragraph (the
 * query has a phrase, a word of several tokens, or NEAR). */
int search_query_needs_check(const struct search_query *q);

/* One hit: bytes [start, end) of a paragraph's stored text. */
struct search_hit {
	size_t start;
	size_t end;
};

/* Finds every hit of q's words in text, a paragraph of section kind kind
 * (DECISION_KIND_SUMMARY for the summary), in order, never overlapping.
 * Stores a malloc'd array in *hits (NULL when none) and returns its
 * length, or -1 when out of memory. */
long search_hits(const struct search_query *q, enum decision_kind kind,
		 const char *text, size_t len, struct search_hit **hits);

/* Returns a malloc'd one-line snippet of text (at most about width bytes
 * of it, cut at spaces, "…" where cut) with each hit between open and
 * close; line breaks become spaces.  NULL when out of memory. */
char *search_snippet(const char *text, size_t len,
		     const struct search_hit *hits, long nhits,
		     const char *open, const char *close, size_t width);

enum search_order {
	SEARCH_ORDER_RANK,  /* bm25, summary and headings weighted up; ties newest first */
	SEARCH_ORDER_DATE,  /* newest first, then reference */
};

/* One result. */
struct search_result {
	char ref[DECISION_REF_MAX];
	char *organisation;      /* NULL when missing */
	char *date;              /* ISO, NULL when missing */
	char *outcome;           /* NULL when missing */
	int cut_off;             /* the importer judged the text cut off */
	int paragraph;           /* best paragraph's ordinal; 0: the summary */
	enum decision_kind kind; /* its section kind */
	char *text;              /* its stored text */
	struct search_hit *hits; /* q's hits in text */
	long nhits;
	char *snippet;           /* text around the first hits, marked [ ] */
	/* A result of search_open_like: the words it shares with the
	 * decision, most distinctive first, NULL-terminated (the snippet
	 * lists them); else NULL. */
	char **shared;
};

struct search;

/* Starts a search of st for q in the given order; nothing runs until a
 * page or the count is asked for.  q is readied for st first: each word
 * stands for the words of its stem that st holds (delayed: delay,
 * delays, delayed, delaying), a hyphenated word for its run-together
 * form too.  Returns NULL when out of memory. */
struct search *search_open(struct store *st, struct search_query *q,
			   enum search_order order);
void search_close(struct search *s);

/* ANDs f with the query's filters (the browser's filter, the chosen
 * organisation): results, count and search_orgs all honour it.  Call
 * before the first page or count; f must outlive the search.  Returns 0,
 * or -1 when the search has already run. */
int search_filter(struct search *s, const struct store_filter *f);

/* Fills *res with the results offset .. offset+limit-1 (fewer at the end)
 * and returns how many, or -1 (store_error says why).  The search keeps
 * its cursor and the results it has read: later pages continue it,
 * earlier pages are not recomputed.  Free with search_results_free. */
long search_page(struct search *s, long offset, long limit,
		 struct search_result **res);
void search_results_free(struct search_result *res, long n);

/* How many decisions s has checked on their stored text so far: FTS5's
 * matches that what the store keeps did not settle (for tests and
 * measurements). */
long search_checked(const struct search *s);

/* Sets *n to the number of results; returns 0 or -1. */
int search_count(struct search *s, long *n);

/* Calls fn for each organisation with results, by name (nameless last),
 * with its counts by outcome among the results only.  Exact for queries
 * checked paragraph by paragraph too (it reads them all, as search_count
 * does).  Returns 0, or -1 (store_error says why). */
int search_orgs(struct search *s, store_org_fn fn, void *arg);

/* More like this: opens a search for the decisions most like decision
 * ref (a canonical reference), best first: those holding its most
 * distinctive words (frequent in it, rare in the store), weighted by
 * rarity, the same category ranked up; ref itself left out.  q's filters
 * (and words, ANDed) and search_filter's apply; each result's shared and
 * snippet name the words it shares.  Sets *s; returns 1, 0 when the store
 * has no decision ref (nothing opened), -1 on error (store_error says
 * why, or out of memory). */
int search_open_like(struct store *st, struct search_query *q,
		     const char *ref, struct search **s);
/* A query of no words and no filters, for search_open_like when only a
 * decision is given; NULL when out of memory. */
struct search_query *search_query_empty(void);
/* Lets s answer with the decisions holding most of its words when every
 * word must appear and no decision has them all (k of the n words, the
 * largest k that finds any; filters stay strict; any query but words
 * ANDed stays as asked); search_notes says so.  Call before the first
 * page or count.  Returns 0, or -1 out of memory or too late. */
int search_relax(struct search *s);

/* What the results of s are, besides the results (search_relax.c), each
 * a sentence or NULL, valid until search_close: *relaxed when
 * search_relax let most of the words stand in ("no decision has all
 * of: council tax arrears — showing decisions with 2 of the 3 words");
 * *suggest for words that match nothing and have a word of the
 * store near them ("did you mean assessment?"), and for a word in quotes
 * that the store holds far less often as written than stemmed
 * ("\"delays\" is matched as written: 1 decision; without quotes,
 * delays finds 5").  Returns 0, or -1 (store_error says why). */
int search_notes(struct search *s, const char **relaxed,
		 const char **suggest);

#endif
