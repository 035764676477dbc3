/* search: the search handle.  It runs a parsed query on a store
 * through the plan of search_plan.c, keeps the results that pass the
 * paragraph check, reads them in pages with their best paragraph, hits
 * and snippet, counts them and tallies their organisations.  No SQL, no
 * curses. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"
#include "text_token.h"

/* ---- the words of a stem ------------------------------------------------- */

/* At most this many words of the index stand for a stemmed word (a stem
 * of more is a store of misspellings: the first in order are asked). */
#define FORMS_MAX 256

/* The words of a stem as store_stem_words hands them out: single words,
 * and phrases ("a b": two words a hyphen joined). */
struct forms {
	char **w;
	size_t n;
	char **pair;
	size_t npair;
	int oom;
};

static int
push(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL)
		return -1;
	*v = nv;
	if ((nv[*n] = strndup(s, len)) == NULL)
		return -1;
	(*n)++;
	return 0;
}

static int
form_add(const char *s, size_t len, void *arg)
{
	struct forms *f = arg;
	int pair = memchr(s, ' ', len) != NULL;

	if (f->n + f->npair >= FORMS_MAX)
		return 1;
	if (pair ? push(&f->pair, &f->npair, s, len) : push(&f->w, &f->n, s, len)) {
		f->oom = 1;
		return 1;
	}
	return 0;
}

static void
forms_free(struct forms *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->w[i]);
	for (size_t i = 0; i < f->npair; i++)
		free(f->pair[i]);
	free(f->w);
	free(f->pair);
}

/* Gives stemmed word t its words in st (and shortens its needle to what
 * they all begin with); sets the phrases of its stem's hyphened pairs in
 * f.  Returns 0 or -1. */
static int
term_forms(struct node *t, struct store *st, struct forms *f)
{
	const char *w = t->tok.fold + t->tok.fo[0];

	if (t->formed)
		return 0;
	t->formed = 1;
	/* A store that fails here fails the search too, which says so: the
	 * word is then asked as typed. */
	if (store_stem_words(st, t->stem, t->stemlen, form_add, f) < 0)
		return f->oom ? -1 : 0;
	if (f->oom)
		return -1;
	t->forms = f->w;
	t->nforms = f->n;
	f->w = NULL;
	f->n = 0;
	for (size_t i = 0; i < t->nforms; i++) {
		size_t k = 0;

		while (k < t->needle && t->forms[i][k] == w[k])
			k++;
		t->needle = k;
	}
	return 0;
}

static int forms_at(struct node **slot, struct store *st);

/* The stemmed word of the folded words a and b run together, readied
 * for st, when the index holds it (or a hyphened pair of its stem):
 * *out; else *out is NULL.  Returns 0 or -1. */
static int
joined_forms(const char *a, size_t alen, const char *b, size_t blen,
	     struct store *st, struct node **out)
{
	char joined[TEXT_STEM_MAX];
	struct node *j;

	*out = NULL;
	if (alen + blen > sizeof joined)
		return 0;
	memcpy(joined, a, alen);
	memcpy(joined + alen, b, blen);
	if ((j = search_node_term(joined, alen + blen, 0)) == NULL)
		return -1;
	if (forms_at(&j, st) < 0) {
		search_node_free(j);
		return -1;
	}
	if (j->type == N_TERM && j->nforms == 0)
		search_node_free(j);
	else
		*out = j;
	return 0;
}

/* Two bare words side by side in and-node n (anti social) become (anti
 * AND social) OR their run-together form (antisocial), when the index
 * holds it.  Returns 0 or -1. */
