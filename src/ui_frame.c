/* ui_frame: the browser's layout and painting — three panes side by side
 * from 100 columns, the focused one alone below that, the reader alone
 * when opened, the summaries or the side-by-side view at full width; the
 * title row, the status line, the help screen and the empty store's
 * screen.  Layout is computed apart from painting. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
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

/* Computes every pane's rectangle and lets each rewrap. */
void
ui_frame_layout(struct ui *u)
{
	int h = LINES - 2, ow, lw, rw;

	if (!u->opened)
		return;
	if (wide()) {
		ow = COLS * 22 / 100;
		ow = ow < 18 ? 18 : ow > 40 ? 40 : ow;
		/* Room for the counts by outcome when the statistics show. */
		if (view_orgs_stats(&u->pane[PANE_ORGS]) && COLS >= STATS_COLS)
			ow = 62;
		lw = (COLS - ow - 2) * 45 / 100;
		rw = COLS - ow - 2 - lw;
		set_rect(&u->pane[PANE_ORGS], 1, 0, h, ow);
		set_rect(&u->pane[PANE_LIST], 1, ow + 1, h, lw);
		set_rect(&u->pane[PANE_READER], 1, ow + lw + 2, h, rw);
	} else {
		for (int i = 0; i < PANE_COUNT; i++)
			set_rect(&u->pane[i], 1, 0, h, COLS);
	}
	if (u->zoom)
		set_rect(&u->pane[PANE_READER], 1, 0, h, COLS);
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
	char left[600], part[200];
	const char *right = hints(u);
	int y = LINES - 1, lw, rw;

	if (y < 0)
		return;
	ui_blank(y, 0, COLS, ui_attr(UI_EL_STATUS));
	if (u->msg[0] != '\0') {
		lw = ui_puts(y, 0, COLS, u->msg,
			     ui_attr(u->msg_error ? UI_EL_ERROR : UI_EL_MESSAGE));
	} else if (u->opened && !u->empty && !u->help) {
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
	"'bind KEY ACTION' and 'color ELEMENT FG BG [ATTR...]'.",
	"Search (/): every word must appear; \"a phrase\", prefix*, "
	"OR, -word, NEAR(a b), org: category: outcome: ref: in:SECTION "
	"after: before: year:.  Results replace the decision list, the "
	"organisations count them and choosing one narrows them to it; "
	"q leaves them.",
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

static void
draw_help(struct ui *u)
{
	int y = 0, ymax = LINES - 1, kw = 14;
	long line = 0;

	for (int r = 0; r < ymax; r++)
		ui_blank(r, 0, COLS, ui_attr(UI_EL_NORMAL));
	/* The title, a blank, a row per action, a blank, the notes: the
	 * last stays on the screen however far it is scrolled (it could be
	 * scrolled to a blank page). */
	long last = 2 + (UI_ACTION_COUNT - 1) + 1 +
		    (long)(sizeof help_notes / sizeof *help_notes) - 1;

	if (u->help_top > last)
		u->help_top = last;
	if (u->help_top < 0)
		u->help_top = 0;
	if (line++ >= u->help_top && y < ymax)
		ui_puts(y++, 0, COLS, "ombuds — keys (q or Esc closes this help)",
			ui_attr(UI_EL_TITLE));
	if (line++ >= u->help_top && y < ymax)
		y++;
	for (int a = 1; a < UI_ACTION_COUNT && y < ymax; a++) {
		char keys[128];
		int x;

		if (line++ < u->help_top)
			continue;
		ui_action_keys((enum ui_action)a, keys, sizeof keys);
		x = ui_puts(y, 1, kw, keys[0] ? keys : "(none)", ui_attr(UI_EL_KEY));
		x = x > kw ? kw : x;
		x = 1 + kw + 1;
		x += ui_puts(y, x, COLS - x, ui_action_name((enum ui_action)a),
			     ui_attr(UI_EL_NORMAL));
		x = x < 1 + kw + 1 + 16 ? 1 + kw + 1 + 16 : x + 1;
		ui_puts(y, x, COLS - x, ui_action_help((enum ui_action)a),
			ui_attr(UI_EL_NORMAL));
		y++;
	}
	if (line++ >= u->help_top && y < ymax)
		y++;
	for (size_t i = 0; i < sizeof help_notes / sizeof *help_notes; i++)
		if (line++ >= u->help_top && y < ymax)
			ui_put_wrapped(&y, ymax, 1, COLS - 1, help_notes[i],
				    ui_attr(UI_EL_NORMAL));
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

/* Paints the whole screen. */
void
ui_frame_draw(struct ui *u)
{
	char title[512];

	if (LINES < 1 || COLS < 1)
		return;
	if (u->help) {
		draw_help(u);
	} else if (u->empty || !u->opened) {
		draw_empty(u);
	} else {
		ui_blank(0, 0, COLS, ui_attr(UI_EL_NORMAL));
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
			    !u->compare) {
				ui_vline(0, v->x - 1, LINES - 1, ui_attr(UI_EL_BORDER));
			}
		}
	}
	draw_status(u);
	refresh();
}
