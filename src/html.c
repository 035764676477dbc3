/* html: one HTML page → the text of the statement it holds, laid out as
 * the text renderings of decision pages are (docs/ARCHITECTURE.md), so
 * that parse_bytes reads a page and its text alike.
 *
 * No one has seen the site's raw markup, so the decision is found by its
 * text: the title line "Organisation (NN NNN NNN)", the "Category :",
 * "Decision :" and "Decision date :" labels, the final-decision heading.
 * <article id="article">, <article> and <main> are only a fast path: when
 * the text they give lacks the labels, the whole <body> is read.  Page
 * furniture is dropped by element (scripts, styles, navigation, forms,
 * the footer), by class or id (breadcrumbs, the cookie banner) and by
 * text ("Back to top", "Print this page"); parse_bytes drops what is
 * left of it by text as it does in saved text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "decision.h"
#include "html.h"
#include "html_xml.h"

/* How far into a page its charset may be declared (as browsers look). */
#define SNIFF_BYTES 4096
/* A URL longer than this is not kept. */
#define URL_MAX 2048
/* Lists nested deeper than this are laid out at this depth. */
#define MAX_DEPTH 8

/* The text being built: lines ended by '\n'; the current line starts at
 * line and holds text once has_text is set (before that it may hold a
 * list item's indent and marker). */
struct out {
	char *s;
	size_t len, cap;
	size_t line;
	int has_text;
	int space;              /* white space seen since the last text */
	int oom;
};

struct walk {
	struct out o;
	int depth;              /* lists open around the current node */
};

/* ---- the text buffer ------------------------------------------------ */

static void
out_add(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		char *ns;

		while (cap < o->len + n + 1)
			cap *= 2;
		if ((ns = realloc(o->s, cap)) == NULL) {
			o->oom = 1;
			return;
		}
		o->s = ns;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* Ends the current line if it holds text; a list item's marker with no
 * text yet stays, so that the item's first block joins it. */
static void
out_break(struct out *o)
{
	if (o->has_text) {
		out_add(o, "\n", 1);
		o->line = o->len;
		o->has_text = 0;
	}
	o->space = 0;
}

/* Ends the current line and leaves one blank line after it. */
static void
out_blank(struct out *o)
{
	out_break(o);
	if (o->len > o->line)
		return; /* a marker waiting for its item's text */
	if (o->len > 0 && !(o->len >= 2 && o->s[o->len - 2] == '\n'))
		out_add(o, "\n", 1);
	o->line = o->len;
}

/* Appends a text node's content, runs of HTML white space as one space,
 * none at the start or end of a line. */
static void
out_text(struct out *o, const char *s)
{
	while (*s) {
		size_t n = 0;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			o->space = 1;
			s++;
			continue;
		}
		while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\n' &&
		       s[n] != '\r' && s[n] != '\f')
			n++;
		if (o->space && o->has_text)
			out_add(o, " ", 1);
		out_add(o, s, n);
		o->has_text = 1;
		o->space = 0;
		s += n;
	}
}

/* ---- elements ------------------------------------------------------- */

/* The value of attribute name of e, or NULL (libxml2 keeps it as the
 * attribute's text child). */
static const char *
attr(const xmlNode *e, const char *name)
{
	for (const xmlAttr *a = e->properties; a != NULL; a = a->next)
		if (strcasecmp((const char *)a->name, name) == 0)
			return a->children && a->children->type == XML_TEXT_NODE
				? (const char *)a->children->content : "";
	return NULL;
}

static int
is(const xmlNode *e, const char *name)
{
	return e->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)e->name, name) == 0;
}

/* Nonzero when s contains word, ignoring case. */
static int
has_word(const char *s, const char *word)
{
	return s != NULL && strcasestr(s, word) != NULL;
}

