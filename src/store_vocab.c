/* vocab: the words FTS5 indexes (see store_vocab.h). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_vocab.h"
#include "store_int.h"
#include "text_token.h"

/* A word noted: its bytes in the arena, and its key (word_key). */
struct word {
	uint32_t off;
	uint32_t len;
	uint64_t key;
};

/* A slot of the table of words: a word's key and length, and its index
 * in word + 1 (0: an empty slot). */
struct slot {
	uint64_t key;
	uint32_t len;
	uint32_t idx;
};

struct vocab {
	/* FTS5's own unicode61, which the noting tokenizer hands on to,
	 * and an instance of it for vocab_fold_prefix (made when first
	 * needed). */
	fts5_tokenizer inner;
	void *inner_ud;
	Fts5Tokenizer *fold;
	/* A twin's instance of it, for vocab_prepare. */
	Fts5Tokenizer *doc;
	/* The prepared words answering the documents (vocab_replay), and
	 * the next of its texts expected. */
	const struct vocab_doc *replay;
	int replay_at;
	char **args;
	int nargs;
	/* The words noted: open addressing over words, their bytes in
	 * arena. */
	struct slot *slot;
	size_t nslot;
	struct word *word;
	size_t nword, wordcap;
	/* word[0, nstored) are in the store's vocab already (committed):
	 * the words of one import are written once, not at each commit. */
	size_t nstored;
	char *arena;
	size_t alen, acap;
	int failed;
	/* While watching (vocab_watch): the words of each document text,
	 * two ints a word (its start and end in the text), and for each
	 * text with bytes, in order, its first word and its length. */
	int watching, wfailed;
	int *wtok;
	size_t nwtok, wtokcap;
	size_t wfirst[VOCAB_TEXTS_MAX + 1];
	int wlen[VOCAB_TEXTS_MAX];
	int nwtext;
};

/* A word of a prepared document: its place in its text, its bytes in
 * the doc's arena. */
struct doc_word {
	int start, end;
	uint32_t off;
	int len, flags;
};

struct vocab_doc {
	struct doc_word *tok;   /* the words FTS5 is given, in order */
	size_t ntok, tokcap;
	struct doc_word *fresh; /* the words new to the preparing vocab */
	size_t nfresh, freshcap;
	char *arena;
	size_t alen, acap;
	/* Each text: its bytes, and its first word and first new word
	 * (those of text i + 1 end them). */
	const char *text[VOCAB_TEXTS_MAX];
	int len[VOCAB_TEXTS_MAX];
	size_t tok0[VOCAB_TEXTS_MAX + 1], fresh0[VOCAB_TEXTS_MAX + 1];
	int ntext;
	int failed;
};

/* The noting tokenizer: FTS5's instance of unicode61 and our vocab. */
struct noting {
	Fts5Tokenizer *inner;
	struct vocab *v;
};

/* What a document's words pass through on their way to FTS5: the
 * document, and its last word (for the words a hyphen joins). */
struct relay {
	struct vocab *v;
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
	const char *text;
	int ntext;
	int watch;              /* keep each word's place (vocab_watch) */
	int last_end;           /* -1: no word before, or one too long */
	size_t last;            /* the word before: its index in v->word */
};

/* The n bytes at s as a number: up to 8 of them whole, read in loads
 * of fixed size (overlapping for 4 to 7; the first, middle and last for
 * 1 to 3), never beyond s + n.  Two words of the same length are the
 * same when all their parts (words_part) are. */
static inline uint64_t
word_part(const char *s, size_t n)
{
	uint32_t a, b;
	uint64_t x;

	if (n >= 8) {
		memcpy(&x, s, 8);
		return x;
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return (uint64_t)a << 32 | b;
	}
	if (n == 0)
		return 0;
	return (uint64_t)(unsigned char)s[0] << 16 |
	       (uint64_t)(unsigned char)s[n / 2] << 8 | (unsigned char)s[n - 1];
}

/* The key of word [s, s+n): a word of up to 8 bytes itself (words of
 * one length are the same when their keys are), a longer one a hash of
 * its parts eight bytes at a time (the last eight for the rest). */
static inline uint64_t
word_key(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9e3779b97f4a7c15ULL;
	size_t i = 0;

	if (n <= 8)
		return word_part(s, n);
	for (; i + 8 < n; i += 8)
		h = (h ^ word_part(s + i, 8)) * 0xff51afd7ed558ccdULL;
	return (h ^ word_part(s + i, n - i)) * 0xc4ceb9fe1a85ec53ULL;
}

