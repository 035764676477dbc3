/* search_fts: a query tree as FTS5 MATCH expressions.  Every word of
 * the user is quoted as an FTS5 string, so no user text is ever read as
 * FTS5 syntax.  Writes the strict MATCH and the loose one (phrases asked
 * as their words), numbers FTS5's phrases as it writes them, and derives
 * what the store needs to settle phrases and NEAR groups that FTS5 may
 * find across a paragraph break (struct store_spans). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"
#include "text_token.h"

/* ---- what the store settles ------------------------------------------ */

/* Nonzero when n holds a phrase, a word of several tokens, or NEAR: what
 * FTS5 may find across two paragraphs. */
static int
has_span(const struct node *n)
{
	if (n->type == N_NEAR || (n->type == N_TERM && n->tok.n > 1))
		return 1;
	for (size_t i = 0; i < n->nkid; i++)
		if (has_span(n->kid[i]))
			return 1;
	return 0;
}

/* Adds the hashes of the neighbouring words of every phrase under n to
 * q->pairs, and each NEAR group to q->near; returns 0 when they settle
 * where FTS5's phrases and NEAR groups may straddle a paragraph break, 1
 * when they do not (a NEAR group that results need not hold — under OR
 * or left out, all when conj is 0 —, a left-out phrase, a phrase ending
 * in a prefix), -1 when out of memory. */
static int
add_pairs(struct search_query *q, const struct node *n, int conj)
{
	int r;

	if (n->type == N_NEAR) {
		struct store_near *g;

		if (!conj || n->phrase < 0)
			return 1;
		if ((g = realloc(q->near, (q->nnear + 1) * sizeof *g)) == NULL)
			return -1;
		q->near = g;
		q->near[q->nnear++] = (struct store_near){
			.phrase = n->phrase, .nphrase = (int)n->nkid,
			.dist = n->near, .mask = q->mask,
		};
		return 0;
	}
	if (n->type == N_NOT && has_span(n))
		return 1;
	if (n->type == N_TERM && n->tok.n > 1) {
		const struct text_toks *t = &n->tok;
		uint32_t *p;

		if (n->prefix)
			return 1;
		p = realloc(q->pairs, (q->npairs + t->n - 1) * sizeof *p);
		if (p == NULL)
			return -1;
		q->pairs = p;
		for (size_t j = 0; j + 1 < t->n; j++)
			q->pairs[q->npairs++] =
				text_pair_hash(t->fold + t->fo[j], t->fl[j],
					       t->fold + t->fo[j + 1], t->fl[j + 1]);
	}
	for (size_t i = 0; i < n->nkid; i++)
		if ((r = add_pairs(q, n->kid[i], conj && n->type == N_AND)) != 0)
			return r;
	return 0;
}

/* How many NEAR groups n holds. */
static size_t
count_near(const struct node *n)
{
	size_t k = n->type == N_NEAR;

	for (size_t i = 0; i < n->nkid; i++)
		k += count_near(n->kid[i]);
	return k;
}

/* Nonzero when each word of term n (one at least) is written in ASCII
 * letters and digits only: folded, ß becomes ss and ﬁ fi, which FTS5
 * does not do. */
static int
ascii_words(const struct node *n)
{
	const struct text_toks *t = &n->tok;

	for (size_t i = 0; i < t->n; i++) {
		if (t->end[i] <= t->start[i])
			return 0;
		for (size_t j = t->start[i]; j < t->end[i]; j++) {
			unsigned char c = (unsigned char)n->raw[j];

			if (c >= 128 || !text_ascii_word[c])
				return 0;
		}
	}
	return t->n > 0;
}

/* Nonzero when FTS5 may be asked for phrase n as its words: not a
 * prefix, 2 to STORE_ADJ_MAX words, each of ASCII letters and digits
 * only, which FTS5 reads as one word as search does; or for NEAR group
 * n as its phrases ANDed, each of such words (FTS5 drops a phrase it
 * reads as no word from NEAR, and would match nothing for it ANDed). */
static int
loosable(const struct node *n)
{
	if (n->type == N_NEAR) {
		for (size_t i = 0; i < n->nkid; i++)
			if (n->kid[i]->type != N_TERM || n->kid[i]->prefix ||
			    !ascii_words(n->kid[i]))
				return 0;
		return 1;
	}
	return n->type == N_TERM && !n->prefix && n->tok.n >= 2 &&
	       n->tok.n <= STORE_ADJ_MAX && ascii_words(n);
}

/* Marks the phrases and NEAR groups of root that every result holds
 * (root itself, or one of the terms ANDed at its top) and that loosable
 * allows.  Returns how many, or 0 when some NEAR group is not among
 * them (the loose MATCH would still number it as match does). */