/* Nonzero for page furniture that holds nothing of the statement. */
static int
is_furniture(const xmlNode *e)
{
	static const char *const tags[] = {
		"script", "style", "noscript", "template", "iframe", "svg",
		"nav", "footer", "form", "button", "select", "input",
		"textarea", "aside", "head", "object", "canvas", "img",
	};
	static const char *const marks[] = {
		"breadcrumb", "cookie", "consent", "skip-link", "skiplink",
	};
	const char *role = attr(e, "role");
	const char *cls = attr(e, "class"), *id = attr(e, "id");

	for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
		if (strcmp((const char *)e->name, tags[i]) == 0)
			return 1;
	if (role != NULL && (strcasecmp(role, "navigation") == 0 ||
			     strcasecmp(role, "search") == 0 ||
			     strcasecmp(role, "contentinfo") == 0))
		return 1;
	for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
		if (has_word(cls, marks[i]) || has_word(id, marks[i]))
			return 1;
	return 0;
}

/* Nonzero for a link or block whose whole text is "Back to top" or
 * "Print this page" (the element itself is unknown). */
static int
is_debris_link(const xmlNode *e)
{
	const xmlNode *c = e->children;
	const char *s;
	size_t n;

	if (c == NULL || c->next != NULL || c->type != XML_TEXT_NODE)
		return 0;
	s = (const char *)c->content;
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
			 s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return (n == 11 && strncasecmp(s, "Back to top", n) == 0) ||
	       (n == 15 && strncasecmp(s, "Print this page", n) == 0);
}

/* Blocks that stand on lines of their own, with a blank line around
 * (1) or without (2); 0 for inline elements. */
static int
block_kind(const xmlNode *e)
{
	static const char *const blank[] = {
		"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
		"table", "pre", "dl", "figure", "hr",
	};
	static const char *const line[] = {
		"div", "section", "article", "main", "header", "tr", "dt",
		"dd", "li", "address", "center", "details", "summary",
		"fieldset", "figcaption", "caption", "body", "html",
	};
	const char *name = (const char *)e->name;

	for (size_t i = 0; i < sizeof blank / sizeof *blank; i++)
		if (strcmp(name, blank[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof line / sizeof *line; i++)
		if (strcmp(name, line[i]) == 0)
			return 2;
	return 0;
}

static void walk_children(struct walk *w, const xmlNode *n);

/* The number an <ol start> or <li value> gives, kept within what a
 * statement prints (a list is never a million items long). */
static long
list_number(const char *s)
{
	long n = strtol(s, NULL, 10);

	return n < -999999 ? -999999 : n > 999999 ? 999999 : n;
}
static void utf8_repair(struct out *o);

/* Lays out a list: each item on a line of its own, two spaces a level
 * in, "N." (ol, from start, type ignored: letters and roman numerals are
 * numbers to parse) or "•" (ul); nested lists become deeper items and
 * a further block of an item a line after a blank one. */
static void
walk_list(struct walk *w, const xmlNode *e, int ordered)
{
	const char *start = ordered ? attr(e, "start") : NULL;
	long num = start ? list_number(start) : 1;
	int level = w->depth < MAX_DEPTH ? w->depth : MAX_DEPTH;

	out_break(&w->o);
	if (w->o.len > w->o.line) { /* an item with a list and no text */
		w->o.len = w->o.line;
		w->o.s[w->o.len] = '\0';
	}
	w->depth++;
	for (const xmlNode *c = e->children; c != NULL; c = c->next) {
		char mark[40];
		const char *value;
		int k;

		if (!is(c, "li")) {
			if (c->type == XML_ELEMENT_NODE)
				walk_children(w, c);
			continue;
		}
		if (ordered && (value = attr(c, "value")) != NULL)
			num = list_number(value);
		out_break(&w->o);
		w->o.len = w->o.line; /* an empty item before: dropped */
		if (ordered)
			k = snprintf(mark, sizeof mark, "%*s%ld. ",
				     2 * (level + 1), "", num);
		else
			k = snprintf(mark, sizeof mark, "%*s\xe2\x80\xa2 ",
				     2 * (level + 1), "");
		out_add(&w->o, mark, (size_t)k);
		num++;
		walk_children(w, c);
		out_break(&w->o);
	}
	w->depth--;
	out_break(&w->o);
	if (w->o.len > w->o.line) { /* the last item was empty */
		w->o.len = w->o.line;
		w->o.s[w->o.len] = '\0';
	}
	if (w->depth == 0)
		out_blank(&w->o);
}

static void
walk_node(struct walk *w, const xmlNode *n)
{
	int kind;

	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content != NULL)
			out_text(&w->o, (const char *)n->content);
		return;
	case XML_ELEMENT_NODE:
		break;
	default:
		return;
	}
	if (is_furniture(n) || is_debris_link(n))
		return;
	if (is(n, "br")) {
		out_break(&w->o);
		return;
	}
	if (is(n, "ol") || is(n, "ul")) {
		walk_list(w, n, is(n, "ol"));
		return;
	}
	if (is(n, "td") || is(n, "th")) {
		w->o.space = 1;
		walk_children(w, n);
		w->o.space = 1;
		return;
	}
	/* Inside a list item a block joins the item's line when it is the
	 * first, and stands after a blank line when it is not, so that it
	 * reads as a further line of the item (a statute citation). */
	kind = block_kind(n);
	if (kind == 1)
		out_blank(&w->o);
	else if (kind == 2)
		out_break(&w->o);
	walk_children(w, n);
	if (kind == 1 && w->depth == 0)
		out_blank(&w->o);
	else if (kind != 0)
		out_break(&w->o);
}

