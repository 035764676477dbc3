/* search_like: "more like this" — a decision's distinctive words (its
 * words by frequency in it and rarity in the store), the decisions that
 * hold them ranked by the store, and for each result the words it shares
 * with the decision.  A search handle of search.c whose results come from
 * here.  No SQL, no curses. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"
#include "text_token.h"

/* Words shorter than this (in bytes, folded) are not chosen. */
#define LIKE_MIN_LEN 3
/* The decision's most frequent words whose rarity is asked, and the most
 * distinctive of them that are searched for (at most 32: a bit each). */
#define LIKE_CANDIDATES 100
#define LIKE_WORDS 25
/* In a store of more than LIKE_DF_STORE decisions, a word held by more
 * than this share of them tells too little to be searched for (its list
 * would cost the most). */
#define LIKE_DF_SHARE 0.3
#define LIKE_DF_STORE 1000
/* Words held by at most this many decisions are scored with their
 * frequency in each (store_like_words' tf); the others, whose lists are
 * long, as standing once. */
#define LIKE_TF_DF 1000
/* The decisions the chosen words may hold between them, at most: each
 * is a row of FTS5's lists to read (a word that would pass it is left
 * out for rarer ones). */
#define LIKE_POSTINGS 200000.0
/* The shared words shown with a result, at most. */
#define LIKE_SHOWN 5

struct search_like {
	char *words;            /* the chosen words, each NUL-terminated */
	const char *word[LIKE_WORDS];
	double weight[LIKE_WORDS];
	size_t n;
	uint32_t tf;
	long long self;
	char *area, *subarea;
	struct store_like_hit *hits;    /* the results, best first */
	size_t nhits;
	int ran;
};

/* A distinct word of the decision and how often it stands in it. */
struct like_word {
	const char *s;
	size_t len;
	long tf;
	double weight;
	double df;
};