/* The first slot to look in for a word of key and length n (of a table
 * of mask + 1). */
static inline size_t
slot_of(uint64_t key, size_t n, size_t mask)
{
	return (size_t)(((key ^ n) * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

/* Makes the table n slots (a power of two) over the words; returns 0 or
 * -1. */
static int
rehash(struct vocab *v, size_t n)
{
	struct slot *s = calloc(n, sizeof *s);

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < v->nword; i++) {
		const struct word *w = &v->word[i];
		size_t k = slot_of(w->key, w->len, n - 1);

		while (s[k].idx != 0)
			k = (k + 1) & (n - 1);
		s[k] = (struct slot){w->key, w->len, (uint32_t)(i + 1)};
	}
	free(v->slot);
	v->slot = s;
	v->nslot = n;
	return 0;
}

/* Nonzero when the n bytes at a and b are the same: words are short,
 * and loads of eight bytes cost less than a call to memcmp. */
static int
same(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 < n; i += 8)
		if (word_part(a + i, 8) != word_part(b + i, 8))
			return 0;
	return word_part(a + i, n - i) == word_part(b + i, n - i);
}

/* The slot of word [s, s+n) (key: its word_key) in v's table, or of
 * the empty slot it would take. */
static inline size_t
slot_find(const struct vocab *v, const char *s, size_t n, uint64_t key)
{
	size_t k;

	for (k = slot_of(key, n, v->nslot - 1); v->slot[k].idx != 0;
	     k = (k + 1) & (v->nslot - 1)) {
		const struct slot *e = &v->slot[k];

		if (e->key == key && e->len == n &&
		    (n <= 8 || same(v->arena + v->word[e->idx - 1].off, s, n)))
			break;
	}
	return k;
}

/* Adds word [s, s+n) (key: its word_key), which v does not hold;
 * returns its index in v->word, or -1 (out of memory). */
static long
note_new(struct vocab *v, const char *s, size_t n, uint64_t key)
{
	size_t k;

	if (v->nword * 2 >= v->nslot &&
	    rehash(v, v->nslot ? v->nslot * 2 : 4096) < 0)
		return -1;
	k = slot_find(v, s, n, key);
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
	v->word[v->nword] = (struct word){(uint32_t)v->alen, (uint32_t)n, key};
	v->alen += n;
	v->slot[k] = (struct slot){key, (uint32_t)n, (uint32_t)++v->nword};
	return (long)v->nword - 1;
}

/* Notes word [s, s+n) once; returns its index in v->word, or -1 (out
 * of memory).  Every token of a document passes here (730 a decision):
 * most are words already noted, found by their key in one slot, inline
 * in the tokenizer's loop. */
__attribute__((always_inline)) static inline long
note(struct vocab *v, const char *s, size_t n)
{
	uint64_t key = word_key(s, n);

	if (v->nslot != 0) {
		size_t k = slot_find(v, s, n, key);

		if (v->slot[k].idx != 0)
			return (long)v->slot[k].idx - 1;
	}
	return note_new(v, s, n, key);
}

/* Keeps the place of a word watched; returns 0 or -1 (out of memory).
 * A word FTS5 puts at the place of the one before (colocated) makes
 * the places unlike FTS5's positions: the watch fails. */
static int
watch_word(struct vocab *v, int tflags, int start, int end)
{
	if (tflags & FTS5_TOKEN_COLOCATED)
		v->wfailed = 1;
	if (v->nwtok == v->wtokcap) {
		size_t c = v->wtokcap ? v->wtokcap * 2 : 1024;
		int *t = realloc(v->wtok, c * 2 * sizeof *t);

		if (t == NULL)
			return -1;
		v->wtok = t;
		v->wtokcap = c;
	}
	v->wtok[2 * v->nwtok] = start;
	v->wtok[2 * v->nwtok + 1] = end;
	v->nwtok++;
	return 0;
}

static int
relay_token(void *arg, int tflags, const char *tok, int ntok, int start,
	    int end)
{
	struct relay *r = arg;
	long k = 0;

	if (ntok > 0 && (k = note(r->v, tok, (size_t)ntok)) < 0)
		goto nomem;
	/* Two words a hyphen joins (anti-social) are noted as one more,
	 * "anti social": search meets antisocial, anti-social and anti
	 * social through it (vocab_take hands it out with the words). */
	if (r->last_end >= 0 && start > r->last_end && start <= r->ntext &&
	    ntok > 0 &&
	    text_is_hyphen(r->text + r->last_end, (size_t)(start - r->last_end))) {
		const struct word *w = &r->v->word[r->last];
		char join[VOCAB_JOIN_MAX];

		if (w->len + 1 + (size_t)ntok <= VOCAB_JOIN_MAX) {
			memcpy(join, r->v->arena + w->off, w->len);
			join[w->len] = ' ';
			memcpy(join + w->len + 1, tok, (size_t)ntok);
			if (note(r->v, join, w->len + 1 + (size_t)ntok) < 0)
				goto nomem;
		}
	}
	if (ntok > 0 && ntok <= VOCAB_JOIN_MAX) {
		r->last = (size_t)k;
		r->last_end = end;
	} else {
		r->last_end = -1;
	}
	if (r->watch && watch_word(r->v, tflags, start, end) < 0)
		goto nomem;
	return r->token(r->ctx, tflags, tok, ntok, start, end);
nomem:
	r->v->failed = 1;
	return SQLITE_NOMEM;
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

/* Starts keeping the places of the words of a document text of ntext
 * bytes, when watching; returns whether they are kept. */
static int
watch_text(struct vocab *v, int ntext)
{
	if (!v->watching || ntext <= 0)
		return 0;
	if (v->nwtext == VOCAB_TEXTS_MAX) {
		v->wfailed = 1;
		return 0;
	}
	v->wfirst[v->nwtext] = v->nwtok;
	v->wlen[v->nwtext++] = ntext;
	return 1;
}

/* Notes the new words of texts [from, to) of v->replay; returns 0 or
 * -1 (out of memory). */
static int
replay_fresh(struct vocab *v, int from, int to)
{
	const struct vocab_doc *d = v->replay;

	for (size_t j = d->fresh0[from]; j < d->fresh0[to]; j++)
		if (note(v, d->arena + d->fresh[j].off,
			 (size_t)d->fresh[j].len) < 0) {
			v->failed = 1;
			return -1;
		}
	return 0;
}

/* The text of v->replay that [text, text+n) is, looked for from the one
 * expected on (the new words of any passed over are noted); -1 when it
 * is none, or memory ran out. */
static int
replay_find(struct vocab *v, const char *text, int n)
{
	const struct vocab_doc *d = v->replay;

	for (int i = v->replay_at; i < d->ntext; i++) {
		if (d->len[i] != n ||
		    (d->text[i] != text && memcmp(d->text[i], text, (size_t)n)))
			continue;
		if (replay_fresh(v, v->replay_at, i + 1) < 0)
			return -1;
		v->replay_at = i + 1;
		return i;
	}
	return -1;
}

/* Hands on the words of text i of v->replay (its new words noted by
 * replay_find), keeping their places when watch is set. */
static int
replay_text(struct vocab *v, int i, int watch, void *ctx,
	    int (*token)(void *, int, const char *, int, int, int))
{
	const struct vocab_doc *d = v->replay;

	for (size_t j = d->tok0[i]; j < d->tok0[i + 1]; j++) {
		const struct doc_word *w = &d->tok[j];
		int rc;

		if (watch && watch_word(v, w->flags, w->start, w->end) < 0) {
			v->failed = 1;
			return SQLITE_NOMEM;
		}
		rc = token(ctx, w->flags, d->arena + w->off, w->len, w->start,
			   w->end);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* A document's words are noted (or taken from a prepared document,
 * vocab_replay); a query's (and the auxiliary functions') pass straight
 * through. */
static int
noting_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
		int ntext,
		int (*token)(void *, int, const char *, int, int, int))
{
	struct noting *t = (struct noting *)tok;
	struct vocab *v = t->v;
	struct relay r = {v, ctx, token, text, ntext, 0, -1, 0};
	int i;

	if (!(flags & FTS5_TOKENIZE_DOCUMENT))
		return v->inner.xTokenize(t->inner, ctx, flags, text, ntext,
					  token);
	if (v->replay != NULL && ntext > 0 &&
	    (i = replay_find(v, text, ntext)) >= 0)
		return replay_text(v, i, watch_text(v, ntext), ctx, token);
	r.watch = watch_text(v, ntext);
	return v->inner.xTokenize(t->inner, &r, flags, text, ntext,
				  relay_token);
}

/* Copies the tokenizer's arguments into v; returns 0 or -1. */
static int
args_copy(struct vocab *v, const char *const *args, int nargs)
{
	if ((v->args = calloc((size_t)nargs + 1, sizeof *v->args)) == NULL)
		return -1;
	for (v->nargs = 0; v->nargs < nargs; v->nargs++)
		if ((v->args[v->nargs] = strdup(args[v->nargs])) == NULL)
			return -1;
	return 0;
}

struct vocab *
vocab_open(fts5_api *api, const char *const *args, int nargs, int record)
{
	struct vocab *v;

	if (api == NULL || (v = calloc(1, sizeof *v)) == NULL)
		return NULL;
	if (args_copy(v, (const char *const *)args, nargs) < 0)
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
	if (v->doc != NULL)
		v->inner.xDelete(v->doc);
	for (int i = 0; i < v->nargs; i++)
		free(v->args[i]);
	free(v->args);
	free(v->slot);
	free(v->word);
	free(v->arena);
	free(v->wtok);
	free(v);
}

struct vocab *
vocab_twin(const struct vocab *v)
{
	struct vocab *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->inner = v->inner;
	t->inner_ud = v->inner_ud;
	if (args_copy(t, (const char *const *)v->args, v->nargs) < 0) {
		vocab_free(t);
		return NULL;
	}
	return t;
}

struct vocab_doc *
vocab_doc_new(void)
{
	return calloc(1, sizeof(struct vocab_doc));
}

void
vocab_doc_free(struct vocab_doc *d)
{
	if (d == NULL)
		return;
	free(d->tok);
	free(d->fresh);
	free(d->arena);
	free(d);
}

void
vocab_doc_clear(struct vocab_doc *d)
{
	d->ntok = d->nfresh = d->alen = 0;
	d->ntext = 0;
	d->failed = 0;
}

/* Adds a word of n bytes at s, at [start, end) of its text, to the list
 * *w (n words, cap of room) and its bytes to d's arena; returns 0 or
 * -1. */
static int
doc_add(struct vocab_doc *d, struct doc_word **w, size_t *n, size_t *cap,
	const char *s, int len, int flags, int start, int end)
{
	if (len < 0 || d->alen + (size_t)len > UINT32_MAX)
		return -1;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		struct doc_word *nw = realloc(*w, c * sizeof *nw);

		if (nw == NULL)
			return -1;
		*w = nw;
		*cap = c;
	}
	if (d->alen + (size_t)len > d->acap) {
		size_t c = d->acap ? d->acap * 2 : 16384;
		char *a;

		while (c < d->alen + (size_t)len)
			c *= 2;
		if ((a = realloc(d->arena, c)) == NULL)
			return -1;
		d->arena = a;
		d->acap = c;
	}
	memcpy(d->arena + d->alen, s, (size_t)len);
	(*w)[(*n)++] = (struct doc_word){start, end, (uint32_t)d->alen, len,
					 flags};
	d->alen += (size_t)len;
	return 0;
}

