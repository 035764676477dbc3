/* parse: turns the bytes of one saved decision page into decisions.
 *
 * The text is cleaned once (text_clean), cut into lines, and every line
 * classified once: blank or web debris, known heading, metadata,
 * summary, list marker, header candidate.  Statements are then found
 * (a file may hold two), and each is read top to bottom by a small state
 * machine that builds paragraphs.  Every step is linear in the input:
 * long lines are never folded or rescanned, and look-aheads stop at the
 * next non-blank line. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- small helpers --------------------------------------------------- */

/* Appends n bytes to b, keeping it NUL-terminated; returns 0, or -1 when
 * out of memory (remembered in p->oom, so callers need not check). */
static int
buf_add(struct parser *p, struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (ns == NULL) {
			p->oom = 1;
			return -1;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static char *
memdup0(struct parser *p, const char *s, size_t n)
{
	char *r = malloc(n + 1);

	if (r == NULL) {
		p->oom = 1;
		return NULL;
	}
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* Returns how many bytes of s[0..n), at most max, to quote in a message:
 * cut before a character, never inside one, so the message stays UTF-8. */
static int
quote_len(const char *s, size_t n, size_t max)
{
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return (int)n;
}

/* Adds a problem; a message that cannot be stored is dropped, and an
 * error is remembered either way. */
__attribute__((format(printf, 4, 5))) static void
problem(struct parser *p, enum parse_severity sev, size_t line,
	const char *fmt, ...)
{
	struct parse_result *r = p->res;
	struct parse_problem *np;
	va_list ap;

	if (sev == PARSE_ERROR)
		p->had_error = 1;
	if (r->nproblems == p->problems_cap) {
		size_t cap = p->problems_cap ? p->problems_cap * 2 : 4;

		np = realloc(r->problems, cap * sizeof *np);
		if (np == NULL) {
			p->oom = 1;
			return;
		}
		r->problems = np;
		p->problems_cap = cap;
	}
	np = &r->problems[r->nproblems++];
	np->line = line > (size_t)INT_MAX ? 0 : (int)line;
	np->severity = sev;
	va_start(ap, fmt);
	vsnprintf(np->msg, sizeof np->msg, fmt, ap);
	va_end(ap);
}

/* Returns the byte length of the white space character at s (space or
 * a Unicode space such as U+00A0), 0 when there is none. */
static size_t
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
static size_t
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

static size_t
ltrim(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n && (k = space_at(s + i, n - i)) > 0)
		i += k;
	return i;
}

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_letter(char c)
{
	return is_upper(c) || is_lower(c);
}

static int
lower(char c)
{
	return is_upper(c) ? c + 32 : c;
}

/* Returns nonzero when the text ends a sentence or introduces what
 * follows: a final stop, colon, closing quote or bracket. */
static int
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

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h ? h : 1;
}

/* ---- classifying one line ------------------------------------------ */

/* Matches a metadata key ("decision date") at the start of s: words in
 * any case separated by any white space, then optional white space and a
 * colon.  Returns the offset after the colon, or 0. */
static size_t
match_key(const char *s, size_t n, const char *key)
{
	size_t i = 0, k;

	while (*key != '\0') {
		if (*key == ' ') {
			if ((k = space_at(s + i, n - i)) == 0)
				return 0;
			while ((k = space_at(s + i, n - i)) > 0)
				i += k;
			key++;
			continue;
		}
		if (i >= n || lower(s[i]) != *key)
			return 0;
		i++;
		key++;
	}
	while ((k = space_at(s + i, n - i)) > 0)
		i += k;
	if (i >= n || s[i] != ':')
		return 0;
	return i + 1;
}

/* Finds a list marker at the start of the content; sets the marker, the
 * printed number and the offset of the item's text. */
static void
find_marker(struct line *l)
{
	const unsigned char *u = (const unsigned char *)l->s;
	size_t n = l->len, i = 0, k;
	int num = 0;

	l->marker = M_NONE;
	l->tstart = 0;
	if (n == 0)
		return;
	if (u[0] >= '0' && u[0] <= '9') {
		while (i < n && i < 3 && u[i] >= '0' && u[i] <= '9')
			num = num * 10 + (u[i++] - '0');
		if (i >= n || (u[i] != '.' && u[i] != ')'))
			return;
		i++;
		if (i < n && space_at(l->s + i, n - i) == 0)
			return; /* "1.5 million" */
		l->marker = M_NUM;
		l->num = num;
	} else if ((u[0] == '-' || u[0] == '*') && n >= 1) {
		i = 1;
		if (i < n && space_at(l->s + i, n - i) == 0)
			return; /* "-1", "*note" */
		l->marker = u[0] == '-' ? M_DASH : M_BULLET;
	} else if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && u[2] == 0x93) {
		i = 3; /* en dash used as a list dash */
		if (i < n && space_at(l->s + i, n - i) == 0)
			return;
		l->marker = M_DASH;
	} else if ((n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		    (u[2] == 0xa2 || u[2] == 0xa3)) ||         /* • ‣ */
		   (n >= 3 && u[0] == 0xe2 && u[1] == 0x97 &&
		    (u[2] == 0xa6 || u[2] == 0x8f)) ||         /* ◦ ● */
		   (n >= 3 && u[0] == 0xe2 && u[1] == 0x96 &&
		    u[2] == 0xaa) ||                           /* ▪ */
		   (n >= 3 && u[0] == 0xef && u[1] == 0x82 &&
		    u[2] == 0xb7)) {                           /* Word's U+F0B7 */
		i = 3;
		l->marker = M_BULLET;
	} else if (n >= 2 && u[0] == 0xc2 && u[1] == 0xb7) { /* · */
		i = 2;
		l->marker = M_BULLET;
	} else {
		return;
	}
	while ((k = space_at(l->s + i, n - i)) > 0)
		i += k;
	l->tstart = i;
}