static void
walk_children(struct walk *w, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next)
		walk_node(w, c);
}

/* ---- reading the text ----------------------------------------------- */

/* Nonzero when the line (trimmed) is a title line: it ends with a
 * parenthesised reference, or is a bare reference.  Sets ref. */
static int
title_ref(const char *s, size_t n, char ref[DECISION_REF_MAX])
{
	char tmp[64];
	size_t open, k = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > 0 && s[n - 1] == ')') {
		for (open = n - 1; open > 0 && s[open - 1] != '('; open--)
			;
		if (open == 0 || n - 1 - open >= sizeof tmp)
			return 0;
		s += open;
		n = n - 1 - open;
	} else if (n >= sizeof tmp) {
		return 0;
	}
	/* No-break spaces inside a reference read as spaces. */
	for (size_t i = 0; i < n && k < sizeof tmp - 1; i++) {
		if ((unsigned char)s[i] == 0xc2 && i + 1 < n &&
		    (unsigned char)s[i + 1] == 0xa0) {
			tmp[k++] = ' ';
			i++;
		} else {
			tmp[k++] = s[i];
		}
	}
	while (k > 0 && tmp[k - 1] == ' ')
		k--;
	for (open = 0; open < k && tmp[open] == ' '; open++)
		;
	return decision_ref_canon(tmp + open, k - open, ref) == 0;
}

/* The length of a metadata label at the start of s ("Category :",
 * "Decision:", "Decision date :"), 0 when there is none. */
static size_t
label_len(const char *s, size_t n)
{
	static const char *const labels[] = {
		"decision date", "category", "decision",
	};

	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
		size_t k = strlen(labels[i]);

		if (n < k || strncasecmp(s, labels[i], k) != 0)
			continue;
		while (k < n && (s[k] == ' ' ||
				 ((unsigned char)s[k] == 0xc2 && k + 1 < n &&
				  (unsigned char)s[k + 1] == 0xa0 && ++k)))
			k++;
		if (k < n && s[k] == ':')
			return k + 1;
	}
	return 0;
}

/* Nonzero when a line is a metadata label with its value or the final
 * decision heading ("The Ombudsman's final decision:"). */
static int
is_meta(const char *l, size_t n)
{
	return (n > 0 && n < 200 && label_len(l, n) > 0) ||
	       (n < 60 && strncasecmp(l, "The Ombudsm", 11) == 0 &&
		memmem(l, n, "final decision", 14) != NULL);
}

/* What the text says of itself. */
struct signs {
	int refs;               /* distinct references of title lines (≤ 3) */
	int meta;               /* labels or the final-decision heading */
};

static void
read_signs(const char *s, size_t len, struct signs *g)
{
	char seen[3][DECISION_REF_MAX];

	memset(g, 0, sizeof *g);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len, n = e - i;
		const char *l = s + i;
		char ref[DECISION_REF_MAX];

		if (n < 160 && title_ref(l, n, ref)) {
			int known = 0;

			for (int k = 0; k < g->refs; k++)
				known |= strcmp(seen[k], ref) == 0;
			if (!known && g->refs < 3)
				memcpy(seen[g->refs++], ref, sizeof ref);
		}
		if (is_meta(l, n))
			g->meta = 1;
		i = e + 1;
	}
}

