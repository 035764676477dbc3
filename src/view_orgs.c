/* view_orgs: the organisations pane — "All organisations" first, then
 * each organisation with its number of decisions that pass the browser's
 * filter, or of a search's results.  S shows each one's counts by
 * outcome and upheld rate (Upheld over Upheld and Not upheld), sorted by
 * count, then by rate, then back to names alone.  Organisations number in
 * the hundreds whatever the corpus, so they are read whole. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "store.h"
#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "view.h"
#include "view_orgs.h"

/* The pane's operations, filled at the end of the file. */
static const struct view_ops view_orgs_ops;

/* The pane's sorts, in the order S goes through them. */
enum { SORT_NAME, SORT_COUNT, SORT_RATE, SORT_MODES };
static const enum store_org_sort store_sorts[SORT_MODES] = {
	STORE_ORGS_BY_NAME, STORE_ORGS_BY_COUNT, STORE_ORGS_BY_RATE,
};

struct orgs {
	struct store_org *org;  /* org[0] is "All organisations"; names
				 * are our copies (NULL: no organisation) */
	long n, cap;
	long cursor, top;
	int sort;         /* SORT_NAME: names and counts alone */
	int searched;     /* counting a search's results */
	const struct view_scope *sc;
};

static void scroll_to_cursor(struct view *v);

