/* ui_config: colours by semantic element (defaults for 8 colours,
 * attributes alone under NO_COLOR or on a monochrome terminal) and the
 * config file's "bind", "color" and "set" lines.  Curses, no SQL. */
#ifndef OMBUDS_UI_CONFIG_H
#define OMBUDS_UI_CONFIG_H

#include <stddef.h>

/* X(ID, name, foreground, background, colour attributes, mono attributes);
 * colours as curses numbers, -1 for the terminal's default. */
#define UI_ELEMENTS(X) \
	X(NORMAL, "normal", -1, -1, 0, 0) \
	X(TITLE, "title", COLOR_CYAN, -1, A_BOLD, A_BOLD) \
	X(CURSOR, "cursor", COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE) \
	X(CURSOR_IDLE, "cursor-idle", -1, -1, A_REVERSE, A_UNDERLINE) \
	X(BORDER, "border", COLOR_BLUE, -1, 0, 0) \
	X(STATUS, "status", COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE) \
	X(MESSAGE, "message", COLOR_YELLOW, -1, A_BOLD, A_BOLD) \
	X(ERROR, "error", COLOR_RED, -1, A_BOLD, A_BOLD) \
	X(DATE, "date", COLOR_GREEN, -1, 0, 0) \
	X(REF, "reference", COLOR_YELLOW, -1, 0, 0) \
	X(COUNTS, "count", COLOR_GREEN, -1, 0, A_DIM) \
	X(HEADING, "heading", COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE) \
	X(PARANUM, "paragraph-number", COLOR_CYAN, -1, 0, A_BOLD) \
	X(META, "metadata", COLOR_GREEN, -1, 0, 0) \
	X(HIT, "hit", COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD) \
	X(PROMPT, "prompt", COLOR_CYAN, -1, A_BOLD, A_BOLD) \
	X(KEY, "key", COLOR_YELLOW, -1, A_BOLD, A_BOLD) \
	X(MARK, "mark", COLOR_MAGENTA, -1, A_BOLD, A_BOLD)

enum ui_element {
#define UI_ELEMENT_ENUM(id, name, fg, bg, ca, ma) UI_EL_##id,
	UI_ELEMENTS(UI_ELEMENT_ENUM)
#undef UI_ELEMENT_ENUM
	UI_EL_COUNT
};

/* The options of the config file's "set" lines. */
struct ui_options {
	int org_pane;        /* the organisations pane shows when there is room */
	int org_pane_width;  /* its width in columns; 0: from its content */
	int reader_width;    /* the full-width reader's prose; 0: the screen */
};

/* Writes the config file's path into path; returns 0, or -1 when there
 * is no home to find it in. */
int ui_config_path(char *path, size_t len);

/* Reads the config file (${XDG_CONFIG_HOME:-~/.config}/ombuds/config):
 * keys are bound at once, colours kept for ui_config_colors, "set"
 * options for ui_config_options.  Every problem is written into msg as a
 * line "FILE:LINE: …\n" (empty when none); returns their number.
 * Call after ui_keys_init, before curses starts. */
int ui_config_load(char *msg, size_t msglen);

/* The options as the config file left them. */
const struct ui_options *ui_config_options(void);

/* Sets up colour pairs once curses runs; uses attributes alone when
 * NO_COLOR is set or the terminal has no colours. */
void ui_config_colors(void);

/* The curses attributes of element e. */
int ui_attr(enum ui_element e);

#endif