/* Joins each label alone on its line with the value on the next line
 * that holds text ("Category :" / "Housing > Allocations"), as the
 * text renderings have them.  Rewrites o. */
static void
join_labels(struct out *o)
{
	struct out r = {0};

	for (size_t i = 0; i < o->len;) {
		const char *nl = memchr(o->s + i, '\n', o->len - i);
		size_t e = nl ? (size_t)(nl - o->s) : o->len, n = e - i;
		size_t k = label_len(o->s + i, n);

		out_add(&r, o->s + i, n);
		if (k > 0 && k == n) {
			size_t j = e + 1;

			while (j < o->len && o->s[j] == '\n')
				j++;
			if (j < o->len) {
				const char *nl2 = memchr(o->s + j, '\n', o->len - j);
				size_t e2 = nl2 ? (size_t)(nl2 - o->s) : o->len;

				if (label_len(o->s + j, e2 - j) == 0) {
					out_add(&r, " ", 1);
					out_add(&r, o->s + j, e2 - j);
					e = e2;
				}
			}
		}
		if (e < o->len)
			out_add(&r, "\n", 1);
		i = e + 1;
	}
	if (r.oom) {
		free(r.s);
		o->oom = 1;
		return;
	}
	free(o->s);
	o->s = r.s ? r.s : NULL;
	o->len = r.len;
	o->cap = r.cap;
}

/* ---- the document --------------------------------------------------- */

/* What one pass over the tree finds. */
struct found {
	const xmlNode *article_id, *article, *main, *body, *title;
	const xmlNode *h1[4];
	int nh1;
	const char *canonical;
	const char *saved_from;
	int links;              /* links to decision pages */
};

/* Nonzero when href is a decision's page: /decisions/a/b/NN-NNN-NNN. */
static int
is_decision_link(const char *href)
{
	const char *p = strcasestr(href, "/decisions/");
	int slashes = 0;

	if (p == NULL)
		return 0;
	for (p += 11; *p && *p != '?' && *p != '#'; p++)
		if (*p == '/' && p[1] != '\0' && p[1] != '?')
			slashes++;
	return slashes == 2 && p[-1] >= '0';
}

static void
find(const xmlNode *n, struct found *f)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_COMMENT_NODE && f->saved_from == NULL &&
		    n->content != NULL &&
		    strstr((const char *)n->content, "saved from url=") != NULL)
			f->saved_from = (const char *)n->content;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "article")) {
			const char *id = attr(n, "id");

			if (f->article_id == NULL && id && strcmp(id, "article") == 0)
				f->article_id = n;
			if (f->article == NULL)
				f->article = n;
		} else if (is(n, "main") && f->main == NULL) {
			f->main = n;
		} else if (is(n, "body") && f->body == NULL) {
			f->body = n;
		} else if (is(n, "title") && f->title == NULL) {
			f->title = n;
		} else if (is(n, "h1") && f->nh1 < 4) {
			f->h1[f->nh1++] = n;
		} else if (is(n, "link") && f->canonical == NULL) {
			const char *rel = attr(n, "rel");

			if (rel && strcasecmp(rel, "canonical") == 0)
				f->canonical = attr(n, "href");
		} else if (is(n, "a")) {
			const char *href = attr(n, "href");

			f->links += href != NULL && is_decision_link(href);
		}
		find(n->children, f);
	}
}

/* The text of one element on one line (malloc'd), or NULL. */
static char *
line_of(const xmlNode *e, size_t *len)
{
	struct walk w = {0};

	walk_children(&w, e);
	if (!w.o.oom)
		utf8_repair(&w.o);
	if (w.o.oom || w.o.s == NULL) {
		free(w.o.s);
		return NULL;
	}
	for (size_t i = 0; i < w.o.len; i++)
		if (w.o.s[i] == '\n')
			w.o.s[i] = ' ';
	*len = w.o.len;
	return w.o.s;
}

/* The length of a page's <title> text less the site's name after it
 * (" - Local Government…", " | Local Government…"). */
