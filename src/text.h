/* text: everything that needs to know Unicode — turning a file's bytes
 * into clean UTF-8 (byte-order mark, CRLF, Windows-1252, NFC, control
 * characters), folding for comparison, display width and line wrapping.
 * Built on libunistring.  No SQL, no curses, no I/O. */
#ifndef OMBUDS_TEXT_H
#define OMBUDS_TEXT_H

#include <stddef.h>
#include <stdint.h>


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
