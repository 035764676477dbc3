/* view_reader: one decision laid out for reading — a title block, the
 * summary, then each section under its heading with its paragraphs as
 * [n] and sub-items indented, wrapped to the pane by display width
 * (text_wrap).  Lines point into the decision's own strings, so the hits
 * of a search (byte ranges of the stored text, from search_hits) map onto
 * the wrapped lines by offset; n and N step through them. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "search.h"
#include "store.h"
#include "text.h"
#include "ui.h"
#include "ui_config.h"
#include "view.h"

enum {
	LINE_START = 1 << 0,    /* the first line of a paragraph */
	LINE_SECTION = 1 << 1,  /* a section heading */
};

struct rline {
	const char *s;          /* text at column indent */
	size_t len;
	const char *pre;        /* a sub-item's marker at column prex */
	size_t prelen;
	short indent, prex;
	short el;               /* enum ui_element */
	short flags;
	int label;              /* > 0: draw "[label]" at column 0 */
	int n;                  /* the paragraph's ordinal; 0 summary or title */
	int block;              /* which paragraph, heading or title line */
	int src;                /* text of: 0 nothing searched, 1 the summary,
				 * k + 2 paragraph k */
	long hit;               /* the first hit not wholly before the line */
};

/* A hit of the search in the text of src (as in struct rline). */
struct rhit {
	int src;
	size_t start, end;
	long line;              /* the line where it starts */
};

struct reader {
	int loaded;
	struct decision d;
	char *meta;             /* "24 023 422 · 2025-10-28 · Upheld" */
	char *category;
	struct rline *line;
	long n, cap;
	long top;
	int width;              /* the width the lines were wrapped to */
	int block;              /* blocks so far while building */
	int numw;               /* columns of "[NN] " */
	const struct search_query *q;
	struct rhit *hits;      /* in reading order */
	long nhits;
	long cur;               /* the current hit, or -1 */
};

static int
add_line(struct reader *r, const struct rline *l)
{
	if (r->n == r->cap) {
		long cap = r->cap ? 2 * r->cap : 256;
		struct rline *p = realloc(r->line, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		r->line = p;
		r->cap = cap;
	}
	r->line[r->n++] = *l;
	return 0;
}

static void
blank_line(struct reader *r)
{
	struct rline l = { .s = "", .block = r->block, .el = UI_EL_NORMAL };

	if (r->n > 0 && r->line[r->n - 1].len > 0)
		add_line(r, &l);
}

/* Adds s[0..len) wrapped to the pane's width from column indent; the
 * first line carries proto's label, marker and flags. */
static void
add_wrapped(struct reader *r, const char *s, size_t len, int indent,
	    const struct rline *proto)
{
	struct text_line *tl = NULL;
	int width = r->width - indent;
	long nl;

	if (width < 1)
		width = 1;
	nl = text_wrap(s, len, width, &tl);
	for (long i = 0; i < nl || (i == 0 && nl == 0); i++) {
		struct rline l = *proto;

		l.indent = (short)indent;
		l.s = nl > 0 ? s + tl[i].off : s;
		l.len = nl > 0 ? tl[i].len : 0;
		if (i > 0) {
			l.label = 0;
			l.pre = NULL;
			l.prelen = 0;
			l.flags = 0;
		}
		add_line(r, &l);
	}
	free(tl);
}

/* The length of a sub-item's marker ("• " or "12. ") at s, or 0. */
static size_t
marker_len(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 4 && memcmp(s, "\xe2\x80\xa2 ", 4) == 0)
		return 4;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
		return i + 2;
	return 0;
}

/* Adds one paragraph: its first line under [n], then each sub-item
 * indented two columns per level with a hanging marker. */
