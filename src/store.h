/* store: the only SQL in ombuds — the SQLite file, its schema and
 * migrations, writing decisions and reading lists, counts and whole
 * decisions back.  No curses. */
#ifndef OMBUDS_STORE_H
#define OMBUDS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "decision.h"

struct store;

enum {
	STORE_CREATE = 1 << 0,   /* create the file and schema if missing */
	STORE_READONLY = 1 << 1, /* open for reading only */
};

/* Opens the store at path (":memory:" for tests).  Returns the store,
 * or NULL with a sentence for the user in err. */
struct store *store_open(const char *path, unsigned flags, char *err,
			 size_t errlen);
void store_close(struct store *st);

/* A sentence for the user about the last failure: never SQLite's text. */
const char *store_error(const struct store *st);

/* The schema version this program writes. */
int store_schema_version(void);

/* Transactions: every write happens inside one.  Each returns 0, or -1
 * with store_error set.  (No savepoints: FTS5 flushes its pending terms at
 * every savepoint, so an import undoes a failed batch whole instead.) */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/* An import of many decisions: with bulk set, FTS5 merges none of the
 * index's segments as the import goes (automerge 0: each merge rewrites
 * what earlier ones wrote) and holds a batch's terms before writing a
 * segment, decision's secondary indexes are dropped (all but the one a
 * replace needs), and store_optimize merges the segments into one and
 * makes the indexes again at its end.  Without, FTS5 merges as usual
 * (automerge 4) and missing indexes are made.  The setting is kept in
 * the store, so every import sets it.  Returns 0, or -1 with store_error
 * set. */
int store_index_bulk(struct store *st, int bulk);

/* Merges the search index into one segment (FTS5's 'optimize'), makes
 * decision's secondary indexes again and sets bulk off, in a transaction
 * of its own: every search reads each segment
 * (a question about one decision costs more than twice as much in the
 * segments a bulk import leaves; docs/PERFORMANCE.md).  Returns 0, or -1
 * with store_error set (the index is then as it was). */
int store_optimize(struct store *st);

enum store_put {
	STORE_PUT_NEW,
	STORE_PUT_REPLACED,
	STORE_PUT_UNCHANGED,  /* same reference, same content: nothing written */
};

/* Inserts d, or replaces the decision with the same reference (its
 * paragraphs and index rows with it).  source names the file it came
 * from.  Sets *how; returns 0, or -1 with store_error set. */
int store_put(struct store *st, const struct decision *d, const char *source,
	      enum store_put *how);

/* Decisions made ready for store_put on another thread (import's
 * reader): their fingerprint, their texts laid out, and FTS5's words of
 * them, so that the writer has only to write.  A preparer serves one
 * thread; its decisions must reach store_put_prepped in the order made,
 * each of them (skipping one costs only speed: the writer then
 * tokenizes).  store_prep_new is called on st's thread; NULL when
 * memory is missing or st does not write. */
struct store_prep;
struct store_prepped;

/* With prints set, the preparer first reads the fingerprint of every
 * decision stored (a walk of the whole table: worth it when the import
 * is a large share of the store), and leaves a decision whose
 * fingerprint is among them to the writer, most likely unchanged. */
struct store_prep *store_prep_new(struct store *st, int prints);
void store_prep_free(struct store_prep *pp);
/* Makes d ready in *p (made on first use, reused after); returns 0, or
 * -1 when memory ran out (store_put_prepped then does the work). */
int store_prep_decision(struct store_prep *pp, const struct decision *d,
			struct store_prepped **p);
void store_prepped_free(struct store_prepped *p);
/* store_put of d, which p holds made ready (NULL: none). */
int store_put_prepped(struct store *st, const struct decision *d,
		      const struct store_prepped *p, const char *source,
		      enum store_put *how);

/* Sets check(arg) to be called every few thousand steps of SQLite while
 * st reads (on its twin connection too, from the twin's thread): when it
 * returns nonzero, the statement running stops and its call fails (the
 * browser stops a search that a key typed since has superseded).  NULL:
 * none. */