static int
word_cmp(const void *a, const void *b)
{
	const struct like_word *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Most frequent first, the longer word on a tie, then by the word. */
static int
tf_cmp(const void *a, const void *b)
{
	const struct like_word *x = a, *y = b;

	if (x->tf != y->tf)
		return x->tf < y->tf ? 1 : -1;
	if (x->len != y->len)
		return x->len < y->len ? 1 : -1;
	return word_cmp(a, b);
}

static int
weight_cmp(const void *a, const void *b)
{
	const struct like_word *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return word_cmp(a, b);
}

/* Nonzero when folded word s[0..len) may be chosen: long enough, and no
 * digit in it (numbers, references and dates tell nothing of a topic). */
static int
word_ok(const char *s, size_t len)
{
	if (len < LIKE_MIN_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 0;
	return 1;
}

/* The distinct words of the tokens t that may be chosen, with their
 * frequencies, into *out (malloc'd); returns how many, or -1. */
static long
like_distinct(const struct text_toks *t, struct like_word **out)
{
	struct like_word *w = malloc((t->n ? t->n : 1) * sizeof *w);
	size_t n = 0, d = 0;

	if ((*out = w) == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		if (word_ok(t->fold + t->fo[i], t->fl[i]))
			w[n++] = (struct like_word){ .s = t->fold + t->fo[i],
						    .len = t->fl[i], .tf = 1 };
	qsort(w, n, sizeof *w, word_cmp);
	for (size_t i = 0; i < n; i++) {
		if (d > 0 && word_cmp(&w[d - 1], &w[i]) == 0)
			w[d - 1].tf++;
		else
			w[d++] = w[i];
	}
	return (long)d;
}

/* Nonzero when one of the k words chosen has the stem of word c: a
 * decision's delay and delayed are one word of what it is about. */
static int
stem_chosen(const struct like_word *w, size_t k, const struct like_word *c)
{
	char a[TEXT_STEM_MAX], b[TEXT_STEM_MAX];
	size_t al = text_stem(c->s, c->len, a), bl;

	if (al == 0)
		return 0;
	for (size_t i = 0; i < k; i++)
		if ((bl = text_stem(w[i].s, w[i].len, b)) == al &&
		    memcmp(a, b, al) == 0)
			return 1;
	return 0;
}

/* Chooses the LIKE_WORDS most distinctive words of the decision doc
 * into lk: frequent in it, rare in the store.  Returns 0 or -1. */
static int
like_choose(struct store *st, const struct store_doc *doc,
	    struct search_like *lk)
{
	struct text_toks t = { 0 };
	struct like_word *w = NULL;
	const char **cand = NULL;
	double *df = NULL;
	long long ndocs = 0;
	size_t len = 0, k = 0;
	double postings = 0.0;
	long n;
	int rc = -1;

	for (size_t p = 0; p < doc->npara; p++)
		if (text_toks_add(&t, doc->paras[p].text, doc->paras[p].len) < 0)
			goto out;
	if ((n = like_distinct(&t, &w)) < 0)
		goto out;
	qsort(w, (size_t)n, sizeof *w, tf_cmp);
	if (n > LIKE_CANDIDATES)
		n = LIKE_CANDIDATES;
	cand = malloc(((size_t)n + 1) * sizeof *cand);
	df = malloc(((size_t)n + 1) * sizeof *df);
	if (cand == NULL || df == NULL)
		goto out;
	for (long i = 0; i < n; i++) {
		char *c = strndup(w[i].s, w[i].len);

		if ((cand[i] = c) == NULL) {
			n = i;
			goto out;
		}
	}
	if (store_like_df(st, cand, (size_t)n, df, &ndocs) < 0)
		goto out;
	for (long i = 0; i < n; i++) {
		double idf = log((ndocs - df[i] + 0.5) / (df[i] + 0.5));

		w[i].df = df[i];
		/* A word no other decision holds finds none. */
		w[i].weight = df[i] < 2.0 || idf <= 0.0 ||
					      (ndocs > LIKE_DF_STORE &&
					       df[i] > LIKE_DF_SHARE * (double)ndocs)
				      ? 0.0
				      : (1.0 + log((double)w[i].tf)) * idf;
	}
	qsort(w, (size_t)n, sizeof *w, weight_cmp);
	for (long i = 0; i < n && k < LIKE_WORDS && w[i].weight > 0.0; i++) {
		if (postings + w[i].df > LIKE_POSTINGS || stem_chosen(w, k, &w[i]))
			continue;
		postings += w[i].df;
		w[k++] = w[i];
		len += w[i].len + 1;
	}
	if ((lk->words = malloc(len ? len : 1)) == NULL)
		goto out;
	len = 0;
	for (size_t i = 0; i < k; i++) {
		memcpy(lk->words + len, w[i].s, w[i].len);
		lk->words[len + w[i].len] = '\0';
		lk->word[i] = lk->words + len;
		lk->weight[i] = w[i].weight;
		if (w[i].df <= LIKE_TF_DF)
			lk->tf |= 1u << i;
		len += w[i].len + 1;
	}
	lk->n = k;
	rc = 0;
out:
	for (long i = 0; cand != NULL && i < n; i++)
		free((char *)cand[i]);
	free(cand);
	free(df);
	free(w);
	text_toks_free(&t);
	return rc;
}

struct search_query *
search_query_empty(void)
{
	return calloc(1, sizeof(struct search_query));
}

int
search_open_like(struct store *st, struct search_query *q,
		 const char *ref, struct search **out)
{
	struct search_like *lk = calloc(1, sizeof *lk);
	struct store_doc doc;
	struct search *s;
	int rc;

	*out = NULL;
	if (lk == NULL)
		return -1;
	rc = store_like_source(st, ref, &lk->self, &lk->area, &lk->subarea);
	if (rc > 0)
		rc = store_search_doc(st, lk->self, &doc);
	if (rc > 0 && like_choose(st, &doc, lk) < 0)
		rc = -1;
	if (rc > 0 && (s = search_open(st, q, SEARCH_ORDER_RANK)) == NULL)
		rc = -1;
	if (rc <= 0) {
		search_like_free(lk);
		return rc;
	}
	s->like = lk;
	*out = s;
	return 1;
}

void
search_like_free(struct search_like *lk)
{
	if (lk == NULL)
		return;
	free(lk->words);
	free(lk->area);
	free(lk->subarea);
	free(lk->hits);
	free(lk);
}

int
search_like_fill(struct search *s)
{
	struct search_like *lk = s->like;
	struct store_like_words w = {
		lk->word, lk->weight, lk->n, lk->tf, lk->self, lk->area, lk->subarea,
	};

	if (lk->ran)
		return 0;
	if (store_like_rank(s->st, &w, &s->filter, s->q->match, &lk->hits,
			    &lk->nhits) < 0)
		return -1;
	free(s->ids);
	s->ids = malloc((lk->nhits ? lk->nhits : 1) * sizeof *s->ids);
	if (s->ids == NULL)
		return -1;
	for (size_t i = 0; i < lk->nhits; i++)
		s->ids[i] = lk->hits[i].id;
	s->nids = s->cap = lk->nhits;
	s->total = (long)lk->nhits;
	s->have_total = 1;
	s->done = 1;
	lk->ran = 1;
	return 0;
}

int
search_like_shared(const struct search *s, size_t k, struct search_result *r)
{
	const struct search_like *lk = s->like;
	uint32_t mask = k < lk->nhits ? lk->hits[k].mask : 0;
	const char *pick[LIKE_SHOWN];
	size_t n = 0, len = 0;
	char *block, *at, *snip;

	for (size_t i = 0; i < lk->n && n < LIKE_SHOWN; i++)
		if (mask >> i & 1) {
			pick[n++] = lk->word[i];
			len += strlen(lk->word[i]) + 2;
		}
	block = malloc((n + 1) * sizeof(char *) + len + 1);
	snip = malloc(len + 1);
	if (block == NULL || snip == NULL) {
		free(block);
		free(snip);
		return -1;
	}
	r->shared = (char **)(void *)block;
	at = block + (n + 1) * sizeof(char *);
	snip[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(pick[i]);

		memcpy(at, pick[i], l + 1);
		r->shared[i] = at;
		at += l + 1;
		if (i > 0)
			strcat(snip, ", ");
		strcat(snip, pick[i]);
	}
	r->shared[n] = NULL;
	free(r->snippet);
	r->snippet = snip;
	return 0;
}
