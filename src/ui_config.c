/* ui_config: the config file and the colours of the browser's elements. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui_config.h"
#include "ui_keys.h"

struct style {
	int fg, bg;
	int cattr, mattr;   /* attributes with colour, and without */
	int user_attr;      /* set by the config: replaces both */
};

static const struct {
	const char *name;
	struct style style;
} defaults[UI_EL_COUNT] = {
#define UI_ELEMENT_ROW(id, n, f, b, ca, ma) \
	[UI_EL_##id] = { .name = n, .style = { .fg = f, .bg = b, .cattr = ca, .mattr = ma, .user_attr = -1 } },
	UI_ELEMENTS(UI_ELEMENT_ROW)
#undef UI_ELEMENT_ROW
};

static struct style styles[UI_EL_COUNT];
static int attrs[UI_EL_COUNT];
static int loaded;

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* The options of "set" lines, at their defaults until the file is read. */
static struct ui_options options = {
	.org_pane = 1, .org_pane_width = 0, .reader_width = 100,
};

/* Reads a colour: a name, "brightNAME" (8 to 15, as neomutt and tig
 * name them), "default", "colorN" or N.  Returns 0 or -1. */
static int
parse_color(const char *s, int *c)
{
	char *end;
	long n;

	if (strcasecmp(s, "default") == 0) {
		*c = -1;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			*c = i;
			return 0;
		}
		if (strncasecmp(s, "bright", 6) == 0 &&
		    strcasecmp(s + 6, color_names[i]) == 0) {
			*c = i + 8;
			return 0;
		}
	}
	if (strncasecmp(s, "color", 5) == 0)
		s += 5;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 0 || n > 255)
		return -1;
	*c = (int)n;
	return 0;
}

/* Reads an attribute name; returns it, or -1. */
static int
parse_attr(const char *s)
{
	static const struct {
		const char *name;
		int attr;
	} names[] = {
		{ "normal", 0 }, { "bold", A_BOLD }, { "underline", A_UNDERLINE },
		{ "reverse", A_REVERSE }, { "dim", A_DIM }, { "blink", A_BLINK },
		{ "standout", A_STANDOUT }, { "italic", A_ITALIC },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].attr;
	return -1;
}

/* The path of the config file being read, for the problems' lines. */
static char config_path[4096];

/* Appends one problem to msg as a line of its own, "FILE:LINE: what is
 * wrong"; one that no longer fits is counted, and the last line says how
 * many were left out. */
static void
complain(char *msg, size_t len, int *nbad, int line, const char *what,
	 const char *word)
{
	size_t used = strlen(msg);
	char one[4096 + 256];

	++*nbad;
	snprintf(one, sizeof one, "%s:%d: %s '%s'\n", config_path, line, what,
		 word);
	if (used + strlen(one) + 40 < len)
		snprintf(msg + used, len - used, "%s", one);
	else if (strstr(msg, "more problems") == NULL)
		snprintf(msg + used, len - used, "(more problems: see "
			 "ombuds --check-config)\n");
}

/* Reads an on/off value: 1, 0, or -1. */
static int
parse_bool(const char *s)
{
	if (strcasecmp(s, "on") == 0 || strcasecmp(s, "yes") == 0 ||
	    strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return 1;
	if (strcasecmp(s, "off") == 0 || strcasecmp(s, "no") == 0 ||
	    strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return 0;
	return -1;
}

/* Reads a width between lo and hi (0 also, meaning "automatic" or "the
 * whole screen"): the width, or -1. */
static int
parse_width(const char *s, int lo, int hi)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || (n != 0 && (n < lo || n > hi)))
		return -1;
	return (int)n;
}

/* Applies one "set OPTION VALUE" line. */
static void
set_line(char **w, int nw, int line, char *msg, size_t len, int *nbad)
{
	int v;

	if (nw != 3) {
		complain(msg, len, nbad, line, "set needs OPTION VALUE, not",
			 nw > 1 ? w[1] : "");
		return;
	}
	if (strcmp(w[1], "org-pane") == 0) {
		if ((v = parse_bool(w[2])) < 0)
			complain(msg, len, nbad, line, "org-pane is on or off, not",
				 w[2]);
		else
			options.org_pane = v;
	} else if (strcmp(w[1], "org-pane-width") == 0) {
		if ((v = parse_width(w[2], 10, 100)) < 0)
			complain(msg, len, nbad, line,
				 "org-pane-width is 10 to 100 (0: automatic), not",
				 w[2]);
		else
			options.org_pane_width = v;
	} else if (strcmp(w[1], "reader-width") == 0) {
		if ((v = parse_width(w[2], 40, 1000)) < 0)
			complain(msg, len, nbad, line,
				 "reader-width is 40 or more (0: the whole screen), not",
				 w[2]);
		else
			options.reader_width = v;
	} else {
		complain(msg, len, nbad, line, "unknown option", w[1]);
	}
}