/* keeps each word unicode61 gives vocab_prepare. */
static int
keep_word(void *arg, int tflags, const char *tok, int ntok, int start,
	  int end)
{
	struct vocab_doc *d = arg;

	return doc_add(d, &d->tok, &d->ntok, &d->tokcap, tok, ntok, tflags,
		       start, end) < 0 ? SQLITE_NOMEM : SQLITE_OK;
}

int
vocab_prepare(struct vocab *seen, struct vocab_doc *d, const char *text,
	      size_t n)
{
	struct relay r = {seen, d, keep_word, text, (int)n, 0, -1, 0};
	size_t before = seen->nword;
	int i = d->ntext;

	if (d->failed || n > INT32_MAX || i == VOCAB_TEXTS_MAX)
		goto fail;
	if (seen->doc == NULL &&
	    seen->inner.xCreate(seen->inner_ud, (const char **)seen->args,
				seen->nargs, &seen->doc) != SQLITE_OK) {
		seen->doc = NULL;
		goto fail;
	}
	d->text[i] = text;
	d->len[i] = (int)n;
	d->tok0[i] = d->ntok;
	d->fresh0[i] = d->nfresh;
	/* relay_token notes each word (and each pair a hyphen joins) in
	 * seen, as the noting tokenizer would in the writer's vocab. */
	if (seen->inner.xTokenize(seen->doc, &r, FTS5_TOKENIZE_DOCUMENT, text,
				  (int)n, relay_token) != SQLITE_OK ||
	    seen->failed)
		goto fail;
	for (size_t j = before; j < seen->nword; j++)
		if (doc_add(d, &d->fresh, &d->nfresh, &d->freshcap,
			    seen->arena + seen->word[j].off,
			    (int)seen->word[j].len, 0, 0, 0) < 0)
			goto fail;
	d->ntext = i + 1;
	d->tok0[i + 1] = d->ntok;
	d->fresh0[i + 1] = d->nfresh;
	return 0;
fail:
	seen->failed = 0;
	d->failed = 1;
	return -1;
}