void store_set_check(struct store *st, int (*check)(void *), void *arg);

/* The factor on the ranking weight of section kind k that the store's
 * corpus gives it (column_weight: 0 for a section of stock paragraphs,
 * 1 for one of a decision's own words). */
double store_kind_weight(const struct store *st, enum decision_kind k);

/* Sets the function told how far a long step of opening a store is (an
 * upgrade that reads every decision): what it does, done of total; what
 * NULL when the upgrade ended (done < 0: it failed and changed nothing).
 * One for the process; NULL: none. */
void store_set_progress(void (*fn)(const char *what, long done,
				   long total));

/* Reads the decision with canonical reference ref into d (initialised
 * here).  Returns 1 when found, 0 when not, -1 on error. */
int store_get(struct store *st, const char *ref, struct decision *d);

/* Sets *url to the source URL of the decision ref (malloc'd), or NULL
 * when it has none or is not stored.  Returns 0 or -1. */
int store_url(struct store *st, const char *ref, char **url);

/* What a list shows of one decision.  Strings are valid until the
 * callback returns; NULL when missing. */
struct store_row {
	const char *ref;
	const char *date;
	const char *organisation;
	const char *area;
	const char *subarea;
	const char *outcome;
	const char *summary;
	int cut_off;            /* the importer judged the text cut off */
};

/* Orders of a list.  Undated decisions come last in both date orders;
 * decisions with no organisation or no outcome last in theirs. */
enum store_sort {
	STORE_SORT_DATE,    /* newest first, then reference */
	STORE_SORT_REF,
	STORE_SORT_ORG,     /* organisation, then newest first */
	STORE_SORT_OLDEST,  /* oldest first, then reference */
	STORE_SORT_OUTCOME, /* outcome, then newest first */
};

/* Filters of a list; NULL, "" or 0 for none.  org and category match a
 * substring ignoring case, accents and quote style; outcome matches the
 * whole published outcome ignoring case; since/until are ISO dates,
 * both inclusive.  Every value is bound, never read as SQL. */
struct store_filter {
	const char *org;
	const char *category;
	const char *outcome;
	const char *since;
	const char *until;
	const char *ref;        /* one canonical reference */
	const char *org_is;     /* exactly this organisation, by its name */
	int no_org;             /* only decisions with no organisation */
	/* Another filter that must hold too (its own also with it): the
	 * browser ANDs its filter with a query's and the chosen
	 * organisation.  At most STORE_FILTER_DEPTH filters in a chain. */
	const struct store_filter *also;
};
#define STORE_FILTER_DEPTH 16

/* Nonzero when f, or a filter in its also chain, filters anything. */
int store_filter_any(const struct store_filter *f);

typedef int (*store_row_fn)(const struct store_row *row, void *arg);

/* Calls fn for each decision passing f, in the given order, from offset
 * for at most limit rows (limit < 0: all), one row in memory at a time;
 * stops early when fn returns nonzero.  Returns 0, or -1 on error. */
int store_list(struct store *st, const struct store_filter *f,
	       enum store_sort sort, long offset, long limit, store_row_fn fn,
	       void *arg);

/* Sets *n to the number of decisions passing f; returns 0 or -1. */
int store_count(struct store *st, const struct store_filter *f, long *n);

/* One organisation with its decision counts by outcome. */
struct store_org {
	const char *name;       /* NULL: statements with no organisation */
	long decisions;
	long upheld;
	long not_upheld;
	long closed;            /* "Closed after initial enquiries" */
	long other;             /* any other outcome, or none */
};

typedef int (*store_org_fn)(const struct store_org *org, void *arg);

/* Calls fn for each organisation with decisions passing f, by name
 * (nameless last); stops early when fn returns nonzero.  Returns 0, or -1
 * on error. */
int store_orgs(struct store *st, const struct store_filter *f,
	       store_org_fn fn, void *arg);

