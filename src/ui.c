/* ui: the browser's top — starts and always restores the terminal,
 * installs the signal handlers (they only set a flag; a resize is a
 * KEY_RESIZE and one relayout), reads keys, runs the event loop and
 * ui_run.  What the panes show is ui_state.c's, the layout and the
 * painting ui_frame.c's, the actions ui_action.c's. */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "search.h"
#include "store.h"
#include "ui.h"
#include "ui_config.h"
#include "ui_int.h"
#include "ui_keys.h"
#include "ui_prompt.h"
#include "view.h"

volatile sig_atomic_t ui_got_signal;
static int curses_on;

static void
on_signal(int sig)
{
	ui_got_signal = sig;
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

double
ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
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

		ui_frame_draw(u);
		if (u->trace != NULL) {
			fprintf(u->trace, "%s %.2f ms %s\n", u->trace_what,
				ui_now_ms() - u->t0, action);
			fflush(u->trace);
		}
		do {
			if (ui_got_signal)
				return;
		} while (ui_keys_read(&key) < 0);
		u->t0 = ui_now_ms();
		u->trace_what = "key";
		action = "";
		/* A resize keeps the message: curses reports it after the
		 * keys before it, whose message it would wipe. */
		if (key == (UI_KEY_FN | KEY_RESIZE)) {
			ui_frame_layout(u);
			clear();
			continue;
		}
		u->msg[0] = '\0';
		if (key == (UI_KEY_FN | KEY_MOUSE)) {
			ui_mouse(u);
			continue;
		}
		a = ui_keys_action(key);
		action = a != UI_ACTION_NONE ? ui_action_name(a) : "";
		/* "quit?": y, q or Q quit, any other key stays. */
		if (u->quit_ask) {
			u->quit_ask = 0;
			if (key == 'y' || key == 'Y' || a == UI_ACTION_QUIT ||
			    (a == UI_ACTION_BACK && key != UI_KEY_ESC))
				return;
			continue;
		}
		/* The config file's problems stay until dismissed. */
		if (u->config_msg[0] != '\0' &&
		    a == UI_ACTION_BACK) {
			u->config_msg[0] = '\0';
			continue;
		}
		if (ui_act(u, a))
			return;
	}
}

int
ui_check_config(void)
{
	char path[4096], msg[8192];
	int n;

	if (ui_config_path(path, sizeof path) < 0) {
		fprintf(stderr, "ombuds: no config file: set HOME or "
				"XDG_CONFIG_HOME\n");
		return CLI_USAGE;
	}
	if (access(path, F_OK) != 0) {
		printf("%s: no such file; the defaults apply\n", path);
		return CLI_OK;
	}
	ui_keys_init();
	n = ui_config_load(msg, sizeof msg);
	ui_keys_free();
	if (n == 0) {
		printf("%s: no problems\n", path);
		return CLI_OK;
	}
	/* In the house form of messages: "ombuds: FILE:LINE: what is wrong". */
	for (const char *p = msg; *p != '\0';) {
		size_t len = strcspn(p, "\n");

		fprintf(stderr, "ombuds: %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	fprintf(stderr, "ombuds: %s: %d problem%s\n", path, n, n == 1 ? "" : "s");
	return CLI_FAILED;
}

int
ui_run(const struct cli *c)
{
	struct ui u = { .cli = c, .t0 = ui_now_ms() };
	char err[512];
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
	ui_config_load(u.config_msg, sizeof u.config_msg);
	if (ui_open_store(&u, err, sizeof err) < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, err);
		ui_keys_free();
		return CLI_FAILED;
	}
	if (trace != NULL && *trace != '\0')
		u.trace = fopen(trace, "a");
	if (!u.empty && ui_open_panes(&u) < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(u.st));
		ui_close_panes(&u);
		store_close(u.st);
		ui_keys_free();
		return CLI_FAILED;
	}

	/* The organisations pane hidden by the config: the list first. */
	u.orgs_off = !ui_config_options()->org_pane;
	if (u.orgs_off)
		u.focus = PANE_LIST;

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
		ui_frame_layout(&u);
		ui_follow_orgs(&u);
	}
	loop(&u);

	restore_terminal();
	sig = ui_got_signal;
	ui_close_panes(&u);
	if (u.search != NULL)
		search_close(u.search);
	search_query_free(u.query);
	store_close(u.st);
	ui_history_free(&u.goto_hist);
	ui_history_free(&u.search_hist);
	ui_history_free(&u.filter_hist);
	ui_history_free(&u.find_hist);
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
