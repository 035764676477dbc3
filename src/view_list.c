/* view_list: the decisions of the chosen organisation, newest first, two
 * lines each (date, reference, outcome, category; then the summary's
 * first line), or the results of a search in their place (date,
 * reference, outcome, organisation; then the snippet with its hits).
 * Rows are paged from the store or the search handle: only a window of
 * rows around the screen is in memory, so nothing grows with the corpus. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "store.h"
#include "ui.h"
#include "ui_config.h"
#include "view.h"

/* Rows kept beyond the screen on each side. */
#define MARGIN 64
/* Fewer around search results: each costs its snippet and hits (about
 * 70 µs on the 100,000-statement store), and a window is read at once. */
#define SEARCH_MARGIN 24
/* Bytes of a summary kept for its first line. */
#define SUMMARY_MAX 600
/* Bytes of the stored text in a result's snippet, the first hit about a
 * quarter of the way in. */
#define SNIPPET_BYTES 160
/* Marks around a hit in a snippet: control characters, which stored text
 * never holds (brackets may be in the text itself). */
#define HIT_OPEN "\x01"
#define HIT_CLOSE "\x02"

struct row {
	char *ref, *date, *org, *outcome, *category, *summary;
	int para;                /* a result's best paragraph */
};

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
		r->summary = search_snippet(sr->text, strlen(sr->text), sr->hits,
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
	if (sr->area != NULL && sr->subarea != NULL)
		snprintf(cat, sizeof cat, "%s > %s", sr->area, sr->subarea);
	else
		snprintf(cat, sizeof cat, "%s", sr->area ? sr->area : "");
	r->ref = dup_n(sr->ref, 64);
	r->date = dup_n(sr->date, 16);
	r->org = dup_n(sr->organisation, 300);
	r->outcome = dup_n(sr->outcome, 100);
	r->category = dup_n(cat, 300);
	r->summary = dup_n(sr->summary, SUMMARY_MAX);
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
	} else if (l->all) {
		rc = store_list(v->st, NULL, STORE_SORT_DATE, off, lim, add_row, l);
	} else {
		rc = store_list(v->st, &(struct store_filter){
					.org_is = l->org, .no_org = l->org == NULL },
				STORE_SORT_DATE, off, lim, add_row, l);
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
view_list_open(struct view *v, struct store *st)
{
	v->ops = &view_list_ops;
	v->st = st;
	v->priv = calloc(1, sizeof(struct list));
	return v->priv ? 0 : -1;
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

static void
list_resize(struct view *v)
{
	scroll_to_cursor(v);
	ensure(v);
}

static void
list_title(const struct view *v, char *buf, size_t len)
{
	const struct list *l = v->priv;
	char n[32];

	if (l->search != NULL)
		snprintf(buf, len, "Search: %s (%s)", l->query,
			 ui_count(l->total, n, sizeof n));
	else if (!l->shown)
		snprintf(buf, len, "Decisions");
	else
		snprintf(buf, len, "Decisions: %s (%s)",
			 l->all ? "all" : l->org ? l->org : "no organisation",
			 ui_count(l->total, n, sizeof n));
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

/* Draws a row's first line, "date reference outcome", in the cursor's
 * attribute base or each element's own; returns the columns used. */
static int
draw_head(const struct view *v, int y, const struct row *r, int base)
{
	int x = v->x, w = v->w, used;

	ui_blank(y, x, w, base ? base : ui_attr(UI_EL_NORMAL));
	used = ui_puts(y, x, w, r->date ? r->date : "(no date)  ",
		       base ? base : ui_attr(UI_EL_DATE));
	used += ui_puts(y, x + used, w - used, " ", base);
	used += ui_puts(y, x + used, w - used, r->ref, base ? base : ui_attr(UI_EL_REF));
	used += ui_puts(y, x + used, w - used, " ", base);
	used += ui_puts(y, x + used, w - used, r->outcome ? r->outcome : "(no outcome)",
			base ? base : ui_attr(UI_EL_NORMAL));
	return used;
}

/* Draws one result's lines at screen row y. */
static void
draw_result(struct view *v, int y, const struct row *r, int base)
{
	int x = v->x, w = v->w, used;

	used = draw_head(v, y, r, base);
	used += ui_puts(y, x + used, w - used, " · ", base);
	ui_puts(y, x + used, w - used, r->org ? r->org : "(no organisation)",
		base ? base : ui_attr(UI_EL_TITLE));
	if (row_height(v) < 2)
		return;
	y++;
	ui_blank(y, x, w, base ? base : ui_attr(UI_EL_NORMAL));
	used = ui_puts(y, x, w, "  ", base);
	put_snippet(y, x + used, w - used, r->summary ? r->summary : "",
		    base ? base : ui_attr(UI_EL_NORMAL));
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
		return;
	}
	used = draw_head(v, y, r, base);
	if (r->category && r->category[0]) {
		used += ui_puts(y, x + used, w - used, " · ", base);
		ui_puts(y, x + used, w - used, r->category,
			base ? base : ui_attr(UI_EL_META));
	}
	if (row_height(v) < 2)
		return;
	y++;
	ui_blank(y, x, w, base ? base : ui_attr(UI_EL_NORMAL));
	used = ui_puts(y, x, w, "  ", base);
	if (l->all) {
		used += ui_puts(y, x + used, w - used,
				r->org ? r->org : "(no organisation)",
				base ? base : ui_attr(UI_EL_TITLE));
		used += ui_puts(y, x + used, w - used, ": ", base);
	}
	ui_puts(y, x + used, w - used, r->summary ? r->summary : "(no summary)",
		base ? base : ui_attr(UI_EL_NORMAL));
}

static void
list_draw(struct view *v, int focused)
{
	struct list *l = v->priv;
	int rh = row_height(v), y = v->y;

	ensure(v);
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

static int
list_action(struct view *v, enum ui_action a)
{
	struct list *l = v->priv;
	long old = l->cursor, h = page(v);

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

	snprintf(buf, len, "%s %s/%s", l->search ? "result" : "decision",
		 ui_count(l->total ? l->cursor + 1 : 0, a, sizeof a),
		 ui_count(l->total, b, sizeof b));
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
		free(l);
	}
	v->priv = NULL;
}

const struct view_ops view_list_ops = {
	.name = "decisions",
	.resize = list_resize,
	.title = list_title,
	.draw = list_draw,
	.action = list_action,
	.click = list_click,
	.status = list_status,
	.close = list_close,
};
