/* ui_config: colours by semantic element (defaults for 8 colours,
 * attributes alone under NO_COLOR or on a monochrome terminal) and the
 * config file's "bind" and "color" lines.  Curses, no SQL. */
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

/* Reads the config file (${XDG_CONFIG_HOME:-~/.config}/ombuds/config):
 * keys are bound at once, colours kept for ui_config_colors.  Problems
 * are written into msg as "config line N: …" (empty when none).  Call
 * after ui_keys_init, before curses starts. */
void ui_config_load(char *msg, size_t msglen);

/* Sets up colour pairs once curses runs; uses attributes alone when
 * NO_COLOR is set or the terminal has no colours. */
void ui_config_colors(void);

/* The curses attributes of element e. */
int ui_attr(enum ui_element e);

#endif