static void
add_para(struct reader *r, const struct decision_para *p, int src)
{
	const char *s = p->text, *end = s + strlen(s);
	int first = 1;

	r->block++;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		struct rline proto = { .el = UI_EL_NORMAL, .n = p->n,
				       .block = r->block, .src = src };

		if (first) {
			proto.label = p->n;
			proto.flags = LINE_START;
			add_wrapped(r, s, (size_t)(le - s), r->numw, &proto);
			first = 0;
		} else {
			size_t sp = 0, m;

			while (s + sp < le && s[sp] == ' ')
				sp++;
			m = marker_len(s + sp, (size_t)(le - s - sp));
			if (m > 0) {
				int prex = r->numw + 2 + (int)sp;

				proto.pre = s + sp;
				proto.prelen = m;
				proto.prex = (short)prex;
				add_wrapped(r, s + sp + m, (size_t)(le - s - sp - m),
					    prex + text_width(s + sp, m), &proto);
			} else {
				add_wrapped(r, s + sp, (size_t)(le - s - sp), r->numw,
					    &proto);
			}
		}
		s = nl ? nl + 1 : end;
	}
}

/* The text that lines and hits of src point into. */
static const char *
src_text(const struct reader *r, int src)
{
	return src == 1 ? r->d.summary : r->d.paras[src - 2].text;
}

/* Finds each line's first hit and each hit's line. */
static void
map_hits(struct reader *r)
{
	long h = 0;

	for (long k = 0; k < r->nhits; k++)
		r->hits[k].line = -1;
	for (long i = 0; i < r->n; i++) {
		struct rline *l = &r->line[i];
		size_t off;

		l->hit = r->nhits;
		if (l->src == 0)
			continue;
		off = (size_t)(l->s - src_text(r, l->src));
		while (h < r->nhits && (r->hits[h].src < l->src ||
					(r->hits[h].src == l->src &&
					 r->hits[h].end <= off)))
			h++;
		l->hit = h;
		for (long k = h; k < r->nhits && r->hits[k].src == l->src &&
				 r->hits[k].start < off + l->len; k++)
			if (r->hits[k].line < 0)
				r->hits[k].line = i;
	}
	/* A hit starting in the spaces where a line was broken: the line
	 * before it. */
	for (long k = 0; k < r->nhits; k++) {
		if (r->hits[k].line >= 0)
			continue;
		r->hits[k].line = 0;
		for (long i = 0; i < r->n; i++)
			if (r->line[i].src == r->hits[k].src &&
			    (size_t)(r->line[i].s - src_text(r, r->line[i].src)) <=
				    r->hits[k].start)
				r->hits[k].line = i;
	}
}

/* Appends the hits of r->q in text (section kind kind) as src's;
 * returns 0 or -1. */
static int
add_hits(struct reader *r, int src, enum decision_kind kind, const char *text)
{
	struct search_hit *h = NULL;
	long n = search_hits(r->q, kind, text, strlen(text), &h);
	struct rhit *p;

	if (n <= 0)
		return n < 0 ? -1 : 0;
	p = realloc(r->hits, (size_t)(r->nhits + n) * sizeof *p);
	if (p == NULL) {
		free(h);
		return -1;
	}
	r->hits = p;
	for (long i = 0; i < n; i++)
		r->hits[r->nhits++] = (struct rhit){ .src = src, .start = h[i].start,
						     .end = h[i].end, .line = -1 };
	free(h);
	return 0;
}

/* Finds every hit of the search in the decision; returns 0 or -1. */
static int
find_hits(struct reader *r)
{
	int rc = 0;

	free(r->hits);
	r->hits = NULL;
	r->nhits = 0;
	r->cur = -1;
	if (r->q == NULL || !r->loaded)
		return 0;
	if (r->d.summary != NULL)
		rc = add_hits(r, 1, DECISION_KIND_SUMMARY, r->d.summary);
	for (size_t i = 0; i < r->d.npara && rc == 0; i++)
		rc = add_hits(r, (int)i + 2, r->d.paras[i].kind, r->d.paras[i].text);
	return rc;
}