/* The upheld rate of o as a percentage, "upheld over all decided":
 * 100 × upheld / (upheld + not upheld); closed and other outcomes are not
 * decided.  -1 when none was decided (shown as "-" or null). */
double store_upheld_rate(const struct store_org *o);

enum store_org_sort {
	STORE_ORGS_BY_NAME,   /* by name, nameless last */
	STORE_ORGS_BY_COUNT,  /* most decisions first, ties by name */
	STORE_ORGS_BY_RATE,   /* highest upheld rate first, none last, ties by name */
};

/* Compares two organisations in the order by (for qsort over copies of
 * store_org): < 0 when a comes first, > 0 when b does, 0 when equal. */
int store_org_cmp(const struct store_org *a, const struct store_org *b,
		  enum store_org_sort by);

/* The fields store_values lists. */
enum store_field {
	STORE_FIELD_CATEGORY, /* "Area > Subarea", and each bare "Area" */
	STORE_FIELD_OUTCOME,  /* as published */
};

typedef int (*store_value_fn)(const char *value, long count, void *arg);

/* Calls fn for each distinct value of field in the store with the number
 * of decisions that have it (a bare area counts all its decisions), most
 * first, ties by value; missing values are not listed.  Stops early when
 * fn returns nonzero.  Returns 0, or -1 on error. */
int store_values(struct store *st, enum store_field field, store_value_fn fn,
		 void *arg);

/* ---- search (the MATCH expression comes from search.c) ---------------- */

enum store_order {
	STORE_ORDER_RANK,  /* bm25(summary 4, headings 2, sections 1), best first */
	STORE_ORDER_DATE,  /* newest first, then reference */
	/* Newest first too, by another plan (the caller picks it from the
	 * number of matches; the results are the same):
	 * DATE      walks the date index, each decision looked up in the set
	 *           of matches built once (any number of matches);
	 * DATE_FEW  reads the matches (with no match, the decisions the
	 *           filters pass, through their indexes) and sorts them by
	 *           date (a few thousand at most);
	 * DATE_MANY walks the date index and asks FTS5 about each decision,
	 *           stopping at the page's end (words in a large share of
	 *           the decisions; never a prefix term, which FTS5 would
	 *           expand again for each decision). */
	STORE_ORDER_DATE_FEW,
	STORE_ORDER_DATE_MANY,
};

struct store_cursor;

/* Opens a cursor over the decisions passing f and, when match is not
 * NULL, matching the FTS5 expression match (bound as a value), in the
 * given order.  The cursor stays open between pages.  Returns NULL with
 * store_error set. */
struct store_cursor *store_search_open(struct store *st, const char *match,
				       const struct store_filter *f,
				       enum store_order order);
/* Steps the cursor: returns 1 with the decision's id and its rank (lower
 * is better; 0 when not ranked), 0 at the end, -1 on error. */
int store_search_next(struct store_cursor *c, long long *id, double *rank);
void store_search_close(struct store_cursor *c);
/* Whether the importer judged decision id cut off: 1, 0 (or not judged,
 * imported by an older ombuds), -1 on error. */
int store_cut_off(struct store *st, long long id);
/* The number of rows of c when it is known without stepping it (a ranked
 * cursor reads every match when opened), else -1. */
long store_search_total(const struct store_cursor *c);

/* As store_orgs, among the results of a cursor of
 * store_search_open_counted (its set, read once already).  Returns 0 or
 * -1. */
int store_search_cursor_orgs(struct store_cursor *c, store_org_fn fn,
			     void *arg);

/* How many ranked passes st has read in two halves, the upper one on a
 * second connection in a thread of its own (for tests and
 * measurements). */
long store_search_halves(const struct store *st);

/* How many passes of st have read the break pairs of their matches: a
 * phrase whose pairs some decision holds across a break, or while a
 * decision may lack its pairs (for tests and measurements). */
long store_search_paired(const struct store *st);

/* How many counted passes of st have asked their loose MATCH (for
 * tests and measurements). */
long store_search_loosened(const struct store *st);