static size_t
site_suffix(const char *s, size_t len)
{
	const char *lg = strcasestr(s, "Local Government");
	size_t i;

	if (lg == NULL)
		return len;
	i = (size_t)(lg - s);
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '-' || s[i - 1] == '|'))
		i--;
	return i > 0 ? i : len;
}

/* A title line found outside the text: an <h1>, or the page's <title>
 * less its " - Local Government…" or " | Local Government…" tail.
 * Malloc'd, or NULL. */
static char *
title_elsewhere(const struct found *f, size_t *len)
{
	char ref[DECISION_REF_MAX], *s;

	for (int i = 0; i < f->nh1; i++) {
		if ((s = line_of(f->h1[i], len)) != NULL && title_ref(s, *len, ref))
			return s;
		free(s);
	}
	if (f->title == NULL || (s = line_of(f->title, len)) == NULL)
		return NULL;
	*len = site_suffix(s, *len);
	s[*len] = '\0';
	if (title_ref(s, *len, ref))
		return s;
	free(s);
	return NULL;
}

/* Copies the URL of a "saved from url=(NNNN)URL" comment or a canonical
 * link: printable ASCII up to the first space, http or https only. */
static char *
source_url(const struct found *f)
{
	const char *s = NULL;
	size_t n = 0;

	if (f->saved_from != NULL) {
		s = strstr(f->saved_from, "saved from url=") + 15;
		if (*s == '(') {
			while (*s && *s != ')')
				s++;
			if (*s == ')')
				s++;
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		if (s != NULL) {
			while (*s == ' ')
				s++;
			for (n = 0; s[n] > ' ' && s[n] < 0x7f && n <= URL_MAX; n++)
				;
			if (n > 0 && n <= URL_MAX &&
			    (strncasecmp(s, "http://", 7) == 0 ||
			     strncasecmp(s, "https://", 8) == 0))
				return strndup(s, n);
		}
		s = f->canonical;
	}
	return NULL;
}

/* The charset to read the bytes in: a byte-order mark, else a charset
 * declared in the first SNIFF_BYTES ("charset=…", in a <meta> of either
 * form), with ISO-8859-1 and ASCII read as Windows-1252 as browsers do;
 * else UTF-8 when the bytes are valid UTF-8, Windows-1252 when not. */
static const char *
sniff_charset(const char *b, size_t n)
{
	size_t lim = n < SNIFF_BYTES ? n : SNIFF_BYTES;

	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		return "UTF-8";
	for (size_t i = 0; i + 7 < lim; i++) {
		char name[32];
		size_t k = 0, j = i + 7;

		if (strncasecmp(b + i, "charset", 7) != 0)
			continue;
		while (j < lim && (b[j] == ' ' || b[j] == '\t'))
			j++;
		if (j >= lim || b[j] != '=')
			continue;
		for (j++; j < lim && (b[j] == ' ' || b[j] == '"' || b[j] == '\'');)
			j++;
		while (j < lim && k < sizeof name - 1 &&
		       ((b[j] >= 'a' && b[j] <= 'z') || (b[j] >= 'A' && b[j] <= 'Z') ||
			(b[j] >= '0' && b[j] <= '9') || b[j] == '-' || b[j] == '_'))
			name[k++] = b[j++];
		name[k] = '\0';
		if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
			return "UTF-8";
		if (strcasecmp(name, "windows-1252") == 0 ||
		    strcasecmp(name, "cp1252") == 0 ||
		    strcasecmp(name, "iso-8859-1") == 0 ||
		    strcasecmp(name, "latin1") == 0 ||
		    strcasecmp(name, "us-ascii") == 0 ||
		    strcasecmp(name, "ascii") == 0)
			return "windows-1252";
		break;
	}
	return u8_check((const uint8_t *)b, n) == NULL ? "UTF-8"
						       : "windows-1252";
}

/* The offset of the first title line of o with reference ref (any
 * reference when ref is NULL), or -1. */
static long
find_title(const struct out *o, const char *ref)
{
	for (size_t i = 0; i < o->len;) {
		const char *nl = memchr(o->s + i, '\n', o->len - i);
		size_t e = nl ? (size_t)(nl - o->s) : o->len;
		char r[DECISION_REF_MAX];

		if (e - i < 160 && title_ref(o->s + i, e - i, r) &&
		    (ref == NULL || strcmp(r, ref) == 0))
			return (long)i;
		i = e + 1;
	}
	return -1;
}

/* The offset of the first line of o that is a label or the final
 * decision heading (0 when none is): what comes before it, when the
 * title line is not in the text, is page furniture. */
static size_t
meta_line(const struct out *o)
{
	for (size_t i = 0; i < o->len;) {
		const char *nl = memchr(o->s + i, '\n', o->len - i);
		size_t e = nl ? (size_t)(nl - o->s) : o->len;

		if (is_meta(o->s + i, e - i))
			return i;
		i = e + 1;
	}
	return 0;
}

/* Makes the title line the first line of o: the page's own title line
 * (an <h1>, else the <title>) where the text has it, with what comes
 * before it (page furniture) dropped; put in front when the text lacks
 * it (the header outside the article); else the text's first title
 * line.  A statement's paragraph may hold a line "Org (NN NNN NNN)" of
 * its own, so the text's first such line is the last resort.  Returns 0
 * or -1 when out of memory. */
static int
place_title(const struct found *f, struct out *o)
{
	char ref[DECISION_REF_MAX];
	size_t tlen = 0, nl = 0;
	char *title;
	long at;
	int have;

	while (nl < o->len && o->s[nl] != '\n')
		nl++;
	if (o->len > 0 && title_ref(o->s, nl, ref))
		return 0;
	title = title_elsewhere(f, &tlen);
	have = title != NULL && title_ref(title, tlen, ref);
	if (have && find_title(o, ref) < 0) {
		struct out t = {0};
		size_t from = meta_line(o);

		out_add(&t, title, tlen);
		out_add(&t, "\n\n", 2);
		out_add(&t, o->s ? o->s + from : "", o->len - from);
		free(title);
		if (t.oom) {
			free(t.s);
			return -1;
		}
		free(o->s);
		*o = t;
		return 0;
	}
	free(title);
	if ((at = find_title(o, have ? ref : NULL)) < 0 &&
	    (at = find_title(o, NULL)) < 0)
		return 0;
	memmove(o->s, o->s + at, o->len - (size_t)at + 1);
	o->len -= (size_t)at;
	return 0;
}

/* Why a page that is not a decision is not one, into out->reason. */
static void
not_a_decision(const struct found *f, const struct signs *g,
	       const char *text, struct html_page *out)
{
	size_t tlen = 0;
	char *title = f->title ? line_of(f->title, &tlen) : NULL;

	if (title != NULL)
		tlen = site_suffix(title, tlen);
	if ((text && strstr(text, "Your search has") != NULL) ||
	    (title && strcasestr(title, "search") != NULL))
		snprintf(out->reason, sizeof out->reason,
			 "a search results page");
	else if (f->links > 0 || g->refs > 1)
		snprintf(out->reason, sizeof out->reason,
			 "a listing page (%d link%s to decisions)", f->links,
			 f->links == 1 ? "" : "s");
	else if (title && (strcasestr(title, "not found") ||
			   strcasestr(title, "error") || strstr(title, "404")))
		snprintf(out->reason, sizeof out->reason,
			 "an error page (\xe2\x80\x9c%.*s\xe2\x80\x9d)",
			 (int)(tlen < 120 ? tlen : 120), title);
	else
		snprintf(out->reason, sizeof out->reason,
			 "an HTML page with no title line "
			 "\xe2\x80\x9cOrganisation (NN NNN NNN)\xe2\x80\x9d "
			 "and no Category, Decision or Decision date label");
	free(title);
}

/* Replaces each byte of o that is not part of valid UTF-8 with U+FFFD:
 * libxml2 passes such bytes through a page declared UTF-8, and the
 * statement's text must be UTF-8 (text_clean would otherwise read all of
 * it as Windows-1252). */
static void
utf8_repair(struct out *o)
{
	const uint8_t *bad;
	struct out r = {0};
	size_t at = 0;

	if (o->s == NULL ||
	    (bad = u8_check((const uint8_t *)o->s, o->len)) == NULL)
		return;
	do {
		size_t k = (size_t)((const char *)bad - o->s);

		out_add(&r, o->s + at, k - at);
		out_add(&r, "\xef\xbf\xbd", 3);
		at = k + 1;
	} while (at < o->len &&
		 (bad = u8_check((const uint8_t *)o->s + at, o->len - at)) != NULL);
	if (at < o->len)
		out_add(&r, o->s + at, o->len - at);
	if (r.oom) {
		free(r.s);
		o->oom = 1;
		return;
	}
	free(o->s);
	*o = r;
}

/* Lays out root; the text and its signs. */
static int
render(const xmlNode *root, struct out *o, struct signs *g)
{
	struct walk w = {0};

	walk_node(&w, root);
	if (!w.o.oom)
		utf8_repair(&w.o);
	if (!w.o.oom)
		join_labels(&w.o);
	if (w.o.oom) {
		free(w.o.s);
		return -1;
	}
	*o = w.o;
	read_signs(o->s ? o->s : "", o->len, g);
	return 0;
}

int
html_is_html(const char *b, size_t n)
{
	static const char *const starts[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta", "<title",
	};
	size_t i = 0;

	if (n >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
			 b[i] == '\n'))
		i++;
	for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
		size_t m = strlen(starts[k]);

		if (n - i >= m && strncasecmp(b + i, starts[k], m) == 0)
			return 1;
	}
	if (n - i >= 4 && memcmp(b + i, "<!--", 4) == 0) {
		size_t lim = n - i < 1024 ? n - i : 1024;

		for (size_t k = i; k + 5 <= i + lim; k++)
			if (strncasecmp(b + k, "<html", 5) == 0 ||
			    (k + 9 <= i + lim &&
			     strncasecmp(b + k, "<!doctype", 9) == 0))
				return 1;
	}
	return 0;
}