/* Normalises a folded heading in place: single spaces, no trailing ':'
 * or '.', "ombudsmen" as "ombudsman".  Returns the new length. */
static size_t
norm_heading(char *s, size_t n)
{
	size_t i, o = 0;
	char *m;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			if (o > 0 && s[o - 1] != ' ')
				s[o++] = ' ';
		} else {
			s[o++] = s[i];
		}
	}
	while (o > 0 && (s[o - 1] == ' ' || s[o - 1] == ':' ||
			 s[o - 1] == '.'))
		o--;
	s[o] = '\0';
	for (m = strstr(s, "ombudsmen"); m != NULL;
	     m = strstr(m + 9, "ombudsmen"))
		m[7] = 'a';
	return o;
}

struct heading_name {
	const char *name;
	size_t len;
	int kind;
};

#define H(name, kind) {name, sizeof name - 1, kind}

/* Folded, normalised headings and their kinds.  SUMMARY here stands for
 * the old report pages' "Summary" heading. */
static const struct heading_name headings[] = {
	H("the complaint", DECISION_KIND_COMPLAINT),
	H("complaint", DECISION_KIND_COMPLAINT),
	H("the complaints", DECISION_KIND_COMPLAINT),
	H("complaint background", DECISION_KIND_COMPLAINT),
	H("background to the complaint", DECISION_KIND_COMPLAINT),
	H("the ombudsman's role and powers", DECISION_KIND_POWERS),
	H("ombudsman's role and powers", DECISION_KIND_POWERS),
	H("the ombudsman's role", DECISION_KIND_POWERS),
	H("our role and powers", DECISION_KIND_POWERS),
	H("role and powers", DECISION_KIND_POWERS),
	H("legal and administrative background", DECISION_KIND_POWERS),
	H("what i found", DECISION_KIND_FINDINGS),
	H("what we found", DECISION_KIND_FINDINGS),
	H("my assessment", DECISION_KIND_FINDINGS),
	H("assessment", DECISION_KIND_FINDINGS),
	H("consideration", DECISION_KIND_FINDINGS),
	H("my consideration", DECISION_KIND_FINDINGS),
	H("conclusions", DECISION_KIND_FINDINGS),
	H("conclusion", DECISION_KIND_FINDINGS),
	H("my conclusions", DECISION_KIND_FINDINGS),
	H("analysis", DECISION_KIND_FINDINGS),
	H("my analysis", DECISION_KIND_FINDINGS),
	H("findings", DECISION_KIND_FINDINGS),
	H("finding", DECISION_KIND_FINDINGS),
	H("my findings", DECISION_KIND_FINDINGS),
	H("agreed action", DECISION_KIND_ACTION),
	H("agreed actions", DECISION_KIND_ACTION),
	H("action", DECISION_KIND_ACTION),
	H("actions", DECISION_KIND_ACTION),
	H("recommendations", DECISION_KIND_ACTION),
	H("recommendation", DECISION_KIND_ACTION),
	H("recommended action", DECISION_KIND_ACTION),
	H("recommended actions", DECISION_KIND_ACTION),
	H("final decision", DECISION_KIND_DECISION),
	H("decision", DECISION_KIND_DECISION),
	H("my decision", DECISION_KIND_DECISION),
	H("summary", DECISION_KIND_SUMMARY),
};

#undef H