/* How many decisions c has looked up in its set of results so far: the
 * length of its walk down the date index (0 for a cursor without such a
 * set; for tests and measurements). */
long long store_search_walked(const struct store_cursor *c);

/* How FTS5 answers the prefixes (`comp*`) of match. */
enum store_prefix {
	STORE_PREFIX_NONE,      /* match has none */
	/* A prefix alone, which the store asks as the words of the index
	 * that it stands for, joined by OR: read side by side, cheap to ask
	 * about one decision. */
	STORE_PREFIX_WORDS,
	/* FTS5 merges the lists of every word of a prefix, positions and
	 * all, and again for each decision it is asked about. */
	STORE_PREFIX_MERGED,
};
/* The store_prefix of match, or -1 with store_error set. */
int store_match_prefix(struct store *st, const char *match);

/* Calls fn(word, len, arg) for each word of the index whose stem
 * (text_stem) is stem [stem, stem+len), until it returns non-zero; a
 * word "a b" is two words a hyphen joined whose run-together form has
 * that stem.  Returns 0, or -1 with store_error set. */
int store_stem_words(struct store *st, const char *stem, size_t len,
		     int (*fn)(const char *, size_t, void *), void *arg);

/* Sets *n to the number of decisions passing f and matching match (NULL:
 * none); returns 0 or -1. */
int store_search_count(struct store *st, const char *match,
		       const struct store_filter *f, long *n);

/* As store_orgs, for the decisions passing f and matching match (NULL:
 * none), less the nexcept ids of except (the matches a check refused):
 * each organisation's counts among them.  few: the caller counted the
 * matches and they are a small share of the store (with no filter), so
 * each is looked up rather than the whole index walked.  Returns 0 or
 * -1. */
int store_search_orgs(struct store *st, const char *match,
		      const struct store_filter *f, int few,
		      const long long *except, size_t nexcept,
		      store_org_fn fn, void *arg);

/* As store_orgs, for the n decisions with the given ids (a search's
 * results, when FTS5's matches were checked again).  Returns 0 or -1. */
int store_orgs_of(struct store *st, const long long *ids, size_t n,
		  store_org_fn fn, void *arg);

/* Sets *n to the largest decision id (0 when none): the size of the
 * store, for choosing a plan.  Returns 0 or -1. */
int store_search_span(struct store *st, long long *n);

/* One paragraph of a decision as read for search: n is its ordinal (0 for
 * the summary, -1 for a heading line, whose kind is DECISION_KIND_COUNT);
 * text points into the stored text. */
struct store_para {
	int n;
	enum decision_kind kind;
	const char *text;
	size_t len;
};

/* A decision read for search.  Strings and paragraphs are valid until the
 * next store_search_doc call or store_close. */
struct store_doc {
	const char *ref;
	const char *organisation;
	const char *date;
	const char *outcome;
	struct store_para *paras;   /* summary, body paragraphs, heading lines */
	size_t npara;
};

/* Sorts the n decisions of ids newest first, then by the greater
 * reference, as the date index orders them (a decision with no date
 * last); reads only the start of each one's row.  Returns 0 or -1. */
int store_search_sort_newest(struct store *st, long long *ids, size_t n);

/* Reads decision id for search.  Returns 1, 0 when there is none, -1 on
 * error. */
int store_search_doc(struct store *st, long long id, struct store_doc *doc);

/* Phrases and NEAR across paragraphs.  FTS5 indexes a decision's
 * paragraphs of one section kind as one column, so it may find a phrase
 * that runs from the end of one paragraph into the next, or a NEAR group
 * whose words stand in two paragraphs.  What the store keeps settles
 * most matches without reading their text:
 *   - a phrase can straddle a break only where two neighbouring words
 *     of it are a pair that meets across a break in that decision (the
 *     last word of a paragraph, the first of the next in the same
 *     column); the store keeps those pairs of each decision as
 *     text_pair_hash values, and pairs holds the query's neighbouring
 *     words the same way;
 *   - a NEAR group is settled from the positions of its words that FTS5
 *     found and the positions where each paragraph begins, which the
 *     store keeps for each decision (a decision whose positions could
 *     not be kept is never settled).
 * A match that these do not settle is a suspect: its text is checked.
 *
 * FTS5 matches a phrase by walking every position of its words, to the
 * end of the shortest list, in every decision that holds them all.  A
 * newest first pass may ask FTS5 for a phrase's words instead (the loose
 * MATCH) and keep the decisions where they stand together in one column,
 * which stops at the first place they do (docs/PERFORMANCE.md):
 * store_adj names such a phrase among the loose MATCH's phrases, each one
 * of its words. */
