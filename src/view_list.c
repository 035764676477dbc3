/* view_list: the decisions of the chosen organisation that pass the
 * browser's filter, in its order, two lines each (date, reference,
 * outcome, category; then the summary's first line), or the results of a
 * search in their place (date, reference, outcome, organisation; then the
 * snippet with its hits).  Rows are paged from the store or the search
 * handle: only a window of rows around the screen is in memory, so
 * nothing grows with the corpus.  The same rows can be read as whole
 * summaries one after another (v), in two columns when wide; marks
 * (Space) are kept by reference for the side-by-side view. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "store.h"
#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "view.h"
#include "view_list.h"

/* The pane's operations, filled at the end of the file. */
static const struct view_ops view_list_ops;

/* Rows kept beyond the screen on each side. */
#define MARGIN 64
/* Fewer around search results: each costs its snippet and hits (about
 * 70 µs on the 100,000-statement store), and a window is read at once. */
#define SEARCH_MARGIN 24
/* Columns of a summary kept for its first line (cut by columns, not
 * bytes: a flood of combining marks takes bytes but no room). */
#define SUMMARY_COLS 300
/* Bytes of the stored text in a result's snippet, the first hit about a
 * quarter of the way in. */
#define SNIPPET_BYTES 160
/* Marks around a hit in a snippet: control characters, which stored text
 * never holds (brackets may be in the text itself). */
#define HIT_OPEN "\x01"
#define HIT_CLOSE "\x02"
/* Beside the mark column, a statement the importer judged cut off. */
#define CUT_MARK "~"

struct row {
	char *ref, *date, *org, *outcome, *category, *summary;
	char *full;              /* the whole summary, read when first wanted */
	int para;                /* a result's best paragraph */
	int cut_off;             /* judged cut off when imported (CUT_MARK) */
};

/* Summaries side by side from this many columns. */
#define SUMMARY_TWO_COLS 120

/* Where the list was before a search replaced it. */
struct saved {
	int all;
	char *org;
	long total, cursor, top;
};

struct list {
	int shown;               /* a pick was made */
	int all;
	char *org;               /* the pick's organisation (NULL: none) */
	long total;
	long cursor, top;
	struct row *rows;        /* rows woff .. woff+wn-1 of the list */
	long woff, wn, wcap;
	int failed;
	struct search *search;   /* results of this search are shown */
	char *query;
	struct saved before;     /* the list to come back to */
	const struct view_scope *sc;
	char **mark;             /* marked references, in marking order */
	int nmark, mcap;
	int summ;                /* reading the summaries */
};

static char *
dup_n(const char *s, size_t max)
{
	size_t n;
	char *r;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > max) {
		n = max;
		/* Never cut inside a UTF-8 character. */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if ((r = malloc(n + 1)) != NULL) {
		memcpy(r, s, n);
		r[n] = '\0';
	}
	return r;
}

static void
free_rows(struct list *l)
{
	for (long i = 0; i < l->wn; i++) {
		struct row *r = &l->rows[i];

		free(r->ref);
		free(r->date);
		free(r->org);
		free(r->outcome);
		free(r->category);
		free(r->summary);
		free(r->full);
	}
	l->wn = 0;
}

/* Adds the results of a search page as rows; returns 0 or -1. */
static int
add_results(struct list *l, const struct search_result *res, long n)
{
	for (long i = 0; i < n && l->wn < l->wcap; i++) {
		const struct search_result *sr = &res[i];
		struct row *r = &l->rows[l->wn++];

		memset(r, 0, sizeof *r);
		r->ref = dup_n(sr->ref, 64);
		r->date = dup_n(sr->date, 16);
		r->org = dup_n(sr->organisation, 300);
		r->outcome = dup_n(sr->outcome, 100);
		r->para = sr->paragraph;
		r->cut_off = sr->cut_off;
		/* More like this: the words it shares instead. */
		r->summary = sr->shared != NULL
			? search_snippet(sr->snippet, strlen(sr->snippet), NULL, 0,
					 "", "", SNIPPET_BYTES)
			: search_snippet(sr->text, strlen(sr->text), sr->hits,
					 sr->nhits, HIT_OPEN, HIT_CLOSE,
					 SNIPPET_BYTES);
		if (r->ref == NULL)
			return -1;
	}
	return 0;
}