/* Applies one "color ELEMENT FG BG [ATTR…]" line. */
static void
color_line(char **w, int nw, int line, char *msg, size_t len, int *nbad)
{
	int e, fg, bg, attr = 0;

	if (nw < 4) {
		complain(msg, len, nbad, line, "color needs ELEMENT FG BG, not",
			 nw > 1 ? w[1] : "");
		return;
	}
	for (e = 0; e < UI_EL_COUNT; e++)
		if (strcmp(w[1], defaults[e].name) == 0)
			break;
	if (e == UI_EL_COUNT) {
		complain(msg, len, nbad, line, "unknown element", w[1]);
		return;
	}
	if (parse_color(w[2], &fg) < 0) {
		complain(msg, len, nbad, line, "unknown colour", w[2]);
		return;
	}
	if (parse_color(w[3], &bg) < 0) {
		complain(msg, len, nbad, line, "unknown colour", w[3]);
		return;
	}
	for (int i = 4; i < nw; i++) {
		int a = parse_attr(w[i]);

		if (a < 0) {
			complain(msg, len, nbad, line, "unknown attribute", w[i]);
			return;
		}
		attr |= a;
	}
	styles[e].fg = fg;
	styles[e].bg = bg;
	styles[e].user_attr = attr;
}

int
ui_config_path(char *path, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		snprintf(path, len, "%s/ombuds/config", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(path, len, "%s/.config/ombuds/config", home);
	else
		return -1;
	return 0;
}

int
ui_config_load(char *msg, size_t msglen)
{
	char buf[1024];
	int line = 0, nbad = 0;
	FILE *f;

	msg[0] = '\0';
	for (int e = 0; e < UI_EL_COUNT; e++)
		styles[e] = defaults[e].style;
	loaded = 1;
	if (ui_config_path(config_path, sizeof config_path) < 0 ||
	    (f = fopen(config_path, "r")) == NULL)
		return 0;
	while (fgets(buf, sizeof buf, f) != NULL) {
		char *w[12], *save, *tok;
		int nw = 0, bad;

		line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		for (tok = strtok_r(buf, " \t", &save); tok != NULL && nw < 12;
		     tok = strtok_r(NULL, " \t", &save)) {
			if (tok[0] == '#')
				break;
			w[nw++] = tok;
		}
		if (nw == 0)
			continue;
		if (strcmp(w[0], "bind") == 0) {
			if (nw != 3)
				complain(msg, msglen, &nbad, line,
					 "bind needs KEY ACTION, not", nw > 1 ? w[1] : "");
			else if (ui_keys_bind(w[1], w[2], &bad) < 0)
				complain(msg, msglen, &nbad, line,
					 bad ? "unknown action" : "unknown key",
					 bad ? w[2] : w[1]);
		} else if (strcmp(w[0], "color") == 0 ||
			   strcmp(w[0], "colour") == 0) {
			color_line(w, nw, line, msg, msglen, &nbad);
		} else if (strcmp(w[0], "set") == 0) {
			set_line(w, nw, line, msg, msglen, &nbad);
		} else {
			complain(msg, msglen, &nbad, line, "unknown command", w[0]);
		}
	}
	fclose(f);
	return nbad;
}

const struct ui_options *
ui_config_options(void)
{
	return &options;
}

void
ui_config_colors(void)
{
	const char *no_color = getenv("NO_COLOR");
	int color = has_colors() && !(no_color != NULL && *no_color != '\0');

	if (!loaded)
		for (int e = 0; e < UI_EL_COUNT; e++)
			styles[e] = defaults[e].style;
	if (color) {
		start_color();
		use_default_colors();
	}
	for (int e = 0; e < UI_EL_COUNT; e++) {
		const struct style *s = &styles[e];
		int a;

		if (!color) {
			attrs[e] = s->user_attr >= 0 ? s->user_attr : s->mattr;
			continue;
		}
		a = s->user_attr >= 0 ? s->user_attr : s->cattr;
		if ((s->fg >= 0 || s->bg >= 0) && e + 1 < COLOR_PAIRS &&
		    s->fg < COLORS && s->bg < COLORS) {
			init_pair((short)(e + 1), (short)s->fg, (short)s->bg);
			a |= (int)COLOR_PAIR(e + 1);
		} else if (s->fg >= COLORS || s->bg >= COLORS) {
			a |= s->mattr;
		}
		attrs[e] = a;
	}
}

int
ui_attr(enum ui_element e)
{
	return attrs[e];
}
