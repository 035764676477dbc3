/* text_token: the one word contract, shared by the index and the query:
 * what a word is and how it folds, as FTS5's unicode61 tokenizer (with
 * remove_diacritics) reads it.  The store's break pairs and paragraph
 * starts, the query's tokens and the paragraph check all go through
 * these functions, so they cannot part.  No SQL, no curses. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include <libstemmer.h>

#include "text.h"
#include "text_token.h"

/* The rule behind text_is_token_char, inline for this file's loops. */
static inline int
token_char(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') ||
		       (uc >= '0' && uc <= '9');
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N) ||
	       uc_is_general_category(uc, UC_CATEGORY_Co) ||
	       uc_is_general_category(uc, UC_CATEGORY_Mn);
}

int
text_is_token_char(ucs4_t uc)
{
	return token_char(uc);
}

const unsigned char text_ascii_word[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* Nonzero for the characters beyond ASCII on which text_is_token_char
 * and unicode61 surely agree, alone and inside a word: Latin-1, Latin
 * Extended-A and -B, general punctuation to U+2064, the euro sign
 * (tests/test-store.c asks FTS5 about each).  Elsewhere they part:
 * combining marks, characters newer than unicode61's tables (U+2065–
 * U+2069 are words to it). */
static int
agreed(ucs4_t uc)
{
	return (uc >= 0xA0 && uc <= 0x24F) || (uc >= 0x2000 && uc <= 0x2064) ||
	       uc == 0x20AC;
}

size_t
text_count_tokens(const char *s, size_t len, int *unsure)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0, n = 0;
	int in = 0;
	ucs4_t uc;

	while (i < len) {
		int tok;

		if (u[i] < 0x80) {
			/* A run of ASCII: words counted as they begin. */
			do {
				tok = text_ascii_word[u[i]];
				n += tok & !in;
				in = tok;
			} while (++i < len && u[i] < 0x80);
			continue;
		}
		i += (size_t)u8_mbtouc(&uc, u + i, len - i);
		if (!agreed(uc))
			*unsure = 1;
		tok = token_char(uc);
		n += tok && !in;
		in = tok;
	}
	return n;
}

int
text_unsure(const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;
	ucs4_t uc;

	while (i < len) {
		uint64_t w;

		/* Runs of ASCII eight bytes at a time. */
		while (i + 8 <= len &&
		       (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ULL)))
			i += 8;
		if (i >= len)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		i += (size_t)u8_mbtouc(&uc, u + i, len - i);
		if (!agreed(uc))
			return 1;
	}
	return 0;
}

int
text_token_edge(const char *s, size_t len, int last, size_t *start,
		size_t *end)
{
	const uint8_t *u = (const uint8_t *)s;
	ucs4_t uc;

	if (!last) {
		size_t i = 0, k;

		while (i < len) {
			k = u[i] < 0x80 ? (uc = u[i], 1)
					: (size_t)u8_mbtouc(&uc, u + i, len - i);
			if (token_char(uc))
				break;
			i += k;
		}
		if (i >= len)
			return 0;
		*start = i;
		while (i < len) {
			k = u[i] < 0x80 ? (uc = u[i], 1)
					: (size_t)u8_mbtouc(&uc, u + i, len - i);
			if (!token_char(uc))
				break;
			i += k;
		}
		*end = i;
		return 1;
	}
	{
		const uint8_t *p = u + len, *q;

		/* Back over ASCII separators, then any others, then over the
		 * word. */
		while (p > u && *(p - 1) < 0x80 && !token_char(*(p - 1)))
			p--;
		for (;;) {
			if ((q = u8_prev(&uc, p, u)) == NULL)
				return 0;
			if (token_char(uc))
				break;
			p = q;
		}
		*end = (size_t)(p - u);
		p = q;
		for (;;) {
			if (p > u && *(p - 1) < 0x80) {
				if (!token_char(*(p - 1)))
					break;
				p--;
				continue;
			}
			if ((q = u8_prev(&uc, p, u)) == NULL || !token_char(uc))
				break;
			p = q;
		}
		*start = (size_t)(p - u);
		return 1;
	}
}

char *
text_fold_token(const char *s, size_t len, size_t *outlen)
{
	char *out;

	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return text_fold(s, len, outlen);
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	text_fold_ascii(s, len, out);
	out[len] = '\0';
	*outlen = len;
	return out;
}

const char *
text_fold_token_buf(const char *s, size_t len, char *buf, size_t cap,
		    char **heap, size_t *flen)
{
	*heap = NULL;
	if (len <= cap && text_fold_ascii(s, len, buf)) {
		*flen = len;
		return buf;
	}
	return *heap = text_fold_token(s, len, flen);
}

/* ---- stems ---------------------------------------------------------------- */

