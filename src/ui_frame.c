/* ui_frame: the browser's layout and painting — three panes side by side
 * from 100 columns, the focused one alone below that, the reader alone
 * when opened, the summaries or the side-by-side view at full width; the
 * title row, the status line, the help screen and the empty store's
 * screen.  Layout is computed apart from painting. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "ui_int.h"
#include "ui_keys.h"
#include "view.h"
#include "view_compare.h"
#include "view_orgs.h"

/* Three panes side by side from this many columns. */
#define WIDE_COLS 100
/* The organisations pane widens for its statistics from this many. */
#define STATS_COLS 140

/* ---- layout and painting ---------------------------------------------- */

static int
wide(void)
{
	return COLS >= WIDE_COLS;
}

/* Nonzero when the organisations pane shares the screen with the others:
 * it is not hidden, and below STATS_COLS it folds away unless it has the
 * focus, so that the list and the reader stay readable. */
static int
orgs_beside(const struct ui *u)
{
	if (u->focus == PANE_ORGS)
		return 1;
	return !u->orgs_off && COLS >= STATS_COLS;
}

/* Nonzero when pane i is on screen. */
int
ui_frame_visible(const struct ui *u, int i)
{
	if (u->compare)
		return i == PANE_COMPARE;
	if (u->zoom)
		return i == PANE_READER;
	if (u->summ)
		return i == PANE_LIST;
	if (i == PANE_ORGS && wide() && !orgs_beside(u))
		return 0;
	return i < PANE_MAIN && (wide() || i == u->focus);
}

static void
set_rect(struct view *v, int y, int x, int h, int w)
{
	v->y = y;
	v->x = x;
	v->h = h > 0 ? h : 0;
	v->w = w > 0 ? w : 0;
}

/* The organisations pane's width beside the others: the config's, or
 * a share of the screen widened to its names (and statistics) as far as
 * the list and the reader can spare. */
static int
orgs_width(struct ui *u)
{
	const struct view *o = &u->pane[PANE_ORGS];
	int ow = ui_config_options()->org_pane_width, want, most;

	if (ow == 0) {
		ow = COLS * 22 / 100;
		ow = ow < 18 ? 18 : ow > 40 ? 40 : ow;
		/* Room for the counts by outcome when the statistics show. */
		if (view_orgs_stats(o) && COLS >= STATS_COLS)
			ow = 62;
		want = view_orgs_width(o);
		most = view_orgs_stats(o) ? COLS / 2 : COLS / 3;
		if (want > ow)
			ow = want < most ? want : most > ow ? most : ow;
	}
	/* The list and the reader keep 30 columns each. */
	return ow > COLS - 62 ? COLS - 62 : ow;
}

/* Computes every pane's rectangle and lets each rewrap. */
void
ui_frame_layout(struct ui *u)
{
	int h = LINES - 2, ow = -1, lw, rw, cw;

	if (!u->opened)
		return;
	u->orgs_laid = orgs_beside(u);
	if (wide()) {
		if (u->orgs_laid)
			ow = orgs_width(u);
		lw = (COLS - ow - 2) * 45 / 100;
		rw = COLS - ow - 2 - lw;
		set_rect(&u->pane[PANE_ORGS], 1, 0, h, ow < 0 ? COLS : ow);
		set_rect(&u->pane[PANE_LIST], 1, ow + 1, h, lw);
		set_rect(&u->pane[PANE_READER], 1, ow + lw + 2, h, rw);
	} else {
		for (int i = 0; i < PANE_COUNT; i++)
			set_rect(&u->pane[i], 1, 0, h, COLS);
	}
	/* The reader alone keeps its prose to a readable width, as neomutt's
	 * $wrap does. */
	cw = ui_config_options()->reader_width;
	if (u->zoom)
		set_rect(&u->pane[PANE_READER], 1, 0, h,
			 cw > 0 && cw < COLS ? cw : COLS);
	if (u->summ)
		set_rect(&u->pane[PANE_LIST], 1, 0, h, COLS);
	set_rect(&u->pane[PANE_COMPARE], 1, 0, h, COLS);
	for (int i = 0; i < PANE_COUNT; i++)
		u->pane[i].ops->resize(&u->pane[i]);
	/* Columns that no longer fit (a new comparison, or a resize) are
	 * stacked, and the user is told. */
	if (u->compare && view_compare_stacked(&u->pane[PANE_COMPARE]) &&
	    !u->stacked)
		ui_message(u, 0, "the terminal is too narrow for %d columns: "
			"the decisions are stacked", u->ncompared);
	u->stacked = u->compare && view_compare_stacked(&u->pane[PANE_COMPARE]);
}

