/* view_text: one decision laid out as wrapped lines that point into its
 * stored text, the hits of a search mapped onto them, and a line drawn
 * with its hits; shared by the reader and the side-by-side view. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "search.h"
#include "store.h"
#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "view_text.h"

void
view_text_init(struct view_text *t)
{
	memset(t, 0, sizeof *t);
	decision_init(&t->d);
}

void
view_text_unload(struct view_text *t)
{
	if (t->loaded)
		decision_free(&t->d);
	decision_init(&t->d);
	free(t->meta);
	free(t->category);
	t->meta = t->category = NULL;
	t->loaded = 0;
	t->n = 0;
	free(t->hits);
	t->hits = NULL;
	t->nhits = 0;
}

void
view_text_free(struct view_text *t)
{
	view_text_unload(t);
	free(t->line);
	t->line = NULL;
	t->cap = 0;
}

/* Appends the hits of t->q in text (section kind kind) as src's;
 * returns 0 or -1. */
static int
add_hits(struct view_text *t, int src, enum decision_kind kind, const char *text)
{
	struct search_hit *h = NULL;
	long n = search_hits(t->q, kind, text, strlen(text), &h);
	struct view_hit *p;

	if (n <= 0)
		return n < 0 ? -1 : 0;
	p = realloc(t->hits, (size_t)(t->nhits + n) * sizeof *p);
	if (p == NULL) {
		free(h);
		return -1;
	}
	t->hits = p;
	for (long i = 0; i < n; i++)
		t->hits[t->nhits++] = (struct view_hit){ .src = src, .start = h[i].start,
							 .end = h[i].end, .line = -1 };
	free(h);
	return 0;
}

int
view_text_find_hits(struct view_text *t)
{
	int rc = 0;

	free(t->hits);
	t->hits = NULL;
	t->nhits = 0;
	if (t->q == NULL || !t->loaded)
		return 0;
	if (t->d.summary != NULL)
		rc = add_hits(t, 1, DECISION_KIND_SUMMARY, t->d.summary);
	for (size_t i = 0; i < t->d.npara && rc == 0; i++)
		rc = add_hits(t, (int)i + 2, t->d.paras[i].kind, t->d.paras[i].text);
	return rc;
}

int
view_text_load(struct view_text *t, struct store *st, const char *ref)
{
	const struct decision *d = &t->d;
	size_t len;
	int rc;

	view_text_unload(t);
	rc = store_get(st, ref, &t->d);
	if (rc <= 0)
		return rc;
	t->loaded = 1;
	len = strlen(d->ref) + 40 + (d->outcome ? strlen(d->outcome) : 0);
	t->meta = malloc(len);
	if (t->meta != NULL)
		snprintf(t->meta, len, "%s · %s · %s", d->ref,
			 d->date[0] ? d->date : "no date",
			 d->outcome ? d->outcome : "no outcome");
	len = (d->area ? strlen(d->area) : 0) + (d->subarea ? strlen(d->subarea) : 0) + 20;
	t->category = malloc(len);
	if (t->category != NULL)
		snprintf(t->category, len, "%s%s%s", d->area ? d->area : "no category",
			 d->subarea ? " > " : "", d->subarea ? d->subarea : "");
	if (t->meta == NULL || t->category == NULL || view_text_find_hits(t) < 0) {
		view_text_unload(t);
		return -1;
	}
	return 1;
}

/* ---- laying out ------------------------------------------------------- */

