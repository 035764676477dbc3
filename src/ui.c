/* ui: the browser's frame — opens the store, starts and always restores
 * the terminal, lays the panes out (three side by side from 100 columns,
 * the focused one alone below that, the reader alone when opened, the
 * summaries or the side-by-side view at full width), owns what the panes
 * show (the organisation, the filter, the sort, the search), runs the
 * event loop, and draws the title row, the status line, the help screen
 * and the empty store's screen.  Signal handlers only set a flag; a
 * resize is a KEY_RESIZE and one relayout. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "decision.h"
#include "import.h"
#include "search.h"
#include "store.h"
#include "text.h"
#include "ui.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"
#include "view_compare.h"
#include "view_list.h"
#include "view_orgs.h"
#include "view_reader.h"

/* Three panes side by side from this many columns. */
#define WIDE_COLS 100
/* The organisations pane widens for its statistics from this many. */
#define STATS_COLS 140

/* The three panes side by side, then the side-by-side view, which has
 * the screen to itself. */
enum { PANE_ORGS, PANE_LIST, PANE_READER, PANE_MAIN, PANE_COMPARE = PANE_MAIN,
       PANE_COUNT };

struct ui {
	const struct cli *cli;
	struct store *st;
	struct view pane[PANE_COUNT];
	int opened;             /* the panes are open */
	int focus;
	int zoom;               /* the reader alone, at full width */
	int help;               /* the help screen is up */
	long help_top;
	int empty;              /* no store or no decisions: the import screen */
	char msg[512];          /* shown once on the status line */
	int msg_error;
	struct ui_history goto_hist, search_hist, filter_hist;
	struct search_query *query;  /* the search shown, or NULL */
	char query_text[512];        /* as typed */
	struct search *search;       /* its results in the list */
	struct store_filter search_filter;  /* the organisation, and the filter */
	struct view_scope scope;     /* the filter and the sorts */
	struct search_query *filter; /* the filter as parsed, or NULL */
	char filter_text[256];
	char *before_org;            /* the organisation picked before the search */
	int before_all, before_picked;
	int compare;                 /* the side-by-side view is up */
	int ncompared, stacked;      /* its columns, and whether stacked */
	int summ;                    /* the summaries at full width */
	FILE *trace;
	double t0;              /* when the key being handled was read */
	const char *trace_what; /* what the trace calls its time */
};

