/* search_relax: searches that say when they are not what was asked.
 * Relaxed matching: a query of words ANDed at its top (and filters) that
 * no decision answers is answered by the decisions holding most of its
 * words — k of the n for the largest k that finds any, asked as the OR
 * of every k words ANDed, ranked as the user asked — under a note that
 * says so; its filters stay strict, and any other query (OR, NOT, NEAR
 * at its top) stays as asked.  Suggestions: a word that matches nothing
 * gets the nearest word of the store's own vocabulary
 * (store_suggest), and a word in quotes that finds far fewer decisions
 * as written than it would stemmed says so. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

#define RELAX_WORDS 8     /* most words a relaxed query may have */
#define RELAX_ANDS 70     /* most groups of k words ORed (C(8, 4)) */

struct search_relax {
	int tried;                  /* relaxing decided */
	struct search *inner;       /* the relaxed search, or NULL */
	struct search_query *rq;    /* its query */
	char *note;                 /* what the results are instead */
	int suggested;              /* suggestions looked for */
	char *suggest;              /* "did you mean …?", or NULL */
};

/* Frees a tree made by relax_query: its terms are copies of the
 * query's, sharing their words. */
static void
tree_free(struct node *n)
{
	if (n == NULL)
		return;
	if (n->type != N_TERM) {
		for (size_t i = 0; i < n->nkid; i++)
			tree_free(n->kid[i]);
		free(n->kid);
	}
	free(n);
}

/* A node of type t with room for nkid kids, or a copy of term; NULL
 * when out of memory. */
static struct node *
node_make(enum ntype t, size_t nkid, const struct node *term)
{
	struct node *n = malloc(sizeof *n);

	if (n == NULL)
		return NULL;
	if (term != NULL) {
		*n = *term;
		n->kid = NULL;
		n->nkid = 0;
		return n;
	}
	memset(n, 0, sizeof *n);
	n->type = t;
	if ((n->kid = calloc(nkid, sizeof *n->kid)) == NULL) {
		free(n);
		return NULL;
	}
	return n;
}

/* A copy of the tree under n, its terms sharing their words; NULL when
 * out of memory. */
static struct node *
tree_copy(const struct node *n)
{
	struct node *c;

	if (n->type == N_TERM)
		return node_make(N_TERM, 0, n);
	if ((c = node_make(n->type, n->nkid, NULL)) == NULL)
		return NULL;
	c->formed = n->formed;
	c->joined = n->joined;
	for (size_t i = 0; i < n->nkid; i++, c->nkid++)
		if ((c->kid[i] = tree_copy(n->kid[i])) == NULL) {
			tree_free(c);
			return NULL;
		}
	return c;
}

/* n choose k, up to RELAX_ANDS + 1. */
static size_t
choose(size_t n, size_t k)
{
	size_t c = 1;

	for (size_t i = 1; i <= k && c <= RELAX_ANDS; i++)
		c = c * (n - k + i) / i;
	return c;
}

/* The query of the decisions holding k of the n words of q's top AND:
 * each k of them ANDed, ORed (the words alone ORed for k = 1), with q's
 * sections.  Returns it, or NULL when out of memory or its MATCH cannot
 * be made. */
static struct search_query *
relax_query(const struct search_query *q, size_t k)
{
	const struct node *top = q->root;
	size_t n = top->nkid, pick[RELAX_WORDS];
	struct search_query *rq = calloc(1, sizeof *rq);
	struct search_error err;
	struct node *or;

	if (rq == NULL || (or = node_make(N_OR, choose(n, k), NULL)) == NULL) {
		free(rq);
		return NULL;
	}
	rq->root = or;
	rq->mask = q->mask;
	for (size_t i = 0; i < k; i++)
		pick[i] = i;
	for (;;) {
		struct node *g = k == 1 ? tree_copy(top->kid[pick[0]])
					: node_make(N_AND, k, NULL);

		if (g == NULL)
			goto fail;
		/* Words picked apart are not run together (search_forms):
		 * they were not side by side in the query. */
		g->joined = 1;
		or->kid[or->nkid++] = g;
		for (size_t i = 0; k > 1 && i < k; i++) {
			if ((g->kid[i] = tree_copy(top->kid[pick[i]])) == NULL)
				goto fail;
			g->nkid++;
		}
		/* The next k of n in lexical order. */
		size_t i = k;

		while (i > 0 && pick[i - 1] == n - k + i - 1)
			i--;
		if (i == 0)
			break;
		pick[i - 1]++;
		for (size_t j = i; j < k; j++)
			pick[j] = pick[j - 1] + 1;
	}
	if (search_fts_build(rq, &err) < 0)
		goto fail;
	return rq;
fail:
	tree_free(rq->root);
	rq->root = NULL;
	search_query_free(rq);
	return NULL;
}

