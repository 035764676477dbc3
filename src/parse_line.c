/* parse_line: classifies each line of a statement's text once — blank or
 * web debris, known heading, metadata, summary, list marker, header
 * candidate — for parse.c's state machine.  Long lines are never folded
 * or rescanned. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parse_int.h"
#include "text.h"

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
int
parse_split_lines(struct parser *p)
{
	const char *s = p->text, *end = p->text + p->textlen, *nl;
	size_t n = 1, i;

	for (nl = s; (nl = memchr(nl, '\n', (size_t)(end - nl))) != NULL;
	     nl++)
		n++;
	if (p->textlen > 0 && end[-1] == '\n')
		n--;
	if (n > MAX_LINES) {
		parse_problem(p, PARSE_ERROR, 0,
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
void
parse_drop_debris(struct parser *p)
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