/* The keys worth showing on the status line for the focused pane. */
static const char *
hints(const struct ui *u)
{
	if (u->help)
		return "q close";
	if (u->empty)
		return "i samples  q quit";
	if (u->compare)
		return "Tab column  Enter read  [ ] section  q back  ? help";
	if (u->search != NULL && (u->zoom || u->focus == PANE_READER))
		return "n N hit  J K result  / find  \\ search  q back  ? help";
	if (u->zoom || u->focus == PANE_READER)
		return "/ find  \\ search  y cite  J K next  q back  ? help";
	if (u->search != NULL && u->focus == PANE_LIST)
		return "Enter read  n N hit  / search  q leave search  ? help";
	if (u->summ)
		return "Enter read  Space mark  v rows  q back  ? help";
	if (u->focus == PANE_LIST)
		return "Enter read  Space mark  c compare  f filter  s sort  ? help";
	return "Enter decisions  S statistics  / search  f filter  ? help";
}

static void
draw_status(struct ui *u)
{
	char left[600], part[200], right[200];
	int y = LINES - 1, lw, rw;

	/* The keys as the config binds them. */
	ui_keys_hint(hints(u), right, sizeof right);

	if (y < 0)
		return;
	ui_blank(y, 0, COLS, ui_attr(UI_EL_STATUS));
	if (u->msg[0] != '\0') {
		int attr = ui_attr(u->msg_error ? UI_EL_ERROR : UI_EL_MESSAGE);
		size_t len = strlen(u->msg);

		/* A message wider than the screen ends in "…" where it is cut. */
		if (COLS > 1 && ui_fit(u->msg, len, COLS) < len) {
			lw = ui_put(y, 0, COLS - 1, u->msg,
				    ui_fit(u->msg, len, COLS - 1), attr);
			lw += ui_puts(y, lw, 1, "…", attr);
		} else {
			lw = ui_puts(y, 0, COLS, u->msg, attr);
		}
	} else if (u->help) {
		snprintf(left, sizeof left, "Help · lines %ld-%ld of %ld",
			 u->help_top + 1, u->help_top + u->help_rows, u->help_lines);
		lw = ui_puts(y, 0, COLS, left, ui_attr(UI_EL_STATUS));
	} else if (u->opened && !u->empty) {
		struct view_pick p;

		view_orgs_pick(&u->pane[PANE_ORGS], &p);
		snprintf(left, sizeof left, "%s", u->search ? "Search" :
			 p.all ? "All organisations" :
			 p.org ? p.org : "(no organisation)");
		if (u->filter_text[0] != '\0')
			snprintf(left + strlen(left), sizeof left - strlen(left),
				 " · filter %s", u->filter_text);
		if (u->compare) {
			u->pane[PANE_COMPARE].ops->status(&u->pane[PANE_COMPARE], part,
							  sizeof part);
			snprintf(left + strlen(left), sizeof left - strlen(left),
				 " · %s", part);
		} else if (u->focus == PANE_ORGS && !u->zoom && !u->summ &&
			   view_orgs_stats(&u->pane[PANE_ORGS])) {
			/* The figures of the organisation under the cursor. */
			u->pane[PANE_ORGS].ops->status(&u->pane[PANE_ORGS], part,
						       sizeof part);
			snprintf(left + strlen(left), sizeof left - strlen(left),
				 " · %s", part);
		} else if (u->focus != PANE_ORGS || wide() || u->zoom) {
			u->pane[PANE_LIST].ops->status(&u->pane[PANE_LIST], part,
						       sizeof part);
			snprintf(left + strlen(left), sizeof left - strlen(left),
				 " · %s", part);
		}
		if (ui_frame_visible(u, PANE_READER)) {
			u->pane[PANE_READER].ops->status(&u->pane[PANE_READER],
							 part, sizeof part);
			snprintf(left + strlen(left), sizeof left - strlen(left),
				 " · %s", part);
		}
		lw = ui_puts(y, 0, COLS, left, ui_attr(UI_EL_STATUS));
	} else {
		lw = 0;
	}
	rw = text_width(right, strlen(right));
	if (lw + 2 + rw <= COLS)
		ui_puts(y, COLS - rw, rw, right, ui_attr(UI_EL_STATUS));
}

