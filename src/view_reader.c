/* view_reader: one decision laid out for reading — a title block, the
 * summary, then each section under its heading with its paragraphs as
 * [n] and sub-items indented, wrapped to the pane by display width
 * (view_text.c, shared with the side-by-side view), every hit of the
 * search highlighted; n and N step through them. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "search.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "view.h"
#include "view_reader.h"
#include "view_text.h"

/* The pane's operations, filled at the end of the file. */
static const struct view_ops view_reader_ops;

struct reader {
	struct view_text t;     /* the decision, its hits and its lines */
	long top;
	long cur;               /* the current hit, or -1 */
	const struct search_query *search;  /* the search's, or NULL */
	struct search_query *find;  /* owned: find in this decision, or NULL */
	int mark;               /* the src y cites while it shows; 0: none */
};

/* Keeps top on a line.  Jumps may put a paragraph at the top even near
 * the end; scrolling down stops once the last line shows. */
static void
clamp(struct reader *r)
{
	if (r->top > r->t.n - 1)
		r->top = r->t.n - 1;
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
	view_text_init(&r->t);
	r->cur = -1;
	return 0;
}

/* Makes the first hit at or below the top line the current one. */
static void
first_hit_below_top(struct reader *r)
{
	r->cur = view_text_first_hit(&r->t, NULL, r->top);
}

int
view_reader_show(struct view *v, const char *ref, int para)
{
	struct reader *r = v->priv;
	int rc;

	if (ref != NULL && r->t.loaded && strcmp(ref, r->t.d.ref) == 0) {
		r->top = para > 0 ? view_text_para_line(&r->t, para) : 0;
		clamp(r);
		first_hit_below_top(r);
		r->mark = para > 0 ? r->t.line[r->top].src : 0;
		return 1;
	}
	view_text_unload(&r->t);
	r->top = 0;
	r->cur = -1;
	/* A find is the decision's own: another one shows the search's
	 * hits again. */
	search_query_free(r->find);
	r->find = NULL;
	r->t.q = r->search;
	if (ref == NULL)
		return 0;
	rc = view_text_load(&r->t, v->st, ref);
	if (rc <= 0)
		return rc;
	view_text_build(&r->t, v->w);
	r->top = para > 0 ? view_text_para_line(&r->t, para) : 0;
	clamp(r);
	first_hit_below_top(r);
	r->mark = para > 0 && r->t.n > 0 ? r->t.line[r->top].src : 0;
	return 1;
}

int
view_reader_search(struct view *v, const struct search_query *q)
{
	struct reader *r = v->priv;

	r->search = q;
	if (r->find != NULL)
		return 0;
	r->t.q = q;
	r->cur = -1;
	if (view_text_find_hits(&r->t) < 0)
		return -1;
	if (r->t.loaded) {
		view_text_map_hits(&r->t);
		first_hit_below_top(r);
	}
	return 0;
}

/* Makes hit k current and scrolls it into view, a quarter down. */
static void
show_hit(struct reader *r, long k, int h)
{
	long line = r->t.hits[k].line;

	r->cur = k;
	r->mark = r->t.hits[k].src;
	if (line < r->top || line >= r->top + (h > 0 ? h : 1))
		r->top = line - (h > 0 ? h : 1) / 4;
	clamp(r);
}

long
view_reader_find(struct view *v, struct search_query *q)
{
	struct reader *r = v->priv;

	search_query_free(r->find);
	r->find = q;
	r->t.q = q != NULL ? q : r->search;
	r->cur = -1;
	if (view_text_find_hits(&r->t) < 0)
		return -1;
	if (!r->t.loaded)
		return 0;
	view_text_map_hits(&r->t);
	first_hit_below_top(r);
	/* None below the top: from the start, as less wraps around. */
	if (r->cur < 0 && r->t.nhits > 0)
		r->cur = 0;
	if (r->cur >= 0)
		show_hit(r, r->cur, v->h);
	return r->t.nhits;
}

int
view_reader_finding(const struct view *v)
{
	const struct reader *r = v->priv;

	return r->find != NULL;
}

void
view_reader_hit_edge(struct view *v, int last)
{
	struct reader *r = v->priv;

	if (r->t.loaded && r->t.nhits > 0)
		show_hit(r, last ? r->t.nhits - 1 : 0, v->h);
}