#define STORE_ADJ_MAX 16        /* words of a phrase asked so at most */

struct store_adj {
	int phrase;     /* the loose MATCH's number of its first word */
	int n;          /* its words: 2 to STORE_ADJ_MAX */
};

struct store_near {
	int phrase;     /* FTS5's number of its first phrase in the MATCH */
	int nphrase;    /* how many phrases it has */
	int dist;       /* at most this many words between them */
	unsigned mask;  /* section kinds searched (1 << kind), 0: all */
	int lphrase;    /* its first phrase in the loose MATCH (store_spans) */
};

struct store_spans {
	const uint32_t *pairs;
	size_t npairs;
	const struct store_near *near;  /* NEAR groups that must all hold */
	size_t nnear;
	/* The words of each phrase of the MATCH, as search reads them: a
	 * group is settled only where FTS5 read them alike. */
	const int *psize;
	int nphrase;
	/* The MATCH with phrases that every result holds asked as their
	 * words, and every NEAR group as its phrases ANDed (NULL: none), its
	 * number of phrases and the words of each, and those phrases.  A
	 * NEAR group asked so is settled on all the places of its phrases,
	 * both ways (ombuds_near). */
	const char *loose;
	int nloose;
	const int *lpsize;
	const struct store_adj *adj;
	size_t nadj;
};

/* As store_search_open ranked, and besides lists the matches that
 * spans do not settle (store_search_suspects). */
struct store_cursor *store_search_open_ranked(struct store *st,
					      const char *match,
					      const struct store_filter *f,
					      const struct store_spans *spans);
/* Points *ids at those matches of c (in rowid order); returns how many. */
size_t store_search_suspects(const struct store_cursor *c,
			     const long long **ids);

/* Returns 1 when decision id holds none of spans' pairs across a break
 * and spans has no NEAR group (FTS5's answer for it needs no check), 0
 * when it may (or is not known), -1 on error. */
int store_search_clear(struct store *st, long long id,
		       const struct store_spans *spans);

/* Checks decision id on its stored paragraphs: returns 1 (it matches),
 * 0, or -1 on error. */
typedef int (*store_check_fn)(long long id, void *arg);

/* Newest first, as store_search_open, but the results are found first,
 * in one pass over FTS5's matches: those passing f, less the ones that
 * spans do not settle (all settled when spans is NULL) and of which
 * check says they do not match.  Sets *n to their number: the count
 * needs no pass of its own.  Returns the cursor, or NULL. */
struct store_cursor *store_search_open_counted(struct store *st,
					       const char *match,
					       const struct store_filter *f,
					       const struct store_spans *spans,
					       store_check_fn check, void *arg,
					       long *n);

/* ---- the crawl state of ombuds fetch (store_crawl.c) ------------------- */

/* What became of a decision page found on the site's listings. */
enum store_crawl {
	STORE_CRAWL_QUEUED,   /* found, not fetched yet */
	STORE_CRAWL_FETCHED,  /* fetched, its decision stored */
	STORE_CRAWL_FAILED,   /* failed: queued again by the next run */
	STORE_CRAWL_REFUSED,  /* fetched, not a statement: never again */
	STORE_CRAWL_GONE,     /* the site answered 404 or 410 */
	STORE_CRAWL_COUNT_
};

/* Queues the decision page url for the canonical reference ref, unless
 * the reference is known: crawled already (in any state) or stored
 * (imported from a file, say).  Returns 1 when queued, 0 when known, -1
 * on error. */