static int
add_line(struct view_text *t, const struct view_line *l)
{
	if (t->n == t->cap) {
		long cap = t->cap ? 2 * t->cap : 256;
		struct view_line *p = realloc(t->line, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		t->line = p;
		t->cap = cap;
	}
	t->line[t->n++] = *l;
	return 0;
}

/* Adds a blank line unless the last line is one. */
static void
view_text_blank(struct view_text *t)
{
	struct view_line l = { .s = "", .block = t->block, .el = UI_EL_NORMAL };

	if (t->n > 0 && t->line[t->n - 1].len > 0)
		add_line(t, &l);
}

/* Adds s[0..len) wrapped from column indent; the first line carries
 * proto's label, marker and flags. */
static void
view_text_add(struct view_text *t, const char *s, size_t len, int indent,
	      const struct view_line *proto)
{
	struct text_line *tl = NULL;
	int width = t->width - indent;
	long nl;

	if (width < 1)
		width = 1;
	nl = text_wrap(s, len, width, &tl);
	for (long i = 0; i < nl || (i == 0 && nl == 0); i++) {
		struct view_line l = *proto;

		l.indent = (short)indent;
		l.s = nl > 0 ? s + tl[i].off : s;
		l.len = nl > 0 ? tl[i].len : 0;
		if (i > 0) {
			l.label = 0;
			l.pre = NULL;
			l.prelen = 0;
			/* Only the organisation's mark is every line's. */
			l.flags &= VIEW_LINE_TITLE;
		}
		add_line(t, &l);
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
add_para(struct view_text *t, const struct decision_para *p, int src)
{
	const char *s = p->text, *end = s + strlen(s);
	int first = 1;

	t->block++;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		struct view_line proto = { .el = UI_EL_NORMAL, .n = p->n,
					   .block = t->block, .src = src };

		if (first) {
			proto.label = p->n;
			proto.flags = VIEW_LINE_START;
			view_text_add(t, s, (size_t)(le - s), t->numw, &proto);
			first = 0;
		} else {
			size_t sp = 0, m;

			while (s + sp < le && s[sp] == ' ')
				sp++;
			m = marker_len(s + sp, (size_t)(le - s - sp));
			if (m > 0) {
				int prex = t->numw + 2 + (int)sp;

				proto.pre = s + sp;
				proto.prelen = m;
				proto.prex = (short)prex;
				view_text_add(t, s + sp + m, (size_t)(le - s - sp - m),
					      prex + text_width(s + sp, m), &proto);
			} else {
				view_text_add(t, s + sp, (size_t)(le - s - sp), t->numw,
					      &proto);
			}
		}
		s = nl ? nl + 1 : end;
	}
}

void
view_text_start(struct view_text *t, int width)
{
	const struct decision *d = &t->d;
	int maxn = 0;
	char num[16];

	t->n = 0;
	t->block = 0;
	t->width = width > 1 ? width : 1;
	for (size_t i = 0; i < d->npara; i++)
		if (d->paras[i].n > maxn)
			maxn = d->paras[i].n;
	t->numw = snprintf(num, sizeof num, "[%d] ", maxn);
	if (t->numw + 8 > t->width)
		t->numw = 0;
}

void
view_text_header(struct view_text *t, int indent)
{
	const char *org = t->d.organisation ? t->d.organisation : "(no organisation)";
	struct view_line proto = { .el = UI_EL_TITLE, .flags = VIEW_LINE_TITLE };

	proto.block = ++t->block;
	view_text_add(t, org, strlen(org), indent, &proto);
	proto = (struct view_line){ .el = UI_EL_META, .block = ++t->block };
	view_text_add(t, t->meta, strlen(t->meta), 0, &proto);
	proto.block = ++t->block;
	view_text_add(t, t->category, strlen(t->category), 0, &proto);
	if (t->d.cut_off) {
		proto = (struct view_line){ .el = UI_EL_MESSAGE, .block = ++t->block };
		view_text_add(t, VIEW_TEXT_CUT_OFF, strlen(VIEW_TEXT_CUT_OFF), 0, &proto);
	}
}

void
view_text_heading(struct view_text *t, const char *s, int n)
{
	struct view_line proto = { .el = UI_EL_HEADING, .flags = VIEW_LINE_SECTION,
				   .block = ++t->block, .n = n };

	view_text_add(t, s, strlen(s), 0, &proto);
}

void
view_text_summary(struct view_text *t)
{
	const char *s = t->d.summary;
	struct view_line proto = { .el = UI_EL_NORMAL, .flags = VIEW_LINE_START,
				   .block = ++t->block, .src = s ? 1 : 0 };

	if (s)
		view_text_add(t, s, strlen(s), 0, &proto);
	else
		view_text_add(t, "(no summary)", 12, 0, &proto);
}

/* The heading paragraph p is printed under: its own, else its kind's. */
static const char *
para_heading(const struct decision_para *p)
{
	return p->heading ? p->heading : decision_kind_name(p->kind);
}

void
view_text_sections(struct view_text *t, int kind, int skip_heading)
{
	const struct decision *d = &t->d;
	const struct decision_para *prev = NULL;
	const char *heading = NULL, *sub = NULL;

	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		int newsec;

		if (kind >= 0 && (int)p->kind != kind)
			continue;
		newsec = prev == NULL || p->kind != prev->kind ||
			 (p->heading && (!heading || strcmp(p->heading, heading))) ||
			 (!p->heading && heading);
		if (newsec) {
			if (prev != NULL || !skip_heading) {
				view_text_blank(t);
				view_text_heading(t, para_heading(p), p->n);
			}
			heading = p->heading;
			sub = NULL;
		}
		if (p->subheading && (!sub || strcmp(p->subheading, sub))) {
			struct view_line proto = { .el = UI_EL_TITLE, .n = p->n };

			view_text_blank(t);
			proto.block = ++t->block;
			view_text_add(t, p->subheading, strlen(p->subheading),
				      t->numw, &proto);
		}
		sub = p->subheading;
		view_text_blank(t);
		add_para(t, p, (int)i + 2);
		prev = p;
	}
}

void
view_text_build(struct view_text *t, int width)
{
	view_text_start(t, width);
	view_text_header(t, 0);
	view_text_blank(t);
	view_text_heading(t, "Summary", 0);
	view_text_summary(t);
	view_text_sections(t, -1, 0);
	view_text_map_hits(t);
}

/* The text that lines and hits of src point into. */
static const char *
src_text(const struct view_text *t, int src)
{
	return src == 1 ? t->d.summary : t->d.paras[src - 2].text;
}

void
view_text_map_hits(struct view_text *t)
{
	long h = 0;

	for (long k = 0; k < t->nhits; k++)
		t->hits[k].line = -1;
	for (long i = 0; i < t->n; i++) {
		struct view_line *l = &t->line[i];
		size_t off;

		l->hit = t->nhits;
		if (l->src == 0)
			continue;
		off = (size_t)(l->s - src_text(t, l->src));
		while (h < t->nhits && (t->hits[h].src < l->src ||
					(t->hits[h].src == l->src &&
					 t->hits[h].end <= off)))
			h++;
		l->hit = h;
		for (long k = h; k < t->nhits && t->hits[k].src == l->src &&
				 t->hits[k].start < off + l->len; k++)
			if (t->hits[k].line < 0)
				t->hits[k].line = i;
	}
	/* A hit starting in the spaces where a line was broken: the line
	 * before it. */
	for (long k = 0; k < t->nhits; k++) {
		if (t->hits[k].line >= 0)
			continue;
		t->hits[k].line = 0;
		for (long i = 0; i < t->n; i++)
			if (t->line[i].src == t->hits[k].src &&
			    (size_t)(t->line[i].s - src_text(t, t->line[i].src)) <=
				    t->hits[k].start)
				t->hits[k].line = i;
	}
}

long
view_text_para_line(const struct view_text *t, int n)
{
	for (long i = 0; i < t->n; i++)
		if ((t->line[i].flags & VIEW_LINE_START) && t->line[i].n == n &&
		    t->line[i].label == n)
			return i;
	return 0;
}

const char *
view_text_kind_heading(const struct view_text *t, int kind, int *n)
{
	for (size_t i = 0; i < t->d.npara; i++) {
		if ((int)t->d.paras[i].kind == kind) {
			*n = t->d.paras[i].n;
			return para_heading(&t->d.paras[i]);
		}
	}
	return NULL;
}

/* ---- hits on the screen ----------------------------------------------- */

/* The row where hit k shows: its line, or rowof[its line]. */
static long
hit_row(const struct view_text *t, const long *rowof, long k)
{
	return rowof ? rowof[t->hits[k].line] : t->hits[k].line;
}

long
view_text_first_hit(const struct view_text *t, const long *rowof, long top)
{
	for (long k = 0; k < t->nhits; k++)
		if (hit_row(t, rowof, k) >= top)
			return k;
	return -1;
}

long
view_text_step_hit(const struct view_text *t, const long *rowof, long nrow,
		   long cur, long *top, int h, int dir)
{
	long k, row, rows = h > 0 ? h : 1;

	if (t->nhits == 0)
		return cur;
	if (cur >= 0 && cur < t->nhits && hit_row(t, rowof, cur) >= *top &&
	    hit_row(t, rowof, cur) < *top + rows) {
		k = cur + dir;
	} else if (dir > 0) {
		for (k = 0; k < t->nhits && hit_row(t, rowof, k) < *top; k++)
			;
	} else {
		for (k = t->nhits - 1; k >= 0 && hit_row(t, rowof, k) >= *top + rows; k--)
			;
	}
	if (k < 0 || k >= t->nhits)
		return cur;
	row = hit_row(t, rowof, k);
	if (row < *top || row >= *top + rows)
		*top = row - rows / 4;
	if (*top > nrow - 1)
		*top = nrow - 1;
	if (*top < 0)
		*top = 0;
	return k;
}

void
view_text_hit_status(const struct view_text *t, long cur, char *buf, size_t len)
{
	if (cur >= 0)
		snprintf(buf, len, " · hit %ld/%ld", cur + 1, t->nhits);
	else
		snprintf(buf, len, " · %ld hit%s", t->nhits, t->nhits == 1 ? "" : "s");
}

/* ---- drawing -------------------------------------------------------- */

/* Draws line l's text at row y from column x in w columns in attr, its
 * hits in the hit element (cur underlined as well). */
static void
draw_text(const struct view_text *t, const struct view_line *l, int y, int x,
	  int w, long cur, int attr)
{
	size_t off, at = 0;

	if (l->src == 0 || l->hit >= t->nhits) {
		ui_put(y, x, w, l->s, l->len, attr);
		return;
	}
	off = (size_t)(l->s - src_text(t, l->src));
	for (long k = l->hit; k < t->nhits && t->hits[k].src == l->src &&
			      t->hits[k].start < off + l->len && w > 0; k++) {
		size_t hs = t->hits[k].start > off ? t->hits[k].start - off : 0;
		size_t he = t->hits[k].end - off < l->len ? t->hits[k].end - off : l->len;
		int used, hattr = ui_attr(UI_EL_HIT) | (k == cur ? A_UNDERLINE : 0);

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

void
view_text_draw(const struct view_text *t, long i, int y, int x, int w,
	       long cur, int attr)
{
	const struct view_line *l = &t->line[i];

	if (l->label > 0) {
		char lab[16];

		snprintf(lab, sizeof lab, "[%d]", l->label);
		ui_puts(y, x, w, lab, ui_attr(UI_EL_PARANUM));
	}
	if (l->pre != NULL && l->prex < w)
		ui_put(y, x + l->prex, w - l->prex, l->pre, l->prelen,
		       ui_attr(UI_EL_NORMAL));
	if (l->indent < w)
		draw_text(t, l, y, x + l->indent, w - l->indent, cur,
			  attr >= 0 ? attr : ui_attr((enum ui_element)l->el));
}

/* ---- scrolling -------------------------------------------------------- */

int
view_text_scroll(long *top, long n, int h, enum ui_action a)
{
	long page = h > 1 ? h : 1, old = *top;
	long max = n - (h > 0 ? h : 1);

	if (max < 0)
		max = 0;
	switch (a) {
	case UI_ACTION_UP: (*top)--; break;
	case UI_ACTION_DOWN: (*top)++; break;
	case UI_ACTION_PAGE_UP: *top -= page - 1 > 0 ? page - 1 : 1; break;
	case UI_ACTION_PAGE_DOWN: *top += page - 1 > 0 ? page - 1 : 1; break;
	case UI_ACTION_HALF_UP: *top -= (page + 1) / 2; break;
	case UI_ACTION_HALF_DOWN: *top += (page + 1) / 2; break;
	case UI_ACTION_TOP: *top = 0; break;
	case UI_ACTION_BOTTOM: *top = max; break;
	default: return 0;
	}
	if (*top > old && *top > max &&
	    (a == UI_ACTION_DOWN || a == UI_ACTION_PAGE_DOWN ||
	     a == UI_ACTION_HALF_DOWN))
		*top = old > max ? old : max;
	if (*top > n - 1)
		*top = n - 1;
	if (*top < 0)
		*top = 0;
	return 1;
}