static size_t
mark_loose(struct node *root)
{
	size_t n = 0, nnear = 0;

	if (root->type != N_AND) {
		n = (size_t)(root->loose = loosable(root));
		nnear = n && root->type == N_NEAR;
	} else {
		for (size_t i = 0; i < root->nkid; i++) {
			struct node *k = root->kid[i];

			n += (size_t)(k->loose = loosable(k));
			nnear += k->loose && k->type == N_NEAR;
		}
	}
	return nnear == count_near(root) ? n : 0;
}

/* Sets the loose MATCH's number of the first phrase of each NEAR group
 * of q, in the order add_pairs listed them (*k: the next). */
static void
near_lphrase(struct search_query *q, const struct node *n, size_t *k)
{
	if (n->type == N_NEAR && *k < q->nnear)
		q->near[(*k)++].lphrase = n->lphrase;
	for (size_t i = 0; i < n->nkid; i++)
		near_lphrase(q, n->kid[i], k);
}

/* ---- the FTS5 expression ------------------------------------------------ */

/* Notes one more FTS5 string, of n words. */
static void
phrase_add(struct search_buf *b, int n)
{
	if ((size_t)b->nphrase == b->pcap) {
		size_t cap = b->pcap ? b->pcap * 2 : 8;
		int *v = realloc(b->psize, cap * sizeof *v);

		if (v == NULL) {
			b->oom = 1;
			return;
		}
		b->psize = v;
		b->pcap = cap;
	}
	b->psize[b->nphrase++] = n;
}

/* The user's words as one FTS5 string: "…" with '"' doubled; a stemmed
 * word as the words of its stem ORed, each one string, in two pairs of
 * parentheses, which nothing else writes: a query of that alone is one
 * stem, which the store ranks as one phrase (store_match_expand). */
static void
emit_string(struct search_buf *b, const struct node *t)
{
	if (t->nforms > 0) {
		search_buf_str(b, "((");
		for (size_t i = 0; i < t->nforms; i++) {
			if (i)
				search_buf_str(b, " OR ");
			search_buf_str(b, "\"");
			for (const char *s = t->forms[i]; *s; s++)
				search_buf_put(b, s, 1 + (*s == '"'));
			search_buf_str(b, "\"");
			phrase_add(b, 1);
		}
		search_buf_str(b, "))");
		return;
	}
	search_buf_put(b, "\"", 1);
	for (const char *s = t->raw; *s; s++)
		search_buf_put(b, s, 1 + (*s == '"'));
	search_buf_put(b, "\"", 1);
	if (t->prefix)
		search_buf_str(b, " *");
	phrase_add(b, (int)t->tok.n);
}

/* "{summary findings} : " for the sections of in:. */
static void
emit_columns(struct search_buf *b, unsigned mask)
{
	search_buf_str(b, "{");
	for (int k = 0, first = 1; k < DECISION_KIND_COUNT; k++) {
		if (!(mask & (1u << k)))
			continue;
		if (!first)
			search_buf_str(b, " ");
		search_buf_str(b, decision_kind_name((enum decision_kind)k));
		first = 0;
	}
	search_buf_str(b, "} : ");
}

/* Before the i-th term of an AND in the loose MATCH: " AND " (after the
 * first) and the sections of mask. */
static void
emit_and(struct search_buf *b, size_t i, unsigned mask)
{
	if (i)
		search_buf_str(b, " AND ");
	if (mask)
		emit_columns(b, mask);
}

/* Phrase t (loosable) as its words, "a" AND "b" …, each one an FTS5
 * string (in the sections of mask), and noted in b->adj. */
static void
emit_loose(struct search_buf *b, const struct node *t, unsigned mask)
{
	const struct text_toks *w = &t->tok;

	if (b->nadj == b->adjcap) {
		size_t cap = b->adjcap ? b->adjcap * 2 : 4;
		struct store_adj *v = realloc(b->adj, cap * sizeof *v);

		if (v == NULL) {
			b->oom = 1;
			return;
		}
		b->adj = v;
		b->adjcap = cap;
	}
	b->adj[b->nadj++] = (struct store_adj){
		.phrase = b->nphrase, .n = (int)w->n,
	};
	search_buf_str(b, "(");
	for (size_t i = 0; i < w->n; i++) {
		emit_and(b, i, mask);
		search_buf_str(b, "\"");
		search_buf_put(b, t->raw + w->start[i], w->end[i] - w->start[i]);
		search_buf_str(b, "\"");
		phrase_add(b, 1);
	}
	search_buf_str(b, ")");
}

/* Writes n as FTS5; inside a negation the sections of in: do not apply
 * (a left-out word is left out wherever it is), and a negated phrase or
 * NEAR is left to the paragraph check (FTS5 would drop decisions where it
 * only straddles two paragraphs). */
