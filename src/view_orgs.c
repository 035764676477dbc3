/* view_orgs: the organisations pane — "All organisations" first, then
 * each organisation with its number of decisions.  Organisations number
 * in the hundreds whatever the corpus, so they are read once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "ui.h"
#include "ui_config.h"
#include "view.h"

struct org {
	char *name;     /* NULL: decisions with no organisation */
	long count;
};

struct orgs {
	struct org *org;  /* org[0] is "All organisations" */
	long n, cap;
	long cursor, top;
};

static int
add_org(const struct store_org *o, void *arg)
{
	struct orgs *s = arg;

	if (s->n == s->cap) {
		long cap = s->cap ? 2 * s->cap : 64;
		struct org *p = realloc(s->org, (size_t)cap * sizeof *p);

		if (p == NULL)
			return -1;
		s->org = p;
		s->cap = cap;
	}
	s->org[s->n].name = o->name ? strdup(o->name) : NULL;
	s->org[s->n].count = o->decisions;
	s->org[0].count += o->decisions;
	s->n++;
	return 0;
}

int
view_orgs_open(struct view *v, struct store *st)
{
	struct orgs *s = calloc(1, sizeof *s);
	struct store_org all = { .name = "All organisations" };

	v->ops = &view_orgs_ops;
	v->st = st;
	v->priv = s;
	if (s == NULL || add_org(&all, s) < 0)
		return -1;
	return st != NULL && store_orgs(st, NULL, add_org, s) < 0 ? -1 : 0;
}

void
view_orgs_pick(const struct view *v, struct view_pick *p)
{
	const struct orgs *s = v->priv;
	const struct org *o = &s->org[s->cursor];

	p->all = s->cursor == 0;
	p->org = o->name;
	p->count = o->count;
}

long
view_orgs_total(const struct view *v)
{
	const struct orgs *s = v->priv;

	return s->n > 0 ? s->org[0].count : 0;
}

/* Keeps the cursor on screen. */
static void
scroll_to_cursor(struct view *v)
{
	struct orgs *s = v->priv;
	long h = v->h > 0 ? v->h : 1;

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
	char n[32];

	snprintf(buf, len, "Organisations (%s)", ui_count(s->n - 1, n, sizeof n));
}

static void
orgs_draw(struct view *v, int focused)
{
	struct orgs *s = v->priv;

	for (int r = 0; r < v->h; r++) {
		long i = s->top + r;
		int attr = ui_attr(UI_EL_NORMAL), cattr = ui_attr(UI_EL_COUNTS);
		char num[32];
		int nw;

		if (i == s->cursor)
			attr = cattr = ui_attr(focused ? UI_EL_CURSOR : UI_EL_CURSOR_IDLE);
		ui_blank(v->y + r, v->x, v->w, attr);
		if (i >= s->n)
			continue;
		ui_count(s->org[i].count, num, sizeof num);
		nw = (int)strlen(num);
		if (i == 0 && i != s->cursor)
			attr = ui_attr(UI_EL_TITLE);
		ui_puts(v->y + r, v->x, v->w - nw - 1,
			s->org[i].name ? s->org[i].name : "(no organisation)", attr);
		if (v->w > nw + 4)
			ui_puts(v->y + r, v->x + v->w - nw, nw, num, cattr);
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

	if (s->top + row >= s->n)
		return VIEW_HANDLED;
	s->cursor = s->top + row;
	return VIEW_HANDLED | VIEW_REDRAW | (s->cursor != old ? VIEW_CHANGED : 0);
}

static void
orgs_status(const struct view *v, char *buf, size_t len)
{
	const struct orgs *s = v->priv;
	char a[32], b[32];

	snprintf(buf, len, "organisation %s/%s", ui_count(s->cursor, a, sizeof a),
		 ui_count(s->n - 1, b, sizeof b));
	if (s->cursor == 0)
		snprintf(buf, len, "all organisations");
}

static void
orgs_close(struct view *v)
{
	struct orgs *s = v->priv;

	if (s != NULL) {
		for (long i = 0; i < s->n; i++)
			free(s->org[i].name);
		free(s->org);
		free(s);
	}
	v->priv = NULL;
}

const struct view_ops view_orgs_ops = {
	.name = "organisations",
	.resize = orgs_resize,
	.title = orgs_title,
	.draw = orgs_draw,
	.action = orgs_action,
	.click = orgs_click,
	.status = orgs_status,
	.close = orgs_close,
};