/* The help screen's notes below the keys. */
static const char *const help_notes[] = {
	"Config: ${XDG_CONFIG_HOME:-~/.config}/ombuds/config, lines "
	"'bind KEY ACTION', 'color ELEMENT FG BG [ATTR...]' and 'set OPTION "
	"VALUE' (org-pane on|off, org-pane-width N, reader-width N); "
	"ombuds --check-config lists the lines it cannot read.",
	"Search (/): every word must appear, in any inflection (delay "
	"finds delayed); \"delayed\" as written; \"a phrase\", prefix* "
	"(assess*), OR, -word, NEAR(a b), org: category: outcome: ref: in:SECTION "
	"after: before: year:.  Results replace the decision list, the "
	"organisations count them and choosing one narrows them to it; "
	"q leaves them.  When no decision has every word, those with most "
	"of them are shown; a word that matches nothing gets \"did you "
	"mean\"; the status line says so.",
	"Filter (f): category: outcome: after: before: year:, Tab "
	"completes from the store; it applies to the lists, the "
	"search and the organisations' counts; F clears it.",
	"Reading: / in the reader finds in the decision (n N step, an empty "
	"/ clears it), \\ searches all; n past a result's last hit opens the "
	"next result; J K the next or previous decision; C-o (Backspace) "
	"goes back from a jump, C-n forward; y copies the paragraph marked "
	"in reverse (or the summary), Y the marked decisions' citations.",
	"Search as you type: the results follow the / query as it is "
	"typed; Enter keeps them, Esc brings back the list as it was.",
	"Cut off: a ~ beside a row (and a line in the reader's title "
	"block) marks a statement the importer judged cut off, its text "
	"ending before the statement does.",
	"Compare: Space marks decisions in any list, c opens 2 to 4 "
	"of them side by side (Tab moves between columns, Enter "
	"reads one alone).  y in the reader copies 'Organisation "
	"(reference) at [n]' and the paragraph by OSC 52.",
};

/* The help screen being drawn: the lines before top are counted, not
 * drawn, as are those past the screen. */
struct help_pen {
	long line, top;
	int y, ymax;
};

/* One line of the help screen: s wrapped at w columns from column x
 * (the lines after the first from column x2) in attr. */
static void
help_put(struct help_pen *p, int x, int x2, const char *s, int attr)
{
	struct text_line *tl = NULL;
	long n = text_wrap(s, strlen(s), COLS - x2 > 1 ? COLS - x2 : 1, &tl);

	if (n <= 0 && p->line++ >= p->top && p->y < p->ymax)
		p->y++;
	for (long i = 0; i < n; i++) {
		if (p->line++ >= p->top && p->y < p->ymax)
			ui_put(p->y++, i ? x2 : x, COLS - x2, s + tl[i].off,
			       tl[i].len, attr);
	}
	free(tl);
}

/* Draws (or with p->ymax 0 only counts) the help: the title, a row per
 * action with its keys as bound now, the notes. */
static void
help_lines(struct help_pen *p)
{
	int kw = 14, dx = 1 + kw + 1 + 16;
	char keys[128], title[200];

	ui_action_keys(UI_ACTION_BACK, keys, sizeof keys);
	for (char *k = strchr(keys, ' '); k != NULL; k = strchr(k + 4, ' ')) {
		memmove(k + 3, k, strlen(k) + 1);
		memcpy(k, " or", 3);
	}
	snprintf(title, sizeof title, "ombuds — keys (%s closes this help)",
		 keys[0] ? keys : "?");
	help_put(p, 0, 0, title, ui_attr(UI_EL_TITLE));
	help_put(p, 0, 0, "", 0);
	for (int a = 1; a < UI_ACTION_COUNT; a++) {
		int y = p->y, drawn = p->line >= p->top && p->y < p->ymax, x;

		help_put(p, dx, dx, ui_action_help((enum ui_action)a),
			 ui_attr(UI_EL_NORMAL));
		if (!drawn)
			continue;
		ui_action_keys((enum ui_action)a, keys, sizeof keys);
		ui_puts(y, 1, kw, keys[0] ? keys : "(none)", ui_attr(UI_EL_KEY));
		x = 1 + kw + 1;
		x += ui_puts(y, x, COLS - x, ui_action_name((enum ui_action)a),
			     ui_attr(UI_EL_NORMAL));
	}
	help_put(p, 0, 0, "", 0);
	for (size_t i = 0; i < sizeof help_notes / sizeof *help_notes; i++)
		help_put(p, 1, 1, help_notes[i], ui_attr(UI_EL_NORMAL));
}

static void
draw_help(struct ui *u)
{
	struct help_pen count = { .top = 1L << 30 }, p = { .ymax = LINES - 1 };

	for (int r = 0; r < p.ymax; r++)
		ui_blank(r, 0, COLS, ui_attr(UI_EL_NORMAL));
	help_lines(&count);
	u->help_lines = count.line;
	/* Scrolled as far as it goes, the last line is at the bottom. */
	if (u->help_top > u->help_lines - p.ymax)
		u->help_top = u->help_lines - p.ymax;
	if (u->help_top < 0)
		u->help_top = 0;
	p.top = u->help_top;
	help_lines(&p);
	u->help_rows = p.y;
}