static int
starts_with(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

static int
ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* Returns the kind + 1 of a normalised heading, 0 when unknown. */
static int
heading_kind(const char *h, size_t n)
{
	size_t i;

	if (n > 64)
		return 0; /* longer than any heading */
	for (i = 0; i < sizeof headings / sizeof headings[0]; i++)
		if (n == headings[i].len && memcmp(h, headings[i].name, n) == 0)
			return headings[i].kind + 1;
	if (starts_with(h, "how i considered") ||
	    starts_with(h, "how i have considered") ||
	    starts_with(h, "how we considered"))
		return DECISION_KIND_CONSIDERED + 1;
	if ((starts_with(h, "what i have ") || starts_with(h, "what we have ")) &&
	    ends_with(h, n, "investigated"))
		return DECISION_KIND_COMPLAINT + 1;
	return 0;
}

/* Returns nonzero when h is the investigator's sign-off, printed once or
 * twice on one line. */
static int
is_signoff(const char *h)
{
	static const char phrase[] =
		"investigator's decision on behalf of the ombudsman";
	int seen = 0;

	while (*h != '\0') {
		while (*h == ' ')
			h++;
		if (*h == '\0')
			break;
		if (!starts_with(h, phrase))
			return 0;
		h += sizeof phrase - 1;
		seen = 1;
	}
	return seen;
}

/* Folds a short text and sets the line's heading kind, debris and the
 * lines that the statement's frame is made of. */
static void
classify_folded(struct parser *p, struct line *l, const char *s, size_t n,
		int marked)
{
	char ascii[SHORT_LINE + 1], *f = ascii;
	const unsigned char *u = (const unsigned char *)s;
	size_t flen = 0, i = 0;

	/* Most such lines are ASCII but for a curly apostrophe or a
	 * no-break space ("The Ombudsman’s role and powers"), which fold as
	 * text_fold would: libunistring only for the rest. */
	while (i < n && n <= SHORT_LINE) {
		if (u[i] < 0x80) {
			ascii[flen++] = (char)lower(s[i++]);
		} else if (i + 2 < n && u[i] == 0xe2 && u[i + 1] == 0x80 &&
			   (u[i + 2] == 0x98 || u[i + 2] == 0x99)) {
			ascii[flen++] = '\'';
			i += 3;
		} else if (i + 1 < n && u[i] == 0xc2 && u[i + 1] == 0xa0) {
			ascii[flen++] = ' ';
			i += 2;
		} else {
			break;
		}
	}
	if (i == n && n <= SHORT_LINE) {
		ascii[flen] = '\0';
	} else if ((f = text_fold(s, n, &flen)) == NULL) {
		p->oom = 1;
		return;
	}
	flen = norm_heading(f, flen);
	if (!marked) {
		if (strcmp(f, "back to top") == 0 ||
		    strcmp(f, "print this page") == 0 ||
		    strcmp(f, "lgo logogram") == 0 || is_signoff(f))
			l->debris = DEB_LINE;
		else if (strcmp(f, "review your privacy settings") == 0)
			l->debris = DEB_BANNER;
		else if (strcmp(f, "privacy settings") == 0)
			l->debris = DEB_BANNER_END;
		else if (strcmp(f, "the ombudsman's final decision") == 0 ||
			 strcmp(f, "ombudsman's final decision") == 0)
			l->cls = L_FINALDEC;
		else if (starts_with(f, "ombudsman satisfied with "))
			l->cls = L_CLOSING;
	}
	if (l->debris == DEB_NONE && l->cls == L_TEXT) {
		l->hkind = (unsigned char)heading_kind(f, flen);
		if (l->hkind)
			l->hkey = hash(f, flen);
		if (!marked && l->hkind == DECISION_KIND_SUMMARY + 1)
			l->cls = L_SUMHEAD;
		else if (!marked && l->hkind)
			l->cls = L_HEADING;
	}
	if (f != ascii)
		free(f);
}

/* Sets l->ref when the content is a header: "Org (NN NNN NNN)" with the
 * reference as the last parenthesised group, or a bare reference. */
static void
find_ref(struct line *l)
{
	char out[DECISION_REF_MAX];
	size_t i;
	int depth = 0;

	if (l->len == 0 || l->len > 400)
		return;
	if (decision_ref_canon(l->s, l->len, out) == 0) {
		l->ref = 2;
		return;
	}
	if (l->s[l->len - 1] != ')')
		return;
	for (i = l->len; i-- > 0;) {
		if (l->s[i] == ')')
			depth++;
		else if (l->s[i] == '(' && --depth == 0)
			break;
	}
	if (depth != 0 || i == (size_t)-1)
		return;
	if (decision_ref_canon(l->s + i + 1, l->len - i - 2, out) == 0)
		l->ref = 1;
}

/* Two saved pages joined with cat, the first without a final newline,
 * glue the cookie banner's last line to the next statement's header:
 * "Privacy settingsEssex County Council (24 019 538)".  Drops that
 * prefix when what follows is a header. */
static void
unglue_header(struct line *l)
{
	static const char glued[] = "Privacy settings";
	const size_t n = sizeof glued - 1;
	struct line rest;

	if (l->len <= n || memcmp(l->s, glued, n) != 0)
		return;
	rest = *l;
	rest.s += n;
	rest.len -= n;
	find_ref(&rest);
	if (rest.ref) {
		l->s += n;
		l->len -= n;
	}
}

/* Counts words up to a limit; returns the count or limit + 1. */
static int
count_words(const char *s, size_t n, int limit)
{
	int w = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ' ' && i + 1 < n && s[i + 1] != ' ' &&
		    ++w > limit)
			return w;
	return w;
}

/* Sets everything the reader needs to know about one line: its class,
 * list marker, heading kind, metadata key and whether it is a header. */