static volatile sig_atomic_t got_signal;
static int curses_on;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Restores the terminal; safe to call twice, and from atexit. */
static void
restore_terminal(void)
{
	if (curses_on) {
		curses_on = 0;
		mousemask(0, NULL);
		endwin();
	}
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* ---- the store -------------------------------------------------------- */

__attribute__((format(printf, 3, 4))) static void
message(struct ui *u, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_error = error;
}

static void
close_panes(struct ui *u)
{
	if (!u->opened)
		return;
	for (int i = 0; i < PANE_COUNT; i++)
		if (u->pane[i].ops != NULL)
			u->pane[i].ops->close(&u->pane[i]);
	memset(u->pane, 0, sizeof u->pane);
	u->opened = 0;
}

/* Opens the store read-only.  Returns 0 (u->empty set when there is
 * nothing to show yet), or -1 with the reason in err. */
static int
open_store(struct ui *u, char *err, size_t len)
{
	struct stat sb;
	long n = 0;

	u->empty = 0;
	if (stat(u->cli->db, &sb) < 0 && errno == ENOENT) {
		u->empty = 1;
		return 0;
	}
	if (stat(u->cli->db, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size == 0) {
		u->empty = 1;
		return 0;
	}
	u->st = cli_store_open(u->cli, 0, err, len);
	if (u->st == NULL) {
		/* A store created but never filled. */
		if (strstr(err, "import statements first") != NULL) {
			u->empty = 1;
			return 0;
		}
		return -1;
	}
	if (store_count(u->st, NULL, &n) < 0) {
		snprintf(err, len, "%s", store_error(u->st));
		store_close(u->st);
		u->st = NULL;
		return -1;
	}
	if (n == 0) {
		store_close(u->st);
		u->st = NULL;
		u->empty = 1;
	}
	return 0;
}

/* Shows the decision under the list's cursor in the reader, a search
 * result at its best paragraph. */
static void
follow_list(struct ui *u)
{
	const char *ref = view_list_ref(&u->pane[PANE_LIST]);

	if (view_reader_show(&u->pane[PANE_READER], ref,
			     view_list_para(&u->pane[PANE_LIST])) < 0)
		message(u, 1, "%s", store_error(u->st));
}

/* Forgets the search (the list must no longer show its results). */
static void
drop_search(struct ui *u)
{
	if (u->query == NULL)
		return;
	view_reader_search(&u->pane[PANE_READER], NULL);
	view_compare_search(&u->pane[PANE_COMPARE], NULL);
	if (u->search != NULL)
		search_close(u->search);
	search_query_free(u->query);
	u->search = NULL;
	u->query = NULL;
}

/* Opens the search of u->query over the organisation picked (all when
 * p is NULL) and the filter, and counts its results; returns it or NULL
 * with a message. */
static struct search *
start_search(struct ui *u, const struct view_pick *p, long *total)
{
	struct search *s = search_open(u->st, u->query, u->scope.newest ?
				       SEARCH_ORDER_DATE : SEARCH_ORDER_RANK);

	if (s == NULL) {
		message(u, 1, "%s", "out of memory");
		return NULL;
	}
	u->search_filter = (struct store_filter){ .also = u->scope.filter };
	if (p != NULL && !p->all) {
		u->search_filter.org_is = p->org;
		u->search_filter.no_org = p->org == NULL;
	}
	if (search_filter(s, &u->search_filter) < 0 || search_count(s, total) < 0) {
		message(u, 1, "%s", store_error(u->st));
		search_close(s);
		return NULL;
	}
	return s;
}

/* What changed, for reselect: the organisation picked or an order (the
 * organisations' counts stay), the filter (they are counted again), or the
 * search (counted again, from all organisations). */
enum { SEL_PICK, SEL_RECOUNT, SEL_NEW_SEARCH };

/* Shows what the panes should show now: the organisations counted for
 * the filter (or the search's results), and in the list the picked
 * organisation's decisions (or results). */
static void
reselect(struct ui *u, int how)
{
	struct view *o = &u->pane[PANE_ORGS], *l = &u->pane[PANE_LIST];
	struct search *all = NULL, *s;
	struct view_pick p;
	long total = 0;
	char label[800];

	if (how != SEL_PICK && u->query != NULL) {
		if ((all = start_search(u, NULL, &total)) == NULL)
			return;
		if (view_orgs_load(o, all, how != SEL_NEW_SEARCH) < 0)
			message(u, 1, "%s", store_error(u->st));
	} else if (how != SEL_PICK && view_orgs_load(o, NULL, 1) < 0) {
		message(u, 1, "%s", store_error(u->st));
	}
	view_orgs_pick(o, &p);
	if (u->query == NULL) {
		if (view_list_show(l, &p) < 0)
			message(u, 1, "%s", store_error(u->st));
		follow_list(u);
		return;
	}
	/* The handle that counted all organisations lists them too. */
	s = all;
	if (!p.all || all == NULL) {
		search_close(all);
		if ((s = start_search(u, &p, &total)) == NULL)
			return;
	}
	snprintf(label, sizeof label, "%s%s%s", u->query_text, p.all ? "" : " · ",
		 p.all ? "" : p.org ? p.org : "no organisation");
	if (view_list_search(l, s, label, total) < 0)
		message(u, 1, "%s", store_error(u->st));
	/* The list reads the new handle now. */
	if (u->search != NULL)
		search_close(u->search);
	u->search = s;
	follow_list(u);
	if (total == 0)
		message(u, 0, "no decision matches %s", label);
}

/* Leaves the search results: the list shown before comes back. */
static void
end_search(struct ui *u)
{
	struct view_pick p;

	if (u->query == NULL)
		return;
	if (view_list_unsearch(&u->pane[PANE_LIST]) < 0)
		message(u, 1, "%s", store_error(u->st));
	drop_search(u);
	if (view_orgs_load(&u->pane[PANE_ORGS], NULL, 1) < 0)
		message(u, 1, "%s", store_error(u->st));
	/* Back to the organisation picked before, unless another one was
	 * picked among the results: then that one is listed. */
	view_orgs_pick(&u->pane[PANE_ORGS], &p);
	if (p.all && u->before_picked) {
		p.all = u->before_all;
		p.org = u->before_org;
		view_orgs_select(&u->pane[PANE_ORGS], &p);
		view_orgs_pick(&u->pane[PANE_ORGS], &p);
	}
	free(u->before_org);
	u->before_org = NULL;
	u->before_picked = 0;
	if (!view_list_is(&u->pane[PANE_LIST], &p) &&
	    view_list_show(&u->pane[PANE_LIST], &p) < 0)
		message(u, 1, "%s", store_error(u->st));
	follow_list(u);
}

/* Lists the decisions (or the search's results) of the organisation
 * under the cursor. */
static void
follow_orgs(struct ui *u)
{
	struct view_pick p;

	if (u->query != NULL) {
		reselect(u, SEL_PICK);
		return;
	}
	view_orgs_pick(&u->pane[PANE_ORGS], &p);
	if (view_list_show(&u->pane[PANE_LIST], &p) < 0)
		message(u, 1, "%s", store_error(u->st));
	follow_list(u);
}

/* Opens the panes on the store; returns 0 or -1. */
static int
open_panes(struct ui *u)
{
	if (view_orgs_open(&u->pane[PANE_ORGS], u->st, &u->scope) < 0 ||
	    view_list_open(&u->pane[PANE_LIST], u->st, &u->scope) < 0 ||
	    view_reader_open(&u->pane[PANE_READER], u->st) < 0 ||
	    view_compare_open(&u->pane[PANE_COMPARE], u->st) < 0) {
		u->opened = 1;
		return -1;
	}
	u->opened = 1;
	return 0;
}

static void layout(struct ui *u);
static void draw(struct ui *u);

/* Imports the bundled samples into the store, then opens it. */
static void
import_samples(struct ui *u)
{
	char *paths[1] = { (char *)cli_samples_dir() };
	struct import_stats stats = {0};
	struct import_opts opts = { .store_name = u->cli->db };
	char err[256], *mbuf = NULL;
	size_t mlen = 0;
	struct store *st;
	int rc;

	message(u, 0, "%s", "importing the samples…");
	draw(u);
	st = cli_store_open(u->cli, 1, err, sizeof err);
	if (st == NULL) {
		message(u, 1, "cannot import: %s", err);
		return;
	}
	/* The importer's messages go to the status line, not the screen. */
	opts.err = open_memstream(&mbuf, &mlen);
	if (opts.err == NULL) {
		store_close(st);
		message(u, 1, "%s", "out of memory");
		return;
	}
	rc = import_paths(st, paths, 1, &opts, &stats);
	fclose(opts.err);
	store_close(st);
	if (rc != 0 && mbuf != NULL && *mbuf) {
		mbuf[strcspn(mbuf, "\n")] = '\0';
		message(u, 1, "%s", mbuf);
	} else {
		char n[32];

		message(u, 0, "%s sample decisions imported",
			ui_count(stats.imported + stats.replaced + stats.unchanged,
				 n, sizeof n));
	}
	free(mbuf);
	if (open_store(u, err, sizeof err) < 0) {
		message(u, 1, "%s", err);
		return;
	}
	if (!u->empty && open_panes(u) == 0) {
		follow_orgs(u);
		u->focus = PANE_ORGS;
	}
	layout(u);
}

/* ---- layout and painting ---------------------------------------------- */

static int
wide(void)
{
	return COLS >= WIDE_COLS;
}

/* Nonzero when pane i is on screen. */
static int
visible(const struct ui *u, int i)
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
static void
layout(struct ui *u)
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
		message(u, 0, "the terminal is too narrow for %d columns: "
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
		return "n N hit  [ ] section  / search  q back  ? help";
	if (u->zoom || u->focus == PANE_READER)
		return "[ ] section  y cite  : goto  q back  ? help";
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
		if (visible(u, PANE_READER)) {
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
static void
draw(struct ui *u)
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

			if (!visible(u, i))
				continue;
			v->ops->title(v, title, sizeof title);
			ui_puts(0, v->x, v->w, title,
				ui_attr(focused ? UI_EL_TITLE : UI_EL_BORDER));
			v->ops->draw(v, focused);
			if (i > 0 && i < PANE_MAIN && wide() && !u->zoom && !u->summ &&
			    !u->compare) {
				attrset(ui_attr(UI_EL_BORDER));
				mvvline(0, v->x - 1, ACS_VLINE, LINES - 1);
				attrset(A_NORMAL);
			}
		}
	}
	draw_status(u);
	refresh();
}

/* ---- keys ----------------------------------------------------------- */

static void
redraw_cb(void *arg)
{
	struct ui *u = arg;

	layout(u);
	clear();
	draw(u);
}

/* ":24 023 422 [7]": opens the decision in the reader at paragraph 7. */
static void
goto_ref(struct ui *u)
{
	char line[128] = "", ref[DECISION_REF_MAX], *br;
	int para = 0, rc;

	if (!ui_prompt(":", line, sizeof line, &u->goto_hist, redraw_cb, u,
		       &got_signal))
		return;
	if ((br = strchr(line, '[')) != NULL) {
		para = atoi(br + 1);
		*br = '\0';
	}
	while (*line && line[strlen(line) - 1] == ' ')
		line[strlen(line) - 1] = '\0';
	if (line[0] == '\0' && para > 0 && view_reader_ref(&u->pane[PANE_READER])) {
		snprintf(ref, sizeof ref, "%s", view_reader_ref(&u->pane[PANE_READER]));
	} else if (decision_ref_canon(line + strspn(line, " "),
				      strlen(line + strspn(line, " ")), ref) < 0) {
		message(u, 1, "'%s' is not a reference (e.g. 24 023 422 [7])", line);
		return;
	}
	rc = view_reader_show(&u->pane[PANE_READER], ref, para);
	if (rc < 0) {
		message(u, 1, "%s", store_error(u->st));
	} else if (rc == 0) {
		message(u, 1, "there is no decision %s", ref);
		follow_list(u);
	} else {
		view_list_find(&u->pane[PANE_LIST], ref);
		u->zoom = 1;
		u->compare = 0;
		u->focus = PANE_READER;
		layout(u);
	}
}

/* "/QUERY": the results of the search replace the decision list.  A
 * query that cannot be read is explained and changes nothing. */
static void
search_prompt(struct ui *u)
{
	char line[512] = "";
	struct search_error err;
	struct search_query *q;
	size_t n;

	if (!ui_prompt("/", line, sizeof line, &u->search_hist, redraw_cb, u,
		       &got_signal))
		return;
	u->t0 = now_ms();
	u->trace_what = "search";
	for (n = strlen(line); n > 0 && line[n - 1] == ' '; n--)
		line[n - 1] = '\0';
	if (line[0] == '\0')
		return;
	if ((q = search_parse(line, &err)) == NULL) {
		if (err.column > 0)
			message(u, 1, "%s (at column %d)", err.msg, err.column);
		else
			message(u, 1, "%s", err.msg);
		return;
	}
	/* The old search goes, the list it replaced comes back for the new
	 * one to replace. */
	if (u->search != NULL) {
		view_list_unsearch(&u->pane[PANE_LIST]);
		search_close(u->search);
		u->search = NULL;
	} else if (!u->before_picked) {
		struct view_pick p;

		view_orgs_pick(&u->pane[PANE_ORGS], &p);
		u->before_all = p.all;
		u->before_org = p.org ? strdup(p.org) : NULL;
		u->before_picked = 1;
	}
	view_reader_search(&u->pane[PANE_READER], NULL);
	view_compare_search(&u->pane[PANE_COMPARE], NULL);
	search_query_free(u->query);
	u->query = q;
	snprintf(u->query_text, sizeof u->query_text, "%s", line + strspn(line, " "));
	if (view_reader_search(&u->pane[PANE_READER], q) < 0)
		message(u, 1, "%s", "out of memory");
	reselect(u, SEL_NEW_SEARCH);
	if (u->search == NULL) {
		/* It could not run (the message says why): the list stays. */
		drop_search(u);
		follow_list(u);
	}
	if (u->zoom || u->compare || u->focus != PANE_LIST) {
		u->zoom = u->compare = 0;
		u->focus = PANE_LIST;
		layout(u);
	}
}

/* ---- the filter (f) ---------------------------------------------------- */

/* Candidates for the filter prompt's completion: the fields, then the
 * categories and outcomes in the store, most decisions first. */
struct completion {
	struct store *st;
	char **value[2];        /* categories, outcomes */
	long n[2];
	int loaded;
};

static const char *const filter_fields[] = { "category:", "outcome:", "after:",
					     "before:", "year:" };

static int
add_value(const char *value, long count, void *arg)
{
	struct completion *c = arg;
	int k = c->loaded - 1;
	char **p;

	(void)count;
	if (value == NULL || *value == '\0')
		return 0;
	if ((p = realloc(c->value[k], (size_t)(c->n[k] + 1) * sizeof *p)) == NULL)
		return -1;
	c->value[k] = p;
	if ((p[c->n[k]] = strdup(value)) == NULL)
		return -1;
	c->n[k]++;
	return 0;
}

static void
completion_free(struct completion *c)
{
	for (int k = 0; k < 2; k++) {
		for (long i = 0; i < c->n[k]; i++)
			free(c->value[k][i]);
		free(c->value[k]);
	}
}

/* Nonzero when the folded prefix of s (n bytes) starts the folded t. */
static int
starts_folded(const char *s, size_t n, const char *t)
{
	char *a = text_fold(s, n, NULL), *b = text_fold(t, strlen(t), NULL);
	int r = a != NULL && b != NULL && strncmp(a, b, strlen(a)) == 0;

	free(a);
	free(b);
	return r;
}

/* Tab in the filter prompt: a field name, or a category or outcome of
 * the store as field:"Value". */
static long
complete_filter(char *buf, size_t len, size_t cur, int nth, void *arg)
{
	struct completion *c = arg;
	size_t start = cur, vstart;
	int quoted = 0, k = -1, seen = 0;
	char tail[512], word[512];

	for (size_t i = 0; i < cur; i++)
		if (buf[i] == '"')
			quoted = !quoted;
	while (start > 0 && (quoted || buf[start - 1] != ' ')) {
		if (buf[--start] == '"')
			quoted = !quoted;
	}
	snprintf(tail, sizeof tail, "%s", buf + cur);
	vstart = start + strcspn(buf + start, ":");
	if (vstart >= cur) {
		/* A field name. */
		for (size_t f = 0; f < sizeof filter_fields / sizeof *filter_fields; f++) {
			if (!starts_folded(buf + start, cur - start, filter_fields[f]) ||
			    seen++ < nth)
				continue;
			snprintf(buf + start, len - start, "%s%s", filter_fields[f], tail);
			return (long)(start + strlen(filter_fields[f]));
		}
		return -1;
	}
	if (starts_folded(buf + start, vstart - start, "category") &&
	    vstart - start == 8)
		k = 0;
	else if (starts_folded(buf + start, vstart - start, "outcome") &&
		 vstart - start == 7)
		k = 1;
	if (k < 0)
		return -1;
	if (!c->loaded) {
		for (c->loaded = 1; c->loaded <= 2; c->loaded++)
			if (store_values(c->st, c->loaded == 1 ? STORE_FIELD_CATEGORY :
					 STORE_FIELD_OUTCOME, add_value, c) < 0)
				break;
	}
	vstart++;
	if (vstart < cur && buf[vstart] == '"')
		vstart++;
	snprintf(word, sizeof word, "%.*s", (int)(cur - vstart), buf + vstart);
	if (word[0] != '\0' && word[strlen(word) - 1] == '"')
		word[strlen(word) - 1] = '\0';
	for (long i = 0; i < c->n[k]; i++) {
		const char *v = c->value[k][i];
		size_t at = start + strlen(filter_fields[k]);

		if (!starts_folded(word, strlen(word), v) || seen++ < nth)
			continue;
		snprintf(buf + at, len - at, "\"%s\"%s", v, tail);
		return (long)(at + strlen(v) + 2);
	}
	return -1;
}

/* Sets the filter from text ("" clears it); returns 0, or -1 with a
 * message when it cannot be read. */
static int
set_filter(struct ui *u, const char *text)
{
	struct search_error err;
	struct search_query *q = NULL;
	const struct store_filter *f;

	text += strspn(text, " ");
	if (*text != '\0') {
		if ((q = search_parse(text, &err)) == NULL) {
			if (err.column > 0)
				message(u, 1, "filter: %s (at column %d)", err.msg,
					err.column);
			else
				message(u, 1, "filter: %s", err.msg);
			return -1;
		}
		f = search_query_filter(q);
		if (search_query_match(q) != NULL || (f->org && *f->org) ||
		    (f->ref && *f->ref)) {
			search_query_free(q);
			message(u, 1, "%s", "filter: only category:, outcome:, after:, "
				"before: and year: (words go in a search, /)");
			return -1;
		}
	}
	search_query_free(u->filter);
	u->filter = q;
	u->scope.filter = q ? search_query_filter(q) : NULL;
	snprintf(u->filter_text, sizeof u->filter_text, "%s", q ? text : "");
	reselect(u, SEL_RECOUNT);
	return 0;
}

/* "f": reads a filter, with Tab completion. */
static void
filter_prompt(struct ui *u)
{
	struct completion c = { .st = u->st };
	char line[256];

	snprintf(line, sizeof line, "%s", u->filter_text);
	if (ui_prompt_complete("filter (Tab completes): ", line, sizeof line,
			       &u->filter_hist, complete_filter, &c, redraw_cb, u,
			       &got_signal)) {
		u->t0 = now_ms();
		u->trace_what = "filter";
		set_filter(u, line);
	}
	completion_free(&c);
}

/* "s": the next order of the list, or of the search's results. */
static void
next_sort(struct ui *u)
{
	static const enum store_sort next[] = {
		[STORE_SORT_DATE] = STORE_SORT_OLDEST,
		[STORE_SORT_OLDEST] = STORE_SORT_REF,
		[STORE_SORT_REF] = STORE_SORT_ORG,
		[STORE_SORT_ORG] = STORE_SORT_OUTCOME,
		[STORE_SORT_OUTCOME] = STORE_SORT_DATE,
	};

	if (u->query != NULL)
		u->scope.newest = !u->scope.newest;
	else
		u->scope.sort = next[u->scope.sort];
	reselect(u, SEL_PICK);
}

/* ---- marks, side by side, citation ----------------------------------- */

/* "Space": marks or unmarks the decision under the list's cursor. */
static void
mark(struct ui *u)
{
	const char *const *refs;
	int rc = view_list_mark(&u->pane[PANE_LIST]), n;

	n = view_list_marks(&u->pane[PANE_LIST], &refs);
	if (rc < 0)
		message(u, 1, "%s", "out of memory");
	else
		message(u, 0, "%s %s · %d marked%s", rc ? "marked" : "unmarked",
			view_list_ref(&u->pane[PANE_LIST]) ?
			view_list_ref(&u->pane[PANE_LIST]) : "", n,
			n >= 2 && n <= 4 ? " · c compares them" : "");
	/* The next decision, to mark a run of them quickly. */
	if (u->pane[PANE_LIST].ops->action(&u->pane[PANE_LIST], UI_ACTION_DOWN) &
	    VIEW_CHANGED)
		follow_list(u);
}

/* "c": the marked decisions side by side; with one marked, it and the
 * decision in the reader. */
static void
compare(struct ui *u)
{
	const char *const *marks;
	const char *refs[4];
	const char *shown = view_reader_ref(&u->pane[PANE_READER]);
	int n = view_list_marks(&u->pane[PANE_LIST], &marks), rc;

	if (n == 1 && shown != NULL && strcmp(marks[0], shown) != 0) {
		refs[0] = marks[0];
		refs[1] = shown;
		n = 2;
	} else if (n < 2 || n > 4) {
		message(u, 1, "mark 2 to 4 decisions with Space to compare them "
			"(%d marked)", n);
		return;
	} else {
		memcpy(refs, marks, (size_t)n * sizeof *refs);
	}
	rc = view_compare_show(&u->pane[PANE_COMPARE], refs, n, u->query);
	if (rc < 0) {
		message(u, 1, "%s", store_error(u->st));
	} else if (rc == 0) {
		message(u, 1, "%s", "a marked decision is no longer in the store");
	} else {
		u->compare = 1;
		u->ncompared = n;
		u->stacked = 0;
		layout(u);
	}
}

/* Writes s to the terminal's clipboard by OSC 52; returns 0 or -1. */
static int
osc52(const char *s)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), j = 0;
	char *out = malloc((n + 2) / 3 * 4 + 16);
	const unsigned char *p = (const unsigned char *)s;

	if (out == NULL)
		return -1;
	j += (size_t)sprintf(out, "\033]52;c;");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);

		out[j++] = b64[v >> 18 & 63];
		out[j++] = b64[v >> 12 & 63];
		out[j++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[j++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[j++] = '\a';
	/* Straight to the terminal, between two screens curses wrote. */
	fwrite(out, 1, j, stdout);
	fflush(stdout);
	free(out);
	return 0;
}

/* "y": copies "Organisation (reference) at [n]" and the paragraph. */
static void
cite(struct ui *u)
{
	const struct decision *d = view_reader_decision(&u->pane[PANE_READER]);
	int n = view_reader_para(&u->pane[PANE_READER]);
	char *c;

	if (d == NULL || !visible(u, PANE_READER)) {
		message(u, 1, "%s", "no decision in the reader to cite");
		return;
	}
	if ((c = decision_cite(d, n)) == NULL) {
		message(u, 1, "%s", "this decision has no numbered paragraph to cite");
		return;
	}
	refresh();
	if (osc52(c) < 0) {
		message(u, 1, "%s", "out of memory");
	} else {
		c[strcspn(c, "\n")] = '\0';
		message(u, 0, "copied to the clipboard: %s", c);
	}
	free(c);
}

/* n or N: the reader's next or previous hit, from any pane. */
static void
step_hit(struct ui *u, enum ui_action a)
{
	struct view *r = &u->pane[PANE_READER];
	long cur, n, now;

	if (u->search == NULL) {
		message(u, 0, "%s", "no search: press / to search");
		return;
	}
	view_reader_hits(r, &cur, &n);
	if (n == 0) {
		message(u, 0, "%s", "no hits in this decision");
		return;
	}
	if (!visible(u, PANE_READER)) {
		/* The hit is worth seeing: the reader comes up. */
		u->zoom = 1;
		u->focus = PANE_READER;
		layout(u);
	}
	r->ops->action(r, a);
	view_reader_hits(r, &now, &n);
	if (now == cur)
		message(u, 0, "%s", a == UI_ACTION_NEXT_HIT ? "no more hits below" :
			"no more hits above");
}

/* Enter in the side-by-side view: the focused column's decision alone. */
static void
open_compared(struct ui *u)
{
	const char *ref = view_compare_ref(&u->pane[PANE_COMPARE]);
	int rc = ref ? view_reader_show(&u->pane[PANE_READER], ref, 0) : 0;

	if (rc < 0) {
		message(u, 1, "%s", store_error(u->st));
		return;
	}
	if (rc == 0)
		return;
	view_list_find(&u->pane[PANE_LIST], ref);
	u->compare = 0;
	u->zoom = 1;
	u->focus = PANE_READER;
	layout(u);
}

/* Routes one action; returns 1 to quit. */
static int
act(struct ui *u, enum ui_action a)
{
	struct view *v = &u->pane[u->focus];
	int f;

	if (u->help) {
		switch (a) {
		case UI_ACTION_BACK: case UI_ACTION_HELP: u->help = 0; break;
		case UI_ACTION_QUIT: return 1;
		case UI_ACTION_UP: u->help_top--; break;
		case UI_ACTION_DOWN: u->help_top++; break;
		case UI_ACTION_PAGE_UP: case UI_ACTION_HALF_UP: u->help_top -= LINES / 2; break;
		case UI_ACTION_PAGE_DOWN: case UI_ACTION_HALF_DOWN: u->help_top += LINES / 2; break;
		case UI_ACTION_TOP: u->help_top = 0; break;
		default: break;
		}
		return 0;
	}
	switch (a) {
	case UI_ACTION_QUIT:
		return 1;
	case UI_ACTION_HELP:
		u->help = 1;
		u->help_top = 0;
		return 0;
	case UI_ACTION_REDRAW:
		clear();
		return 0;
	case UI_ACTION_IMPORT_SAMPLES:
		if (u->empty)
			import_samples(u);
		return 0;
	default:
		break;
	}
	if (u->empty || !u->opened)
		return a == UI_ACTION_BACK;
	if (u->compare) {
		v = &u->pane[PANE_COMPARE];
		switch (a) {
		case UI_ACTION_BACK:
			u->compare = 0;
			layout(u);
			return 0;
		case UI_ACTION_NEXT_HIT:
		case UI_ACTION_PREV_HIT:
		case UI_ACTION_CITE:
		case UI_ACTION_MARK:
			message(u, 0, "%s", "open a column alone with Enter first");
			return 0;
		case UI_ACTION_OPEN:
			if (v->ops->action(v, a) & VIEW_OPEN)
				open_compared(u);
			return 0;
		case UI_ACTION_GOTO: case UI_ACTION_SEARCH: case UI_ACTION_FILTER:
		case UI_ACTION_CLEAR_FILTER: case UI_ACTION_SUMMARIES:
		case UI_ACTION_COMPARE:
			u->compare = 0;
			layout(u);
			break;
		default:
			v->ops->action(v, a);
			return 0;
		}
	}
	switch (a) {
	case UI_ACTION_BACK:
		if (u->zoom) {
			u->zoom = 0;
			u->focus = PANE_LIST;
			layout(u);
		} else if (u->summ) {
			u->summ = 0;
			view_list_summaries(&u->pane[PANE_LIST], 0);
			u->focus = PANE_LIST;
			layout(u);
		} else if (u->search != NULL && u->focus <= PANE_LIST) {
			end_search(u);
		} else if (u->focus > PANE_ORGS) {
			u->focus--;
		} else {
			return 1;
		}
		return 0;
	case UI_ACTION_NEXT_PANE:
	case UI_ACTION_PREV_PANE:
		if (u->zoom || u->summ) {
			u->zoom = 0;
			u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
			layout(u);
		}
		u->focus = (u->focus + (a == UI_ACTION_NEXT_PANE ? 1 : PANE_MAIN - 1)) %
			   PANE_MAIN;
		return 0;
	case UI_ACTION_MARK:
		if (visible(u, PANE_LIST) && u->focus == PANE_LIST)
			mark(u);
		else
			message(u, 0, "%s", "Space marks the decision under the cursor "
				"in the decision list");
		return 0;
	case UI_ACTION_COMPARE:
		compare(u);
		return 0;
	case UI_ACTION_SUMMARIES:
		u->summ = view_list_summaries(&u->pane[PANE_LIST], !u->summ);
		u->zoom = 0;
		u->focus = PANE_LIST;
		layout(u);
		return 0;
	case UI_ACTION_FILTER:
		filter_prompt(u);
		return 0;
	case UI_ACTION_CLEAR_FILTER:
		if (u->filter == NULL)
			message(u, 0, "%s", "no filter to clear: f sets one");
		else if (set_filter(u, "") == 0)
			message(u, 0, "%s", "filter cleared");
		return 0;
	case UI_ACTION_SORT:
		next_sort(u);
		return 0;
	case UI_ACTION_STATISTICS:
		v = &u->pane[PANE_ORGS];
		if (!visible(u, PANE_ORGS)) {
			u->zoom = 0;
			u->summ = view_list_summaries(&u->pane[PANE_LIST], 0);
			u->focus = PANE_ORGS;
		}
		v->ops->action(v, a);
		layout(u);
		return 0;
	case UI_ACTION_CITE:
		cite(u);
		return 0;
	case UI_ACTION_GOTO:
		goto_ref(u);
		return 0;
	case UI_ACTION_SEARCH:
		search_prompt(u);
		return 0;
	case UI_ACTION_NEXT_HIT:
	case UI_ACTION_PREV_HIT:
		step_hit(u, a);
		return 0;
	case UI_ACTION_PREV_SECTION:
	case UI_ACTION_NEXT_SECTION:
	case UI_ACTION_PREV_PARA:
	case UI_ACTION_NEXT_PARA:
		/* The reader's keys work from the list too. */
		if (!u->summ)
			v = &u->pane[PANE_READER];
		break;
	default:
		break;
	}
	f = v->ops->action(v, a);
	if (f & VIEW_CHANGED) {
		if (v == &u->pane[PANE_ORGS])
			follow_orgs(u);
		else if (v == &u->pane[PANE_LIST])
			follow_list(u);
	}
	if (f & VIEW_OPEN) {
		if (u->focus == PANE_ORGS) {
			u->focus = PANE_LIST;
		} else if (u->focus == PANE_LIST) {
			u->zoom = 1;
			u->focus = PANE_READER;
			layout(u);
		} else {
			u->zoom = !u->zoom;
			layout(u);
		}
	}
	return 0;
}

/* A mouse event: a click focuses and selects, the wheel scrolls. */
static void
mouse(struct ui *u)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || !u->opened || u->empty)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		struct view *v = &u->pane[i];
		int f;

		if (!visible(u, i) || ev.x < v->x || ev.x >= v->x + v->w ||
		    ev.y < v->y || ev.y >= v->y + v->h)
			continue;
		if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
			for (int k = 0; k < 3; k++)
				f = v->ops->action(v, ev.bstate & BUTTON4_PRESSED ?
						   UI_ACTION_UP : UI_ACTION_DOWN);
			if (i == PANE_ORGS)
				follow_orgs(u);
			else if (i == PANE_LIST)
				follow_list(u);
			return;
		}
		u->focus = i;
		f = v->ops->click(v, ev.y - v->y);
		if (f & VIEW_CHANGED) {
			if (i == PANE_ORGS)
				follow_orgs(u);
			else if (i == PANE_LIST)
				follow_list(u);
		}
		return;
	}
}

