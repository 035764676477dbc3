/* parse_int.h: private to the parse family (parse.c reads statements,
 * parse_line.c classifies their lines): the line table, the parser's
 * state, and the character helpers both use. */
#ifndef OMBUDS_PARSE_INT_H
#define OMBUDS_PARSE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse.h"
#include "text.h"

/* Lines longer than this are never headings, metadata or debris, so
 * they are not folded: a 20 MB line costs one pass. */
#define SHORT_LINE 160
/* Sub-item nesting deeper than this is shown at this depth. */
#define MAX_DEPTH 8
/* A statement is a few hundred lines: past this many, the file is not
 * statements, and a line table for it would waste memory. */
#define MAX_LINES 1000000
/* How far a new header may be from the metadata that confirms it. */
#define LOOKAHEAD 24

enum line_class {
	L_BLANK,        /* empty, spaces only, web debris or a dropped line */
	L_TEXT,         /* anything else: paragraph text, marked or not */
	L_HEADING,      /* a known section heading; kind in hkind */
	L_FINALDEC,     /* "The Ombudsman's final decision:" */
	L_SUMMARY,      /* "Summary: …" on one line */
	L_SUMHEAD,      /* "Summary" alone, as a heading (old reports) */
	L_CLOSING,      /* "Ombudsman satisfied with council's response: …" */
};

enum marker { M_NONE, M_NUM, M_DASH, M_BULLET };

enum meta_key { META_NONE, META_CATEGORY, META_DECISION, META_DATE };

enum debris {
	DEB_NONE,
	DEB_LINE,       /* a line of page furniture */
	DEB_BANNER,     /* the cookie banner starts here */
	DEB_BANNER_END, /* … and ends here */
};

struct line {
	const char *s;          /* content: after the indent */
	size_t len;             /* content length, trailing blanks trimmed */
	size_t tstart;          /* offset of the text after the list marker */
	uint32_t hkey;          /* hash of the folded heading, when one */
	int indent;             /* columns of leading white space */
	int num;                /* the printed number of a numbered item */
	unsigned char cls;      /* enum line_class */
	unsigned char marker;   /* enum marker */
	unsigned char hkind;    /* decision_kind + 1 when the text (marker
				 * stripped) is a known heading, else 0 */
	unsigned char meta;     /* enum meta_key */
	unsigned char headlike; /* short, capitalised, no final stop */
	unsigned char ref;      /* 1: "Org (ref)", 2: bare ref, 0: neither */
	unsigned char debris;   /* enum debris */
};

struct buf {
	char *s;
	size_t len;
	size_t cap;
};

/* The paragraph being built. */
struct para {
	int open;
	int marker;             /* marker of its first line */
	int indent;
	int collect;            /* its first line ends with ':' and the
				 * lower-case items after it are its list */
	int last_open;          /* its last line ends mid-sentence */
	int depth;
	int stack[MAX_DEPTH];   /* indents of the open sub-item levels */
	struct buf text;
};

enum sum_mode { SUM_NONE, SUM_INLINE, SUM_SECTION };

struct parser {
	const char *text;
	size_t textlen;
	struct line *lines;
	size_t nlines;
	struct parse_result *res;
	size_t problems_cap, decisions_cap;
	int oom;
	int had_error;

	/* the statement being read */
	struct decision *d;
	size_t first, end;      /* its lines [first, end) */
	int preamble;           /* between the header and the body */
	int kind;               /* current section */
	int have_section;       /* a known heading has been seen */
	int have_signal;        /* metadata, summary or a known heading */
	const struct line *heading, *subheading;
	int sum_mode;
	struct buf sum;
	struct para para;
	int blank;              /* a blank line since the last content */
	int prev_open;          /* the last content line ends mid-sentence */
	int prev_colon;         /* … or introduces what follows with ':' */
	const struct line *pending; /* a marker alone on its line */
	size_t last_line;       /* last content line of the statement */
	size_t last_para_line;
	size_t closing_n;       /* the paragraph made of the closing line */
};

/* ---- character helpers ----------------------------------------------- */

/* Returns the byte length of the white space character at s (space or
 * a Unicode space such as U+00A0), 0 when there is none. */
static inline size_t
space_at(const char *s, size_t n)
{
	size_t clen;

	if (n == 0)
		return 0;
	if (*s == ' ')
		return 1;
	if ((unsigned char)*s < 0x80)
		return 0;
	if (text_is_space_at(s, n, &clen))
		return clen;
	return 0;
}

/* Returns the length of s without its trailing white space. */
static inline size_t
rtrim(const char *s, size_t n)
{
	for (;;) {
		size_t k;

		if (n == 0)
			return 0;
		if (s[n - 1] == ' ') {
			n--;
			continue;
		}
		if ((unsigned char)s[n - 1] < 0x80)
			return n;
		/* Back up to the start of the last character. */
		k = n - 1;
		while (k > 0 && n - k < 4 &&
		       ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		if (space_at(s + k, n - k) == n - k)
			n = k;
		else
			return n;
	}
}

static inline size_t
ltrim(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (k = space_at(s + i, n - i)) > 0)
		i += k;
	return i;
}

static inline int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static inline int
is_letter(char c)
{
	return is_upper(c) || is_lower(c);
}

static inline int
lower(char c)
{
	return is_upper(c) ? c + 32 : c;
}

/* Returns nonzero when the text ends a sentence or introduces what
 * follows: a final stop, colon, closing quote or bracket. */
static inline int
ends_sentence(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (strchr(".:;!?\"')]", s[n - 1]) != NULL)
		return 1;
	/* ’ ” … */
	return n >= 3 && u[n - 3] == 0xe2 && u[n - 2] == 0x80 &&
	       (u[n - 1] == 0x99 || u[n - 1] == 0x9d || u[n - 1] == 0xa6);
}

static inline uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h ? h : 1;
}

/* ---- parse.c ----------------------------------------------------------- */

/* Adds a problem; a message that cannot be stored is dropped, and an
 * error is remembered either way. */
__attribute__((format(printf, 4, 5))) void
parse_problem(struct parser *p, enum parse_severity sev, size_t line,
	      const char *fmt, ...);

/* ---- parse_line.c ------------------------------------------------------ */

/* Cuts the cleaned text into lines and classifies each. */
int parse_split_lines(struct parser *p);

/* Turns debris (page furniture, the cookie banner) into blank lines. */
void parse_drop_debris(struct parser *p);

#endif