void
vocab_replay(struct vocab *v, const struct vocab_doc *d)
{
	/* Every new word is noted, even of a text FTS5 was not given. */
	if (v->replay != NULL && v->replay_at < v->replay->ntext)
		replay_fresh(v, v->replay_at, v->replay->ntext);
	v->replay = d != NULL && !d->failed ? d : NULL;
	v->replay_at = 0;
}

void
vocab_watch(struct vocab *v, int on)
{
	v->watching = on;
	if (on) {
		v->wfailed = 0;
		v->nwtok = 0;
		v->nwtext = 0;
	}
}

int
vocab_watched(struct vocab *v, struct vocab_words *w)
{
	if (v->wfailed)
		return -1;
	w->tok = v->wtok;
	w->first = v->wfirst;
	w->len = v->wlen;
	w->ntext = v->nwtext;
	v->wfirst[v->nwtext] = v->nwtok;
	return 0;
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

/* Runs statement i with text a (and b, when not NULL) bound; returns 0
 * or an SQLite code. */
static int
put_text(struct store *st, int i, const char *a, size_t alen, const char *b,
	 size_t blen)
{
	sqlite3_stmt *q = store_q(st, i);
	int rc;

	if (q == NULL)
		return st->rc ? st->rc : SQLITE_ERROR;
	sqlite3_bind_text(q, 1, a, (int)alen, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(q, 2, b, (int)blen, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : rc;
}

int
store_stem_put(struct store *st, const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);
	char joined[VOCAB_JOIN_MAX], stem[TEXT_STEM_MAX];
	size_t sl;

	if (sp == NULL) {
		/* A word whose stem is itself needs no row: the word is
		 * looked up in vocab. */
		sl = text_stem(s, n, stem);
		if (sl == 0 || (sl == n && memcmp(stem, s, n) == 0))
			return 0;
		return put_text(st, Q_STEM_PUT, stem, sl, s, n);
	}
	/* "anti social": under the stem of "antisocial". */
	if (n - 1 > sizeof joined)
		return 0;
	memcpy(joined, s, (size_t)(sp - s));
	memcpy(joined + (sp - s), sp + 1, n - (size_t)(sp - s) - 1);
	if ((sl = text_stem(joined, n - 1, stem)) == 0)
		return 0;
	return put_text(st, Q_STEM_PUT, stem, sl, s, n);
}

/* Adds one word to vocab and vocab_stem (two words a hyphen joined, "a
 * b", to vocab_stem only); returns 0 or an SQLite code. */
static int
vocab_put(const char *s, size_t n, void *arg)
{
	struct store *st = arg;
	int rc = 0;

	if (memchr(s, ' ', n) == NULL)
		rc = put_text(st, Q_VOCAB_PUT, s, n, NULL, 0);
	return rc ? rc : store_stem_put(st, s, n);
}

int
store_vocab_has(struct store *st, const char *word, size_t n)
{
	sqlite3_stmt *q = store_q_doing(st, Q_VOCAB_HAS, "searching the store");
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, word, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, "searching the store");
	return rc == SQLITE_ROW;
}

int
store_stem_words(struct store *st, const char *stem, size_t len,
		 int (*fn)(const char *, size_t, void *), void *arg)
{
	char own[TEXT_STEM_MAX];
	sqlite3_stmt *q;
	int rc;

	/* The stem itself, when it is a word of the index whose stem it
	 * is (vocab_stem keeps only the others). */
	if ((rc = store_vocab_has(st, stem, len)) < 0)
		return -1;
	if (rc == 1 && text_stem(stem, len, own) == len &&
	    memcmp(own, stem, len) == 0 && fn(stem, len, arg) != 0)
		return 0;
	if ((q = store_q_doing(st, Q_STEM_WORDS, "searching the store")) == NULL)
		return -1;
	sqlite3_bind_text(q, 1, stem, (int)len, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(q, 0),
		       (size_t)sqlite3_column_bytes(q, 0), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, "searching the store");
	return 0;
}

/* Adds to vocab the words FTS5 was given since the last time (in the
 * open transaction, else each in its own); returns 0 or -1. */
int
store_vocab_flush(struct store *st)
{
	int rc;

	if (st->vocab == NULL)
		return 0;
	if ((rc = vocab_take(st->vocab, vocab_put, st)) != 0)
		return store_fail(st, rc < 0 ? SQLITE_NOMEM : rc,
				  "writing to the store");
	return 0;
}

/* Nonzero when the FTS5 query match has a prefix term: a '*' outside
 * double quotes (a quote inside a string is doubled, so it toggles
 * twice). */
int
store_match_has_prefix(const char *match)
{
	int quoted = 0;

	for (const char *p = match; p != NULL && *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '*' && !quoted)
			return 1;
	}
	return 0;
}