static int
add_row(const struct store_row *sr, void *arg)
{
	struct list *l = arg;
	struct row *r;
	char cat[512];

	if (l->wn == l->wcap)
		return 1;
	r = &l->rows[l->wn++];
	r->para = 0;
	r->full = NULL;
	r->cut_off = sr->cut_off;
	if (sr->area != NULL && sr->subarea != NULL)
		snprintf(cat, sizeof cat, "%s > %s", sr->area, sr->subarea);
	else
		snprintf(cat, sizeof cat, "%s", sr->area ? sr->area : "");
	r->ref = dup_n(sr->ref, 64);
	r->date = dup_n(sr->date, 16);
	r->org = dup_n(sr->organisation, 300);
	r->outcome = dup_n(sr->outcome, 100);
	r->category = dup_n(cat, 300);
	r->summary = sr->summary ? dup_n(sr->summary, ui_fit(sr->summary, strlen(sr->summary),
							     SUMMARY_COLS)) : NULL;
	return 0;
}

/* Rows per screen: two lines each, one when the pane is very short. */
static long
page(const struct view *v)
{
	long per = v->h >= 4 ? 2 : 1;
	long n = v->h / per;

	return n > 0 ? n : 1;
}

static int
row_height(const struct view *v)
{
	return v->h >= 4 ? 2 : 1;
}

/* Reads the rows around the screen when they are not in memory yet;
 * returns 0 or -1. */
static int
ensure(struct view *v)
{
	struct list *l = v->priv;
	long want = l->top, end = l->top + page(v), off, lim, margin;
	int rc;

	if (l->summ)
		end = l->top + v->h;    /* items are three lines at least */
	if (end > l->total)
		end = l->total;
	if (l->cursor < want)
		want = l->cursor;
	if (l->cursor + 1 > end)
		end = l->cursor + 1;
	if (want >= l->woff && end <= l->woff + l->wn)
		return 0;
	if (want >= end)
		return 0;
	free_rows(l);
	margin = l->search != NULL ? SEARCH_MARGIN : MARGIN;
	off = want - margin > 0 ? want - margin : 0;
	lim = end - off + margin;
	if (lim > l->wcap) {
		struct row *p = realloc(l->rows, (size_t)lim * sizeof *p);

		if (p == NULL)
			return -1;
		l->rows = p;
		l->wcap = lim;
	}
	l->woff = off;
	if (l->search != NULL) {
		struct search_result *res = NULL;
		long n = search_page(l->search, off, lim, &res);

		rc = n < 0 ? -1 : add_results(l, res, n);
		if (n > 0)
			search_results_free(res, n);
	} else {
		struct store_filter f = view_scope_filter(l->sc, l->all, l->org);

		rc = store_list(v->st, &f, l->sc->sort, off, lim, add_row, l);
	}
	l->failed = rc < 0;
	return rc;
}

/* The row at position i of the list, or NULL when it is not in memory. */
static const struct row *
row_at(const struct list *l, long i)
{
	if (i < l->woff || i >= l->woff + l->wn)
		return NULL;
	return &l->rows[i - l->woff];
}

int
view_list_open(struct view *v, struct store *st, const struct view_scope *sc)
{
	struct list *l = calloc(1, sizeof *l);

	v->ops = &view_list_ops;
	v->st = st;
	v->priv = l;
	if (l == NULL)
		return -1;
	l->sc = sc;
	return 0;
}

int
view_list_show(struct view *v, const struct view_pick *p)
{
	struct list *l = v->priv;

	if (l->search != NULL) {
		/* A new pick ends the search. */
		l->search = NULL;
		free(l->query);
		free(l->before.org);
		l->query = l->before.org = NULL;
	}
	free_rows(l);
	free(l->org);
	l->org = p->org ? strdup(p->org) : NULL;
	l->all = p->all;
	l->total = p->count;
	l->cursor = l->top = 0;
	l->woff = 0;
	l->shown = 1;
	return ensure(v);
}

int
view_list_search(struct view *v, struct search *s, const char *query,
		 long total)
{
	struct list *l = v->priv;
	char *q = strdup(query);

	if (q == NULL)
		return -1;
	if (l->search == NULL) {
		l->before.all = l->all;
		l->before.org = l->org;
		l->before.total = l->total;
		l->before.cursor = l->cursor;
		l->before.top = l->top;
		l->org = NULL;
	}
	free(l->query);
	l->query = q;
	l->search = s;
	free_rows(l);
	l->total = total;
	l->cursor = l->top = l->woff = 0;
	l->shown = 1;
	return ensure(v);
}