static int
join_neighbours(struct node *n, struct store *st)
{
	if (n->joined)
		return 0;
	for (size_t i = 0; i + 1 < n->nkid; i++) {
		struct node *a = n->kid[i], *b = n->kid[i + 1], *j, *both;

		if (a->type != N_TERM || b->type != N_TERM || a->stem == NULL ||
		    b->stem == NULL)
			continue;
		if (joined_forms(a->tok.fold + a->tok.fo[0], a->tok.fl[0],
				 b->tok.fold + b->tok.fo[0], b->tok.fl[0], st,
				 &j) < 0)
			return -1;
		if (j == NULL)
			continue;
		if ((both = search_node_join(N_AND, a, b)) == NULL) {
			n->kid[i] = n->kid[i + 1] = NULL;
			search_node_free(j);
			return -1;
		}
		both->joined = 1;
		if ((n->kid[i] = search_node_join(N_OR, both, j)) == NULL) {
			n->kid[i + 1] = NULL;
			return -1;
		}
		n->kid[i]->formed = 1;
		memmove(n->kid + i + 1, n->kid + i + 2,
			(n->nkid - i - 2) * sizeof *n->kid);
		n->nkid--;
	}
	return 0;
}

/* Readies the terms at *slot for st: a stemmed word gets its words, and
 * becomes word OR "a b" for each hyphened pair of its stem; a bare
 * hyphened word (anti-social) becomes itself OR its run-together form's
 * words.  NEAR groups keep their words as written.  Returns 0 or -1. */
static int
forms_at(struct node **slot, struct store *st)
{
	struct node *n = *slot;
	struct forms f = {0};

	if (n == NULL)          /* lost to a failure before: fails again */
		return -1;
	if (n->type == N_NEAR)
		return 0;
	if (n->type != N_TERM) {
		if (n->type == N_AND && join_neighbours(n, st) < 0)
			return -1;
		for (size_t i = 0; i < n->nkid; i++)
			if (forms_at(&n->kid[i], st) < 0)
				return -1;
		return 0;
	}
	if (n->stem != NULL) {
		if (term_forms(n, st, &f) < 0)
			goto fail;
		for (size_t i = 0; i < f.npair; i++) {
			struct node *p = search_node_term(f.pair[i],
							  strlen(f.pair[i]), 1);

			/* search_node_join frees n and p when it fails. */
			if (p == NULL)
				search_node_free(n);
			if (p == NULL || (n = search_node_join(N_OR, n, p)) == NULL) {
				*slot = NULL;
				goto fail;
			}
			n->formed = 1;
			*slot = n;
		}
	} else if (!n->exact && !n->prefix && n->tok.n == 2 &&
		   text_is_hyphen(n->raw + n->tok.end[0],
				  n->tok.start[1] - n->tok.end[0])) {
		struct node *j;

		if (joined_forms(n->tok.fold + n->tok.fo[0], n->tok.fl[0],
				 n->tok.fold + n->tok.fo[1], n->tok.fl[1], st,
				 &j) < 0)
			return -1;
		if (j != NULL && (*slot = search_node_join(N_OR, n, j)) == NULL)
			return -1;
		if (j != NULL)
			(*slot)->formed = 1;
		return 0;
	}
	forms_free(&f);
	return 0;
fail:
	forms_free(&f);
	return -1;
}

/* Readies q for st (see search_open); returns 0 or -1. */
static int
search_forms(struct search_query *q, struct store *st)
{
	struct search_error err;

	if (q->root == NULL || q->formed == st)
		return 0;
	if (forms_at(&q->root, st) < 0 || q->root == NULL ||
	    search_fts_rebuild(q, &err) < 0)
		return -1;
	q->formed = st;
	return 0;
}

/* ---- the search handle -------------------------------------------------- */

struct search *
search_open(struct store *st, struct search_query *q,
	    enum search_order order)
{
	struct search *s;
	int rc;