/* The key just read, as the keymap names it. */
static int
read_key(int *key)
{
	wint_t wc;
	int r = get_wch(&wc);

	if (r == ERR)
		return -1;
	*key = r == KEY_CODE_YES ? (int)(UI_KEY_FN | (int)wc) : (int)wc;
	return 0;
}

/* Reads keys and repaints until the user quits or a signal comes.  With
 * a trace file, writes how long each screen took: from the start, from
 * the key read, or for a search from the prompt's Enter. */
static void
loop(struct ui *u)
{
	const char *action = "";

	u->trace_what = "first-screen";
	for (;;) {
		enum ui_action a;
		int key;

		draw(u);
		if (u->trace != NULL) {
			fprintf(u->trace, "%s %.2f ms %s\n", u->trace_what,
				now_ms() - u->t0, action);
			fflush(u->trace);
		}
		do {
			if (got_signal)
				return;
		} while (read_key(&key) < 0);
		u->t0 = now_ms();
		u->trace_what = "key";
		action = "";
		/* A resize keeps the message: curses reports it after the
		 * keys before it, whose message it would wipe. */
		if (key == (UI_KEY_FN | KEY_RESIZE)) {
			layout(u);
			clear();
			continue;
		}
		u->msg[0] = '\0';
		if (key == (UI_KEY_FN | KEY_MOUSE)) {
			mouse(u);
			continue;
		}
		a = ui_keys_action(key);
		action = a != UI_ACTION_NONE ? ui_action_name(a) : "";
		if (act(u, a))
			return;
	}
}