/* Lays the decision out for the pane's width. */
static void
build(struct reader *r, int width)
{
	const struct decision *d = &r->d;
	const char *heading = NULL, *sub = NULL;
	struct rline proto = { .el = UI_EL_TITLE };
	int maxn = 0;
	char num[16];

	r->n = 0;
	r->block = 0;
	r->width = width > 1 ? width : 1;
	for (size_t i = 0; i < d->npara; i++)
		if (d->paras[i].n > maxn)
			maxn = d->paras[i].n;
	r->numw = snprintf(num, sizeof num, "[%d] ", maxn);
	if (r->numw + 8 > r->width)
		r->numw = 0;

	proto.block = ++r->block;
	add_wrapped(r, d->organisation ? d->organisation : "(no organisation)",
		    strlen(d->organisation ? d->organisation : "(no organisation)"),
		    0, &proto);
	proto.el = UI_EL_META;
	proto.block = ++r->block;
	add_wrapped(r, r->meta, strlen(r->meta), 0, &proto);
	proto.block = ++r->block;
	add_wrapped(r, r->category, strlen(r->category), 0, &proto);
	blank_line(r);

	proto = (struct rline){ .el = UI_EL_HEADING, .flags = LINE_SECTION,
				.block = ++r->block };
	add_wrapped(r, "Summary", 7, 0, &proto);
	proto = (struct rline){ .el = UI_EL_NORMAL, .flags = LINE_START,
				.block = ++r->block, .src = d->summary ? 1 : 0 };
	if (d->summary)
		add_wrapped(r, d->summary, strlen(d->summary), 0, &proto);
	else
		add_wrapped(r, "(no summary)", 12, 0, &proto);

	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		int newsec = i == 0 || p->kind != d->paras[i - 1].kind ||
			     (p->heading && (!heading || strcmp(p->heading, heading))) ||
			     (!p->heading && heading);

		if (newsec) {
			const char *h = p->heading ? p->heading :
					decision_kind_name(p->kind);

			blank_line(r);
			proto = (struct rline){ .el = UI_EL_HEADING,
						.flags = LINE_SECTION,
						.block = ++r->block, .n = p->n };
			add_wrapped(r, h, strlen(h), 0, &proto);
			heading = p->heading;
			sub = NULL;
		}
		if (p->subheading && (!sub || strcmp(p->subheading, sub))) {
			blank_line(r);
			proto = (struct rline){ .el = UI_EL_TITLE,
						.block = ++r->block, .n = p->n };
			add_wrapped(r, p->subheading, strlen(p->subheading),
				    r->numw, &proto);
		}
		sub = p->subheading;
		blank_line(r);
		add_para(r, p, (int)i + 2);
	}
	map_hits(r);
}

static long
max_top(const struct view *v)
{
	const struct reader *r = v->priv;
	long m = r->n - (v->h > 0 ? v->h : 1);

	return m > 0 ? m : 0;
}

/* Keeps top on a line.  Jumps may put a paragraph at the top even near
 * the end; scrolling down stops once the last line shows. */
static void
clamp(struct view *v)
{
	struct reader *r = v->priv;

	if (r->top > r->n - 1)
		r->top = r->n - 1;
	if (r->top < 0)
		r->top = 0;
}

int
view_reader_open(struct view *v, struct store *st)
{
	struct reader *r = calloc(1, sizeof *r);

	v->ops = &view_reader_ops;
	v->st = st;
	v->priv = r;
	if (r == NULL)
		return -1;
	decision_init(&r->d);
	r->cur = -1;
	return 0;
}

static void
unload(struct reader *r)
{
	if (r->loaded)
		decision_free(&r->d);
	decision_init(&r->d);
	free(r->meta);
	free(r->category);
	r->meta = r->category = NULL;
	r->loaded = 0;
	r->n = 0;
	r->top = 0;
	free(r->hits);
	r->hits = NULL;
	r->nhits = 0;
	r->cur = -1;
}