/* At most this many words stand in for a prefix (store_match_expand).  FTS5
 * steps an OR through all of its branches at each row, so beyond a few
 * dozen words the merge of the prefix costs less.  The benchmark's
 * prefixes stand for 2 to 12 words. */
#define EXPAND_MAX 32

/* Adds s (n bytes) to *buf as an FTS5 string, its quotes doubled;
 * returns 0 or -1. */
static int
buf_add_quoted(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
	if (store_buf_add(buf, cap, len, "\"", 1))
		return -1;
	for (const char *q; (q = memchr(s, '"', n)) != NULL; n -= (size_t)(q + 1 - s), s = q + 1)
		if (store_buf_add(buf, cap, len, s, (size_t)(q + 1 - s)) ||
		    store_buf_add(buf, cap, len, "\"", 1))
			return -1;
	return store_buf_add(buf, cap, len, s, n) ||
	       store_buf_add(buf, cap, len, "\"", 1);
}

/* match as FTS5 should be asked it: a query of one prefix and nothing
 * else (`"comp" *`, as search.c writes it), when it stands for 1 to
 * EXPAND_MAX words of vocab, becomes those words joined by OR (`"comp"
 * *` as `"compensation" OR … OR "compulsory"`): the same rows, each
 * with the same instances, but read side by side instead of merged
 * (docs/PERFORMANCE.md).  Any other match is left as it is.  Returns
 * match or the new query (then also in *owned, for the caller to free),
 * or NULL with store_error set. */
