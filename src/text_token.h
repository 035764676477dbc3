/* text_token: the one word contract — what a word is and how it folds,
 * as FTS5's unicode61 tokenizer reads it, and its stem — used by the index
 * (the store's break pairs, paragraph starts, lengths and the words of a
 * stem) and by the query alike. */
#ifndef OMBUDS_TEXT_TOKEN_H
#define OMBUDS_TEXT_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include <unitypes.h>

/* Nonzero for the ASCII bytes that are part of a word (as
 * text_is_token_char says): letters and digits.  A table, for loops
 * over runs of ASCII. */
extern const unsigned char text_ascii_word[128];

/* Nonzero when uc is part of a word as FTS5's unicode61 tokenizer (and
 * search) sees it: letters, digits, private use (its default "L* N* Co")
 * and combining marks (which it folds away with remove_diacritics). */
int text_is_token_char(ucs4_t uc);

/* Finds the first word of s (the last when last is nonzero), words as
 * text_is_token_char makes them; sets bytes [*start, *end) and returns
 * 1, or returns 0 when s has none.  Reads only as far as the word. */
int text_token_edge(const char *s, size_t len, int last, size_t *start,
		    size_t *end);

/* Returns the number of words in s, words as text_is_token_char makes
 * them.  Sets *unsure when s holds a character on which that may part
 * from FTS5's unicode61 (a combining mark, a character newer than its
 * tables: beyond Latin, general punctuation and the euro sign); else the
 * number is unicode61's, FTS5's positions. */
size_t text_count_tokens(const char *s, size_t len, int *unsure);

/* Nonzero when s holds a character on which text_count_tokens sets
 * *unsure: where it holds none, its words are unicode61's, byte for
 * byte. */
int text_unsure(const char *s, size_t len);

/* Returns a malloc'd copy of the word s folded as search compares words:
 * ASCII lower-cased, anything else through text_fold; NULL when out of
 * memory.  Sets *outlen. */
char *text_fold_token(const char *s, size_t len, size_t *outlen);

/* Folds word [s, s+len) as text_fold_token does, into buf (cap bytes)
 * when it is ASCII of at most cap bytes, else into a malloc'd *heap that
 * the caller frees (*heap is NULL otherwise); returns the folded word
 * (not NUL-terminated in buf; NULL when out of memory) and sets *flen. */
const char *text_fold_token_buf(const char *s, size_t len, char *buf,
				size_t cap, char **heap, size_t *flen);

/* Nonzero when s[0..len) is one hyphen ('-', U+2010 or U+2011): two
 * words it joins (anti-social) are also searched as one (antisocial).
 * Inline: the noting tokenizer asks it between every two words. */
static inline int
text_is_hyphen(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	return (len == 1 && u[0] == '-') ||
	       (len == 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		(u[2] == 0x90 || u[2] == 0x91));
}

/* The longest word text_stem stems; a longer one is its own stem. */
#define TEXT_STEM_MAX 64

/* Writes the stem of the folded word w (wlen bytes) into out (at least
 * TEXT_STEM_MAX bytes), by Snowball's English stemmer: delay, delays,
 * delayed and delaying all give "delay".  Returns the stem's length (not
 * NUL-terminated), or 0 for a word of more than TEXT_STEM_MAX bytes (or
 * none), which is its own stem.  Out of memory, a word is its own stem.
 * Safe on any thread: each thread stems with its own stemmer. */
size_t text_stem(const char *w, size_t wlen, char *out);

/* A hash of two folded words side by side: the pair of words that meet
 * where one paragraph ends and the next begins, or two neighbours of a
 * phrase. */
uint32_t text_pair_hash(const char *a, size_t alen, const char *b,
			size_t blen);

/* Tokens of one or more texts: byte ranges in their text, and the folded
 * form of each in one buffer. */
struct text_toks {
	size_t n, cap;
	size_t *start, *end;    /* in the text */
	size_t *fo, *fl;        /* folded form: offset and length in fold */
	char *fold;
	size_t flen, fcap;
};

void text_toks_free(struct text_toks *t);

/* Appends the tokens of s[0..len) to t; returns 0 or -1. */
int text_toks_add(struct text_toks *t, const char *s, size_t len);

/* The fold of ASCII, the one rule every fast path follows: writes
 * s[0..len) lower-cased into out and returns 1 when it is all ASCII
 * (whose words fold to their lower case, as text_fold and FTS5 fold
 * them); returns 0 at the first other byte (out then holds the bytes
 * before it, folded). */
int text_fold_ascii(const char *s, size_t len, char *out);

#endif