static void
draw_empty(struct ui *u)
{
	int y = 1, ymax = LINES - 1, w = COLS - 2;
	char path[600];

	for (int r = 0; r < ymax; r++)
		ui_blank(r, 0, COLS, ui_attr(UI_EL_NORMAL));
	if (ymax > 0)
		ui_puts(0, 0, COLS, "ombuds", ui_attr(UI_EL_TITLE));
	snprintf(path, sizeof path, "There are no decisions in %s yet.", u->cli->db);
	ui_put_wrapped(&y, ymax, 1, w, path, ui_attr(UI_EL_NORMAL));
	y++;
	ui_put_wrapped(&y, ymax, 1, w,
		    "Press i to import the sample statements shipped with ombuds,",
		    ui_attr(UI_EL_MESSAGE));
	ui_put_wrapped(&y, ymax, 1, w,
		    "or quit with q and import your own statements (text files "
		    "saved from the Ombudsman's decision pages):",
		    ui_attr(UI_EL_NORMAL));
	y++;
	ui_put_wrapped(&y, ymax, 3, w - 2, "ombuds import FOLDER-OR-FILE…",
		    ui_attr(UI_EL_KEY));
}

/* Paints the config file's problems over the bottom of the panes, with
 * how to dismiss them, until they are: a line each, "FILE:LINE: …", the
 * home folder written ~ to leave room for what is wrong. */
static void
draw_config_problems(struct ui *u)
{
	const char *p = u->config_msg;
	const char *home = getenv("HOME");
	size_t hlen = home != NULL && home[0] == '/' ? strlen(home) : 0;
	int n = 0, y;

	for (const char *q = p; *q; q++)
		n += *q == '\n';
	y = LINES - 2 - n;
	if (y < 0)
		y = 0;
	ui_blank(y, 0, COLS, ui_attr(UI_EL_ERROR));
	ui_puts(y++, 0, COLS, "Config file problems (q or Esc dismisses them):",
		ui_attr(UI_EL_ERROR));
	while (*p && y < LINES - 1) {
		size_t len = strcspn(p, "\n");
		char line[300];

		if (hlen > 1 && len > hlen && strncmp(p, home, hlen) == 0 &&
		    p[hlen] == '/')
			snprintf(line, sizeof line, "  ~%.*s", (int)(len - hlen),
				 p + hlen);
		else
			snprintf(line, sizeof line, "  %.*s", (int)len, p);
		ui_blank(y, 0, COLS, ui_attr(UI_EL_ERROR));
		ui_puts(y++, 0, COLS, line, ui_attr(UI_EL_ERROR));
		p += len + (p[len] == '\n');
	}
}

/* Paints the whole screen. */
void
ui_frame_draw(struct ui *u)
{
	char title[512];

	if (LINES < 1 || COLS < 1)
		return;
	/* The focus moved onto or off a folding organisations pane. */
	if (u->opened && !u->empty && orgs_beside(u) != u->orgs_laid)
		ui_frame_layout(u);
	if (u->help) {
		draw_help(u);
	} else if (u->empty || !u->opened) {
		draw_empty(u);
	} else {
		ui_blank(0, 0, COLS, ui_attr(UI_EL_NORMAL));
		/* The margins of a reader narrower than the screen. */
		if (u->zoom && u->pane[PANE_READER].w < COLS)
			for (int r = 1; r < LINES - 1; r++)
				ui_blank(r, 0, COLS, ui_attr(UI_EL_NORMAL));
		for (int i = 0; i < PANE_COUNT; i++) {
			struct view *v = &u->pane[i];
			int focused = i == u->focus || u->zoom || u->summ || u->compare;

			if (!ui_frame_visible(u, i))
				continue;
			v->ops->title(v, title, sizeof title);
			ui_puts(0, v->x, v->w, title,
				ui_attr(focused ? UI_EL_TITLE : UI_EL_BORDER));
			v->ops->draw(v, focused);
			if (i > 0 && i < PANE_MAIN && wide() && !u->zoom && !u->summ &&
			    !u->compare && v->x > 0) {
				ui_vline(0, v->x - 1, LINES - 1, ui_attr(UI_EL_BORDER));
			}
		}
	}
	if (u->config_msg[0] != '\0')
		draw_config_problems(u);
	draw_status(u);
	refresh();
}