	if (search_forms(q, st) < 0 || (s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->st = st;
	s->q = q;
	s->order = order;
	s->filter = q->filter;
	/* Should the store fail to say, the plans taken for a merged
	 * prefix suit any query; the search itself then reports the
	 * failure. */
	rc = store_match_prefix(st, q->match);
	s->prefix = rc < 0 ? STORE_PREFIX_MERGED : (enum store_prefix)rc;
	return s;
}

int
search_filter(struct search *s, const struct store_filter *f)
{
	/* Once a cursor or a count exists, they answer for the old filter. */
	if (s->cur != NULL || s->done || s->have_total)
		return -1;
	s->filter.also = f;
	return 0;
}

void
search_close(struct search *s)
{
	if (s == NULL)
		return;
	store_search_close(s->cur);
	free(s->ids);
	free(s->rejected);
	search_dtoks_free(&s->dt);
	text_toks_free(&s->pt);
	free(s->low);
	free(s->nd.v);
	search_like_free(s->like);
	search_relax_free(s->rx);
	free(s);
}

/* Checks decision id on its stored paragraphs: returns 1 when it
 * matches, 0, or -1. */
static int
check(long long id, void *arg)
{
	struct search *s = arg;
	struct store_doc doc;
	int rc = store_search_doc(s->st, id, &doc);

	s->checked++;
	if (rc <= 0)
		return rc;
	if (search_dtoks_reset(&s->dt, &doc) < 0)
		return -1;
	return search_eval(s->q->root, &doc, &s->dt, s->q->mask, 0);
}

/* Nonzero when id is one of the n ids of v, in rising order. */
static int
id_in(const long long *v, size_t n, long long id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (v[m] < id)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < n && v[lo] == id;
}

/* Nonzero when id is one of the matches that the ranked cursor of s
 * found its spans do not settle (they are in rowid order). */
static int
suspect(const struct search *s, long long id)
{
	const long long *v;
	size_t n = store_search_suspects(s->cur, &v);

	return id_in(v, n, id);
}

/* Keeps id when it passes the paragraph check; returns 0 or -1. */
static int
keep(struct search *s, long long id)
{
	/* search_counted_plan's cursor hands out checked results only. */
	if (s->q->needs_check && !search_counted_plan(s)) {
		int rc = 0;

		/* A phrase ranked: its cursor has read every match's break
		 * pairs already (store_search_open_ranked), so none is read
		 * again (that would cost a decision_break row a result). */
		if (s->q->pairable)
			rc = s->order == SEARCH_ORDER_RANK
				? !suspect(s, id)
				: store_search_clear(s->st, id, &s->q->spans);
		/* A suspect the count has checked is not checked again. */
		if (rc == 0 && s->q->pairable && s->rejected_known)
			rc = !id_in(s->rejected, s->nrejected, id);
		else if (rc == 0)
			rc = check(id, s);
		if (rc <= 0)
			return rc;
	}
	if (s->nids == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		long long *n = realloc(s->ids, cap * sizeof *n);

		if (n == NULL)
			return -1;
		s->ids = n;
		s->cap = cap;
	}
	s->ids[s->nids++] = id;
	return 0;
}

/* Reads results until there are want of them or no more; returns 0 or
 * -1. */
static int
fill(struct search *s, size_t want)
{
	const struct search_query *q = s->q;
	long long *run = NULL;
	size_t nrun = 0, runcap = 0;
	int rc = 0;

	if (s->like != NULL)
		return search_like_fill(s);
	if (s->cur == NULL && !s->done) {
		enum store_order order;

		if (search_plan(s, &order) < 0)
			return -1;
		/* Counted already (to plan), and none: nothing to read. */
		if (s->have_total && s->total == 0) {
			s->done = 1;
			return 0;
		}
		if (search_counted_plan(s)) {
			s->cur = store_search_open_counted(
				s->st, q->match, &s->filter,
				q->pairable ? &q->spans : NULL, check, s, &s->total);
			s->have_total = s->cur != NULL;
		} else if (order == STORE_ORDER_RANK && q->pairable)
			s->cur = store_search_open_ranked(s->st, q->match, &s->filter,
							  &q->spans);
		else
			s->cur = store_search_open(s->st, q->match, &s->filter, order);
		if (s->cur == NULL)
			return -1;
	}
	while (s->nids < want && !s->done) {
		long long id;
		double rank;

		if (s->have_next) {
			id = s->next_id;
			rank = s->next_rank;
			s->have_next = 0;
		} else if ((rc = store_search_next(s->cur, &id, &rank)) <= 0) {
			s->done = 1;
			break;
		}
		if (s->order != SEARCH_ORDER_RANK || q->match == NULL) {
			if (keep(s, id) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		/* Ranked: gather the run of equal rank, newest first. */
		nrun = 0;
		for (;;) {
			if (nrun == runcap) {
				size_t c = runcap ? runcap * 2 : 8;
				long long *r = realloc(run, c * sizeof *r);

				if (r == NULL) {
					rc = -1;
					goto out;
				}
				run = r;
				runcap = c;
			}
			run[nrun++] = id;
			rc = store_search_next(s->cur, &s->next_id, &s->next_rank);
			if (rc < 0)
				goto out;
			if (rc == 0) {
				s->done = 1;
				break;
			}
			if (s->next_rank != rank) {
				s->have_next = 1;
				break;
			}
			id = s->next_id;
		}
		if (store_search_sort_newest(s->st, run, nrun) < 0) {
			rc = -1;
			goto out;
		}
		for (size_t i = 0; i < nrun; i++) {
			if (keep(s, run[i]) < 0) {
				rc = -1;
				goto out;
			}
		}
		/* The run may end the results. */
		rc = 0;
	}
out:
	free(run);
	return rc < 0 ? -1 : 0;
}

int
search_fill(struct search *s, size_t want)
{
	return fill(s, want);
}

long
search_checked(const struct search *s)
{
	return s->checked;
}

int
search_count(struct search *s, long *n)
{
	struct search *r = search_relaxed(s);

	if (r != s)
		return r == NULL ? -1 : search_count(r, n);
	if (s->like != NULL && search_like_fill(s) < 0)
		return -1;
	if (!s->have_total) {
		if (!s->q->needs_check && s->q->match != NULL &&
		    s->order == SEARCH_ORDER_RANK) {
			/* A ranked cursor reads every match when opened. */
			if (fill(s, 0) < 0)
				return -1;
			s->total = s->cur ? store_search_total(s->cur) : -1;
			if (s->total < 0 &&
			    store_search_count(s->st, s->q->match, &s->filter,
					       &s->total) < 0)
				return -1;
		} else if (s->q->pairable && s->q->match != NULL &&
			   s->order == SEARCH_ORDER_RANK) {
			/* The ranked cursor's matches, less those where a phrase
			 * only straddles a paragraph break. */
			const long long *sus;
			size_t ns;

			if (fill(s, 0) < 0 || s->cur == NULL)
				return -1;
			s->total = store_search_total(s->cur);
			ns = store_search_suspects(s->cur, &sus);
			free(s->rejected);
			s->rejected = NULL;
			s->nrejected = 0;
			if (ns > 0 && (s->rejected = malloc(ns * sizeof *sus)) == NULL)
				return -1;
			for (size_t i = 0; i < ns; i++) {
				int rc = check(sus[i], s);

				if (rc < 0)
					return -1;
				if (rc == 0)
					s->rejected[s->nrejected++] = sus[i];
			}
			s->total -= (long)s->nrejected;
			s->rejected_known = 1;
		} else if (search_counted_plan(s)) {
			/* The cursor counts its results when opened. */
			if (fill(s, 0) < 0 || s->cur == NULL)
				return -1;
		} else if (!s->q->needs_check) {
			if (store_search_count(s->st, s->q->match, &s->filter,
					       &s->total) < 0)
				return -1;
		} else {
			if (fill(s, SIZE_MAX) < 0)
				return -1;
			s->total = (long)s->nids;
		}
		s->have_total = 1;
	}
	*n = s->total;
	return 0;
}

int
search_orgs(struct search *s, store_org_fn fn, void *arg)
{
	long n = 0;
	int few = 0;
	struct search *r = search_relaxed(s);

	if (r != s)
		return r == NULL ? -1 : search_orgs(r, fn, arg);
	if (s->like != NULL)
		return search_like_fill(s) < 0 ? -1
		       : store_orgs_of(s->st, s->ids, s->nids, fn, arg);
	/* FTS5's matches are the results unless they are checked again:
	 * then only the checked results count, read to their end once (the
	 * count, and later pages, reuse them). */
	if (!s->q->needs_check) {
		if (s->q->match != NULL && !store_filter_any(&s->filter) &&
		    (search_count(s, &n) < 0 || search_orgs_few(s, n, &few) < 0))
			return -1;
		return store_search_orgs(s->st, s->q->match, &s->filter, few,
					 NULL, 0, fn, arg);
	}
	/* Newest first in one counted pass: its cursor holds the set of
	 * the results, checked, so they need not all be read in date order
	 * and grouped by id. */
	if (search_counted_plan(s)) {
		if (fill(s, 0) < 0 || s->cur == NULL)
			return -1;
		return store_search_cursor_orgs(s->cur, fn, arg);
	}
	/* A phrase ranked: the results are FTS5's matches less the suspects
	 * the count's check refused, which need not be read in order (in
	 * rank order, most of the time goes to the dates that order the
	 * runs of equal rank); with none refused, few are looked up one by
	 * one as above. */
	if (s->q->pairable && s->order == SEARCH_ORDER_RANK) {
		if (search_count(s, &n) < 0 ||
		    (s->nrejected == 0 && search_orgs_few(s, n, &few) < 0))
			return -1;
		if (s->rejected_known)
			return store_search_orgs(s->st, s->q->match, &s->filter,
						 few, s->rejected, s->nrejected,
						 fn, arg);
	}
	if (fill(s, SIZE_MAX) < 0)
		return -1;
	s->total = (long)s->nids;
	s->have_total = 1;
	return store_orgs_of(s->st, s->ids, s->nids, fn, arg);
}

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void
search_results_free(struct search_result *res, long n)
{
	if (res == NULL)
		return;
	for (long i = 0; i < n; i++) {
		free(res[i].organisation);
		free(res[i].date);
		free(res[i].outcome);
		free(res[i].text);
		free(res[i].hits);
		free(res[i].snippet);
		free(res[i].shared);
	}
	free(res);
}

/* Nonzero when paragraph text[0..len) may hold a hit of s's query:
 * always unless it is ASCII and holds none of the needles. */
static int
may_hit(struct search *s, const char *text, size_t len)
{
	struct search_needles *nd = &s->nd;

	if (!nd->built) {
		if (search_needles_add(nd, s->q->root) < 0)
			nd->any = 1;
		nd->built = 1;
	}
	if (nd->any)
		return 1;
	if (len + 1 > s->lowcap) {
		char *b = realloc(s->low, len + 1);

		if (b == NULL)
			return 1;
		s->low = b;
		s->lowcap = len + 1;
	}
	if (!text_fold_ascii(text, len, s->low))
		return 1;
	for (size_t i = 0; i < nd->n; i++)
		if (memmem(s->low, len, nd->v[i].s, nd->v[i].len) != NULL)
			return 1;
	return 0;
}

/* How much a hit in a paragraph of section kind counts in choosing the
 * best paragraph: its section's weight in ranking, a stock section's
 * (weight 0) a little, so that it is shown only where nothing else
 * is. */
static double
kind_weight(const struct search *s, enum decision_kind kind)
{
	double w = store_kind_weight(s->st, kind);

	return w < 0.01 ? 0.01 : w;
}

/* Fills r for decision id: its best paragraph, hits and snippet. */
static int
result_fill(struct search *s, long long id, struct search_result *r)
{
	struct store_doc doc;
	long best = -1;
	double besthits = -1;
	struct search_hit *h = NULL;
	long nh = 0;
	int rc = store_search_doc(s->st, id, &doc);

	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	/* Each paragraph that may have a hit is tokenized alone (hit
	 * offsets are then the paragraph's own); the best is the one with
	 * the most hits, each counted at its section's weight in ranking (a
	 * stock section's barely: store_kind_weight), the first on a tie. */
	for (size_t p = 0; p < doc.npara; p++) {
		const struct store_para *para = &doc.paras[p];
		struct search_hit *ph = NULL;
		long n = 0;

		if (para->n < 0)
			continue;
		if (s->q->root == NULL) {
			/* Filters alone: no hit anywhere. */
			best = (long)p;
			break;
		}
		if (may_hit(s, para->text, para->len)) {
			s->pt.n = 0;
			s->pt.flen = 0;
			n = text_toks_add(&s->pt, para->text, para->len) < 0
				    ? -1
				    : search_hits_in(s->q, &s->pt, 0, s->pt.n,
					      (int)para->kind, &ph);
		}
		if (n < 0) {
			free(h);
			return -1;
		}
		if (n > 0 && (double)n * kind_weight(s, para->kind) > besthits) {
			free(h);
			h = ph;
			nh = n;
			best = (long)p;
			besthits = (double)n * kind_weight(s, para->kind);
		} else if (n == 0 && besthits < 0) {
			free(h);
			h = ph;
			nh = 0;
			best = (long)p;
			besthits = 0;
		} else {
			free(ph);
		}
	}
	snprintf(r->ref, sizeof r->ref, "%s", doc.ref);
	r->organisation = dup_or_null(doc.organisation);
	r->date = dup_or_null(doc.date);
	r->outcome = dup_or_null(doc.outcome);
	if ((r->cut_off = store_cut_off(s->st, id)) < 0) {
		free(h);
		return -1;
	}
	r->paragraph = 0;
	r->kind = DECISION_KIND_SUMMARY;
	if (best >= 0) {
		const struct store_para *p = &doc.paras[best];

		r->paragraph = p->n;
		r->kind = p->kind;
		r->text = strndup(p->text, p->len);
		/* Token offsets are relative to the paragraph already. */
		r->hits = h;
		r->nhits = nh;
		h = NULL;
		if (r->text != NULL)
			r->snippet = search_snippet(p->text, p->len, r->hits,
						    r->nhits, "[", "]", 200);
	} else {
		r->text = strdup("");
		r->snippet = strdup("");
	}
	free(h);
	if (r->text == NULL || r->snippet == NULL ||
	    (doc.organisation && !r->organisation) || (doc.date && !r->date) ||
	    (doc.outcome && !r->outcome))
		return -1;
	return 1;
}

long
search_page(struct search *s, long offset, long limit,
	    struct search_result **res)
{
	struct search_result *r;
	struct search *rs = search_relaxed(s);
	long n = 0;

	*res = NULL;
	if (rs != s)
		return rs == NULL ? -1 : search_page(rs, offset, limit, res);
	if (offset < 0)
		offset = 0;
	if (limit < 0)
		limit = LONG_MAX - offset;
	if (fill(s, (size_t)offset + (size_t)limit) < 0)
		return -1;
	if ((size_t)offset >= s->nids)
		return 0;
	if ((size_t)limit > s->nids - (size_t)offset)
		limit = (long)(s->nids - (size_t)offset);
	if ((r = calloc((size_t)limit ? (size_t)limit : 1, sizeof *r)) == NULL)
		return -1;
	for (long i = 0; i < limit; i++) {
		int rc = result_fill(s, s->ids[offset + i], &r[n]);

		if (rc > 0 && s->like != NULL &&
		    search_like_shared(s, (size_t)offset + (size_t)i, &r[n]) < 0)
			rc = -1;
		if (rc < 0) {
			search_results_free(r, n + 1);
			return -1;
		}
		if (rc > 0)
			n++;
	}
	*res = r;
	return n;
}