static void
classify(struct parser *p, struct line *l)
{
	const char *t;
	size_t tn, k;

	l->cls = l->len ? L_TEXT : L_BLANK;
	if (l->len == 0)
		return;
	unglue_header(l);
	find_marker(l);
	t = l->s + l->tstart;
	tn = l->len - l->tstart;
	if (l->marker != M_NONE) {
		/* A contents list can be a list of marked headings. */
		if (tn > 0 && tn <= 64 && is_upper(*t))
			classify_folded(p, l, t, tn, 1);
		l->headlike = tn > 0 && tn <= 80 && is_upper(*t) &&
			      !ends_sentence(t, tn) &&
			      count_words(t, tn, 6) <= 6;
		return;
	}
	if ((k = match_key(t, tn, "decision date")) > 0)
		l->meta = META_DATE;
	else if ((k = match_key(t, tn, "decision")) > 0)
		l->meta = META_DECISION;
	else if ((k = match_key(t, tn, "category")) > 0)
		l->meta = META_CATEGORY;
	else if ((k = match_key(t, tn, "summary")) > 0) {
		l->cls = ltrim(t + k, tn - k) < tn - k ? L_SUMMARY : L_SUMHEAD;
		l->tstart = k;
		return;
	}
	if (l->meta != META_NONE) {
		l->tstart = k;
		return;
	}
	if (tn <= SHORT_LINE && is_letter(*t))
		classify_folded(p, l, t, tn, 0);
	if (l->cls != L_TEXT || l->debris != DEB_NONE)
		return;
	find_ref(l);
	l->headlike = !l->ref && tn <= 80 && is_upper(*t) &&
		      !ends_sentence(t, tn) && memchr(t, ':', tn) == NULL &&
		      count_words(t, tn, 6) <= 6;
}

/* Cuts the cleaned text into lines and classifies each. */
static int
split_lines(struct parser *p)
{
	const char *s = p->text, *end = p->text + p->textlen, *nl;
	size_t n = 1, i;

	for (nl = s; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL;
	     nl++)
		n++;
	if (p->textlen > 0 && end[-1] == '\n')
		n--;
	if (n > MAX_LINES) {
		problem(p, PARSE_ERROR, 0,
			"too many lines (%zu) for decision statements; "
			"split the file", n);
		return -1;
	}
	p->lines = calloc(n ? n : 1, sizeof *p->lines);
	if (p->lines == NULL) {
		p->oom = 1;
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct line *l = &p->lines[i];
		const char *e = memchr(s, '\n', (size_t)(end - s));
		size_t len, k, col = 0;

		if (e == NULL)
			e = end;
		len = (size_t)(e - s);
		/* Indent in columns: a no-break space is one column. */
		while ((k = space_at(s, len)) > 0) {
			s += k;
			len -= k;
			col++;
		}
		l->s = s;
		l->len = rtrim(s, len);
		l->indent = col > 1000 ? 1000 : (int)col;
		classify(p, l);
		s = e + 1;
	}
	p->nlines = n;
	return 0;
}

/* Turns debris into blank lines: page furniture and the cookie banner,
 * which runs to its "Privacy settings" line, or up to the next header
 * when a pasted page lost its end. */
static void
drop_debris(struct parser *p)
{
	size_t i;
	int banner = 0;

	for (i = 0; i < p->nlines; i++) {
		struct line *l = &p->lines[i];

		if (banner && l->ref && l->marker == M_NONE)
			banner = 0;
		if (l->debris == DEB_BANNER)
			banner = 1;
		if (banner || l->debris != DEB_NONE)
			l->cls = L_BLANK;
		if (l->debris == DEB_BANNER_END)
			banner = 0;
	}
}

/* ---- finding statements ---------------------------------------------- */

static int
is_signal(const struct line *l)
{
	return l->meta != META_NONE || l->cls == L_FINALDEC ||
	       l->cls == L_SUMMARY || l->cls == L_SUMHEAD;
}

/* Returns nonzero when line i is the header of a new statement: a header
 * line followed, past any contents list, by metadata, the "final
 * decision" line or the summary.  A paragraph that mentions a reference
 * in brackets is followed by text, and so is not taken. */
static int
starts_statement(const struct parser *p, size_t i)
{
	const struct line *h = &p->lines[i];
	size_t j;
	int seen = 0;

	if (!h->ref || h->marker != M_NONE || h->cls != L_TEXT)
		return 0;
	for (j = i + 1; j < p->nlines && seen < LOOKAHEAD; j++) {
		const struct line *l = &p->lines[j];

		if (l->cls == L_BLANK)
			continue;
		if (is_signal(l))
			return 1;
		if (l->cls != L_HEADING && !l->hkind)
			return 0;
		seen++;
	}
	return 0;
}

/* Drops a contents list: the first run of headings (blank lines aside)
 * before any text, holding two or more known headings one of which comes
 * back later.  The run's last line stays when it is a plain heading, as
 * it is the first heading of the body. */
