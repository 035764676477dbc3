/* vocab: the words FTS5 indexes (see store_vocab.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_vocab.h"

/* A word noted: its bytes in the arena, and its hash. */
struct word {
	uint32_t off;
	uint32_t len;
	uint32_t hash;
};

struct vocab {
	/* FTS5's own unicode61, which the noting tokenizer hands on to,
	 * and an instance of it for vocab_fold_prefix (made when first
	 * needed). */
	fts5_tokenizer inner;
	void *inner_ud;
	Fts5Tokenizer *fold;
	char **args;
	int nargs;
	/* The words noted: open addressing over words (slot 0: empty,
	 * else the word's hash in the high half and its index + 1 in the
	 * low), their bytes in arena. */
	uint64_t *slot;
	size_t nslot;
	struct word *word;
	size_t nword, wordcap;
	/* word[0, nstored) are in the store's vocab already (committed):
	 * the words of one import are written once, not at each commit. */
	size_t nstored;
	char *arena;
	size_t alen, acap;
	int failed;
};

/* The noting tokenizer: FTS5's instance of unicode61 and our vocab. */
struct noting {
	Fts5Tokenizer *inner;
	struct vocab *v;
};

/* What a document's words pass through on their way to FTS5. */
struct relay {
	struct vocab *v;
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static uint32_t
word_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Makes the table n slots (a power of two) over the words; returns 0 or
 * -1. */
static int
rehash(struct vocab *v, size_t n)
{
	uint64_t *s = calloc(n, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < v->nword; i++) {
		size_t k = v->word[i].hash & (n - 1);

		while (s[k] != 0)
			k = (k + 1) & (n - 1);
		s[k] = (uint64_t)v->word[i].hash << 32 | (uint32_t)(i + 1);
	}
	free(v->slot);
	v->slot = s;
	v->nslot = n;
	return 0;
}

/* Nonzero when the n bytes at a and b are the same: words are short,
 * and a loop costs less than a call to memcmp. */
static int
same(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Notes word [s, s+n) once; returns 0 or -1 (out of memory).  Every
 * token of a document passes here (730 a decision): most are words
 * already noted, found by their hash and one comparison. */
static int
note(struct vocab *v, const char *s, size_t n)
{
	uint32_t h = word_hash(s, n);
	size_t k;

	if (v->nword * 2 >= v->nslot &&
	    rehash(v, v->nslot ? v->nslot * 2 : 4096) < 0)
		return -1;
	for (k = h & (v->nslot - 1); v->slot[k] != 0; k = (k + 1) & (v->nslot - 1)) {
		uint64_t e = v->slot[k];
		const struct word *w;

		if ((uint32_t)(e >> 32) != h)
			continue;
		w = &v->word[(uint32_t)e - 1];
		if (w->len == n && same(v->arena + w->off, s, n))
			return 0;
	}
	if (n > UINT32_MAX / 2 || v->alen + n > UINT32_MAX)
		return -1;
	if (v->alen + n > v->acap) {
		size_t c = v->acap ? v->acap * 2 : 65536;
		char *a;

		while (c < v->alen + n)
			c *= 2;
		if ((a = realloc(v->arena, c)) == NULL)
			return -1;
		v->arena = a;
		v->acap = c;
	}
	if (v->nword == v->wordcap) {
		size_t c = v->wordcap ? v->wordcap * 2 : 1024;
		struct word *w = realloc(v->word, c * sizeof *w);

		if (w == NULL)
			return -1;
		v->word = w;
		v->wordcap = c;
	}
	memcpy(v->arena + v->alen, s, n);
	v->word[v->nword] = (struct word){(uint32_t)v->alen, (uint32_t)n, h};
	v->alen += n;
	v->slot[k] = (uint64_t)h << 32 | (uint32_t)++v->nword;
	return 0;
}

static int
relay_token(void *arg, int tflags, const char *tok, int ntok, int start,
	    int end)
{
	struct relay *r = arg;

	if (ntok > 0 && note(r->v, tok, (size_t)ntok) < 0) {
		r->v->failed = 1;
		return SQLITE_NOMEM;
	}
	return r->token(r->ctx, tflags, tok, ntok, start, end);
}

static int
noting_create(void *ud, const char **args, int nargs, Fts5Tokenizer **out)
{
	struct vocab *v = ud;
	struct noting *t = calloc(1, sizeof *t);
	int rc;

	if (t == NULL)
		return SQLITE_NOMEM;
	t->v = v;
	rc = v->inner.xCreate(v->inner_ud, args, nargs, &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
noting_delete(Fts5Tokenizer *tok)
{
	struct noting *t = (struct noting *)tok;

	if (t == NULL)
		return;
	t->v->inner.xDelete(t->inner);
	free(t);
}

/* A document's words are noted; a query's (and the auxiliary
 * functions') pass straight through. */
static int
noting_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
		int ntext,
		int (*token)(void *, int, const char *, int, int, int))
{
	struct noting *t = (struct noting *)tok;
	struct relay r = {t->v, ctx, token};

	if (!(flags & FTS5_TOKENIZE_DOCUMENT))
		return t->v->inner.xTokenize(t->inner, ctx, flags, text, ntext,
					     token);
	return t->v->inner.xTokenize(t->inner, &r, flags, text, ntext,
				     relay_token);
}

struct vocab *
vocab_open(fts5_api *api, const char *const *args, int nargs, int record)
{
	struct vocab *v;

	if (api == NULL || (v = calloc(1, sizeof *v)) == NULL)
		return NULL;
	if ((v->args = calloc((size_t)nargs + 1, sizeof *v->args)) == NULL)
		goto fail;
	for (v->nargs = 0; v->nargs < nargs; v->nargs++)
		if ((v->args[v->nargs] = strdup(args[v->nargs])) == NULL)
			goto fail;
	if (api->xFindTokenizer(api, "unicode61", &v->inner_ud, &v->inner) !=
	    SQLITE_OK)
		goto fail;
	if (record) {
		fts5_tokenizer noting = {noting_create, noting_delete,
					 noting_tokenize};

		/* FTS5 finds the tokenizer registered last under a name. */
		if (api->xCreateTokenizer(api, "unicode61", v, &noting, NULL) !=
		    SQLITE_OK)
			goto fail;
	}
	return v;
fail:
	vocab_free(v);
	return NULL;
}

/* The connection keeps the noting tokenizer until it closes: v must
 * outlive it (store_close frees it after sqlite3_close). */
void
vocab_free(struct vocab *v)
{
	if (v == NULL)
		return;
	if (v->fold != NULL)
		v->inner.xDelete(v->fold);
	for (int i = 0; i < v->nargs; i++)
		free(v->args[i]);
	free(v->args);
	free(v->slot);
	free(v->word);
	free(v->arena);
	free(v);
}

/* A word to hand out, in order. */
struct taken {
	const char *s;
	size_t len;
};

static int
taken_cmp(const void *a, const void *b)
{
	const struct taken *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int
vocab_take(struct vocab *v, int (*fn)(const char *, size_t, void *),
	   void *arg)
{
	struct taken *t;
	int rc = 0;

	if (v->failed)
		return -1;
	if (v->nword == v->nstored)
		return 0;
	if ((t = malloc((v->nword - v->nstored) * sizeof *t)) == NULL)
		return -1;
	for (size_t i = v->nstored; i < v->nword; i++)
		t[i - v->nstored] = (struct taken){v->arena + v->word[i].off,
						   v->word[i].len};
	/* In order, the words go into vocab's B-tree side by side. */
	qsort(t, v->nword - v->nstored, sizeof *t, taken_cmp);
	for (size_t i = 0; i < v->nword - v->nstored && rc == 0; i++)
		rc = fn(t[i].s, t[i].len, arg);
	free(t);
	return rc;
}

void
vocab_committed(struct vocab *v)
{
	v->nstored = v->nword;
}

void
vocab_rolled_back(struct vocab *v)
{
	v->failed = 0;
	if (v->nword == v->nstored)
		return;
	v->nword = v->nstored;
	v->alen = v->nword ? v->word[v->nword - 1].off + v->word[v->nword - 1].len : 0;
	/* Without memory for the table, every word is forgotten: each is
	 * noted and written again. */
	if (rehash(v, v->nslot) < 0) {
		v->nword = v->nstored = v->alen = 0;
		memset(v->slot, 0, v->nslot * sizeof *v->slot);
	}
}

/* What vocab_fold_prefix gathers. */
struct folded {
	char *out;
	size_t cap;
	int n;
};

static int
fold_token(void *arg, int tflags, const char *tok, int ntok, int start,
	   int end)
{
	struct folded *f = arg;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (f->n++ == 0 && ntok >= 0 && (size_t)ntok < f->cap) {
		memcpy(f->out, tok, (size_t)ntok);
		f->out[ntok] = '\0';
	} else if (f->n == 1) {
		f->n = 2;       /* too long to fold here: not answered */
	}
	return SQLITE_OK;
}

int
vocab_fold_prefix(struct vocab *v, const char *s, size_t n, char *out,
		  size_t cap)
{
	struct folded f = {out, cap, 0};

	if (n > (size_t)INT32_MAX || cap == 0)
		return 0;
	if (v->fold == NULL &&
	    v->inner.xCreate(v->inner_ud, (const char **)v->args, v->nargs,
			     &v->fold) != SQLITE_OK) {
		v->fold = NULL;
		return -1;
	}
	if (v->inner.xTokenize(v->fold, &f, FTS5_TOKENIZE_QUERY | FTS5_TOKENIZE_PREFIX,
			       s, (int)n, fold_token) != SQLITE_OK)
		return -1;
	return f.n == 1;
}