/* Makes the first hit at or below the top line the current one. */
static void
first_hit_below_top(struct reader *r)
{
	r->cur = -1;
	for (long k = 0; k < r->nhits; k++) {
		if (r->hits[k].line >= r->top) {
			r->cur = k;
			break;
		}
	}
}

/* The first line of paragraph n, or 0. */
static long
para_line(const struct reader *r, int n)
{
	for (long i = 0; i < r->n; i++)
		if ((r->line[i].flags & LINE_START) && r->line[i].n == n &&
		    r->line[i].label == n)
			return i;
	return 0;
}

int
view_reader_show(struct view *v, const char *ref, int para)
{
	struct reader *r = v->priv;
	const struct decision *d = &r->d;
	size_t len;
	int rc;

	if (ref != NULL && r->loaded && strcmp(ref, r->d.ref) == 0) {
		r->top = para > 0 ? para_line(r, para) : 0;
		clamp(v);
		first_hit_below_top(r);
		return 1;
	}
	unload(r);
	if (ref == NULL)
		return 0;
	rc = store_get(v->st, ref, &r->d);
	if (rc <= 0)
		return rc;
	r->loaded = 1;
	len = strlen(d->ref) + 40 + (d->outcome ? strlen(d->outcome) : 0);
	r->meta = malloc(len);
	if (r->meta != NULL)
		snprintf(r->meta, len, "%s · %s · %s", d->ref,
			 d->date[0] ? d->date : "no date",
			 d->outcome ? d->outcome : "no outcome");
	len = (d->area ? strlen(d->area) : 0) + (d->subarea ? strlen(d->subarea) : 0) + 20;
	r->category = malloc(len);
	if (r->category != NULL)
		snprintf(r->category, len, "%s%s%s", d->area ? d->area : "no category",
			 d->subarea ? " > " : "", d->subarea ? d->subarea : "");
	if (r->meta == NULL || r->category == NULL || find_hits(r) < 0) {
		unload(r);
		return -1;
	}
	build(r, v->w);
	r->top = para > 0 ? para_line(r, para) : 0;
	clamp(v);
	first_hit_below_top(r);
	return 1;
}

int
view_reader_search(struct view *v, const struct search_query *q)
{
	struct reader *r = v->priv;

	r->q = q;
	if (find_hits(r) < 0)
		return -1;
	if (r->loaded) {
		map_hits(r);
		first_hit_below_top(r);
	}
	return 0;
}

void
view_reader_hits(const struct view *v, long *cur, long *n)
{
	const struct reader *r = v->priv;

	*cur = r->cur + 1;
	*n = r->nhits;
}

const char *
view_reader_ref(const struct view *v)
{
	const struct reader *r = v->priv;

	return r->loaded ? r->d.ref : NULL;
}

static void
reader_resize(struct view *v)
{
	struct reader *r = v->priv;
	int block, off = 0;

	if (!r->loaded || v->w == r->width)
		return;
	/* Keep reading where we were: the same paragraph, the same line
	 * of it as near as the new wrapping allows. */
	block = r->n > 0 ? r->line[r->top].block : 0;
	for (long i = r->top; i > 0 && r->line[i - 1].block == block; i--)
		off++;
	build(r, v->w);
	r->top = 0;
	for (long i = 0; i < r->n; i++) {
		if (r->line[i].block == block) {
			r->top = i;
			while (off-- > 0 && r->top + 1 < r->n &&
			       r->line[r->top + 1].block == block)
				r->top++;
			break;
		}
	}
	clamp(v);
}

static void
reader_title(const struct view *v, char *buf, size_t len)
{
	const struct reader *r = v->priv;

	if (r->loaded)
		snprintf(buf, len, "%s%s%s", r->d.ref,
			 r->d.organisation ? " " : "",
			 r->d.organisation ? r->d.organisation : "");
	else
		snprintf(buf, len, "Reader");
}