void
view_reader_hits(const struct view *v, long *cur, long *n)
{
	const struct reader *r = v->priv;

	*cur = r->cur + 1;
	*n = r->t.nhits;
}

const char *
view_reader_ref(const struct view *v)
{
	const struct reader *r = v->priv;

	return r->t.loaded ? r->t.d.ref : NULL;
}

const struct decision *
view_reader_decision(const struct view *v)
{
	const struct reader *r = v->priv;

	return r->t.loaded ? &r->t.d : NULL;
}

/* Nonzero when a line of src shows on the h rows from the top. */
static int
src_shows(const struct reader *r, int src, long h)
{
	for (long i = r->top; i < r->t.n && i < r->top + h; i++)
		if (r->t.line[i].src == src)
			return 1;
	return 0;
}

/* The src that y cites (1 the summary, k + 2 paragraph k), or 0. */
static int
marked_src(const struct reader *r, long h)
{
	const struct view_text *t = &r->t;

	if (!t->loaded || t->n == 0)
		return 0;
	/* Set by {, }, n, N or a goto, while it shows. */
	if (r->mark > 0 && src_shows(r, r->mark, h))
		return r->mark;
	/* On a hit that shows: the paragraph that holds it. */
	if (r->cur >= 0 && r->cur < t->nhits && t->hits[r->cur].line >= r->top &&
	    t->hits[r->cur].line < r->top + h)
		return t->hits[r->cur].src;
	/* The paragraph the top line is part of, else the next one. */
	for (long i = r->top; i < t->n; i++)
		if (t->line[i].src >= 1)
			return t->line[i].src;
	/* Below the last paragraph's text: the last paragraph. */
	for (long i = r->top; i >= 0; i--)
		if (t->line[i].src >= 1)
			return t->line[i].src;
	return 0;
}

int
view_reader_para(const struct view *v)
{
	const struct reader *r = v->priv;
	int src = marked_src(r, v->h > 0 ? v->h : 1);

	return src >= 2 ? r->t.d.paras[src - 2].n : src == 1 ? 0 : -1;
}

static void
reader_resize(struct view *v)
{
	struct reader *r = v->priv;
	const struct view_text *t = &r->t;
	int block, off = 0;

	if (!t->loaded || v->w == t->width)
		return;
	/* Keep reading where we were: the same paragraph, the same line
	 * of it as near as the new wrapping allows. */
	block = t->n > 0 ? t->line[r->top].block : 0;
	for (long i = r->top; i > 0 && t->line[i - 1].block == block; i--)
		off++;
	view_text_build(&r->t, v->w);
	r->top = 0;
	for (long i = 0; i < t->n; i++) {
		if (t->line[i].block == block) {
			r->top = i;
			while (off-- > 0 && r->top + 1 < t->n &&
			       t->line[r->top + 1].block == block)
				r->top++;
			break;
		}
	}
	clamp(r);
}

static void
reader_title(const struct view *v, char *buf, size_t len)
{
	const struct reader *r = v->priv;

	if (r->t.loaded)
		snprintf(buf, len, "%s%s%s", r->t.d.ref,
			 r->t.d.organisation ? " " : "",
			 r->t.d.organisation ? r->t.d.organisation : "");
	else
		snprintf(buf, len, "Reader");
}

/* Marks line i, drawn at row y, when it is part of src, the text y
 * cites: a paragraph's label in reverse (at the top row as well when its
 * first line is above), the summary's heading in reverse. */
static void
draw_mark(const struct view *v, const struct reader *r, long i, int y, int src)
{
	const struct view_line *l = &r->t.line[i];
	char lab[16];

	if (src >= 2 && l->src == src && (l->label > 0 || (i == r->top && r->t.numw > 0))) {
		snprintf(lab, sizeof lab, "[%d]", r->t.d.paras[src - 2].n);
		ui_puts(y, v->x, v->w, lab, ui_attr(UI_EL_PARANUM) | A_REVERSE);
	} else if (src == 1 && (l->flags & VIEW_LINE_SECTION) && i + 1 < r->t.n &&
		   r->t.line[i + 1].src == 1) {
		ui_put(y, v->x, v->w, l->s, l->len, ui_attr(UI_EL_HEADING) | A_REVERSE);
	}
}