const char *
store_match_expand(struct store *st, const char *match, char **owned)
{
	char lo[256], hi[256], *buf = NULL;
	size_t n = match ? strlen(match) : 0, cap = 0, len = 0;
	sqlite3_stmt *q;
	int rc, words = 0;

	*owned = NULL;
	if (n < 5 || match[0] != '"' || strcmp(match + n - 3, "\" *") != 0 ||
	    memchr(match + 1, '"', n - 4) != NULL)
		return match;
	rc = vocab_fold_prefix(st->vocab, match + 1, n - 4, lo, sizeof lo);
	if (rc < 0) {
		store_fail(st, SQLITE_NOMEM, "searching the store");
		return NULL;
	}
	if (rc == 0)
		return match;
	n = strlen(lo);
	/* The words from lo up to, not including, lo with its last byte
	 * one higher: those that start with lo, byte for byte, as FTS5's
	 * prefix compares them.  (UTF-8 has no byte 0xff.) */
	if (n == 0 || (unsigned char)lo[n - 1] == 0xff)
		return match;
	memcpy(hi, lo, n + 1);
	hi[n - 1] = (char)((unsigned char)hi[n - 1] + 1);
	if ((q = store_q_doing(st, Q_VOCAB_RANGE,
			       "searching the store")) == NULL)
		return NULL;
	sqlite3_bind_text(q, 1, lo, (int)n, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hi, (int)n, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, EXPAND_MAX + 1);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(q, 0);

		if (w == NULL ||
		    (words++ > 0 &&
		     store_buf_add(&buf, &cap, &len, " OR ", 4)) ||
		    buf_add_quoted(&buf, &cap, &len, w,
				   (size_t)sqlite3_column_bytes(q, 0))) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		free(buf);
		store_fail(st, rc, "searching the store");
		return NULL;
	}
	if (words == 0 || words > EXPAND_MAX) {
		free(buf);
		return match;
	}
	return *owned = buf;
}

int
store_match_group(const char *match)
{
	size_t n = match ? strlen(match) : 0;
	const char *p, *end;

	if (n < 6 || memcmp(match, "((", 2) != 0 ||
	    memcmp(match + n - 2, "))", 2) != 0)
		return 0;
	end = match + n - 2;
	for (p = match + 2;;) {
		const char *q;

		if (*p != '"' || (q = memchr(p + 1, '"', (size_t)(end - p - 1))) == NULL ||
		    q == p + 1 || memchr(p + 1, ' ', (size_t)(q - p - 1)) != NULL)
			return 0;
		p = q + 1;
		if (p == end)
			return 1;
		if ((size_t)(end - p) < 5 || memcmp(p, " OR ", 4) != 0)
			return 0;
		p += 4;
	}
}