/* One Snowball stemmer a thread (a stemmer keeps state between calls),
 * made on the thread's first stem and deleted when the thread ends. */
static pthread_key_t stem_key;
static pthread_once_t stem_once = PTHREAD_ONCE_INIT;
static int stem_key_ok;

static void
stemmer_free(void *p)
{
	sb_stemmer_delete(p);
}

static void
stem_key_make(void)
{
	stem_key_ok = pthread_key_create(&stem_key, stemmer_free) == 0;
}

static struct sb_stemmer *
stemmer(void)
{
	struct sb_stemmer *sb;

	pthread_once(&stem_once, stem_key_make);
	if (!stem_key_ok)
		return NULL;
	if ((sb = pthread_getspecific(stem_key)) == NULL &&
	    (sb = sb_stemmer_new("english", "UTF_8")) != NULL &&
	    pthread_setspecific(stem_key, sb) != 0) {
		sb_stemmer_delete(sb);
		sb = NULL;
	}
	return sb;
}

size_t
text_stem(const char *w, size_t wlen, char *out)
{
	struct sb_stemmer *sb;
	const sb_symbol *s;
	int n;

	if (wlen == 0 || wlen > TEXT_STEM_MAX)
		return 0;
	if ((sb = stemmer()) != NULL &&
	    (s = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)wlen)) != NULL &&
	    (n = sb_stemmer_length(sb)) > 0 && (size_t)n <= TEXT_STEM_MAX) {
		memcpy(out, s, (size_t)n);
		return (size_t)n;
	}
	memcpy(out, w, wlen);
	return wlen;
}

uint32_t
text_pair_hash(const char *a, size_t alen, const char *b, size_t blen)
{
	/* FNV-1a over a, a separator no word holds, b. */
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < alen; i++)
		h = (h ^ (unsigned char)a[i]) * 16777619u;
	h = (h ^ 0x20u) * 16777619u;
	for (size_t i = 0; i < blen; i++)
		h = (h ^ (unsigned char)b[i]) * 16777619u;
	return h;
}

/* ---- tokens of text, as unicode61 sees them ------------------------------ */

void
text_toks_free(struct text_toks *t)
{
	free(t->start);
	free(t->end);
	free(t->fo);
	free(t->fl);
	free(t->fold);
	memset(t, 0, sizeof *t);
}

int
text_toks_add(struct text_toks *t, const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		size_t ts, k;
		ucs4_t uc;
		int ascii = 1;

		/* Skip separators (ASCII ones by the table). */
		for (;;) {
			while (i < len && u[i] < 0x80 && !text_ascii_word[u[i]])
				i++;
			if (i >= len)
				return 0;
			if (u[i] < 0x80)
				break;
			k = (size_t)u8_mbtouc(&uc, u + i, len - i);
			if (token_char(uc))
				break;
			i += k;
		}
		ts = i;
		for (;;) {
			while (i < len && u[i] < 0x80 && text_ascii_word[u[i]])
				i++;
			if (i >= len || u[i] < 0x80)
				break;
			k = (size_t)u8_mbtouc(&uc, u + i, len - i);
			ascii = 0;
			if (!token_char(uc))
				break;
			i += k;
		}
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256;
			size_t *a = realloc(t->start, cap * sizeof *a);

			if (a == NULL)
				return -1;
			t->start = a;
			if ((a = realloc(t->end, cap * sizeof *a)) == NULL)
				return -1;
			t->end = a;
			if ((a = realloc(t->fo, cap * sizeof *a)) == NULL)
				return -1;
			t->fo = a;
			if ((a = realloc(t->fl, cap * sizeof *a)) == NULL)
				return -1;
			t->fl = a;
			t->cap = cap;
		}
		{
			size_t flen = i - ts;
			char *folded = NULL;
			const char *src = s + ts;

			if (!ascii) {
				if ((folded = text_fold(s + ts, i - ts, &flen)) == NULL)
					return -1;
				src = folded;
			}
			if (t->flen + flen + 1 > t->fcap) {
				size_t cap = t->fcap ? t->fcap : 4096;
				char *b;

				while (t->flen + flen + 1 > cap)
					cap *= 2;
				if ((b = realloc(t->fold, cap)) == NULL) {
					free(folded);
					return -1;
				}
				t->fold = b;
				t->fcap = cap;
			}
			if (ascii)
				text_fold_ascii(src, flen, t->fold + t->flen);
			else
				memcpy(t->fold + t->flen, src, flen);
			free(folded);
			t->start[t->n] = ts;
			t->end[t->n] = i;
			t->fo[t->n] = t->flen;
			t->fl[t->n] = flen;
			t->flen += flen;
			t->n++;
		}
	}
	return 0;
}

int
text_fold_ascii(const char *s, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return 0;
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	return 1;
}