int
view_list_unsearch(struct view *v)
{
	struct list *l = v->priv;

	if (l->search == NULL)
		return 0;
	free_rows(l);
	free(l->query);
	l->query = NULL;
	l->search = NULL;
	free(l->org);
	l->all = l->before.all;
	l->org = l->before.org;
	l->total = l->before.total;
	l->cursor = l->before.cursor;
	l->top = l->before.top;
	l->before.org = NULL;
	l->woff = 0;
	return ensure(v);
}

int
view_list_is(const struct view *v, const struct view_pick *p)
{
	const struct list *l = v->priv;

	if (l->search != NULL || !l->shown || l->all != p->all || l->total != p->count)
		return 0;
	if (p->all)
		return 1;
	return l->org == NULL ? p->org == NULL : p->org != NULL && strcmp(l->org, p->org) == 0;
}

int
view_list_para(const struct view *v)
{
	const struct list *l = v->priv;
	const struct row *r = row_at(l, l->cursor);

	return r ? r->para : 0;
}

const char *
view_list_ref(const struct view *v)
{
	const struct list *l = v->priv;
	const struct row *r = row_at(l, l->cursor);

	return r ? r->ref : NULL;
}

/* Keeps the cursor on screen. */
static void
scroll_to_cursor(struct view *v)
{
	struct list *l = v->priv;
	long h = page(v);

	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + h)
		l->top = l->cursor - h + 1;
	if (l->top > l->total - h)
		l->top = l->total - h;
	if (l->top < 0)
		l->top = 0;
}

int
view_list_find(struct view *v, const char *ref)
{
	struct list *l = v->priv;

	for (long i = 0; i < l->wn; i++) {
		if (l->rows[i].ref && strcmp(l->rows[i].ref, ref) == 0) {
			l->cursor = l->woff + i;
			scroll_to_cursor(v);
			ensure(v);
			return 1;
		}
	}
	return 0;
}

/* The index of ref among the marks, or -1. */
static int
mark_index(const struct list *l, const char *ref)
{
	for (int i = 0; ref != NULL && i < l->nmark; i++)
		if (strcmp(l->mark[i], ref) == 0)
			return i;
	return -1;
}