int
html_to_text(const char *b, size_t n, struct html_page *out)
{
	const xmlNode *roots[4];
	struct found f = {0};
	struct signs g = {0};
	struct out o = {0};
	const struct html_xml *x;
	htmlDocPtr doc;
	int nroots = 0, rc = -1;

	memset(out, 0, sizeof *out);
	if (n > (size_t)0x7fffffff) {
		snprintf(out->reason, sizeof out->reason, "too large");
		return -1;
	}
	if ((x = html_xml()) == NULL) {
		snprintf(out->reason, sizeof out->reason, "reading web pages needs"
			 " libxml2 (libxml2.so.2), which cannot be loaded:"
			 " install the package libxml2");
		return -1;
	}
	doc = x->read_memory(b, (int)n, NULL, sniff_charset(b, n),
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
			     HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
			     HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
	if (doc == NULL) {
		snprintf(out->reason, sizeof out->reason,
			 "an HTML page that could not be read");
		return -1;
	}
	find(doc->children, &f);

	/* The fast paths first, then the whole body: the first whose text
	 * carries the labels or the final-decision heading. */
	if (f.article_id)
		roots[nroots++] = f.article_id;
	if (f.article && f.article != f.article_id)
		roots[nroots++] = f.article;
	if (f.main)
		roots[nroots++] = f.main;
	roots[nroots++] = f.body ? f.body : x->root(doc);
	for (int i = 0; i < nroots && roots[i] != NULL; i++) {
		free(o.s);
		memset(&o, 0, sizeof o);
		if (render(roots[i], &o, &g) < 0)
			goto oom;
		if (g.meta)
			break;
	}
	if (!g.meta) {
		not_a_decision(&f, &g, o.s, out);
		goto done;
	}
	if (place_title(&f, &o) < 0)
		goto oom;
	out->text = o.s ? o.s : strdup("");
	out->len = o.len;
	o.s = NULL;
	out->url = source_url(&f);
	if (out->text == NULL)
		goto oom;
	rc = 0;
	goto done;
oom:
	snprintf(out->reason, sizeof out->reason, "out of memory");
done:
	free(o.s);
	x->free_doc(doc);
	return rc;
}

void
html_page_free(struct html_page *p)
{
	free(p->text);
	free(p->url);
	p->text = NULL;
	p->url = NULL;
}