/* ---- the phrases of a MATCH that no row holds -------------------------------
 *
 * FTS5 numbers a MATCH's phrases as they stand in its text; search writes
 * each as an FTS5 string.  The right side of a NOT (FTS5's NOT takes the
 * one unit after it) that is strings and ORs alone, where the NOT must
 * hold for every row the MATCH finds (only ANDs and NOTs above it, no
 * OR), has none of its phrases in those rows: bm25's term for each is 0
 * whatever its IDF. */

struct shape {
	const char *p;
	int nphrase;
	uint64_t skip;
};

static void
shape_space(struct shape *sh)
{
	while (*sh->p == ' ')
		sh->p++;
}

/* The end of the FTS5 string that starts at p (its quotes doubled
 * inside), or NULL when it does not end. */
static const char *
shape_string_end(const char *p)
{
	for (p++;; p++) {
		if (*p == '\0')
			return NULL;
		if (*p == '"' && *++p != '"')
			return p;
	}
}

/* Steps over the string at sh->p, and a prefix's '*'; returns 0 or -1. */
static int
shape_string(struct shape *sh)
{
	if ((sh->p = shape_string_end(sh->p)) == NULL)
		return -1;
	sh->nphrase++;
	shape_space(sh);
	if (*sh->p == '*')
		sh->p++;
	return 0;
}

/* Nonzero when the bareword at p is w (and ends there). */
static int
shape_word(const char *p, const char *w)
{
	size_t n = strlen(w);

	return strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '(' ||
					  p[n] == '"' || p[n] == '\0');
}

/* Nonzero when the group from p (after its '(', or a whole MATCH) has
 * an OR of its own, outside the parentheses within it (or is not
 * whole). */