int
ui_run(const struct cli *c)
{
	struct ui u = { .cli = c, .t0 = now_ms() };
	char err[512], config_msg[256];
	struct sigaction sa;
	const char *trace = getenv("OMBUDS_TRACE");
	int sig;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ombuds: the browser needs a terminal; "
				"try 'ombuds list' or 'ombuds --help'\n");
		return CLI_USAGE;
	}
	u.scope.filter_text = u.filter_text;
	ui_keys_init();
	ui_config_load(config_msg, sizeof config_msg);
	if (open_store(&u, err, sizeof err) < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, err);
		ui_keys_free();
		return CLI_FAILED;
	}
	if (trace != NULL && *trace != '\0')
		u.trace = fopen(trace, "a");
	if (!u.empty && open_panes(&u) < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(u.st));
		close_panes(&u);
		store_close(u.st);
		ui_keys_free();
		return CLI_FAILED;
	}
	snprintf(u.msg, sizeof u.msg, "%s", config_msg);
	u.msg_error = config_msg[0] != '\0';

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(restore_terminal);

	set_escdelay(25);
	if (initscr() == NULL) {
		fprintf(stderr, "ombuds: cannot start the terminal\n");
		return CLI_FAILED;
	}
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Short, so that a signal or a resize is seen at once even when
	 * curses goes back to waiting after an interrupted read. */
	timeout(100);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	ui_config_colors();

	if (u.opened) {
		layout(&u);
		follow_orgs(&u);
	}
	loop(&u);

	restore_terminal();
	sig = got_signal;
	close_panes(&u);
	if (u.search != NULL)
		search_close(u.search);
	search_query_free(u.query);
	store_close(u.st);
	ui_history_free(&u.goto_hist);
	ui_history_free(&u.search_hist);
	ui_history_free(&u.filter_hist);
	search_query_free(u.filter);
	free(u.before_org);
	ui_keys_free();
	if (u.trace)
		fclose(u.trace);
	if (sig) {
		/* Die of the signal, as the shell expects, with the terminal
		 * already restored. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return CLI_OK;
}