static int
add_org(const struct store_org *o, void *arg)
{
	struct orgs *s = arg;

	if (s->n == s->cap) {
		long cap = s->cap ? 2 * s->cap : 64;
		struct store_org *p = realloc(s->org, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		s->org = p;
		s->cap = cap;
	}
	s->org[s->n] = *o;
	s->org[s->n].name = o->name ? strdup(o->name) : NULL;
	if (s->n > 0) {
		s->org[0].decisions += o->decisions;
		s->org[0].upheld += o->upheld;
		s->org[0].not_upheld += o->not_upheld;
		s->org[0].closed += o->closed;
		s->org[0].other += o->other;
	}
	s->n++;
	return 0;
}

static int
cmp_org(const void *pa, const void *pb, void *arg)
{
	return store_org_cmp(pa, pb, store_sorts[*(const int *)arg]);
}

/* Sorts the organisations (not "All organisations") by the pane's sort,
 * the cursor staying on its organisation. */
static void
sort_orgs(struct orgs *s)
{
	struct store_org cur;

	if (s->n < 2)
		return;
	cur = s->org[s->cursor];
	qsort_r(s->org + 1, (size_t)(s->n - 1), sizeof *s->org, cmp_org, &s->sort);
	for (long i = 0; i < s->n; i++)
		if (s->org[i].name == cur.name)
			s->cursor = i;
}

static void
free_orgs(struct orgs *s)
{
	for (long i = 0; i < s->n; i++)
		free((char *)s->org[i].name);
	s->n = 0;
}

int
view_orgs_open(struct view *v, struct store *st, const struct view_scope *sc)
{
	struct orgs *s = calloc(1, sizeof *s);

	v->ops = &view_orgs_ops;
	v->st = st;
	v->priv = s;
	if (s == NULL)
		return -1;
	s->sc = sc;
	return view_orgs_load(v, NULL, 1);
}

int
view_orgs_select(struct view *v, const struct view_pick *p)
{
	struct orgs *s = v->priv;

	for (long i = 0; i < s->n; i++) {
		const char *name = s->org[i].name;

		if (p->all ? i == 0 : i > 0 && (p->org == NULL ? name == NULL :
					       name != NULL && strcmp(name, p->org) == 0)) {
			s->cursor = i;
			scroll_to_cursor(v);
			return 1;
		}
	}
	return 0;
}

int
view_orgs_stats(const struct view *v)
{
	const struct orgs *s = v->priv;

	return s->sort != SORT_NAME;
}

int
view_orgs_width(const struct view *v)
{
	const struct orgs *s = v->priv;
	int name = 0, count = 0;
	char num[32];

	for (long i = 0; i < s->n; i++) {
		const char *o = s->org[i].name ? s->org[i].name : "(no organisation)";
		int w = text_width(o, strlen(o));

		if (w > name)
			name = w;
	}
	if (s->n > 0)
		count = (int)strlen(ui_count(s->org[0].decisions, num, sizeof num));
	/* The statistics' six columns take 40, and all show from 60. */
	if (s->sort != SORT_NAME)
		return name + 40 > 60 ? name + 40 : 60;
	return name + 1 + count;
}

int
view_orgs_load(struct view *v, struct search *sr, int keep)
{
	struct orgs *s = v->priv;
	struct store_org all = { .name = "All organisations" };
	char *was = NULL;
	int rc, was_none = 0;

	if (keep && s->cursor > 0 && s->cursor < s->n) {
		was = s->org[s->cursor].name ? strdup(s->org[s->cursor].name) : NULL;
		was_none = s->org[s->cursor].name == NULL;
	}
	free_orgs(s);
	s->cursor = 0;
	s->searched = sr != NULL;
	if (add_org(&all, s) < 0) {
		free(was);
		return -1;
	}
	if (sr != NULL)
		rc = search_orgs(sr, add_org, s);
	else
		rc = v->st != NULL ? store_orgs(v->st, s->sc->filter, add_org, s) : 0;
	for (long i = 1; i < s->n; i++)
		if (s->org[i].name != NULL ? was != NULL && strcmp(s->org[i].name, was) == 0 :
		    was_none)
			s->cursor = i;
	free(was);
	sort_orgs(s);
	scroll_to_cursor(v);
	return rc < 0 ? -1 : 0;
}

void
view_orgs_pick(const struct view *v, struct view_pick *p)
{
	const struct orgs *s = v->priv;
	const struct store_org *o = &s->org[s->cursor];

	p->all = s->cursor == 0;
	p->org = o->name;
	p->count = o->decisions;
}

/* Keeps the cursor on screen. */
static void
scroll_to_cursor(struct view *v)
{
	struct orgs *s = v->priv;
	long h = v->h - (s->sort != SORT_NAME && v->h > 2);

	if (h < 1)
		h = 1;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if (s->cursor >= s->top + h)
		s->top = s->cursor - h + 1;
	if (s->top > s->n - h)
		s->top = s->n - h;
	if (s->top < 0)
		s->top = 0;
}

static void
orgs_resize(struct view *v)
{
	scroll_to_cursor(v);
}

static void
orgs_title(const struct view *v, char *buf, size_t len)
{
	const struct orgs *s = v->priv;
	static const char *const sorts[] = { "", " · by count", " · by upheld rate" };
	char n[32];
	size_t k;

	snprintf(buf, len, "Organisations (%s)%s", ui_count(s->n - 1, n, sizeof n),
		 sorts[s->sort]);
	k = strlen(buf);
	if (s->searched && k < len)
		k += (size_t)snprintf(buf + k, len - k, " · search");
	if (s->sc->filter_text && s->sc->filter_text[0] && k < len)
		snprintf(buf + k, len - k, " · %s", s->sc->filter_text);
}

/* Writes an upheld rate as "62.5%" ("-" when none decided). */
static const char *
rate_text(const struct store_org *o, char *buf, size_t len)
{
	double r = store_upheld_rate(o);

	if (r < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", r);
	return buf;
}

/* The columns of numbers drawn right-aligned after the name: the count
 * alone, or with statistics the count, the rate, and from 60 columns the
 * counts by outcome.  Returns the columns they take. */
static int
draw_numbers(const struct view *v, int y, const struct store_org *o, int attr, int head)
{
	char num[6][32];
	static const char *const names[6] = { "total", "upheld", "not", "closed",
					      "other", "rate" };
	static const int width[6] = { 6, 6, 5, 6, 5, 6 };
	int first = 0, last = 5, x = v->x + v->w, used = 0;
	const struct orgs *s = v->priv;

	if (s->sort == SORT_NAME) {
		last = 0;
	} else if (v->w < 60) {
		first = 4; /* count and rate, the count drawn in "other"'s place */
	}
	ui_count(o->decisions, num[0], sizeof num[0]);
	ui_count(o->upheld, num[1], sizeof num[1]);
	ui_count(o->not_upheld, num[2], sizeof num[2]);
	ui_count(o->closed, num[3], sizeof num[3]);
	ui_count(o->other, num[4], sizeof num[4]);
	rate_text(o, num[5], sizeof num[5]);
	if (first == 4)
		memcpy(num[4], num[0], sizeof num[0]);
	for (int c = last; c >= first; c--) {
		const char *t = head ? (first == 4 && c == 4 ? names[0] : names[c]) : num[c];
		int tw = (int)strlen(t), cw = last == 0 ? tw : width[c];

		if (used + cw + 1 > v->w - 4)
			break;
		if (tw > cw)
			tw = cw;
		x -= cw;
		ui_puts(y, x + cw - tw, tw, t, attr);
		x--;
		used += cw + 1;
	}
	return used;
}

static void
orgs_draw(struct view *v, int focused)
{
	struct orgs *s = v->priv;
	int head = s->sort != SORT_NAME && v->h > 2, y0 = v->y + head;

	if (head) {
		/* The statistics' column names. */
		ui_blank(v->y, v->x, v->w, ui_attr(UI_EL_META));
		ui_puts(v->y, v->x, v->w, "organisation", ui_attr(UI_EL_META));
		draw_numbers(v, v->y, &s->org[0], ui_attr(UI_EL_META), 1);
	}
	for (int r = 0; r < v->h - head; r++) {
		long i = s->top + r;
		int attr = ui_attr(UI_EL_NORMAL), cattr = ui_attr(UI_EL_COUNTS);
		int nw;

		if (i == s->cursor)
			attr = cattr = ui_attr(focused ? UI_EL_CURSOR : UI_EL_CURSOR_IDLE);
		ui_blank(y0 + r, v->x, v->w, attr);
		if (i >= s->n)
			continue;
		if (i == 0 && i != s->cursor)
			attr = ui_attr(UI_EL_TITLE);
		nw = draw_numbers(v, y0 + r, &s->org[i], cattr, 0);
		if (s->sort == SORT_NAME) {
			char num[32];

			nw = (int)strlen(ui_count(s->org[i].decisions, num, sizeof num)) + 1;
		}
		ui_puts(y0 + r, v->x, v->w - nw,
			s->org[i].name ? s->org[i].name : "(no organisation)", attr);
	}
}

static int
orgs_action(struct view *v, enum ui_action a)
{
	struct orgs *s = v->priv;
	long old = s->cursor, h = v->h > 1 ? v->h : 1;

	switch (a) {
	case UI_ACTION_UP: s->cursor--; break;
	case UI_ACTION_DOWN: s->cursor++; break;
	case UI_ACTION_PAGE_UP: s->cursor -= h; s->top -= h; break;
	case UI_ACTION_PAGE_DOWN: s->cursor += h; s->top += h; break;
	case UI_ACTION_HALF_UP: s->cursor -= h / 2; s->top -= h / 2; break;
	case UI_ACTION_HALF_DOWN: s->cursor += h / 2; s->top += h / 2; break;
	case UI_ACTION_TOP: s->cursor = 0; break;
	case UI_ACTION_BOTTOM: s->cursor = s->n - 1; break;
	case UI_ACTION_OPEN: return VIEW_HANDLED | VIEW_OPEN;
	case UI_ACTION_STATISTICS:
		s->sort = (s->sort + 1) % SORT_MODES;
		sort_orgs(s);
		scroll_to_cursor(v);
		return VIEW_HANDLED | VIEW_REDRAW;
	default: return VIEW_UNHANDLED;
	}
	if (s->cursor >= s->n)
		s->cursor = s->n - 1;
	if (s->cursor < 0)
		s->cursor = 0;
	if (s->top < 0)
		s->top = 0;
	scroll_to_cursor(v);
	return VIEW_HANDLED | VIEW_REDRAW | (s->cursor != old ? VIEW_CHANGED : 0);
}

static int
orgs_click(struct view *v, int row)
{
	struct orgs *s = v->priv;
	long old = s->cursor;

	row -= s->sort != SORT_NAME && v->h > 2;
	if (row < 0 || s->top + row >= s->n)
		return VIEW_HANDLED;
	s->cursor = s->top + row;
	return VIEW_HANDLED | VIEW_REDRAW | (s->cursor != old ? VIEW_CHANGED : 0);
}

static void
orgs_status(const struct view *v, char *buf, size_t len)
{
	const struct orgs *s = v->priv;
	const struct store_org *o = &s->org[s->cursor];
	char a[32], b[32], c[32], d[32], e[32], r[32];

	if (s->sort == SORT_NAME) {
		snprintf(buf, len, "organisation %s/%s", ui_count(s->cursor, a, sizeof a),
			 ui_count(s->n - 1, b, sizeof b));
		if (s->cursor == 0)
			snprintf(buf, len, "all organisations");
		return;
	}
	snprintf(buf, len, "%s decisions · upheld %s · not upheld %s · closed %s"
		 " · other %s · upheld rate %s", ui_count(o->decisions, b, sizeof b),
		 ui_count(o->upheld, a, sizeof a), ui_count(o->not_upheld, c, sizeof c),
		 ui_count(o->closed, d, sizeof d), ui_count(o->other, e, sizeof e),
		 rate_text(o, r, sizeof r));
}

static void
orgs_close(struct view *v)
{
	struct orgs *s = v->priv;

	if (s != NULL) {
		free_orgs(s);
		free(s->org);
		free(s);
	}
	v->priv = NULL;
}

static const struct view_ops view_orgs_ops = {
	.name = "organisations",
	.resize = orgs_resize,
	.title = orgs_title,
	.draw = orgs_draw,
	.action = orgs_action,
	.click = orgs_click,
	.status = orgs_status,
	.close = orgs_close,
};
