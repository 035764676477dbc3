/* search_match: a query evaluated on stored text.  FTS5 indexes one row
 * per decision, so a phrase or NEAR it finds may straddle two
 * paragraphs: such matches are checked again here, paragraph by
 * paragraph, with the words of text_token.h.  The same words give the
 * byte ranges of hits, the snippet, and the needles that let a paragraph
 * of ASCII text be passed over without being tokenized. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"
#include "text_token.h"

/* ---- matching the stored text ------------------------------------------ */

/* Nonzero when token i of d has the stem of stemmed word t: it begins
 * with t's needle (as every word of that stem does) and stems alike. */
static int
stem_at(const struct node *t, const struct text_toks *d, size_t i)
{
	const char *s = d->fold + d->fo[i];
	size_t dl = d->fl[i], sl;
	char buf[TEXT_STEM_MAX];

	if (dl < t->needle ||
	    memcmp(s, t->tok.fold + t->tok.fo[0], t->needle) != 0)
		return 0;
	if ((sl = text_stem(s, dl, buf)) == 0)
		return dl == t->stemlen && memcmp(s, t->stem, dl) == 0;
	return sl == t->stemlen && memcmp(buf, t->stem, sl) == 0;
}

/* Nonzero when term t matches the tokens of d from token i (before end). */
static int
term_at(const struct node *t, const struct text_toks *d, size_t i,
	size_t end)
{
	const struct text_toks *w = &t->tok;

	if (i + w->n > end)
		return 0;
	if (t->stem != NULL)
		return stem_at(t, d, i);
	for (size_t j = 0; j < w->n; j++) {
		size_t dl = d->fl[i + j], wl = w->fl[j];
		int last = j + 1 == w->n;

		if (last && t->prefix ? dl < wl : dl != wl)
			return 0;
		if (memcmp(d->fold + d->fo[i + j], w->fold + w->fo[j], wl) != 0)
			return 0;
	}
	return 1;
}

/* Nonzero when the NEAR group n matches within tokens [first, end) of d:
 * at most n->near tokens between its terms, as FTS5 counts them. */
static int
near_in(const struct node *n, const struct text_toks *d, size_t first,
	size_t end)
{
	size_t sumlen = 0;

	for (size_t k = 0; k < n->nkid; k++)
		sumlen += n->kid[k]->tok.n;
	for (size_t a = 0; a < n->nkid; a++) {
		const struct node *ta = n->kid[a];

		for (size_t i = first; i < end; i++) {
			size_t maxend;
			int all = 1;

			if (!term_at(ta, d, i, end))
				continue;
			/* i is the leftmost start: take each other term's
			 * first match at or after i. */
			maxend = i + ta->tok.n;
			for (size_t b = 0; b < n->nkid && all; b++) {
				size_t j;

				if (b == a)
					continue;
				for (j = i; j < end; j++)
					if (term_at(n->kid[b], d, j, end))
						break;
				if (j == end) {
					all = 0;
					break;
				}
				if (j + n->kid[b]->tok.n > maxend)
					maxend = j + n->kid[b]->tok.n;
			}
			if (all && maxend - i <= sumlen + (size_t)n->near)
				return 1;
			if (!all)
				break;
		}
	}
	return 0;
}

void
search_dtoks_free(struct search_dtoks *dt)
{
	text_toks_free(&dt->t);
	free(dt->p);
	free(dt->low);
}

/* Starts dt on doc; returns 0 or -1. */
int
search_dtoks_reset(struct search_dtoks *dt, const struct store_doc *doc)
{
	dt->t.n = 0;
	dt->t.flen = 0;
	dt->lowlen = 0;
	if (doc->npara > dt->cap) {
		struct dpara *p = realloc(dt->p, doc->npara * sizeof *p);

		if (p == NULL)
			return -1;
		dt->p = p;
		dt->cap = doc->npara;
	}
	for (size_t i = 0; i < doc->npara; i++) {
		dt->p[i].made = 0;
		dt->p[i].ascii = -1;
	}
	return 0;
}

/* Tokenizes paragraph p of doc unless it is; returns 0 or -1.  Offsets
 * are relative to the paragraph's own text. */
static int
dtoks_ensure(struct search_dtoks *dt, const struct store_doc *doc, size_t p)
{
	const struct store_para *para = &doc->paras[p];

	if (dt->p[p].made)
		return 0;
	dt->p[p].first = dt->t.n;
	if (text_toks_add(&dt->t, para->text, para->len) < 0)
		return -1;
	dt->p[p].end = dt->t.n;
	dt->p[p].made = 1;
	return 0;
}

/* Nonzero when paragraph p of doc is ASCII text and lacks the first token of
 * term t (an ASCII token folds to its lower case, so it cannot match
 * there); 0 when it may hold it, or when that cannot be told. */