static void
relax_query_free(struct search_query *rq)
{
	if (rq == NULL)
		return;
	tree_free(rq->root);
	rq->root = NULL;
	search_query_free(rq);
}

void
search_relax_free(struct search_relax *rx)
{
	if (rx == NULL)
		return;
	search_close(rx->inner);
	relax_query_free(rx->rq);
	free(rx->note);
	free(rx->suggest);
	free(rx);
}

/* Appends word t of the query, as it was typed, to b. */
static void
put_word(struct search_buf *b, const struct node *t)
{
	int quote;

	/* A word search_forms wrote out: the word typed is its first. */
	while (t->type == N_OR && t->formed)
		t = t->kid[0];
	if (t->type == N_AND) {         /* two words run together */
		for (size_t i = 0; i < t->nkid; i++) {
			if (i > 0)
				search_buf_str(b, " ");
			put_word(b, t->kid[i]);
		}
		return;
	}
	quote = t->tok.n > 1 && strpbrk(t->raw, " \t") != NULL;
	if (quote)
		search_buf_str(b, "\"");
	search_buf_str(b, t->raw);
	if (quote)
		search_buf_str(b, "\"");
	if (t->prefix)
		search_buf_str(b, "*");
}

/* Appends the words of q's top AND to b, as a query would write them. */
static void
put_words(struct search_buf *b, const struct node *top)
{
	for (size_t i = 0; i < top->nkid; i++) {
		if (i > 0)
			search_buf_str(b, " ");
		put_word(b, top->kid[i]);
	}
}

/* Nonzero when q is words ANDed at its top (a word search_forms wrote
 * out counts as one), no more than RELAX_WORDS. */
static int
relaxable(const struct search_query *q)
{
	const struct node *top = q->root;

	if (top == NULL || top->type != N_AND || top->nkid < 2 ||
	    top->nkid > RELAX_WORDS)
		return 0;
	for (size_t i = 0; i < top->nkid; i++)
		if (top->kid[i]->type != N_TERM &&
		    !(top->kid[i]->type == N_OR && top->kid[i]->formed))
			return 0;
	return 1;
}

/* Opens the search of k of the words of s's query into rx; returns 1
 * when it has a result (rx keeps it), 0 when not, -1 on error. */
static int
relax_try(struct search *s, struct search_relax *rx, size_t k)
{
	struct search_query *rq = relax_query(s->q, k);
	struct search *in;

	if (rq == NULL)
		return -1;
	if ((in = search_open(s->st, rq, s->order)) == NULL ||
	    search_filter(in, &s->filter) < 0 || search_fill(in, 1) < 0) {
		search_close(in);
		relax_query_free(rq);
		return -1;
	}
	if (in->nids == 0) {
		search_close(in);
		relax_query_free(rq);
		return 0;
	}
	rx->inner = in;
	rx->rq = rq;
	return 1;
}

/* Takes the sentence b wrote into *out (NULL when it wrote none);
 * returns 0, or -1 when b ran out of memory (then nothing is taken). */
static int
note_take(struct search_buf *b, char **out)
{
	free(b->psize);
	if (b->oom) {
		free(b->s);
		return -1;
	}
	*out = b->s;
	return 0;
}

/* Writes the note of a search relaxed to k words into rx. */
static int
relax_note(const struct search *s, struct search_relax *rx, size_t k)
{
	struct search_buf b = { 0 };
	char tail[96];

	search_buf_str(&b, "no decision has all of: ");
	put_words(&b, s->q->root);
	snprintf(tail, sizeof tail, " \u2014 showing decisions with %zu of the %zu words",
		 k, s->q->root->nkid);
	search_buf_str(&b, tail);
	return note_take(&b, &rx->note);
}

int
search_relax(struct search *s)
{
	if (s->cur != NULL || s->done || s->have_total || s->rx != NULL)
		return -1;
	return (s->rx = calloc(1, sizeof *s->rx)) == NULL ? -1 : 0;
}