static void
reader_draw(struct view *v, int focused)
{
	struct reader *r = v->priv;
	int src;

	if (r->t.loaded && v->w != r->t.width)
		reader_resize(v);
	src = marked_src(r, v->h > 0 ? v->h : 1);
	for (int y = 0; y < v->h; y++) {
		long i = r->top + y;

		ui_blank(v->y + y, v->x, v->w, ui_attr(UI_EL_NORMAL));
		if (!r->t.loaded || i >= r->t.n)
			continue;
		view_text_draw(&r->t, i, v->y + y, v->x, v->w, r->cur, -1);
		draw_mark(v, r, i, v->y + y, src);
	}
	(void)focused;
}

/* Moves top to the next (dir 1) or previous (dir -1) line with flag;
 * returns nonzero when it moved. */
static int
jump(struct reader *r, int flag, int dir)
{
	for (long i = r->top + dir; i >= 0 && i < r->t.n; i += dir) {
		if (r->t.line[i].flags & flag) {
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
	long old = r->top;

	if (!r->t.loaded)
		return a == UI_ACTION_OPEN ? VIEW_HANDLED : VIEW_UNHANDLED;
	if (view_text_scroll(&r->top, r->t.n, v->h, a))
		return VIEW_HANDLED | (r->top != old ? VIEW_REDRAW : 0);
	switch (a) {
	case UI_ACTION_NEXT_SECTION: jump(r, VIEW_LINE_SECTION, 1); break;
	case UI_ACTION_PREV_SECTION: jump(r, VIEW_LINE_SECTION, -1); break;
	case UI_ACTION_NEXT_PARA:
	case UI_ACTION_PREV_PARA:
		jump(r, VIEW_LINE_START, a == UI_ACTION_NEXT_PARA ? 1 : -1);
		clamp(r);
		r->mark = r->t.line[r->top].src;
		/* The summary under its heading, which shows its mark. */
		if (r->mark == 1 && r->top > 0 &&
		    (r->t.line[r->top - 1].flags & VIEW_LINE_SECTION))
			r->top--;
		return VIEW_HANDLED | VIEW_REDRAW;
	case UI_ACTION_NEXT_HIT:
	case UI_ACTION_PREV_HIT:
		/* From the current hit while it shows, else from the
		 * screen's top (n) or bottom (N). */
		r->cur = view_text_step_hit(&r->t, NULL, r->t.n, r->cur, &r->top,
					    v->h, a == UI_ACTION_NEXT_HIT ? 1 : -1);
		if (r->cur >= 0)
			r->mark = r->t.hits[r->cur].src;
		return VIEW_HANDLED | VIEW_REDRAW;
	case UI_ACTION_OPEN: return VIEW_HANDLED | VIEW_OPEN;
	default: return VIEW_UNHANDLED;
	}
	clamp(r);
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
	const struct view_text *t = &r->t;
	long last = r->top + v->h;
	int n = 0;
	size_t used;

	if (!t->loaded) {
		snprintf(buf, len, "no decision");
		return;
	}
	for (long i = r->top; i >= 0; i--) {
		if (t->line[i].n > 0) {
			n = t->line[i].n;
			break;
		}
	}
	if (last > t->n)
		last = t->n;
	if (n > 0)
		snprintf(buf, len, "%s [%d] %ld%%", t->d.ref, n,
			 t->n ? last * 100 / t->n : 100);
	else
		snprintf(buf, len, "%s %ld%%", t->d.ref, t->n ? last * 100 / t->n : 100);
	used = strlen(buf);
	if (r->find != NULL && used < len && r->cur >= 0)
		snprintf(buf + used, len - used, " · match %ld/%ld", r->cur + 1,
			 t->nhits);
	else if (r->find != NULL && used < len)
		snprintf(buf + used, len - used, " · %ld match%s", t->nhits,
			 t->nhits == 1 ? "" : "es");
	else if (t->q != NULL && used < len)
		view_text_hit_status(t, r->cur, buf + used, len - used);
}

static void
reader_close(struct view *v)
{
	struct reader *r = v->priv;

	if (r != NULL) {
		search_query_free(r->find);
		view_text_free(&r->t);
		free(r);
	}
	v->priv = NULL;
}

static const struct view_ops view_reader_ops = {
	.name = "reader",
	.resize = reader_resize,
	.title = reader_title,
	.draw = reader_draw,
	.action = reader_action,
	.click = reader_click,
	.status = reader_status,
	.close = reader_close,
};