static int
ascii_lacks(struct search_dtoks *dt, const struct store_doc *doc, size_t p,
	    const struct node *t)
{
	const struct store_para *para = &doc->paras[p];
	struct dpara *dp = &dt->p[p];

	if (t->tok.n == 0)
		return 0;
	if (para->len == 0)
		return 1;       /* no token at all */
	if (dp->ascii < 0) {
		dp->ascii = 0;
		if (dt->lowlen + para->len > dt->lowcap) {
			size_t cap = dt->lowcap ? dt->lowcap : 4096;
			char *b;

			while (dt->lowlen + para->len > cap)
				cap *= 2;
			if ((b = realloc(dt->low, cap)) == NULL)
				return 0;
			dt->low = b;
			dt->lowcap = cap;
		}
		if (!text_fold_ascii(para->text, para->len, dt->low + dt->lowlen))
			return 0;
		dp->lowat = dt->lowlen;
		dt->lowlen += para->len;
		dp->ascii = 1;
	}
	if (!dp->ascii)
		return 0;
	return memmem(dt->low + dp->lowat, para->len, t->tok.fold + t->tok.fo[0],
		      t->stem != NULL ? t->needle : t->tok.fl[0]) == NULL;
}

/* Nonzero when paragraph p surely has no match of n (a term or NEAR):
 * ASCII text lacking one of the words it needs. */
static int
para_lacks(struct search_dtoks *dt, const struct store_doc *doc, size_t p,
	   const struct node *n)
{
	if (n->type == N_TERM)
		return ascii_lacks(dt, doc, p, n);
	for (size_t k = 0; k < n->nkid; k++)
		if (ascii_lacks(dt, doc, p, n->kid[k]))
			return 1;
	return 0;
}

/* Nonzero when section kind (DECISION_KIND_COUNT: a heading line) is
 * searched by a word under mask. */
static int
kind_in(unsigned mask, int kind)
{
	return mask == 0 || (kind < DECISION_KIND_COUNT && (mask & (1u << kind)));
}

/* Evaluates n on the decision, phrases and NEAR within one paragraph;
 * returns 1, 0, or -1 when out of memory. */
int
search_eval(const struct node *n, const struct store_doc *doc,
	    struct search_dtoks *dt, unsigned mask, int neg)
{
	int r;

	switch (n->type) {
	case N_TERM:
	case N_NEAR:
		for (size_t p = 0; p < doc->npara; p++) {
			size_t a, e;

			if (!kind_in(neg ? 0 : mask, (int)doc->paras[p].kind) ||
			    para_lacks(dt, doc, p, n))
				continue;
			if (dtoks_ensure(dt, doc, p) < 0)
				return -1;
			a = dt->p[p].first;
			e = dt->p[p].end;
			if (n->type == N_NEAR) {
				if (near_in(n, &dt->t, a, e))
					return 1;
				continue;
			}
			for (size_t i = a; i < e; i++)
				if (term_at(n, &dt->t, i, e))
					return 1;
		}
		return 0;
	case N_AND:
		for (size_t i = 0; i < n->nkid; i++)
			if ((r = search_eval(n->kid[i], doc, dt, mask, neg)) <= 0)
				return r;
		return 1;
	case N_OR:
		for (size_t i = 0; i < n->nkid; i++)
			if ((r = search_eval(n->kid[i], doc, dt, mask, neg)) != 0)
				return r;
		return 0;
	case N_NOT:
		if ((r = search_eval(n->kid[0], doc, dt, mask, !neg)) < 0)
			return r;
		return !r;
	default:
		return 1;
	}
}

/* Adds a hit; returns 0 or -1. */
static int
hit_add(struct search_hit **h, long *n, long *cap, size_t s, size_t e)
{
	if (*n == *cap) {
		long c = *cap ? *cap * 2 : 16;
		struct search_hit *nh = realloc(*h, (size_t)c * sizeof *nh);

		if (nh == NULL)
			return -1;
		*h = nh;
		*cap = c;
	}
	(*h)[*n].start = s;
	(*h)[*n].end = e;
	(*n)++;
	return 0;
}

/* Adds the hits of every word of n (not those left out) that looks in
 * kind, within tokens [a, e) of t. */