int store_crawl_queue(struct store *st, const char *ref, const char *url);

/* Queues again the pages that failed in an earlier run.  Returns the
 * number of them, or -1. */
int store_crawl_retry(struct store *st);

/* The first queued page, in the order found: its reference into ref and
 * its URL into url (malloc'd, the caller frees it).  Returns 1, 0 when
 * none is queued, -1 on error. */
int store_crawl_next(struct store *st, char ref[DECISION_REF_MAX],
		     char **url);

/* Records what became of the page of ref (one more attempt, now), with
 * a sentence for a failure (NULL: none).  A page marked fetched should
 * be marked in the transaction that stores its decision.  Returns 0 or
 * -1. */
int store_crawl_mark(struct store *st, const char *ref,
		     enum store_crawl state, const char *message);

/* Whether the decision ref is stored: 1 with its date in date ("" when
 * it has none), 0 when not, -1 on error. */
int store_crawl_stored(struct store *st, const char *ref, char date[11]);

/* The newest decision date among the decisions fetched from pages whose
 * URL starts with prefix, into date ("" when none).  Returns 0 or -1. */
int store_crawl_newest(struct store *st, const char *prefix, char date[11]);

/* Sets n[state] to the number of pages in each state; returns 0 or -1. */
int store_crawl_counts(struct store *st, long n[STORE_CRAWL_COUNT_]);

/* ---- more like this (store_like.c) ------------------------------------ */

/* Sets *id and the category (malloc'd; NULL when missing) of decision
 * ref.  Returns 1, 0 when the store has no such decision, -1 on error. */
int store_like_source(struct store *st, const char *ref, long long *id,
		      char **area, char **subarea);

/* Sets df[i] to how many decisions hold words[i] (folded, as FTS5
 * indexes it) and *ndocs to the store's size: counted exactly for a rare
 * word or a small store, else estimated from a window of ids, so that
 * the commonest words cost no more than the rare.  Returns 0 or -1. */
int store_like_df(struct store *st, const char *const *words, size_t n,
		  double *df, long long *ndocs);

/* A decision's chosen words, each with its weight (its IDF and its
 * frequency in the decision), and the decision itself. */
struct store_like_words {
	const char *const *word;  /* at most 32 */
	const double *weight;
	size_t n;
	/* Bit i set: word i is scored with its frequency in each decision
	 * against the decision's length (bm25's term, read from FTS5 for
	 * every decision holding it: for words of short lists); clear: as
	 * standing once in a decision of average length. */
	uint32_t tf;
	long long self;           /* left out of the results */
	const char *area, *subarea;
};

/* One decision like it: its score, and a bit for each word it holds. */
struct store_like_hit {
	long long id;
	double score;
	uint32_t mask;
};

/* Scores every decision that passes f (and, unless NULL, matches match)
 * and holds some of w's words: the sum over them of weight × bm25's term
 * without IDF (see tf), times a bonus for the same category (area and
 * subarea more than area alone); best first, those scoring above a share
 * of the best.  Sets *hits (malloc'd) and *nhits.  Returns 0
 * or -1 with store_error set. */
int store_like_rank(struct store *st, const struct store_like_words *w,
		    const struct store_filter *f, const char *match,
		    struct store_like_hit **hits, size_t *nhits);
/* Whether the folded word [word, word+n) is one FTS5 indexes (vocab):
 * 1, 0, or -1 on error. */
int store_vocab_has(struct store *st, const char *word, size_t n);
/* "Did you mean" (store_suggest.c).  The indexed word nearest the folded word [word, word+n), into out
 * (cap bytes): within 1 edit for a word of 3 or 4 letters, 2 for a
 * longer one (none for shorter); of the nearest, the one in most
 * decisions.  Returns 1, 0 when none is near or the word is one of the
 * store's, -1 on error. */
int store_suggest(struct store *st, const char *word, size_t n, char *out,
		  size_t cap);

#endif