static void
drop_contents(struct parser *p)
{
	size_t i, j, run = 0, last = 0;
	int known = 0, in_sum = 0, nrun = 0;

	for (i = p->first + 1; i < p->end; i++) {
		const struct line *l = &p->lines[i];

		if (l->cls == L_SUMMARY) {
			in_sum = 1;
			continue;
		}
		if (l->cls == L_BLANK) {
			in_sum = 0;
			continue;
		}
		if (l->meta != META_NONE || (in_sum && l->marker == M_NONE &&
					     !l->hkind))
			continue;
		if (l->cls == L_HEADING || l->hkind ||
		    (l->cls == L_TEXT && l->headlike)) {
			if (run == 0)
				run = i;
			known += l->hkind != 0;
			last = i;
			if (++nrun > 64 || i - run > 512)
				return; /* too long for contents: leave it */
			continue;
		}
		if (known >= 2)
			break;
		if (l->cls == L_TEXT && !l->headlike)
			return; /* text came first: no contents list */
		run = 0;
		known = 0;
		nrun = 0;
	}
	if (known < 2 || run == 0)
		return;
	for (j = last + 1; j < p->end; j++) {
		const struct line *l = &p->lines[j];
		size_t k;

		if (l->cls != L_HEADING)
			continue;
		for (k = run; k <= last; k++)
			if (p->lines[k].hkind && p->lines[k].hkey == l->hkey)
				break;
		if (k <= last)
			break;
	}
	if (j >= p->end)
		return;
	for (i = run; i <= last; i++) {
		struct line *l = &p->lines[i];

		if (i == last && l->marker == M_NONE && l->cls == L_HEADING)
			break;
		l->cls = L_BLANK;
	}
}

/* ---- building paragraphs --------------------------------------------- */

static char *
dup_line(struct parser *p, const struct line *l)
{
	if (l == NULL)
		return NULL;
	return memdup0(p, l->s, l->len);
}

/* Stores the paragraph being built, if any, in the decision. */
static void
flush_para(struct parser *p)
{
	struct para *q = &p->para;
	char *text, *heading = NULL, *sub = NULL;

	if (!q->open)
		return;
	q->open = 0;
	if (q->text.len == 0)
		return;
	text = memdup0(p, q->text.s, q->text.len);
	if (p->heading != NULL)
		heading = dup_line(p, p->heading);
	if (p->subheading != NULL)
		sub = dup_line(p, p->subheading);
	if (text == NULL || (p->heading && !heading) ||
	    (p->subheading && !sub)) {
		free(text);
		free(heading);
		free(sub);
		return;
	}
	if (decision_add_para(p->d, (enum decision_kind)p->kind, heading, sub,
			      text) < 0)
		p->oom = 1;
}

/* Stores the open paragraph and opens a new one with the text t. */
static void
start_para(struct parser *p, int marker, int indent, const char *t,
	   size_t n)
{
	struct para *q = &p->para;

	flush_para(p);
	q->open = 1;
	q->marker = marker;
	q->indent = indent;
	q->depth = 0;
	q->text.len = 0;
	q->collect = n > 0 && t[n - 1] == ':';
	q->last_open = !ends_sentence(t, n);
	buf_add(p, &q->text, t, n);
}

/* Adds a sub-item line to the open paragraph, nested by its indent. */
static void
add_sub(struct parser *p, int marker, int indent, int num, const char *t,
	size_t n)
{
	struct para *q = &p->para;
	char mark[16];
	int level, i;

	/* One column either way is the same level: pasted lists are
	 * often ragged by a space. */
	while (q->depth > 0 && q->stack[q->depth - 1] > indent + 1)
		q->depth--;
	if ((q->depth == 0 || q->stack[q->depth - 1] + 2 <= indent) &&
	    q->depth < MAX_DEPTH)
		q->stack[q->depth++] = indent;
	level = q->depth;
	buf_add(p, &q->text, "\n", 1);
	for (i = 1; i < level; i++)
		buf_add(p, &q->text, "  ", 2);
	if (marker == M_NUM)
		snprintf(mark, sizeof mark, "%d. ", num);
	else
		snprintf(mark, sizeof mark, "\xe2\x80\xa2 ");
	buf_add(p, &q->text, mark, strlen(mark));
	buf_add(p, &q->text, t, n);
	q->last_open = !ends_sentence(t, n);
}

/* Places a marked item: a sub-item of the open paragraph or a paragraph
 * of its own.  Bullets are sub-items of a numbered or plain paragraph;
 * any item indented deeper than its paragraph is a sub-item; and at the
 * same level, lower-case items after a line ending in ':' read as that
 * line's list. */
static void
add_item(struct parser *p, int marker, int indent, int num, const char *t,
	 size_t n)
{
	struct para *q = &p->para;
	int sub = 0, cont = q->collect && n > 0 && is_lower(*t);

	if (q->open) {
		if (marker == M_BULLET)
			sub = q->marker != M_BULLET || indent > q->indent ||
			      cont;
		else if (marker == M_DASH)
			sub = q->marker == M_NUM || indent > q->indent || cont;
		else
			sub = (q->marker != M_NONE && indent > q->indent) ||
			      cont;
	}
	if (sub)
		add_sub(p, marker, indent, num, t, n);
	else
		start_para(p, marker, indent, t, n);
}

/* Places an unmarked line: the rest of a line broken mid-sentence, an
 * extra line of a marked paragraph (a statute citation after a list),
 * or a paragraph of its own in the old unmarked layouts. */