int
view_list_mark(struct view *v)
{
	struct list *l = v->priv;
	const char *ref = view_list_ref(v);
	int i = mark_index(l, ref);

	if (ref == NULL)
		return 0;
	if (i >= 0) {
		free(l->mark[i]);
		memmove(l->mark + i, l->mark + i + 1,
			(size_t)(l->nmark - i - 1) * sizeof *l->mark);
		l->nmark--;
		return 0;
	}
	if (l->nmark == l->mcap) {
		int cap = l->mcap ? 2 * l->mcap : 8;
		char **p = realloc(l->mark, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		l->mark = p;
		l->mcap = cap;
	}
	if ((l->mark[l->nmark] = strdup(ref)) == NULL)
		return -1;
	l->nmark++;
	return 1;
}

int
view_list_unmark_all(struct view *v)
{
	struct list *l = v->priv;
	int n = l->nmark;

	for (int i = 0; i < l->nmark; i++)
		free(l->mark[i]);
	l->nmark = 0;
	return n;
}

int
view_list_marks(const struct view *v, const char *const **refs)
{
	const struct list *l = v->priv;

	*refs = (const char *const *)l->mark;
	return l->nmark;
}

/* The attribute of a part of a row: the cursor's (base) when it is on the
 * row, else the element's own. */
static int
part_attr(int base, enum ui_element el)
{
	return base ? base : ui_attr(el);
}

/* Draws s after the first *used of the w columns of row y from x, in attr;
 * adds the columns it takes to *used. */
static void
put_part(int y, int x, int w, int *used, const char *s, int attr)
{
	*used += ui_puts(y, x + *used, w - *used, s, attr);
}

/* ---- summaries, one after another ------------------------------------ */

static int
summ_cols(const struct view *v)
{
	return v->w >= SUMMARY_TWO_COLS ? 2 : 1;
}

static int
summ_width(const struct view *v)
{
	return summ_cols(v) == 2 ? (v->w - 3) / 2 : v->w;
}

static int
grab_summary(const struct store_row *sr, void *arg)
{
	char **full = arg;

	*full = strdup(sr->summary ? sr->summary : "");
	return 1;
}

/* The whole summary of r, read from the store the first time. */
static const char *
row_summary(struct view *v, struct row *r)
{
	if (r->full == NULL) {
		struct store_filter f = { .ref = r->ref };

		if (store_list(v->st, &f, STORE_SORT_DATE, 0, 1, grab_summary,
			       &r->full) < 0 || r->full == NULL)
			return "";
	}
	return r->full;
}

/* Lines of an item: its head, its wrapped summary, a blank line. */
static int
item_height(struct view *v, struct row *r)
{
	const char *sum = row_summary(v, r);
	struct text_line *tl = NULL;
	long n = text_wrap(sum, strlen(sum), summ_width(v) > 2 ? summ_width(v) - 2 : 1,
			   &tl);

	free(tl);
	return 1 + (int)(n > 0 ? n : 1) + 1;
}

/* The height of the screen row of items starting at item i. */
static int
band_height(struct view *v, long i)
{
	struct list *l = v->priv;
	int h = 0;

	for (int c = 0; c < summ_cols(v) && i + c < l->total; c++) {
		struct row *r = (struct row *)row_at(l, i + c);
		int ih = r ? item_height(v, r) : 3;

		if (ih > h)
			h = ih;
	}
	return h;
}

/* The number of items wholly on screen from the top (one at least). */
static long
summ_visible(struct view *v)
{
	struct list *l = v->priv;
	long i = l->top;
	int y = 0, cols = summ_cols(v);

	while (i < l->total) {
		int h = band_height(v, i);

		if (y + h > v->h && i > l->top)
			break;
		y += h;
		i += cols;
	}
	return i - l->top > 0 ? i - l->top : 1;
}

/* Keeps the cursor's item on screen, the top on a row of items. */
static void
summ_scroll(struct view *v)
{
	struct list *l = v->priv;
	int cols = summ_cols(v);

	l->top -= l->top % cols;
	if (l->cursor < l->top)
		l->top = l->cursor - l->cursor % cols;
	while (l->cursor >= l->top + summ_visible(v) && l->top + cols <= l->cursor) {
		l->top += cols;
		ensure(v);
	}
}

int
view_list_summaries(struct view *v, int on)
{
	struct list *l = v->priv;

	if (on != l->summ) {
		l->summ = on;
		if (on) {
			/* From the first summary when the cursor's shows with
			 * it (an item takes three lines at least). */
			l->top = l->cursor;
			if (l->cursor < (v->h / 3 + 1) * summ_cols(v)) {
				l->top = 0;
				ensure(v);
				if (l->cursor >= summ_visible(v))
					l->top = l->cursor;
			}
			summ_scroll(v);
		} else {
			scroll_to_cursor(v);
		}
		ensure(v);
	}
	return l->summ;
}

/* Draws one item: "organisation · reference · date · outcome" (its short
 * label), then the summary wrapped; returns nothing, fills its column of the band. */
static void
draw_item(struct view *v, int y, int ymax, int x, int w, struct row *r,
	  int cursor, int focused)
{
	const struct list *l = v->priv;
	int base = cursor ? ui_attr(focused ? UI_EL_CURSOR : UI_EL_CURSOR_IDLE) : 0;
	const char *sum = row_summary(v, r);
	struct text_line *tl = NULL;
	char outcome[64];
	long n;
	int used = 0;

	ui_blank(y, x, w, part_attr(base, UI_EL_NORMAL));
	if (mark_index(l, r->ref) >= 0)
		used += ui_puts(y, x, w, "* ", part_attr(base, UI_EL_MARK));
	if (r->cut_off)
		used += ui_puts(y, x + used, w - used, CUT_MARK " ",
				part_attr(base, UI_EL_MESSAGE));
	put_part(y, x, w, &used, r->org ? r->org : "(no organisation)",
		 part_attr(base, UI_EL_TITLE));
	put_part(y, x, w, &used, " · ", base);
	put_part(y, x, w, &used, r->ref, part_attr(base, UI_EL_REF));
	put_part(y, x, w, &used, " · ", base);
	put_part(y, x, w, &used, r->date ? r->date : "(no date)",
		 part_attr(base, UI_EL_DATE));
	put_part(y, x, w, &used, " · ", base);
	ui_puts(y, x + used, w - used, r->outcome ?
		decision_outcome_short(r->outcome, outcome, sizeof outcome) :
		"(no outcome)", base);
	n = text_wrap(sum, strlen(sum), w > 2 ? w - 2 : 1, &tl);
	for (long i = 0; i < n && ++y < ymax; i++)
		ui_put(y, x + 2, w - 2, sum + tl[i].off, tl[i].len,
		       ui_attr(UI_EL_NORMAL));
	if (n == 0 && ++y < ymax)
		ui_puts(y, x + 2, w - 2, "(no summary)", ui_attr(UI_EL_META));
	free(tl);
}

static void
summ_draw(struct view *v, int focused)
{
	struct list *l = v->priv;
	int cols = summ_cols(v), cw = summ_width(v), y = v->y, ymax = v->y + v->h;

	for (int r = v->y; r < ymax; r++)
		ui_blank(r, v->x, v->w, ui_attr(UI_EL_NORMAL));
	for (long i = l->top; y < ymax && i < l->total; i += cols) {
		int h = band_height(v, i);

		for (int c = 0; c < cols && i + c < l->total; c++) {
			struct row *r = (struct row *)row_at(l, i + c);

			if (r != NULL)
				draw_item(v, y, ymax, v->x + c * (cw + 3), cw, r,
					  i + c == l->cursor, focused);
		}
		if (cols == 2)
			ui_vline(y, v->x + cw + 1, (y + h < ymax ? y + h : ymax) - y,
				 ui_attr(UI_EL_BORDER));
		y += h;
	}
}

static int move_cursor(struct list *l, enum ui_action a, long h);

static int
summ_action(struct view *v, enum ui_action a)
{
	struct list *l = v->priv;
	long old = l->cursor, cols = summ_cols(v);
	int f = move_cursor(l, a, summ_visible(v));

	if (f != VIEW_HANDLED)
		return f;
	if (l->top > l->cursor)
		l->top = l->cursor;
	if (l->top < 0)
		l->top = 0;
	l->top -= l->top % cols;
	ensure(v);
	summ_scroll(v);
	return VIEW_HANDLED | VIEW_REDRAW | (l->cursor != old ? VIEW_CHANGED : 0);
}

static void
list_resize(struct view *v)
{
	struct list *l = v->priv;

	if (l->summ) {
		ensure(v);
		summ_scroll(v);
	} else {
		scroll_to_cursor(v);
	}
	ensure(v);
}

static const char *const sort_names[] = {
	[STORE_SORT_DATE] = "newest first",
	[STORE_SORT_OLDEST] = "oldest first",
	[STORE_SORT_REF] = "by reference",
	[STORE_SORT_ORG] = "by organisation",
	[STORE_SORT_OUTCOME] = "by outcome",
};

static void
list_title(const struct view *v, char *buf, size_t len)
{
	const struct list *l = v->priv;
	char n[32];

	const char *what = l->summ ? "Summaries" : "Decisions";
	size_t k;

	if (l->search != NULL)
		snprintf(buf, len, "%s%s (%s)", l->summ ? "Summaries of search: " :
			 "Search: ", l->query, ui_count(l->total, n, sizeof n));
	else if (!l->shown)
		snprintf(buf, len, "%s", what);
	else
		snprintf(buf, len, "%s: %s (%s)", what,
			 l->all ? "all" : l->org ? l->org : "no organisation",
			 ui_count(l->total, n, sizeof n));
	k = strlen(buf);
	if (l->sc->filter_text && l->sc->filter_text[0] && k < len)
		k += (size_t)snprintf(buf + k, len - k, " · %s", l->sc->filter_text);
	if (k < len && l->search != NULL && l->sc->newest)
		snprintf(buf + k, len - k, " · newest first");
	else if (k < len && l->search == NULL && l->sc->sort != STORE_SORT_DATE)
		snprintf(buf + k, len - k, " · %s", sort_names[l->sc->sort]);
}

/* Draws a snippet whose hits are between HIT_OPEN and HIT_CLOSE from
 * column x in w columns; returns the columns used. */
static int
put_snippet(int y, int x, int w, const char *s, int attr)
{
	int used = 0, in_hit = 0;

	while (*s != '\0' && used < w) {
		size_t n = strcspn(s, HIT_OPEN HIT_CLOSE);

		int cut = ui_fit(s, n, w - used) < n;

		used += ui_put(y, x + used, w - used, s, n,
			       in_hit ? ui_attr(UI_EL_HIT) : attr);
		if (cut)
			break;
		s += n;
		if (*s != '\0')
			in_hit = *s++ == HIT_OPEN[0];
	}
	return used;
}

/* Draws a row's first line, "date reference outcome" (the outcome's
 * short label; the reader shows it whole), in the cursor's attribute
 * base or each element's own; returns the columns used. */
static int
draw_head(const struct view *v, int y, const struct row *r, int base)
{
	int x = v->x, w = v->w, used;
	char outcome[64];

	ui_blank(y, x, w, part_attr(base, UI_EL_NORMAL));
	used = ui_puts(y, x, w, r->date ? r->date : "(no date)  ",
		       part_attr(base, UI_EL_DATE));
	put_part(y, x, w, &used, " ", base);
	put_part(y, x, w, &used, r->ref, part_attr(base, UI_EL_REF));
	put_part(y, x, w, &used, " ", base);
	put_part(y, x, w, &used, r->outcome ?
		 decision_outcome_short(r->outcome, outcome, sizeof outcome) :
		 "(no outcome)", part_attr(base, UI_EL_NORMAL));
	return used;
}

/* Draws one result's lines at screen row y. */
static void
draw_result(struct view *v, int y, const struct row *r, int base)
{
	int x = v->x, w = v->w, used;

	used = draw_head(v, y, r, base);
	put_part(y, x, w, &used, " · ", base);
	ui_puts(y, x + used, w - used, r->org ? r->org : "(no organisation)",
		part_attr(base, UI_EL_TITLE));
	if (row_height(v) < 2)
		return;
	y++;
	ui_blank(y, x, w, part_attr(base, UI_EL_NORMAL));
	used = ui_puts(y, x, w, "  ", base);
	put_snippet(y, x + used, w - used, r->summary ? r->summary : "",
		    part_attr(base, UI_EL_NORMAL));
}

/* Draws a marked row's "*" in the first column of its second line (of
 * its only line when rows are one line high), and a cut-off one's
 * CUT_MARK in the second column of its second line. */
static void
draw_mark(struct view *v, int y, const struct row *r, int base)
{
	if (mark_index(v->priv, r->ref) >= 0)
		ui_puts(y + row_height(v) - 1, v->x, 1, "*",
			part_attr(base, UI_EL_MARK));
	if (r->cut_off && row_height(v) == 2 && v->w > 2)
		ui_puts(y + 1, v->x + 1, 1, CUT_MARK,
			part_attr(base, UI_EL_MESSAGE));
}

/* Draws one row's lines at screen row y. */
static void
draw_row(struct view *v, int y, const struct row *r, int cursor, int focused)
{
	const struct list *l = v->priv;
	int base = cursor ? ui_attr(focused ? UI_EL_CURSOR : UI_EL_CURSOR_IDLE) : 0;
	int x = v->x, w = v->w, used;

	if (l->search != NULL) {
		draw_result(v, y, r, base);
		draw_mark(v, y, r, base);
		return;
	}
	used = draw_head(v, y, r, base);
	if (r->category && r->category[0]) {
		put_part(y, x, w, &used, " · ", base);
		ui_puts(y, x + used, w - used, r->category,
			part_attr(base, UI_EL_META));
	}
	if (row_height(v) < 2) {
		draw_mark(v, y, r, base);
		return;
	}
	y++;
	ui_blank(y, x, w, part_attr(base, UI_EL_NORMAL));
	used = ui_puts(y, x, w, "  ", base);
	if (l->all) {
		put_part(y, x, w, &used, r->org ? r->org : "(no organisation)",
			 part_attr(base, UI_EL_TITLE));
		put_part(y, x, w, &used, ": ", base);
	}
	ui_puts(y, x + used, w - used, r->summary ? r->summary : "(no summary)",
		part_attr(base, UI_EL_NORMAL));
	draw_mark(v, y - 1, r, base);
}

static void
list_draw(struct view *v, int focused)
{
	struct list *l = v->priv;
	int rh = row_height(v), y = v->y;

	ensure(v);
	if (l->summ && l->total > 0) {
		summ_draw(v, focused);
		return;
	}
	for (long i = l->top; y + rh <= v->y + v->h && i < l->total; i++) {
		const struct row *r = row_at(l, i);

		if (r == NULL)
			break;
		draw_row(v, y, r, i == l->cursor, focused);
		y += rh;
	}
	for (; y < v->y + v->h; y++)
		ui_blank(y, v->x, v->w, ui_attr(UI_EL_NORMAL));
	if (l->shown && l->total == 0 && v->h > 0)
		ui_puts(v->y, v->x, v->w, l->search ? "No decision matches." :
			"No decisions.", ui_attr(UI_EL_MESSAGE));
	if (l->failed && v->h > 0)
		ui_puts(v->y, v->x, v->w, store_error(v->st), ui_attr(UI_EL_ERROR));
}

/* Moves the cursor (and the top with a page) for a, a page being h rows
 * or items, keeping the cursor in the list.  Returns VIEW_HANDLED when it
 * moved, VIEW_OPEN with it for Enter, VIEW_UNHANDLED for any other key. */
static int
move_cursor(struct list *l, enum ui_action a, long h)
{
	switch (a) {
	case UI_ACTION_UP: l->cursor--; break;
	case UI_ACTION_DOWN: l->cursor++; break;
	case UI_ACTION_PAGE_UP: l->cursor -= h; l->top -= h; break;
	case UI_ACTION_PAGE_DOWN: l->cursor += h; l->top += h; break;
	case UI_ACTION_HALF_UP: l->cursor -= (h + 1) / 2; l->top -= (h + 1) / 2; break;
	case UI_ACTION_HALF_DOWN: l->cursor += (h + 1) / 2; l->top += (h + 1) / 2; break;
	case UI_ACTION_TOP: l->cursor = 0; break;
	case UI_ACTION_BOTTOM: l->cursor = l->total - 1; break;
	case UI_ACTION_OPEN:
		return l->total > 0 ? VIEW_HANDLED | VIEW_OPEN : VIEW_HANDLED;
	default: return VIEW_UNHANDLED;
	}
	if (l->cursor >= l->total)
		l->cursor = l->total - 1;
	if (l->cursor < 0)
		l->cursor = 0;
	return VIEW_HANDLED;
}

static int
list_action(struct view *v, enum ui_action a)
{
	struct list *l = v->priv;
	long old = l->cursor, h = page(v);
	int f;

	if (l->summ)
		return summ_action(v, a);
	if ((f = move_cursor(l, a, h)) != VIEW_HANDLED)
		return f;
	if (l->top < 0)
		l->top = 0;
	scroll_to_cursor(v);
	ensure(v);
	return VIEW_HANDLED | VIEW_REDRAW | (l->cursor != old ? VIEW_CHANGED : 0);
}

static int
list_click(struct view *v, int row)
{
	struct list *l = v->priv;
	long i = l->top + row / row_height(v), old = l->cursor;

	if (l->summ) {
		/* The item whose band holds the row (the left one). */
		int y = 0;

		for (i = l->top; i < l->total; i += summ_cols(v)) {
			int bh = band_height(v, i);

			if (row < y + bh)
				break;
			y += bh;
		}
	}
	if (i >= l->total)
		return VIEW_HANDLED;
	l->cursor = i;
	ensure(v);
	return VIEW_HANDLED | VIEW_REDRAW | (i != old ? VIEW_CHANGED : 0);
}

static void
list_status(const struct view *v, char *buf, size_t len)
{
	const struct list *l = v->priv;
	char a[32], b[32];

	size_t k;

	snprintf(buf, len, "%s %s/%s", l->search ? "result" : "decision",
		 ui_count(l->total ? l->cursor + 1 : 0, a, sizeof a),
		 ui_count(l->total, b, sizeof b));
	k = strlen(buf);
	if (l->nmark > 0 && k < len)
		snprintf(buf + k, len - k, " · %d marked", l->nmark);
}

static void
list_close(struct view *v)
{
	struct list *l = v->priv;

	if (l != NULL) {
		free_rows(l);
		free(l->rows);
		free(l->org);
		free(l->query);
		free(l->before.org);
		for (int i = 0; i < l->nmark; i++)
			free(l->mark[i]);
		free(l->mark);
		free(l);
	}
	v->priv = NULL;
}

static const struct view_ops view_list_ops = {
	.name = "decisions",
	.resize = list_resize,
	.title = list_title,
	.draw = list_draw,
	.action = list_action,
	.click = list_click,
	.status = list_status,
	.close = list_close,
};