/* Draws line l's text at screen row y, its hits in the hit element (the
 * current one underlined as well). */
static void
draw_text(struct view *v, const struct reader *r, const struct rline *l, int y)
{
	int x = v->x + l->indent, w = v->w - l->indent;
	int attr = ui_attr((enum ui_element)l->el);
	size_t off, at = 0;

	if (l->src == 0 || l->hit >= r->nhits) {
		ui_put(y, x, w, l->s, l->len, attr);
		return;
	}
	off = (size_t)(l->s - src_text(r, l->src));
	for (long k = l->hit; k < r->nhits && r->hits[k].src == l->src &&
			      r->hits[k].start < off + l->len && w > 0; k++) {
		size_t hs = r->hits[k].start > off ? r->hits[k].start - off : 0;
		size_t he = r->hits[k].end - off < l->len ? r->hits[k].end - off : l->len;
		int used, hattr = ui_attr(UI_EL_HIT) | (k == r->cur ? A_UNDERLINE : 0);

		if (hs < at)
			hs = at;
		if (he <= hs)
			continue;
		used = ui_put(y, x, w, l->s + at, hs - at, attr);
		x += used;
		w -= used;
		used = ui_put(y, x, w, l->s + hs, he - hs, hattr);
		x += used;
		w -= used;
		at = he;
	}
	if (at < l->len && w > 0)
		ui_put(y, x, w, l->s + at, l->len - at, attr);
}

static void
reader_draw(struct view *v, int focused)
{
	struct reader *r = v->priv;

	if (r->loaded && v->w != r->width)
		reader_resize(v);
	for (int y = 0; y < v->h; y++) {
		long i = r->top + y;
		const struct rline *l;

		ui_blank(v->y + y, v->x, v->w, ui_attr(UI_EL_NORMAL));
		if (!r->loaded || i >= r->n)
			continue;
		l = &r->line[i];
		if (l->label > 0) {
			char lab[16];

			snprintf(lab, sizeof lab, "[%d]", l->label);
			ui_puts(v->y + y, v->x, v->w, lab, ui_attr(UI_EL_PARANUM));
		}
		if (l->pre != NULL && l->prex < v->w)
			ui_put(v->y + y, v->x + l->prex, v->w - l->prex, l->pre,
			       l->prelen, ui_attr(UI_EL_NORMAL));
		if (l->indent < v->w)
			draw_text(v, r, l, v->y + y);
	}
	(void)focused;
}

/* Makes the next (dir 1) or previous (dir -1) hit the current one and
 * scrolls it into view: from the current hit while it shows, else from
 * the screen's top (n) or bottom (N). */
static void
step_hit(struct view *v, int dir)
{
	struct reader *r = v->priv;
	long h = v->h > 0 ? v->h : 1, k, line;

	if (r->nhits == 0)
		return;
	if (r->cur >= 0 && r->hits[r->cur].line >= r->top &&
	    r->hits[r->cur].line < r->top + h) {
		k = r->cur + dir;
	} else if (dir > 0) {
		for (k = 0; k < r->nhits && r->hits[k].line < r->top; k++)
			;
	} else {
		for (k = r->nhits - 1; k >= 0 && r->hits[k].line >= r->top + h; k--)
			;
	}
	if (k < 0 || k >= r->nhits)
		return;
	r->cur = k;
	line = r->hits[k].line;
	if (line < r->top || line >= r->top + h)
		r->top = line - h / 4;
	clamp(v);
}

/* Moves top to the next (dir 1) or previous (dir -1) line with flag;
 * returns nonzero when it moved. */
static int
jump(struct view *v, int flag, int dir)
{
	struct reader *r = v->priv;

	for (long i = r->top + dir; i >= 0 && i < r->n; i += dir) {
		if (r->line[i].flags & flag) {
			/* Back to a heading: the blank line above it is not
			 * a stop of its own. */
			r->top = i;
			return 1;
		}
	}
	return 0;
}

