/* search_int.h: private to the search family (search*.c), as fts5Int.h
 * is to FTS5: the query tree, the parsed query with what the store's
 * passes need of it, the search handle, and a section per file for the
 * functions the files share. */
#ifndef OMBUDS_SEARCH_INT_H
#define OMBUDS_SEARCH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "text_token.h"

#define ALL_KINDS ((1u << DECISION_KIND_COUNT) - 1)

/* ---- the query tree ----------------------------------------------------- */

enum ntype { N_TERM, N_NEAR, N_AND, N_OR, N_NOT, N_FILTER };

enum field {
	F_ORG, F_CATEGORY, F_OUTCOME, F_REF, F_IN, F_AFTER, F_BEFORE, F_YEAR,
	F_COUNT_
};

struct node {
	enum ntype type;
	int col;                /* where it starts in the query (characters) */
	/* N_TERM: a word or phrase, as typed, and its folded tokens. */
	char *raw;
	int prefix;
	int exact;              /* quoted: matched as written, not stemmed */
	struct text_toks tok;
	/* A stemmed word (a bare word of one token, not a prefix, not in
	 * NEAR): its stem, the bytes of its folded form that every word of
	 * that stem begins with (needle), and the words of the stem that
	 * the store holds (search_forms: FTS5 is asked for them ORed; none
	 * known: the word as typed). */
	char *stem;
	size_t stemlen, needle;
	char **forms;
	size_t nforms;
	int formed;             /* N_TERM: forms looked up; N_OR: one word of
				 * the query as search_forms wrote it out */
	int joined;             /* N_AND of two words search_forms ran together */
	/* N_AND, N_OR, N_NOT (one kid), N_NEAR (its terms). */
	struct node **kid;
	size_t nkid;
	int near;
	int phrase;             /* N_NEAR: FTS5's number of its first phrase */
	int loose;              /* asked as its words (mark_loose) */
	int lphrase;            /* N_NEAR: its first phrase in the loose MATCH */
	/* N_FILTER */
	enum field field;
	char *value;
};

struct search_query {
	struct node *root;      /* NULL: filters alone */
	unsigned mask;          /* section kinds from in:, 0: everywhere */
	struct store_filter filter;
	char *org, *category, *outcome;
	char since[11], until[11], ref[DECISION_REF_MAX];
	char *match;
	int needs_check;
	/* A checked query whose phrases and NEAR groups the store settles
	 * (store.h): the phrases by these pairs of neighbouring words, the
	 * NEAR groups (each one that all results must hold) by positions;
	 * 0 when that does not settle it (NEAR under OR or left out, a
	 * left-out phrase, a phrase ending in a prefix). */
	int pairable;
	uint32_t *pairs;
	size_t npairs;
	struct store_near *near;
	size_t nnear;
	int *psize;             /* the words of each phrase of match */
	int nphrase;
	/* match with the phrases of mark_loose asked as their words, its
	 * number of phrases, and those phrases (store_adj). */
	char *loose;
	int nloose;
	int *lpsize;
	struct store_adj *adj;
	size_t nadj;
	struct store_spans spans;
	/* The store whose words the stemmed words were given (search_forms). */
	const struct store *formed;
};

/* ---- search_query.c ------------------------------------------------------ */

/* Frees n and the tree under it. */
void search_node_free(struct node *n);
/* A new N_TERM node of the words [s, s+len), exact (a phrase) or
 * stemmed as a bare word is; NULL when out of memory. */
struct node *search_node_term(const char *s, size_t len, int exact);
/* A new node of type (N_AND or N_OR) over a and b (freed on failure);
 * NULL when out of memory. */
struct node *search_node_join(enum ntype type, struct node *a,
			      struct node *b);

/* ---- search_fts.c --------------------------------------------------------- */

/* Writes q's MATCH (see search_fts_build), after dropping one written
 * before (the tree changed: search_forms); returns 0 or -1. */
int search_fts_rebuild(struct search_query *q, struct search_error *err);
/* Frees what search_fts_build wrote into q (the MATCH, the loose one,
 * the spans) and leaves q without them. */
void search_fts_free(struct search_query *q);

/* ---- a string builder, and the FTS5 phrases written with it ------------- */