static void
add_plain(struct parser *p, const char *t, size_t n, int indent)
{
	struct para *q = &p->para;

	if (q->open && !p->blank && q->last_open) {
		buf_add(p, &q->text, " ", 1);
		buf_add(p, &q->text, t, n);
		q->last_open = !ends_sentence(t, n);
		if (q->depth == 0)
			q->collect = n > 0 && t[n - 1] == ':';
		return;
	}
	if (q->open && q->marker != M_NONE) {
		buf_add(p, &q->text, "\n", 1);
		buf_add(p, &q->text, t, n);
		q->depth = 0;
		q->collect = 0;
		q->last_open = !ends_sentence(t, n);
		return;
	}
	start_para(p, M_NONE, indent, t, n);
}

/* Returns the next non-blank line of the statement after i, or NULL. */
static const struct line *
next_content(const struct parser *p, size_t i)
{
	for (i++; i < p->end; i++)
		if (p->lines[i].cls != L_BLANK)
			return &p->lines[i];
	return NULL;
}

/* Returns nonzero when an unknown short line at i is a sub-heading: it
 * does not continue the line before it and has text of its own below. */
static int
is_subheading(const struct parser *p, size_t i)
{
	const struct line *l = &p->lines[i], *nx;

	if (l->cls != L_TEXT || l->marker != M_NONE || !l->headlike ||
	    p->prev_colon || (p->prev_open && !p->blank))
		return 0;
	/* Text of its own below: not a heading, and not the rest of a
	 * sentence broken after a few words. */
	nx = next_content(p, i);
	if (nx == NULL || nx->cls != L_TEXT || (nx->marker == M_NONE &&
						(nx->headlike ||
						 is_lower(nx->s[0]))))
		return 0;
	return 1;
}

/* Adds summary text: the summary is one paragraph, shown on one line in
 * lists, so one space joins its lines. */
static void
add_summary(struct parser *p, const char *t, size_t n)
{
	if (n == 0)
		return;
	if (p->sum.len > 0)
		buf_add(p, &p->sum, " ", 1);
	buf_add(p, &p->sum, t, n);
}

static void
end_summary(struct parser *p)
{
	p->sum_mode = SUM_NONE;
}

/* Stores a metadata line's value in the decision; the first of each key
 * wins, and a date that is not one is left empty with a warning. */
static void
set_meta(struct parser *p, const struct line *l, size_t lineno)
{
	const char *v = l->s + l->tstart;
	size_t n = l->len - l->tstart, k = ltrim(v, n);
	struct decision *d = p->d;

	v += k;
	n -= k;
	if (n == 0)
		return;
	switch (l->meta) {
	case META_CATEGORY: {
		const char *gt = memchr(v, '>', n);
		size_t an = gt ? (size_t)(gt - v) : n;

		/* A category with no area ("Category : > Other") still
		 * counts as the first. */
		if (d->area != NULL || d->subarea != NULL)
			return;
		an = rtrim(v, an);
		if (an > 0)
			d->area = memdup0(p, v, an);
		if (gt != NULL) {
			const char *s = gt + 1;
			size_t sn = (size_t)(v + n - s), sk = ltrim(s, sn);

			if (sn > sk)
				d->subarea = memdup0(p, s + sk, sn - sk);
		}
		break;
	}
	case META_DECISION:
		if (d->outcome == NULL)
			d->outcome = memdup0(p, v, n);
		break;
	case META_DATE:
		if (d->date[0] != '\0')
			return;
		if (decision_date_canon(v, n, d->date) < 0) {
			d->date[0] = '\0';
			problem(p, PARSE_WARNING, lineno,
				"decision date '%.*s' is not a date; left empty",
				quote_len(v, n, 40), v);
		}
		break;
	}
}

/* A heading starts a section of its kind. */
static void
heading_line(struct parser *p, const struct line *l)
{
	flush_para(p);
	end_summary(p);
	p->preamble = 0;
	p->kind = l->hkind - 1;
	p->heading = l;
	p->subheading = NULL;
	p->have_section = 1;
	p->have_signal = 1;
	p->prev_open = p->prev_colon = 0;
	p->pending = NULL;
}

/* An old report's last line closes the case as a final decision would:
 * its label is the heading, and the line, date and all, the text.  It
 * says nothing of the outcome. */
static void
closing_line(struct parser *p, const struct line *l, size_t i)
{
	const char *colon = memchr(l->s, ':', l->len);
	size_t hn = colon ? (size_t)(colon - l->s) : l->len;
	char *h, *tx;

	flush_para(p);
	end_summary(p);
	p->kind = DECISION_KIND_DECISION;
	p->heading = p->subheading = NULL;
	p->have_section = 1;
	p->prev_open = p->prev_colon = 0;
	h = memdup0(p, l->s, rtrim(l->s, hn));
	tx = memdup0(p, l->s, l->len);
	if (h == NULL || tx == NULL) {
		free(h);
		free(tx);
		return;
	}
	if (decision_add_para(p->d, DECISION_KIND_DECISION, h, NULL, tx) < 0)
		p->oom = 1;
	p->closing_n = p->d->npara;
	p->last_para_line = i;
	p->pending = NULL;
}

