/* view_compare: two to four decisions side by side, in columns of equal
 * width — a header block each, then the summaries, then the sections
 * aligned by section kind (a section one decision lacks leaves its cell
 * empty) — scrolling together, every hit of the search highlighted.  Each
 * column is laid out by view_text.c as the reader lays a decision out;
 * this file aligns their lines into rows.  Too narrow a pane stacks the
 * decisions one after another in one column. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "view.h"
#include "view_compare.h"
#include "view_text.h"

/* The pane's operations, filled at the end of the file. */
static const struct view_ops view_compare_ops;

#define COMPARE_MAX 4
/* Columns of text a column needs; narrower, the decisions are stacked. */
#define COMPARE_MIN_WIDTH 28
/* The band of the header blocks, before the summary's. */
#define BAND_HEADER (-1)
/* The focused column's mark, before its organisation. */
#define FOCUS_MARK "\xe2\x96\xb8"

enum {
	ROW_BAND = 1 << 0,      /* the first row of a band: [ and ] stop here */
	ROW_RULE = 1 << 1,      /* stacked: the rule between two decisions */
};

/* One row of the screen: a line of each column's text, or blank. */
struct crow {
	long line[COMPARE_MAX]; /* the line of column c, or -1 */
	short flags;
	short band;             /* BAND_HEADER or the section kind */
	short col;              /* stacked: the decision's column; else -1 */
};

struct compare {
	int n;                  /* decisions shown; 0: none */
	struct view_text col[COMPARE_MAX];
	long *rowof[COMPARE_MAX]; /* the row of each line of column c */
	const struct search_query *q;
	int focus;
	int stacked;
	int width;              /* the pane's width laid out for; 0: not yet */
	int colw;               /* every column's width but the last's */
	struct crow *row;
	long nrow, cap;
	long top;
	long cur;               /* the focused column's current hit, or -1 */
};

/* ---- laying out --------------------------------------------------------- */