static int
reader_action(struct view *v, enum ui_action a)
{
	struct reader *r = v->priv;
	long h = v->h > 1 ? v->h : 1, old = r->top;

	if (!r->loaded)
		return a == UI_ACTION_OPEN ? VIEW_HANDLED : VIEW_UNHANDLED;
	switch (a) {
	case UI_ACTION_UP: r->top--; break;
	case UI_ACTION_DOWN: r->top++; break;
	case UI_ACTION_PAGE_UP: r->top -= h - 1 > 0 ? h - 1 : 1; break;
	case UI_ACTION_PAGE_DOWN: r->top += h - 1 > 0 ? h - 1 : 1; break;
	case UI_ACTION_HALF_UP: r->top -= (h + 1) / 2; break;
	case UI_ACTION_HALF_DOWN: r->top += (h + 1) / 2; break;
	case UI_ACTION_TOP: r->top = 0; break;
	case UI_ACTION_BOTTOM: r->top = max_top(v); break;
	case UI_ACTION_NEXT_SECTION: jump(v, LINE_SECTION, 1); break;
	case UI_ACTION_PREV_SECTION: jump(v, LINE_SECTION, -1); break;
	case UI_ACTION_NEXT_PARA: jump(v, LINE_START, 1); break;
	case UI_ACTION_PREV_PARA: jump(v, LINE_START, -1); break;
	case UI_ACTION_NEXT_HIT:
	case UI_ACTION_PREV_HIT:
		step_hit(v, a == UI_ACTION_NEXT_HIT ? 1 : -1);
		return VIEW_HANDLED | VIEW_REDRAW;
	case UI_ACTION_OPEN: return VIEW_HANDLED | VIEW_OPEN;
	default: return VIEW_UNHANDLED;
	}
	if (r->top > old && r->top > max_top(v) &&
	    (a == UI_ACTION_DOWN || a == UI_ACTION_PAGE_DOWN ||
	     a == UI_ACTION_HALF_DOWN))
		r->top = old > max_top(v) ? old : max_top(v);
	clamp(v);
	return VIEW_HANDLED | (r->top != old ? VIEW_REDRAW : 0);
}

static int
reader_click(struct view *v, int row)
{
	return VIEW_HANDLED;
}

static void
reader_status(const struct view *v, char *buf, size_t len)
{
	const struct reader *r = v->priv;
	long last = r->top + v->h;
	int n = 0;
	size_t used;

	if (!r->loaded) {
		snprintf(buf, len, "no decision");
		return;
	}
	for (long i = r->top; i >= 0; i--) {
		if (r->line[i].n > 0) {
			n = r->line[i].n;
			break;
		}
	}
	if (last > r->n)
		last = r->n;
	if (n > 0)
		snprintf(buf, len, "%s [%d] %ld%%", r->d.ref, n,
			 r->n ? last * 100 / r->n : 100);
	else
		snprintf(buf, len, "%s %ld%%", r->d.ref, r->n ? last * 100 / r->n : 100);
	if (r->q == NULL)
		return;
	used = strlen(buf);
	if (r->cur >= 0)
		snprintf(buf + used, len - used, " · hit %ld/%ld", r->cur + 1, r->nhits);
	else
		snprintf(buf + used, len - used, " · %ld hit%s", r->nhits,
			 r->nhits == 1 ? "" : "s");
}

static void
reader_close(struct view *v)
{
	struct reader *r = v->priv;

	if (r != NULL) {
		unload(r);
		free(r->line);
		free(r);
	}
	v->priv = NULL;
}

const struct view_ops view_reader_ops = {
	.name = "reader",
	.resize = reader_resize,
	.title = reader_title,
	.draw = reader_draw,
	.action = reader_action,
	.click = reader_click,
	.status = reader_status,
	.close = reader_close,
};
