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
#include "parse_int.h"
#include "text.h"


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

void
parse_problem(struct parser *p, enum parse_severity sev, size_t line,
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
			parse_problem(p, PARSE_WARNING, lineno,
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
		parse_problem(p, PARSE_ERROR, first + 1,
			      "nothing after the header line '%.*s'",
			      quote_len(h->s, h->len, 60), h->s);
		return;
	}
	if (!p->have_signal) {
		parse_problem(p, PARSE_ERROR, first + 1,
			      "not a decision statement: no summary, metadata or "
			      "section headings after '%.*s'",
			      quote_len(h->s, h->len, 60), h->s);
		return;
	}
	if (d->summary == NULL && d->npara == 0) {
		parse_problem(p, PARSE_ERROR, first + 1,
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
		parse_problem(p, PARSE_WARNING, p->last_line + 1,
			      "statement seems cut off: no final decision section "
			      "(last line %zu)", p->last_line + 1);
	} else if (d->npara > 0 && d->npara != p->closing_n) {
		const char *tx = d->paras[d->npara - 1].text;
		size_t tn = strlen(tx);

		if ((d->cut_off = !ends_sentence(tx, tn) || tx[tn - 1] == ':'))
			parse_problem(p, PARSE_WARNING, p->last_para_line + 1,
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
		parse_problem(&p, PARSE_ERROR, 0, "empty file");
		return -1;
	}
	if (text_is_binary(bytes, len)) {
		parse_problem(&p, PARSE_ERROR, 0,
			      "binary file, not a decision statement");
		return -1;
	}
	p.text = text_clean(bytes, len, &p.textlen, &flags);
	res->text_flags = flags;
	if (p.text == NULL) {
		parse_problem(&p, PARSE_ERROR, 0, "out of memory");
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
		parse_problem(&p, PARSE_ERROR, 0, "empty file");
		goto out;
	}
	if (parse_split_lines(&p) < 0)
		goto out;
	parse_drop_debris(&p);

	for (first = 0; first < p.nlines; first++)
		if (p.lines[first].cls != L_BLANK)
			break;
	if (first == p.nlines) {
		parse_problem(&p, PARSE_ERROR, 0,
			      "not a decision statement: only web page furniture");
		goto out;
	}
	if (!p.lines[first].ref || p.lines[first].marker != M_NONE ||
	    p.lines[first].cls != L_TEXT) {
		parse_problem(&p, PARSE_ERROR, first + 1,
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
		parse_problem(&p, PARSE_ERROR, 0, "out of memory");
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