static int
collect(const struct node *n, const struct text_toks *t, size_t a, size_t e,
	int kind, unsigned mask, struct search_hit **h, long *nh, long *cap)
{
	switch (n->type) {
	case N_TERM:
		if (!kind_in(mask, kind))
			return 0;
		for (size_t i = a; i < e; i++)
			if (term_at(n, t, i, e) &&
			    hit_add(h, nh, cap, t->start[i],
				    t->end[i + n->tok.n - 1]) < 0)
				return -1;
		return 0;
	case N_NOT:
		return 0;
	default:
		for (size_t i = 0; i < n->nkid; i++)
			if (collect(n->kid[i], t, a, e, kind, mask, h, nh, cap) < 0)
				return -1;
		return 0;
	}
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

/* Hits of q in tokens [a, e) of t (a paragraph of kind), sorted and
 * merged; returns their number or -1. */
long
search_hits_in(const struct search_query *q, const struct text_toks *t,
	       size_t a, size_t e, int kind, struct search_hit **hits)
{
	struct search_hit *h = NULL;
	long n = 0, cap = 0, m = 0;

	*hits = NULL;
	if (q->root == NULL)
		return 0;
	if (collect(q->root, t, a, e, kind, q->mask == ALL_KINDS ? 0 : q->mask,
		    &h, &n, &cap) < 0) {
		free(h);
		return -1;
	}
	if (n == 0)
		return 0;
	qsort(h, (size_t)n, sizeof *h, hit_cmp);
	for (long i = 1; i < n; i++) {
		if (h[i].start < h[m].end) {
			if (h[i].end > h[m].end)
				h[m].end = h[i].end;
		} else {
			h[++m] = h[i];
		}
	}
	*hits = h;
	return m + 1;
}

long
search_hits(const struct search_query *q, enum decision_kind kind,
	    const char *text, size_t len, struct search_hit **hits)
{
	struct text_toks t = {0};
	long n;

	*hits = NULL;
	if (text_toks_add(&t, text, len) < 0) {
		text_toks_free(&t);
		return -1;
	}
	n = search_hits_in(q, &t, 0, t.n, (int)kind, hits);
	text_toks_free(&t);
	return n;
}

char *
search_snippet(const char *text, size_t len, const struct search_hit *hits,
	       long nhits, const char *open, const char *close, size_t width)
{
	struct search_buf b = {0};
	size_t start = 0, end = len;

	if (nhits > 0 && hits[0].start > width / 4) {
		start = hits[0].start - width / 4;
		while (start > 0 && ((unsigned char)text[start] & 0xc0) == 0x80)
			start--;
		/* Begin at a word. */
		for (size_t i = start; i < hits[0].start; i++) {
			if (text[i] == ' ' || text[i] == '\n') {
				start = i + 1;
				break;
			}
		}
	}
	if (len - start > width) {
		size_t cut = start + width;

		while (cut > start && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--;
		end = cut;
		for (size_t i = cut; i > start + width / 2; i--) {
			if (text[i] == ' ' || text[i] == '\n') {
				end = i;
				break;
			}
		}
		/* Never cut a hit in two. */
		for (long h = 0; h < nhits; h++)
			if (hits[h].start < end && hits[h].end > end)
				end = hits[h].end;
	}
	if (start > 0)
		search_buf_str(&b, "…");
	{
		long h = 0;
		size_t i = start;

		while (h < nhits && hits[h].end <= start)
			h++;
		while (i < end) {
			if (h < nhits && hits[h].start <= i && i < hits[h].end) {
				size_t e = hits[h].end < end ? hits[h].end : end;

				search_buf_str(&b, open);
				for (; i < e; i++)
					search_buf_put(&b, text[i] == '\n' ? " " : text + i, 1);
				search_buf_str(&b, close);
				h++;
				continue;
			}
			search_buf_put(&b, text[i] == '\n' ? " " : text + i, 1);
			i++;
		}
	}
	if (end < len)
		search_buf_str(&b, "…");
	if (b.s == NULL && !b.oom)
		search_buf_put(&b, "", 0);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- what a paragraph must hold to have a hit ---------------------------- */

/* Adds the needles of the terms under n; returns 0 or -1. */
int
search_needles_add(struct search_needles *nd, const struct node *n)
{
	if (n->type == N_NOT)
		return 0;
	if (n->type == N_TERM) {
		if (n->tok.n == 0) {
			nd->any = 1;
			return 0;
		}
		if (nd->n == nd->cap) {
			size_t cap = nd->cap ? nd->cap * 2 : 8;
			struct needle *v = realloc(nd->v, cap * sizeof *v);

			if (v == NULL)
				return -1;
			nd->v = v;
			nd->cap = cap;
		}
		if (n->stem != NULL && n->needle == 0) {
			nd->any = 1;
			return 0;
		}
		nd->v[nd->n].s = n->tok.fold + n->tok.fo[0];
		nd->v[nd->n].len = n->stem != NULL ? n->needle : n->tok.fl[0];
		nd->n++;
		return 0;
	}
	for (size_t i = 0; i < n->nkid; i++)
		if (search_needles_add(nd, n->kid[i]) < 0)
			return -1;
	return 0;
}