/* Text t (n bytes) of line i in the body: the summary's, a sub-heading,
 * or text for the paragraph being built. */
static void
text_line(struct parser *p, size_t i, const char *t, size_t n)
{
	const struct line *l = &p->lines[i];

	if (p->sum_mode == SUM_INLINE && l->marker == M_NONE && !p->blank) {
		add_summary(p, t, n);
		p->prev_open = p->prev_colon = 0;
		return;
	}
	if (p->sum_mode == SUM_SECTION &&
	    !(l->marker == M_NONE && is_subheading(p, i))) {
		add_summary(p, t, n);
		p->blank = 0;
		return;
	}
	end_summary(p);

	if (l->marker == M_NONE && is_subheading(p, i)) {
		flush_para(p);
		if (p->have_section) {
			p->subheading = l;
		} else {
			p->kind = DECISION_KIND_OTHER;
			p->heading = l;
			p->subheading = NULL;
		}
		p->blank = 0;
		p->prev_open = p->prev_colon = 0;
		p->pending = NULL;
		return;
	}
	if (l->marker != M_NONE && n == 0) {
		/* "1." alone: its text is on the next line. */
		p->pending = l;
		return;
	}
	if (p->pending != NULL && l->marker == M_NONE) {
		const struct line *m = p->pending;

		add_item(p, m->marker, m->indent, m->num, t, n);
	} else if (l->marker != M_NONE) {
		add_item(p, l->marker, l->indent, l->num, t, n);
	} else {
		add_plain(p, t, n, l->indent);
	}
	p->pending = NULL;
	p->last_para_line = i;
	p->blank = 0;
	p->prev_open = !ends_sentence(t, n);
	p->prev_colon = n > 0 && t[n - 1] == ':';
}

/* Reads line i of the statement: metadata, summary, a heading or a
 * sub-heading, or text for the paragraph being built. */
static void
body_line(struct parser *p, size_t i)
{
	const struct line *l = &p->lines[i];
	const char *t = l->s + l->tstart;
	size_t n = l->len - l->tstart;

	if (l->cls == L_BLANK) {
		p->blank = 1;
		if (p->sum_mode == SUM_INLINE)
			end_summary(p);
		return;
	}
	p->last_line = i;
	if (p->preamble && l->meta != META_NONE) {
		set_meta(p, l, i + 1);
		p->have_signal = 1;
		return;
	}
	switch (l->cls) {
	case L_FINALDEC:
		p->have_signal = 1;
		return;
	case L_SUMMARY:
		if (p->d->summary == NULL && p->sum.len == 0 &&
		    !p->have_section) {
			flush_para(p);
			p->preamble = 0;
			p->have_signal = 1;
			p->blank = 0;
			p->sum_mode = SUM_INLINE;
			t += ltrim(t, n);
			add_summary(p, t, (size_t)(l->s + l->len - t));
			p->prev_open = p->prev_colon = 0;
			return;
		}
		t = l->s;
		n = l->len;
		break;
	case L_SUMHEAD:
		if (p->sum.len == 0 && !p->have_section) {
			flush_para(p);
			p->preamble = 0;
			p->have_signal = 1;
			p->sum_mode = SUM_SECTION;
			p->blank = 0;
			p->prev_open = p->prev_colon = 0;
			return;
		}
		t = l->s;
		n = l->len;
		break;
	case L_HEADING:
		heading_line(p, l);
		return;
	case L_CLOSING:
		closing_line(p, l, i);
		return;
	default:
		if (l->meta != META_NONE) {
			/* Metadata in the body is just text. */
			t = l->s;
			n = l->len;
		}
		break;
	}
	p->preamble = 0;
	text_line(p, i, t, n);
}