struct search_buf {
	char *s;
	size_t len, cap;
	int oom;
	/* FTS5 strings written (the next one's number), and the words of
	 * each. */
	int nphrase;
	int *psize;
	size_t pcap;
	/* Writing the loose MATCH: marked phrases as their words, each
	 * noted in adj. */
	int loose;
	struct store_adj *adj;
	size_t nadj, adjcap;
};

static inline void
search_buf_put(struct search_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *ns;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((ns = realloc(b->s, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void
search_buf_str(struct search_buf *b, const char *s)
{
	search_buf_put(b, s, strlen(s));
}

/* A decision tokenized paragraph by paragraph, lazily and only where
 * needed: a check stops at the first paragraph that answers it, and a
 * paragraph of ASCII text that lacks a word the check needs (found in
 * its lower-cased text, see ascii_lacks) is never tokenized. */
struct search_dtoks {
	struct text_toks t;
	struct dpara {
		size_t first, end;   /* its tokens in t, once made */
		size_t lowat;        /* its lower-cased text: low + lowat */
		signed char made;    /* tokens made */
		signed char ascii;   /* -1: not looked at; 0: not ASCII; 1: ASCII */
	} *p;
	size_t cap;
	char *low;
	size_t lowlen, lowcap;
};

/* The first folded token of each word or phrase that can give a hit (not
 * one left out): a paragraph of ASCII text without any of them, in any
 * case, has no hit, and need not be tokenized.  (An ASCII token folds to
 * its lower case.)  any: a word without tokens, which settles nothing. */
struct search_needles {
	struct needle {
		const char *s;
		size_t len;
	} *v;
	size_t n, cap;
	int any;
	int built;
};

/* ---- the search handle -------------------------------------------------- */

struct search {
	struct store *st;
	struct search_query *q;
	enum search_order order;
	/* The query's filters, with the caller's (search_filter) as their
	 * also: the parser never sets one of its own. */
	struct store_filter filter;
	struct store_cursor *cur;
	int done;
	long long *ids;          /* the results read so far, in order */
	size_t nids, cap;
	/* A row read ahead to find ties of rank. */
	int have_next;
	long long next_id;
	double next_rank;
	long total;
	int have_total;
	enum store_prefix prefix;       /* how FTS5 answers q's prefixes */
	/* A phrase ranked, once counted: the suspects the check refused,
	 * and whether they are known. */
	long long *rejected;
	size_t nrejected;
	int rejected_known;
	long checked;           /* decisions checked on their text */
	struct search_dtoks dt;
	/* For the results' paragraphs: one paragraph's tokens, its text
	 * lower-cased, and what a paragraph must hold to have a hit. */
	struct text_toks pt;
	char *low;
	size_t lowcap;
	struct search_needles nd;
	struct search_like *like;       /* search_open_like's, else NULL */
	struct search_relax *rx;        /* search_relax.c */
};

/* ---- search_fts.c -------------------------------------------------------- */

int search_fts_build(struct search_query *q, struct search_error *err);

/* ---- search_match.c ------------------------------------------------------ */

void search_dtoks_free(struct search_dtoks *dt);
int search_dtoks_reset(struct search_dtoks *dt, const struct store_doc *doc);
int search_eval(const struct node *n, const struct store_doc *doc,
		struct search_dtoks *dt, unsigned mask, int neg);
long search_hits_in(const struct search_query *q, const struct text_toks *t,
		    size_t a, size_t e, int kind, struct search_hit **hits);
int search_needles_add(struct search_needles *nd, const struct node *n);

/* ---- search.c, search_relax.c ------------------------------------------ */

/* Reads results until there are want of them or no more; 0 or -1. */
int search_fill(struct search *s, size_t want);
/* The search that answers s: s, or when search_relax allows it the
 * search of most of its words if none has them all (decided once); NULL
 * on error. */
struct search *search_relaxed(struct search *s);
void search_relax_free(struct search_relax *rx);

/* ---- search_plan.c ------------------------------------------------------- */

int search_counted_plan(const struct search *s);
int search_plan(struct search *s, enum store_order *order);
int search_orgs_few(struct search *s, long n, int *few);

/* ---- search_like.c ------------------------------------------------------- */

int search_like_fill(struct search *s);
int search_like_shared(const struct search *s, size_t k,
		       struct search_result *r);
void search_like_free(struct search_like *lk);

#endif
