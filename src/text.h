/* text: everything that needs to know Unicode — turning a file's bytes
 * into clean UTF-8 (byte-order mark, CRLF, Windows-1252, NFC, control
 * characters), folding for comparison, display width and line wrapping.
 * Built on libunistring.  No SQL, no curses, no I/O. */
#ifndef OMBUDS_TEXT_H
#define OMBUDS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include <unictype.h>
#include <unitypes.h>

/* What text_clean found and changed, or'ed into *flags. */
enum {
	TEXT_HAD_BOM = 1 << 0,      /* a UTF-8 byte-order mark was dropped */
	TEXT_HAD_CRLF = 1 << 1,     /* CR LF or lone CR became LF */
	TEXT_WAS_CP1252 = 1 << 2,   /* not UTF-8: decoded as Windows-1252 */
	TEXT_HAD_CONTROL = 1 << 3,  /* control characters or escape
				     * sequences were removed */
	TEXT_HAD_NUL = 1 << 4,      /* NUL bytes were removed */
};

/* Returns nonzero when bytes look like a binary file rather than text:
 * a UTF-16 byte-order mark, or more than one control byte (NUL
 * included) in ten near the start. */
int text_is_binary(const char *bytes, size_t len);

/* Returns a malloc'd, NUL-terminated copy of bytes as clean UTF-8: no
 * byte-order mark, LF line ends, Windows-1252 decoded when the input is
 * not valid UTF-8, NFC, and no control character but '\n' (a tab becomes
 * a space; escape sequences, C1 controls, bidirectional embedding and
 * override characters and U+FEFF are removed).  The number of lines is
 * unchanged.  Sets *outlen and *flags; returns NULL when out of memory. */
char *text_clean(const char *bytes, size_t len, size_t *outlen,
		 unsigned *flags);

/* Returns a malloc'd copy of s folded for comparison: lower case, no
 * accents, ’ ‘ ʼ as ', “ ” as ", NBSP and other spaces as ' ', U+2010..
 * U+2015 dashes as '-'; NULL when out of memory.  Sets *outlen if not
 * NULL. */
char *text_fold(const char *s, size_t len, size_t *outlen);

/* Returns nonzero when the UTF-8 character at s (of at most len bytes)
 * is white space, U+00A0 included; sets *clen to its byte length. */
int text_is_space_at(const char *s, size_t len, size_t *clen);

/* Nonzero for the ASCII bytes that are part of a word (as
 * text_is_token_char says): letters and digits.  A table, for loops
 * over runs of ASCII. */
extern const unsigned char text_ascii_word[128];

/* Nonzero when uc is part of a word as FTS5's unicode61 tokenizer (and
 * search) sees it: letters, digits, private use (its default "L* N* Co")
 * and combining marks (which it folds away with remove_diacritics). */
static inline int
text_is_token_char(ucs4_t uc)
{
	if (uc < 0x80)
		return (uc >= 'a' && uc <= 'z') || (uc >= 'A' && uc <= 'Z') ||
		       (uc >= '0' && uc <= '9');
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N) ||
	       uc_is_general_category(uc, UC_CATEGORY_Co) ||
	       uc_is_general_category(uc, UC_CATEGORY_Mn);
}

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

/* Returns a malloc'd copy of the word s folded as search compares words:
 * ASCII lower-cased, anything else through text_fold; NULL when out of
 * memory.  Sets *outlen. */
char *text_fold_token(const char *s, size_t len, size_t *outlen);

/* A hash of two folded words side by side: the pair of words that meet
 * where one paragraph ends and the next begins, or two neighbours of a
 * phrase. */
uint32_t text_pair_hash(const char *a, size_t alen, const char *b,
			size_t blen);

/* Returns the number of terminal columns s takes (libunistring widths;
 * never the platform wcwidth). */
int text_width(const char *s, size_t len);

/* One wrapped line: bytes [off, off+len) of the text, width columns. */
struct text_line {
	size_t off;
	size_t len;
	int width;
};

/* Breaks s into lines of at most width columns (at least 1) with
 * Unicode line breaking, breaking inside a word only when it is wider
 * than a line; '\n' forces a break.  Trailing spaces are not counted.
 * Stores a malloc'd array in *lines and returns its length, or -1 when
 * out of memory. */
long text_wrap(const char *s, size_t len, int width, struct text_line **lines);

#endif