static int
add_row(struct compare *cm, const struct crow *r)
{
	if (cm->nrow == cm->cap) {
		long cap = cm->cap ? 2 * cm->cap : 256;
		struct crow *p = realloc(cm->row, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		cm->row = p;
		cm->cap = cap;
	}
	cm->row[cm->nrow++] = *r;
	return 0;
}

/* A row with no text in any column. */
static struct crow
empty_row(int band, int col)
{
	struct crow r = { .band = (short)band, .col = (short)col };

	for (int c = 0; c < COMPARE_MAX; c++)
		r.line[c] = -1;
	return r;
}

/* Adds rows for lines from[c] .. t->n of each column c in [c0, c1): as
 * many rows as the longest, the others padded blank. */
static int
add_rows(struct compare *cm, const long *from, int c0, int c1, int band,
	 int col, int flags)
{
	long h = 0;

	for (int c = c0; c < c1; c++)
		if (cm->col[c].n - from[c] > h)
			h = cm->col[c].n - from[c];
	for (long i = 0; i < h; i++) {
		struct crow r = empty_row(band, col);

		r.flags = (short)(i == 0 ? flags : 0);
		for (int c = c0; c < c1; c++)
			if (from[c] + i < cm->col[c].n)
				r.line[c] = from[c] + i;
		if (add_row(cm, &r) < 0)
			return -1;
	}
	return 0;
}

/* Starts a segment: remembers where each column's lines stand. */
static void
mark(const struct compare *cm, long *from, int c0, int c1)
{
	for (int c = c0; c < c1; c++)
		from[c] = cm->col[c].n;
}

/* Lays out the bands of columns [c0, c1) in rows: header blocks, the
 * summaries, then each section kind one of them has; a band's heading
 * and its body are aligned separately, so that text starts level. */
static int
add_bands(struct compare *cm, int c0, int c1, int col)
{
	long from[COMPARE_MAX];
	int rc;

	mark(cm, from, c0, c1);
	for (int c = c0; c < c1; c++)
		view_text_header(&cm->col[c], 2);
	rc = add_rows(cm, from, c0, c1, BAND_HEADER, col, ROW_BAND);

	for (int k = DECISION_KIND_SUMMARY; k < DECISION_KIND_COUNT && rc == 0; k++) {
		const char *heading[COMPARE_MAX] = { NULL };
		int para[COMPARE_MAX] = { 0 }, any = 0;
		struct crow sep;

		for (int c = c0; c < c1; c++) {
			heading[c] = k == DECISION_KIND_SUMMARY ? "Summary" :
				     view_text_kind_heading(&cm->col[c], k, &para[c]);
			any |= heading[c] != NULL;
		}
		if (!any)
			continue;
		/* The blank row between bands ends the band before. */
		sep = empty_row(cm->nrow > 0 ? cm->row[cm->nrow - 1].band : BAND_HEADER, col);
		if (add_row(cm, &sep) < 0)
			return -1;
		mark(cm, from, c0, c1);
		for (int c = c0; c < c1; c++)
			if (heading[c] != NULL)
				view_text_heading(&cm->col[c], heading[c], para[c]);
		rc = add_rows(cm, from, c0, c1, k, col, ROW_BAND);
		mark(cm, from, c0, c1);
		for (int c = c0; c < c1 && rc == 0; c++) {
			if (k == DECISION_KIND_SUMMARY)
				view_text_summary(&cm->col[c]);
			else if (heading[c] != NULL)
				view_text_sections(&cm->col[c], k, 1);
		}
		if (rc == 0)
			rc = add_rows(cm, from, c0, c1, k, col, 0);
	}
	return rc;
}

/* The column c's text: its left edge and width on the screen.  Side by
 * side, a blank column either side of each border. */
static int
col_x(const struct view *v, const struct compare *cm, int c)
{
	return cm->stacked ? v->x : v->x + c * (cm->colw + 1) + (c > 0);
}

static int
col_w(const struct view *v, const struct compare *cm, int c)
{
	int w;

	if (cm->stacked)
		return v->w;
	w = c == cm->n - 1 ? v->w - c * (cm->colw + 1) : cm->colw;
	return w - (c > 0) - (c < cm->n - 1);
}

/* The column of the border before column c (c > 0). */
static int
border_x(const struct view *v, const struct compare *cm, int c)
{
	return v->x + c * (cm->colw + 1) - 1;
}

/* Lays every column out for the pane's width, side by side or stacked;
 * returns 0 or -1 when out of memory. */
static int
build(struct view *v, struct compare *cm)
{
	int rc = 0;

	cm->width = v->w > 0 ? v->w : 1;
	cm->colw = (cm->width - (cm->n - 1)) / cm->n;
	/* A middle column loses a column to the gutter on each side. */
	cm->stacked = cm->n > 1 &&
		      cm->colw - (cm->n > 2 ? 2 : 1) < COMPARE_MIN_WIDTH;
	cm->nrow = 0;
	for (int c = 0; c < cm->n; c++)
		view_text_start(&cm->col[c], col_w(v, cm, c));
	if (!cm->stacked) {
		rc = add_bands(cm, 0, cm->n, -1);
	} else {
		for (int c = 0; c < cm->n && rc == 0; c++) {
			if (c > 0) {
				/* It ends the decision before. */
				struct crow rule = empty_row(cm->row[cm->nrow - 1].band, c - 1);

				rule.flags = ROW_RULE;
				rc = add_row(cm, &rule);
			}
			if (rc == 0)
				rc = add_bands(cm, c, c + 1, c);
		}
	}
	for (int c = 0; c < cm->n && rc == 0; c++) {
		struct view_text *t = &cm->col[c];
		long *p = realloc(cm->rowof[c], (size_t)(t->n > 0 ? t->n : 1) * sizeof *p);

		if (p == NULL)
			return -1;
		cm->rowof[c] = p;
		view_text_map_hits(t);
	}
	for (long i = 0; i < cm->nrow && rc == 0; i++)
		for (int c = 0; c < cm->n; c++)
			if (cm->row[i].line[c] >= 0)
				cm->rowof[c][cm->row[i].line[c]] = i;
	return rc;
}

/* ---- position ----------------------------------------------------------- */

static void
clamp(struct compare *cm)
{
	if (cm->top > cm->nrow - 1)
		cm->top = cm->nrow - 1;
	if (cm->top < 0)
		cm->top = 0;
}

/* The first row of the band that holds row i. */
static long
band_start(const struct compare *cm, long i)
{
	while (i > 0 && !(cm->row[i].flags & ROW_BAND))
		i--;
	return i;
}

/* Stacked, the focus follows the decision at the top. */
static void
follow_top(struct compare *cm)
{
	int c;

	if (!cm->stacked || cm->nrow == 0)
		return;
	c = cm->row[cm->top].col;
	if (c >= 0 && c != cm->focus) {
		cm->focus = c;
		cm->cur = view_text_first_hit(&cm->col[c], cm->rowof[c], cm->top);
	}
}

/* Lays out again for the pane's width, keeping the band at the top and
 * the line of it as far as it goes; returns 0 or -1. */
static int
relayout(struct view *v, struct compare *cm)
{
	int band = BAND_HEADER, col = -1;
	long off = 0, start = -1, end;

	if (cm->nrow > 0) {
		long b = band_start(cm, cm->top);

		band = cm->row[b].band;
		col = cm->row[b].col;
		off = cm->top - b;
	}
	if (build(v, cm) < 0)
		return -1;
	if (col < 0)
		col = cm->focus;
	/* The same band of the same decision (any decision side by side),
	 * else its next band, else its last. */
	for (long i = 0; i < cm->nrow; i++) {
		const struct crow *r = &cm->row[i];

		if (!(r->flags & ROW_BAND) || (cm->stacked && r->col != col))
			continue;
		if (r->band >= band) {
			start = i;
			break;
		}
		start = i;
	}
	if (start < 0)
		start = 0;
	for (end = start + 1; end < cm->nrow && !(cm->row[end].flags & ROW_BAND); end++)
		;
	cm->top = start + (off < end - start ? off : end - start - 1);
	clamp(cm);
	if (cm->stacked)
		follow_top(cm);
	cm->cur = view_text_first_hit(&cm->col[cm->focus], cm->rowof[cm->focus],
				      cm->top);
	return 0;
}

/* ---- the API ------------------------------------------------------------ */

int
view_compare_open(struct view *v, struct store *st)
{
	struct compare *cm = calloc(1, sizeof *cm);

	v->ops = &view_compare_ops;
	v->st = st;
	v->priv = cm;
	if (cm == NULL)
		return -1;
	for (int c = 0; c < COMPARE_MAX; c++)
		view_text_init(&cm->col[c]);
	cm->cur = -1;
	return 0;
}

static void
unload(struct compare *cm)
{
	for (int c = 0; c < COMPARE_MAX; c++)
		view_text_unload(&cm->col[c]);
	cm->n = 0;
	cm->nrow = 0;
	cm->top = 0;
	cm->focus = 0;
	cm->cur = -1;
	cm->width = 0;
}

int
view_compare_show(struct view *v, const char *const *refs, int n,
		  const struct search_query *q)
{
	struct compare *cm = v->priv;

	unload(cm);
	if (n < 1 || n > COMPARE_MAX)
		return -1;
	cm->q = q;
	for (int c = 0; c < n; c++) {
		int rc;

		cm->col[c].q = q;
		rc = view_text_load(&cm->col[c], v->st, refs[c]);
		if (rc <= 0) {
			unload(cm);
			return rc;
		}
	}
	cm->n = n;
	/* A pane not laid out yet is laid out on its first resize. */
	if (v->w > 0 && relayout(v, cm) < 0) {
		unload(cm);
		return -1;
	}
	return 1;
}

int
view_compare_search(struct view *v, const struct search_query *q)
{
	struct compare *cm = v->priv;
	int rc = 0;

	cm->q = q;
	cm->cur = -1;
	for (int c = 0; c < COMPARE_MAX; c++) {
		cm->col[c].q = q;
		if (view_text_find_hits(&cm->col[c]) < 0)
			rc = -1;
		/* Even after a failure: the hits found so far have lines. */
		if (c < cm->n && cm->width > 0)
			view_text_map_hits(&cm->col[c]);
	}
	if (cm->n > 0 && cm->width > 0)
		cm->cur = view_text_first_hit(&cm->col[cm->focus], cm->rowof[cm->focus],
					      cm->top);
	return rc;
}

const char *
view_compare_ref(const struct view *v)
{
	const struct compare *cm = v->priv;

	return cm->n > 0 ? cm->col[cm->focus].d.ref : NULL;
}

int
view_compare_stacked(const struct view *v)
{
	const struct compare *cm = v->priv;

	return cm->n > 0 && cm->stacked;
}

/* ---- the view's operations ------------------------------------------------ */

static void
compare_resize(struct view *v)
{
	struct compare *cm = v->priv;

	/* A pane with no room keeps its layout for when it has some. */
	if (cm->n == 0 || v->w <= 0 || v->w == cm->width)
		return;
	/* Out of memory: nothing is shown rather than half of it. */
	if (relayout(v, cm) < 0)
		unload(cm);
}

static void
compare_title(const struct view *v, char *buf, size_t len)
{
	const struct compare *cm = v->priv;
	size_t used;

	if (cm->n == 0) {
		snprintf(buf, len, "Compare");
		return;
	}
	if (cm->stacked) {
		snprintf(buf, len, "Compare %d (stacked: terminal too narrow)", cm->n);
		return;
	}
	/* As many references as fit, then "…". */
	used = (size_t)snprintf(buf, len, "Compare: %s", cm->col[0].d.ref);
	for (int c = 1; c < cm->n && used < len; c++) {
		const char *ref = cm->col[c].d.ref;
		int more = c + 1 < cm->n ? 4 : 0;  /* room for " | …" */

		if (text_width(buf, used) + 3 + text_width(ref, strlen(ref)) + more > v->w) {
			snprintf(buf + used, len - used, " | …");
			return;
		}
		used += (size_t)snprintf(buf + used, len - used, " | %s", ref);
	}
}

/* Nonzero when the columns' heads are scrolled off and row 0 of the
 * pane holds them (the organisations), the rows below it scrolling. */
static int
pinned(const struct view *v, const struct compare *cm)
{
	return cm->n > 0 && cm->top > 0 && v->h > 3;
}

/* The rows that scroll: the pane's less the pinned heads'. */
static int
scroll_h(const struct view *v, const struct compare *cm)
{
	return v->h - pinned(v, cm);
}

/* Draws each column's first line (stacked: the decision's at the top)
 * on the pane's first row, underlined. */
static void
draw_heads(struct view *v, const struct compare *cm)
{
	int c0 = 0, c1 = cm->n;

	if (cm->stacked) {
		c0 = cm->row[cm->top].col >= 0 ? cm->row[cm->top].col : cm->focus;
		c1 = c0 + 1;
	}
	ui_blank(v->y, v->x, v->w, ui_attr(UI_EL_NORMAL) | (int)A_UNDERLINE);
	for (int c = c0; c < c1; c++) {
		int x = col_x(v, cm, c), w = col_w(v, cm, c);
		int attr = (c == cm->focus ? ui_attr(UI_EL_TITLE) :
			    ui_attr(UI_EL_NORMAL) | (int)A_BOLD) | (int)A_UNDERLINE;

		if (c == cm->focus)
			ui_puts(v->y, x, w, FOCUS_MARK, attr);
		view_text_draw(&cm->col[c], 0, v->y, x, w, -1, attr);
	}
}

static void
compare_draw(struct view *v, int focused)
{
	struct compare *cm = v->priv;
	int pin;

	if (cm->n > 0 && v->w != cm->width)
		compare_resize(v);
	pin = pinned(v, cm);
	for (int y = pin; y < v->h; y++) {
		long i = cm->top + y - pin;
		const struct crow *r;

		ui_blank(v->y + y, v->x, v->w, ui_attr(UI_EL_NORMAL));
		if (cm->n == 0 || i >= cm->nrow)
			continue;
		r = &cm->row[i];
		if (r->flags & ROW_RULE) {
			ui_hline(v->y + y, v->x, v->w, ui_attr(UI_EL_BORDER));
			continue;
		}
		for (int c = 0; c < cm->n; c++) {
			const struct view_text *t = &cm->col[c];
			long l = r->line[c];
			int x = col_x(v, cm, c), w = col_w(v, cm, c), attr = -1;

			if (l < 0)
				continue;
			if (t->line[l].flags & VIEW_LINE_TITLE) {
				/* The organisation: bold, the focused one's in
				 * the title element with a mark. */
				attr = c == cm->focus ? ui_attr(UI_EL_TITLE) :
					ui_attr(UI_EL_NORMAL) | (int)A_BOLD;
				if (l == 0 && c == cm->focus)
					ui_puts(v->y + y, x, w, FOCUS_MARK, attr);
			}
			view_text_draw(t, l, v->y + y, x, w, c == cm->focus ? cm->cur : -1,
				       attr);
		}
	}
	if (pin)
		draw_heads(v, cm);
	if (cm->n > 1 && !cm->stacked && v->h > 0 && v->w == cm->width) {
		for (int c = 1; c < cm->n; c++)
			ui_vline(v->y, border_x(v, cm, c), v->h,
				 ui_attr(UI_EL_BORDER));
	}
	(void)focused;
}

/* Moves top to the next (dir 1) or previous (dir -1) band, or with
 * para the focused column's next or previous paragraph. */
static void
jump(struct compare *cm, int dir, int para)
{
	const struct view_text *t = &cm->col[cm->focus];

	for (long i = cm->top + dir; i >= 0 && i < cm->nrow; i += dir) {
		long l = cm->row[i].line[cm->focus];

		if (para ? l >= 0 && (t->line[l].flags & VIEW_LINE_START) :
			   (cm->row[i].flags & ROW_BAND) != 0) {
			cm->top = i;
			return;
		}
	}
}

/* Tab or S-Tab: the next or previous column has the focus (stacked: the
 * next or previous decision, brought to the top). */
static void
move_focus(struct compare *cm, int dir)
{
	cm->focus = (cm->focus + dir + cm->n) % cm->n;
	if (cm->stacked) {
		for (long i = 0; i < cm->nrow; i++) {
			if (cm->row[i].col == cm->focus) {
				cm->top = i;
				break;
			}
		}
	}
	cm->cur = view_text_first_hit(&cm->col[cm->focus], cm->rowof[cm->focus],
				      cm->top);
}

static int
compare_action(struct view *v, enum ui_action a)
{
	struct compare *cm = v->priv;
	long old = cm->top;
	int focus = cm->focus;

	if (cm->n == 0)
		return a == UI_ACTION_OPEN ? VIEW_HANDLED : VIEW_UNHANDLED;
	if (cm->width == 0)
		return a == UI_ACTION_OPEN ? VIEW_HANDLED | VIEW_OPEN : VIEW_HANDLED;
	if (view_text_scroll(&cm->top, cm->nrow, scroll_h(v, cm), a)) {
		follow_top(cm);
		return VIEW_HANDLED |
		       (cm->top != old || cm->focus != focus ? VIEW_REDRAW : 0);
	}
	switch (a) {
	case UI_ACTION_NEXT_SECTION: jump(cm, 1, 0); break;
	case UI_ACTION_PREV_SECTION: jump(cm, -1, 0); break;
	case UI_ACTION_NEXT_PARA: jump(cm, 1, 1); break;
	case UI_ACTION_PREV_PARA: jump(cm, -1, 1); break;
	case UI_ACTION_NEXT_PANE:
	case UI_ACTION_PREV_PANE:
		move_focus(cm, a == UI_ACTION_NEXT_PANE ? 1 : -1);
		return VIEW_HANDLED | VIEW_REDRAW;
	case UI_ACTION_NEXT_HIT:
	case UI_ACTION_PREV_HIT:
		cm->cur = view_text_step_hit(&cm->col[cm->focus], cm->rowof[cm->focus],
					     cm->nrow, cm->cur, &cm->top, scroll_h(v, cm),
					     a == UI_ACTION_NEXT_HIT ? 1 : -1);
		return VIEW_HANDLED | VIEW_REDRAW;
	case UI_ACTION_OPEN:
		return VIEW_HANDLED | VIEW_OPEN;
	default:
		return VIEW_UNHANDLED;
	}
	clamp(cm);
	follow_top(cm);
	return VIEW_HANDLED | (cm->top != old || cm->focus != focus ? VIEW_REDRAW : 0);
}

static int
compare_click(struct view *v, int row)
{
	return VIEW_HANDLED;
}

static void
compare_status(const struct view *v, char *buf, size_t len)
{
	const struct compare *cm = v->priv;
	const struct view_text *t;
	size_t used;
	char a[32], b[32];

	if (cm->n == 0) {
		snprintf(buf, len, "no decisions");
		return;
	}
	t = &cm->col[cm->focus];
	used = (size_t)snprintf(buf, len, "%s %d/%d · line %s/%s",
				cm->stacked ? "decision" : "column", cm->focus + 1,
				cm->n, ui_count(cm->top + 1, a, sizeof a),
				ui_count(cm->nrow, b, sizeof b));
	if (cm->q != NULL && used < len)
		view_text_hit_status(t, cm->cur, buf + used, len - used);
}

static void
compare_close(struct view *v)
{
	struct compare *cm = v->priv;

	if (cm != NULL) {
		for (int c = 0; c < COMPARE_MAX; c++) {
			view_text_free(&cm->col[c]);
			free(cm->rowof[c]);
		}
		free(cm->row);
		free(cm);
	}
	v->priv = NULL;
}

static const struct view_ops view_compare_ops = {
	.name = "compare",
	.resize = compare_resize,
	.title = compare_title,
	.draw = compare_draw,
	.action = compare_action,
	.click = compare_click,
	.status = compare_status,
	.close = compare_close,
};