static void
emit(struct search_buf *b, struct node *n, unsigned mask, int neg)
{
	size_t npos = 0;

	switch (n->type) {
	case N_TERM:
		if (b->loose && n->loose && !neg) {
			emit_loose(b, n, mask);
			break;
		}
		if (!neg && mask)
			emit_columns(b, mask);
		emit_string(b, n);
		break;
	case N_NEAR:
		if (b->loose && n->loose && !neg) {
			/* Its phrases ANDed, each in the sections of in:. */
			n->lphrase = b->nphrase;
			search_buf_str(b, "(");
			for (size_t i = 0; i < n->nkid; i++) {
				emit_and(b, i, mask);
				emit_string(b, n->kid[i]);
			}
			search_buf_str(b, ")");
			break;
		}
		if (!neg && mask)
			emit_columns(b, mask);
		search_buf_str(b, "NEAR(");
		n->phrase = b->nphrase;
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				search_buf_str(b, " ");
			emit_string(b, n->kid[i]);
		}
		{
			char num[24];

			snprintf(num, sizeof num, ", %d)", n->near);
			search_buf_str(b, num);
		}
		break;
	case N_OR:
		search_buf_str(b, "(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (i)
				search_buf_str(b, " OR ");
			emit(b, n->kid[i], mask, neg);
		}
		search_buf_str(b, ")");
		break;
	case N_AND: {
		size_t nneg = 0;

		for (size_t i = 0; i < n->nkid; i++)
			if (n->kid[i]->type == N_NOT && !has_span(n->kid[i]))
				nneg++;
		for (size_t i = 0; i < nneg; i++)
			search_buf_str(b, "(");
		search_buf_str(b, "(");
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type == N_NOT)
				continue;
			if (npos++)
				search_buf_str(b, " AND ");
			emit(b, n->kid[i], mask, neg);
		}
		search_buf_str(b, ")");
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type != N_NOT || has_span(n->kid[i]))
				continue;
			search_buf_str(b, " NOT ");
			emit(b, n->kid[i]->kid[0], mask, !neg);
			search_buf_str(b, ")");
		}
		break;
	}
	default:
		break;
	}
}

/* Writes the FTS5 MATCH of q (and the loose one, when the store may ask
 * its phrases as their words) and what the store needs to settle its
 * phrases and NEAR groups (q->spans); returns 0, or -1 with err set. */
int
search_fts_build(struct search_query *q, struct search_error *err)
{
	if (q->root != NULL) {
		struct search_buf b = {0};

		emit(&b, q->root, q->mask, 0);
		q->psize = b.psize;
		q->nphrase = b.nphrase;
		if (b.oom) {
			free(b.s);
			snprintf(err->msg, sizeof err->msg, "out of memory");
			err->column = 0;
			return -1;
		}
		q->match = b.s;
		q->needs_check = has_span(q->root);
		if (q->needs_check) {
			int r = add_pairs(q, q->root, 1);

			if (r < 0) {
				snprintf(err->msg, sizeof err->msg, "out of memory");
				err->column = 0;
				return -1;
			}
			q->pairable = r == 0;
			/* The loose MATCH, for a count newest first. */
			if (q->pairable && mark_loose(q->root) > 0) {
				struct search_buf lb = { .loose = 1 };
				size_t k = 0;

				emit(&lb, q->root, q->mask, 0);
				near_lphrase(q, q->root, &k);
				q->lpsize = lb.psize;
				q->loose = lb.s;
				q->nloose = lb.nphrase;
				q->adj = lb.adj;
				q->nadj = lb.nadj;
				if (lb.oom) {
					snprintf(err->msg, sizeof err->msg,
						 "out of memory");
					err->column = 0;
					return -1;
				}
			}
			q->spans = (struct store_spans){
				.pairs = q->pairs, .npairs = q->npairs,
				.near = q->near, .nnear = q->nnear,
				.psize = q->psize, .nphrase = q->nphrase,
				.loose = q->loose, .nloose = q->nloose,
				.lpsize = q->lpsize,
				.adj = q->adj, .nadj = q->nadj,
			};
		}
	}
	return 0;
}

/* Clears the loose marks under n (mark_loose sets them again). */
static void
unmark_loose(struct node *n)
{
	n->loose = 0;
	for (size_t i = 0; i < n->nkid; i++)
		unmark_loose(n->kid[i]);
}

void
search_fts_free(struct search_query *q)
{
	free(q->match);
	free(q->pairs);
	free(q->near);
	free(q->psize);
	free(q->loose);
	free(q->lpsize);
	free(q->adj);
	q->match = q->loose = NULL;
	q->pairs = NULL;
	q->near = NULL;
	q->psize = q->lpsize = NULL;
	q->adj = NULL;
	q->npairs = q->nnear = q->nadj = 0;
	q->nphrase = q->nloose = 0;
	q->needs_check = q->pairable = 0;
	memset(&q->spans, 0, sizeof q->spans);
}

int
search_fts_rebuild(struct search_query *q, struct search_error *err)
{
	search_fts_free(q);
	if (q->root != NULL)
		unmark_loose(q->root);
	return search_fts_build(q, err);
}