/* Reads the statement in lines [first, end) into a new decision. */
static void
read_statement(struct parser *p, size_t first, size_t end)
{
	struct parse_result *r = p->res;
	const struct line *h = &p->lines[first];
	struct decision *nd, *d;
	size_t i;

	if (r->ndecisions == p->decisions_cap) {
		size_t cap = p->decisions_cap ? p->decisions_cap * 2 : 1;

		nd = realloc(r->decisions, cap * sizeof *nd);
		if (nd == NULL) {
			p->oom = 1;
			return;
		}
		r->decisions = nd;
		p->decisions_cap = cap;
	}
	d = &r->decisions[r->ndecisions++];
	decision_init(d);

	p->d = d;
	p->first = first;
	p->end = end;
	p->preamble = 1;
	p->kind = DECISION_KIND_OTHER;
	p->have_section = 0;
	p->have_signal = 0;
	p->heading = p->subheading = NULL;
	p->sum_mode = SUM_NONE;
	p->sum.len = 0;
	p->para.open = 0;
	p->blank = 0;
	p->prev_open = p->prev_colon = 0;
	p->pending = NULL;
	p->last_line = first;
	p->last_para_line = first;
	p->closing_n = 0;

	if (h->ref == 1) {
		size_t k = h->len - 1, on;
		int depth = 0;

		for (;; k--) {
			if (h->s[k] == ')')
				depth++;
			else if (h->s[k] == '(' && --depth == 0)
				break;
		}
		decision_ref_canon(h->s + k + 1, h->len - k - 2, d->ref);
		on = rtrim(h->s, k);
		if (on > 0)
			d->organisation = memdup0(p, h->s, on);
	} else {
		decision_ref_canon(h->s, h->len, d->ref);
	}

	drop_contents(p);
	for (i = first + 1; i < end && !p->oom; i++)
		body_line(p, i);
	flush_para(p);
	if (p->sum.len > 0)
		d->summary = memdup0(p, p->sum.s, p->sum.len);

	if (p->last_line == first) {
		problem(p, PARSE_ERROR, first + 1,
			"nothing after the header line '%.*s'",
			quote_len(h->s, h->len, 60), h->s);
		return;
	}
	if (!p->have_signal) {
		problem(p, PARSE_ERROR, first + 1,
			"not a decision statement: no summary, metadata or "
			"section headings after '%.*s'",
			quote_len(h->s, h->len, 60), h->s);
		return;
	}
	if (d->summary == NULL && d->npara == 0) {
		problem(p, PARSE_ERROR, first + 1,
			"statement has no text: no summary or paragraphs "
			"after '%.*s'",
			quote_len(h->s, h->len, 60), h->s);
		return;
	}
	for (i = 0; i < d->npara; i++)
		if (d->paras[i].kind == DECISION_KIND_DECISION)
			break;
	if (i == d->npara) {
		d->cut_off = 1;
		problem(p, PARSE_WARNING, p->last_line + 1,
			"statement seems cut off: no final decision section "
			"(last line %zu)", p->last_line + 1);
	} else if (d->npara > 0 && d->npara != p->closing_n) {
		const char *tx = d->paras[d->npara - 1].text;
		size_t tn = strlen(tx);

		if ((d->cut_off = !ends_sentence(tx, tn) || tx[tn - 1] == ':'))
			problem(p, PARSE_WARNING, p->last_para_line + 1,
				"statement seems cut off: the last paragraph "
				"ends mid-sentence (line %zu)",
				p->last_para_line + 1);
	}
}

/* ---- entry points ------------------------------------------------------ */

int
parse_bytes(const char *bytes, size_t len, struct parse_result *res)
{
	struct parser p;
	size_t i, first, start;
	unsigned flags = 0;

	memset(res, 0, sizeof *res);
	memset(&p, 0, sizeof p);
	p.res = res;

	if (len == 0 || bytes == NULL) {
		problem(&p, PARSE_ERROR, 0, "empty file");
		return -1;
	}
	if (text_is_binary(bytes, len)) {
		problem(&p, PARSE_ERROR, 0,
			"binary file, not a decision statement");
		return -1;
	}
	p.text = text_clean(bytes, len, &p.textlen, &flags);
	res->text_flags = flags;
	if (p.text == NULL) {
		problem(&p, PARSE_ERROR, 0, "out of memory");
		return -1;
	}
	/* Only white space and line ends: say so rather than "not a
	 * statement". */
	for (i = 0; i < p.textlen; i++) {
		size_t k = space_at(p.text + i, p.textlen - i);

		if (k == 0 && p.text[i] != '\n')
			break;
		if (k > 1)
			i += k - 1;
	}
	if (i == p.textlen) {
		problem(&p, PARSE_ERROR, 0, "empty file");
		goto out;
	}
	if (split_lines(&p) < 0)
		goto out;
	drop_debris(&p);

	for (first = 0; first < p.nlines; first++)
		if (p.lines[first].cls != L_BLANK)
			break;
	if (first == p.nlines) {
		problem(&p, PARSE_ERROR, 0,
			"not a decision statement: only web page furniture");
		goto out;
	}
	if (!p.lines[first].ref || p.lines[first].marker != M_NONE ||
	    p.lines[first].cls != L_TEXT) {
		problem(&p, PARSE_ERROR, first + 1,
			"not a decision statement: the first line should be "
			"'Organisation (NN NNN NNN)'");
		goto out;
	}
	start = first;
	for (i = first + 1; i < p.nlines && !p.oom; i++) {
		if (starts_statement(&p, i)) {
			read_statement(&p, start, i);
			start = i;
		}
	}
	if (!p.oom)
		read_statement(&p, start, p.nlines);

out:
	if (p.oom)
		problem(&p, PARSE_ERROR, 0, "out of memory");
	free(p.para.text.s);
	free(p.sum.s);
	free(p.lines);
	free((char *)p.text);
	if (p.had_error || res->ndecisions == 0) {
		/* An error means nothing from this input is imported. */
		for (i = 0; i < res->ndecisions; i++)
			decision_free(&res->decisions[i]);
		free(res->decisions);
		res->decisions = NULL;
		res->ndecisions = 0;
		return -1;
	}
	return 0;
}

void
parse_result_free(struct parse_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	for (i = 0; i < res->ndecisions; i++)
		decision_free(&res->decisions[i]);
	free(res->decisions);
	free(res->problems);
	memset(res, 0, sizeof *res);
}
