/* ui_keys: the browser's actions, defined once (name, default keys, help
 * text), the keymap built from them, key names for the config file, and
 * the help screen's text.  Curses key codes, no SQL. */
#ifndef OMBUDS_UI_KEYS_H
#define OMBUDS_UI_KEYS_H

#include <stddef.h>

/* X(ID, name, default keys separated by spaces, help text) */
#define UI_ACTIONS(X) \
	X(UP, "up", "Up k", "move up one line") \
	X(DOWN, "down", "Down j", "move down one line") \
	X(PAGE_UP, "page-up", "PgUp C-b", "move up one page") \
	X(PAGE_DOWN, "page-down", "PgDn C-f", "move down one page") \
	X(HALF_UP, "half-up", "C-u", "move up half a page") \
	X(HALF_DOWN, "half-down", "C-d", "move down half a page") \
	X(TOP, "top", "g Home", "go to the first line") \
	X(BOTTOM, "bottom", "G End", "go to the last line") \
	X(NEXT_PANE, "next-pane", "Tab Right l", "focus the next pane") \
	X(PREV_PANE, "prev-pane", "S-Tab Left h", "focus the previous pane") \
	X(OPEN, "open", "Enter", "open the decision in the reader at full width") \
	X(BACK, "back", "q Esc", "go back; at the top level, ask before quitting") \
	X(QUIT, "quit", "Q", "quit at once") \
	X(PREV_SECTION, "prev-section", "[", "reader: previous section") \
	X(NEXT_SECTION, "next-section", "]", "reader: next section") \
	X(PREV_PARA, "prev-paragraph", "{", "reader: previous paragraph") \
	X(NEXT_PARA, "next-paragraph", "}", "reader: next paragraph") \
	X(GOTO, "goto", ":", "go to a reference, e.g. :24 023 422 [7]") \
	X(SEARCH, "search", "/", "search all decisions; in the reader, find in the decision") \
	X(NEXT_HIT, "next-hit", "n", "reader: next search hit") \
	X(PREV_HIT, "prev-hit", "N", "reader: previous search hit") \
	X(MARK, "mark", "Space", "decisions: mark or unmark for comparing") \
	X(COMPARE, "compare", "c", "read the marked decisions side by side (2 to 4)") \
	X(SUMMARIES, "summaries", "v", "decisions: read their summaries one after another") \
	X(FILTER, "filter", "f", "filter by category, outcome and date") \
	X(CLEAR_FILTER, "clear-filter", "F", "clear the filter") \
	X(SORT, "sort", "s", "sort the decisions: newest, oldest, reference, organisation, outcome") \
	X(STATISTICS, "statistics", "S", "organisations: counts by outcome and upheld rate, by count, then by rate") \
	X(ORG_PANE, "org-pane", "o", "show or hide the organisations pane") \
	X(UNMARK_ALL, "unmark-all", "U", "unmark every marked decision") \
	X(CITE, "cite", "y", "reader: copy a citation of the marked paragraph (or summary) to the clipboard") \
	X(SEARCH_ALL, "search-all", "\\", "search all decisions, from the reader too") \
	X(NEXT_DECISION, "next-decision", "J", "reader, side by side: the next decision of the list or results") \
	X(PREV_DECISION, "prev-decision", "K", "reader, side by side: the previous decision of the list or results") \
	X(JUMP_BACK, "jump-back", "C-o Backspace", "back to where the last jump (search, goto, Enter) came from") \
	X(JUMP_FORWARD, "jump-forward", "C-n", "forward again after jump-back") \
	X(CITE_MARKED, "cite-marked", "Y", "copy the citations of the marked decisions, one a line") \
	X(LIKE, "like", "m", "list the decisions most like this one (the list's or the reader's), with the words they share") \
	X(IMPORT_SAMPLES, "import-samples", "i", "empty store: import the bundled samples") \
	X(REDRAW, "redraw", "C-l", "redraw the screen") \
	X(HELP, "help", "? F1", "show this help")

enum ui_action {
	UI_ACTION_NONE = 0,
#define UI_ACTION_ENUM(id, name, keys, help) UI_ACTION_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACTION_COUNT
};

/* A key as the browser sees it: a Unicode character, or a curses key
 * code (KEY_UP…) with UI_KEY_FN set. */
#define UI_KEY_FN 0x40000000
#define UI_KEY_ESC 27

/* Sets the default bindings; call once before ui_keys_bind. */
void ui_keys_init(void);
/* Frees the keymap. */
void ui_keys_free(void);
/* Binds the key named name to action ("none" unbinds).  Returns 0, or
 * -1 when the key or the action is unknown (which one in *bad_action). */
int ui_keys_bind(const char *key, const char *action, int *bad_action);
/* Reads the next key as the keymap names it into *key (curses' get_wch);
 * returns 0, or -1 when none came before the read's timeout. */
int ui_keys_read(int *key);
/* The action bound to key, or UI_ACTION_NONE. */
enum ui_action ui_keys_action(int key);
/* Parses a key name ("j", "C-d", "^D", "<C-d>", "PgDn", "S-Tab", "Space",
 * "F1"…"F12"); returns the key, or -1. */
int ui_keys_parse(const char *name);
/* The action's name and help text. */
const char *ui_action_name(enum ui_action a);
const char *ui_action_help(enum ui_action a);
/* Writes the keys now bound to a as names joined by spaces into buf. */
void ui_action_keys(enum ui_action a, char *buf, size_t len);
/* Writes hint ("Enter read  [ ] section  ? help": items two spaces apart,
 * each its default keys then words) into buf with each key replaced by
 * the one bound to its action now; an item whose action has no key left
 * is dropped. */
void ui_keys_hint(const char *hint, char *buf, size_t len);

#endif