struct search *
search_relaxed(struct search *s)
{
	struct search_relax *rx = s->rx;
	size_t n;

	if (rx == NULL)
		return s;
	if (rx->tried)
		return rx->inner ? rx->inner : s;
	rx->tried = 1;
	if (!relaxable(s->q))
		return s;
	if (search_fill(s, 1) < 0)
		return NULL;
	if (s->nids > 0)
		return s;
	n = s->q->root->nkid;
	for (size_t k = n - 1; k >= 1; k--) {
		int rc;

		if (choose(n, k) > RELAX_ANDS)
			continue;
		if ((rc = relax_try(s, rx, k)) < 0)
			return NULL;
		if (rc > 0)
			return relax_note(s, rx, k) < 0 ? NULL : rx->inner;
	}
	return s;
}

static int store_finds(struct store *st, const char *text, long *n);

/* ---- suggestions ---------------------------------------------------------- */

/* Nonzero when the word t alone finds a decision; -1 on error.  Asked
 * as a query of its own, so that it matches as the query's words do. */
static int
word_found(struct search *s, const struct node *t)
{
	struct search_query *wq = calloc(1, sizeof *wq);
	struct search_error err;
	struct search *ws = NULL;
	struct node copy = *t;
	int rc = -1;

	if (wq == NULL)
		return -1;
	copy.kid = NULL;
	copy.nkid = 0;
	wq->root = &copy;
	if (search_fts_build(wq, &err) == 0 &&
	    (ws = search_open(s->st, wq, SEARCH_ORDER_DATE)) != NULL &&
	    search_fill(ws, 1) == 0)
		rc = ws->nids > 0;
	search_close(ws);
	wq->root = NULL;
	search_query_free(wq);
	return rc;
}

#define SUGGEST_WORDS 8   /* most words given a suggestion */

struct suggestions {
	struct {
		char word[256];
		const char *raw;
	} v[SUGGEST_WORDS];
	int n;
};

/* Adds to sg a suggestion for each word of n (not one left out) that
 * matches nothing; returns 0 or -1. */
static int
suggest_in(struct search *s, const struct node *n, struct suggestions *sg)
{
	const char *w;
	size_t len;
	int rc;

	if (n->type == N_NOT || sg->n == SUGGEST_WORDS)
		return 0;
	if (n->type != N_TERM) {
		for (size_t i = 0; i < n->nkid; i++)
			if (suggest_in(s, n->kid[i], sg) < 0)
				return -1;
		return 0;
	}
	if (n->prefix || n->tok.n != 1 || n->nforms > 0)
		return 0;
	w = n->tok.fold + n->tok.fo[0];
	len = n->tok.fl[0];
	if ((rc = store_vocab_has(s->st, w, len)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = word_found(s, n)) != 0)
		return rc < 0 ? -1 : 0;
	/* A word in quotes whose stem the store holds: exact_in says so. */
	if (n->exact) {
		long stem;

		if (store_finds(s->st, n->tok.fold + n->tok.fo[0], &stem) < 0)
			return -1;
		if (stem > 0)
			return 0;
	}
	rc = store_suggest(s->st, w, len, sg->v[sg->n].word,
			   sizeof sg->v[sg->n].word);
	if (rc > 0)
		sg->v[sg->n++].raw = n->raw;
	return rc < 0 ? -1 : 0;
}

/* "did you mean X?" for one word, "did you mean X for x, Y for y?" for
 * several, into rx; returns 0 or -1. */
static int
suggest_note(struct search_relax *rx, const struct suggestions *sg)
{
	struct search_buf o = { 0 };

	search_buf_str(&o, "did you mean ");
	for (int i = 0; i < sg->n; i++) {
		if (i > 0)
			search_buf_str(&o, ", ");
		search_buf_str(&o, sg->v[i].word);
		if (sg->n > 1) {
			search_buf_str(&o, " for ");
			search_buf_str(&o, sg->v[i].raw);
		}
	}
	search_buf_str(&o, "?");
	return note_take(&o, &rx->suggest);
}

static int exact_note(struct search *s, struct search_relax *rx);

/* ---- a word in quotes ------------------------------------------------------ */

/* Sets *n to the decisions of the store that query text finds; returns 0
 * or -1.  Asked newest first: a count then needs no rank (a ranked count
 * reads and ranks every match). */