static int
shape_has_or(const char *p)
{
	for (int depth = 0; *p != '\0';) {
		if (*p == '"') {
			if ((p = shape_string_end(p)) == NULL)
				return 1;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			return 0;
		else if (depth == 0 && shape_word(p, "OR"))
			return 1;
		p++;
	}
	return 0;
}

/* Steps over one unit of strings and ORs: a string, or ( units ORed );
 * returns 0, or -1 when there is anything else. */
static int
shape_unit(struct shape *sh)
{
	shape_space(sh);
	if (*sh->p == '"')
		return shape_string(sh);
	if (*sh->p != '(')
		return -1;
	sh->p++;
	for (;;) {
		if (shape_unit(sh) < 0)
			return -1;
		shape_space(sh);
		if (*sh->p == ')') {
			sh->p++;
			return 0;
		}
		if (!shape_word(sh->p, "OR"))
			return -1;
		sh->p += 2;
	}
}

static int shape_walk(struct shape *sh, int held, int top);

/* Walks the one unit at sh->p (the operand of a NOT: a string, a group,
 * a NEAR group, any of them after columns) with nothing held; returns
 * 0 or -1. */
static int
shape_operand(struct shape *sh)
{
	shape_space(sh);
	if (*sh->p == '{') {
		if ((sh->p = strchr(sh->p, '}')) == NULL)
			return -1;
		sh->p++;
		shape_space(sh);
		if (*sh->p++ != ':')
			return -1;
		shape_space(sh);
	}
	if (shape_word(sh->p, "NEAR")) {
		sh->p += 4;
		shape_space(sh);
	}
	if (*sh->p == '"')
		return shape_string(sh);
	if (*sh->p++ != '(')
		return -1;
	return shape_walk(sh, 0, 0);
}

/* Walks a group from sh->p (after its '(', or the whole MATCH: top) to
 * its end, counting phrases and marking those of its NOTs' right sides
 * when every row holds what the group says (held: no OR above it).
 * Returns 0 or -1. */
static int
shape_walk(struct shape *sh, int held, int top)
{
	held = held && !shape_has_or(sh->p);
	for (;;) {
		char c;

		shape_space(sh);
		c = *sh->p;
		if (c == '\0' || c == ')') {
			sh->p += c == ')';
			return (c == '\0') == top ? 0 : -1;
		}
		if (c == '"') {
			if (shape_string(sh) < 0)
				return -1;
		} else if (c == '(') {
			sh->p++;
			if (shape_walk(sh, held, 0) < 0)
				return -1;
		} else if (c == '{') {
			/* Columns: their names are no phrases. */
			if ((sh->p = strchr(sh->p, '}')) == NULL)
				return -1;
			sh->p++;
		} else if (c == ':' || c == ',' || (c >= '0' && c <= '9')) {
			sh->p++;  /* after columns; NEAR's distance */
		} else if (shape_word(sh->p, "NOT")) {
			struct shape rhs = { sh->p + 3, sh->nphrase, 0 };

			sh->p += 3;
			if (held && shape_unit(&rhs) == 0)
				for (int i = sh->nphrase; i < rhs.nphrase && i < 64; i++)
					sh->skip |= (uint64_t)1 << i;
			if (shape_operand(sh) < 0)
				return -1;
		} else if (shape_word(sh->p, "AND") || shape_word(sh->p, "NEAR")) {
			sh->p += c == 'A' ? 3 : 4;
		} else if (shape_word(sh->p, "OR")) {
			sh->p += 2;
		} else {
			/* A bareword (a phrase of its own), +, ^, -: not as
			 * search writes them. */
			return -1;
		}
	}
}

int
store_match_negated(const char *match, uint64_t *skip)
{
	struct shape sh = { match, 0, 0 };

	*skip = 0;
	if (match == NULL || shape_walk(&sh, 1, 1) < 0)
		return -1;
	*skip = sh.skip;
	return sh.nphrase;
}

int
store_match_prefix(struct store *st, const char *match)
{
	char *owned;
	int words;

	if (match == NULL || !store_match_has_prefix(match))
		return STORE_PREFIX_NONE;
	if (store_match_expand(st, match, &owned) == NULL)
		return -1;
	words = owned != NULL;
	free(owned);
	return words ? STORE_PREFIX_WORDS : STORE_PREFIX_MERGED;
}

/* ---- the backfill of vocab_stem ------------------------------------------- */

/* Adds to vocab_stem the pairs of words a hyphen joins in text, words as
 * text_token.h makes them; returns 0 or -1. */
static int
stems_of_text(struct store *st, struct text_toks *tk, const char *text,
	      size_t len)
{
	tk->n = 0;
	tk->flen = 0;
	if (text == NULL || text_toks_add(tk, text, len) < 0)
		return text == NULL ? 0 : store_fail(st, SQLITE_NOMEM,
						    "preparing the store");
	for (size_t i = 1; i < tk->n; i++) {
		size_t a = tk->end[i - 1], b = tk->start[i];
		size_t la = tk->fl[i - 1], lb = tk->fl[i];
		char pair[VOCAB_JOIN_MAX];
		int rc;

		if (la + 1 + lb > sizeof pair ||
		    !text_is_hyphen(text + a, b - a))
			continue;
		memcpy(pair, tk->fold + tk->fo[i - 1], la);
		pair[la] = ' ';
		memcpy(pair + la + 1, tk->fold + tk->fo[i], lb);
		if ((rc = store_stem_put(st, pair, la + 1 + lb)) != 0)
			return store_fail(st, rc, "preparing the store");
	}
	return 0;
}

int
store_backfill_vocab_stems(struct store *st)
{
	sqlite3_stmt *q;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "SELECT term FROM vocab", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "preparing the store");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	       (rc = store_stem_put(st, (const char *)sqlite3_column_text(q, 0),
				    (size_t)sqlite3_column_bytes(q, 0))) == 0)
		;
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != 0)
		return store_fail(st, rc, "preparing the store");
	return 0;
}

int
store_backfill_stems(struct store *st)
{
	const char *doing = "preparing the store";
	struct text_toks tk = {0};
	sqlite3_stmt *q;
	long total = 0, done = 0;
	int rc;

	if (store_backfill_vocab_stems(st) < 0)
		return -1;
	if (store_pragma_int(st, "SELECT count(*) FROM decision", &rc) < 0)
		return -1;
	total = rc;
	rc = sqlite3_prepare_v2(st->db, "SELECT " STORE_TEXT_COLUMNS
				" FROM decision", -1, &q, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, doing);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(q); c++)
			if (stems_of_text(st, &tk,
					  (const char *)sqlite3_column_text(q, c),
					  (size_t)sqlite3_column_bytes(q, c)) < 0) {
				sqlite3_finalize(q);
				text_toks_free(&tk);
				return -1;
			}
		if (++done % 512 == 0 || done == total)
			store_progress("words for stemmed search", done, total);
	}
	sqlite3_finalize(q);
	text_toks_free(&tk);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, doing);
	return 0;
}