static int
store_finds(struct store *st, const char *text, long *n)
{
	struct search_error err;
	struct search_query *q = search_parse(text, &err);
	struct search *s = NULL;
	int rc = -1;

	*n = 0;
	if (q != NULL && (s = search_open(st, q, SEARCH_ORDER_DATE)) != NULL)
		rc = search_count(s, n);
	search_close(s);
	search_query_free(q);
	return q == NULL ? 0 : rc;
}

/* Far fewer: a half or less of the decisions, and two fewer at least. */
#define FAR_FEWER(exact, stem) ((stem) >= 2 * (exact) && (stem) - (exact) >= 2)

/* Adds to o a sentence for each word in quotes under n that finds far
 * fewer decisions of the store as written than it would stemmed;
 * returns 0 or -1. */
static int
exact_in(struct search *s, const struct node *n, struct search_buf *o)
{
	char quoted[TEXT_STEM_MAX + 3], num[96];
	long exact, stem;
	long long span;
	size_t len;

	if (n->type == N_NOT)
		return 0;
	if (n->type != N_TERM) {
		for (size_t i = 0; i < n->nkid; i++)
			if (exact_in(s, n->kid[i], o) < 0)
				return -1;
		return 0;
	}
	if (!n->exact || n->prefix || n->tok.n != 1 ||
	    (len = n->tok.fl[0]) > TEXT_STEM_MAX)
		return 0;
	/* The word as written, in quotes, then bare (quoted + 1). */
	quoted[0] = '"';
	memcpy(quoted + 1, n->tok.fold + n->tok.fo[0], len);
	memcpy(quoted + 1 + len, "\"", 2);
	/* The word alone over the whole store is the search itself, whose
	 * count a ranked pass has already. */
	if (s->q->root == n && s->q->mask == 0 && s->like == NULL &&
	    !store_filter_any(&s->filter)) {
		if (search_count(s, &exact) < 0)
			return -1;
	} else if (store_finds(s->st, quoted, &exact) < 0) {
		return -1;
	}
	/* Its stem finds no more decisions than there are (at most the
	 * highest id): never twice as many as a word in half of them. */
	if (store_search_span(s->st, &span) < 0)
		return -1;
	if (span < 2 * (long long)exact)
		return 0;
	quoted[len + 1] = '\0';
	if (store_finds(s->st, quoted + 1, &stem) < 0)
		return -1;
	if (!FAR_FEWER(exact, stem))
		return 0;
	if (o->len)
		search_buf_str(o, "; ");
	search_buf_str(o, quoted);
	snprintf(num, sizeof num, "\" is matched as written: %ld decision%s;"
		 " without quotes, ", exact, exact == 1 ? "" : "s");
	search_buf_str(o, num);
	search_buf_str(o, quoted + 1);
	snprintf(num, sizeof num, " finds %ld", stem);
	search_buf_str(o, num);
	return 0;
}

/* Adds exact_in's sentences to rx->suggest; returns 0 or -1. */
static int
exact_note(struct search *s, struct search_relax *rx)
{
	struct search_buf o = { 0 };
	size_t had;
	int rc;

	if (rx->suggest != NULL)
		search_buf_str(&o, rx->suggest);
	had = o.len;
	if ((rc = exact_in(s, s->q->root, &o)) < 0 || o.oom || o.len == had) {
		free(o.s);
		free(o.psize);
		return rc < 0 || o.oom ? -1 : 0;
	}
	free(rx->suggest);
	rx->suggest = NULL;
	return note_take(&o, &rx->suggest);
}

int
search_notes(struct search *s, const char **relaxed, const char **suggest)
{
	struct search_relax *rx;

	*relaxed = *suggest = NULL;
	if (search_relaxed(s) == NULL)
		return -1;
	/* Not relaxed (search_relax not called): suggestions only. */
	if ((rx = s->rx) == NULL) {
		if ((rx = s->rx = calloc(1, sizeof *rx)) == NULL)
			return -1;
		rx->tried = 1;
	}
	if (!rx->suggested && s->q->root != NULL) {
		struct suggestions sg;

		sg.n = 0;
		if (suggest_in(s, s->q->root, &sg) < 0 ||
		    (sg.n > 0 && suggest_note(rx, &sg) < 0) ||
		    exact_note(s, rx) < 0)
			return -1;
	}
	rx->suggested = 1;
	*relaxed = rx->note;
	*suggest = rx->suggest;
	return 0;
}
