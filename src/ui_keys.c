/* ui_keys: the action table turned into a keymap, key names read and
 * written for the config file, and the help screen's key lists. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui_keys.h"

static const struct {
	const char *name;
	const char *keys;
	const char *help;
} actions[UI_ACTION_COUNT] = {
	[UI_ACTION_NONE] = { "none", "", "unbind the key" },
#define UI_ACTION_ROW(id, n, k, h) [UI_ACTION_##id] = { .name = n, .keys = k, .help = h },
	UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

/* Named keys; single characters name themselves and C-x is a control
 * character. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Up", UI_KEY_FN | KEY_UP },
	{ "Down", UI_KEY_FN | KEY_DOWN },
	{ "Left", UI_KEY_FN | KEY_LEFT },
	{ "Right", UI_KEY_FN | KEY_RIGHT },
	{ "PgUp", UI_KEY_FN | KEY_PPAGE },
	{ "PgDn", UI_KEY_FN | KEY_NPAGE },
	{ "Home", UI_KEY_FN | KEY_HOME },
	{ "End", UI_KEY_FN | KEY_END },
	{ "S-Tab", UI_KEY_FN | KEY_BTAB },
	{ "Enter", '\r' },
	{ "Enter", '\n' },
	{ "Enter", UI_KEY_FN | KEY_ENTER },
	{ "Tab", '\t' },
	{ "Esc", UI_KEY_ESC },
	{ "Space", ' ' },
	{ "Backspace", UI_KEY_FN | KEY_BACKSPACE },
	{ "Backspace", 0x7f },
	{ "Delete", UI_KEY_FN | KEY_DC },
	{ "F1", UI_KEY_FN | KEY_F(1) },
	{ "F2", UI_KEY_FN | KEY_F(2) },
	{ "F3", UI_KEY_FN | KEY_F(3) },
	{ "F4", UI_KEY_FN | KEY_F(4) },
	{ "F5", UI_KEY_FN | KEY_F(5) },
	{ "F6", UI_KEY_FN | KEY_F(6) },
	{ "F7", UI_KEY_FN | KEY_F(7) },
	{ "F8", UI_KEY_FN | KEY_F(8) },
	{ "F9", UI_KEY_FN | KEY_F(9) },
	{ "F10", UI_KEY_FN | KEY_F(10) },
	{ "F11", UI_KEY_FN | KEY_F(11) },
	{ "F12", UI_KEY_FN | KEY_F(12) },
	/* The names neomutt and tig write (after the ones shown). */
	{ "PageUp", UI_KEY_FN | KEY_PPAGE },
	{ "PageDown", UI_KEY_FN | KEY_NPAGE },
	{ "Return", '\r' },
	{ "Return", '\n' },
	{ "Return", UI_KEY_FN | KEY_ENTER },
	{ "Escape", UI_KEY_ESC },
	{ "BackTab", UI_KEY_FN | KEY_BTAB },
};
#define NKEY_NAMES (sizeof key_names / sizeof key_names[0])

struct binding {
	int key;
	enum ui_action action;
};

static struct binding *map;
static size_t nmap, capmap;

const char *
ui_action_name(enum ui_action a)
{
	return a < UI_ACTION_COUNT ? actions[a].name : "?";
}

const char *
ui_action_help(enum ui_action a)
{
	return a < UI_ACTION_COUNT ? actions[a].help : "";
}

/* The key a control-key name's letter names: C-x, ^X; or -1. */
static int
control_key(const char *name, size_t n)
{
	char c;

	if (n == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		c = name[2];
	else if (n == 2 && name[0] == '^')
		c = name[1];
	else
		return -1;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return (c | 0x20) - 'a' + 1;
	return -1;
}

int
ui_keys_parse(const char *name)
{
	size_t n = strlen(name);
	char inner[32];

	/* neomutt's <C-x>, <Enter>, <F5>: the name inside the brackets. */
	if (n > 2 && n < sizeof inner && name[0] == '<' && name[n - 1] == '>') {
		snprintf(inner, sizeof inner, "%.*s", (int)(n - 2), name + 1);
		return ui_keys_parse(inner);
	}
	for (size_t i = 0; i < NKEY_NAMES; i++)
		if (strcasecmp(name, key_names[i].name) == 0)
			return key_names[i].key;
	if (control_key(name, n) >= 0)
		return control_key(name, n);
	if (n == 1 && (unsigned char)name[0] > ' ' && name[0] != 0x7f)
		return (unsigned char)name[0];
	/* One UTF-8 character of two to four bytes. */
	if (n >= 2 && n <= 4 && (unsigned char)name[0] >= 0xc2) {
		int need = (unsigned char)name[0] >= 0xf0 ? 4 :
			   (unsigned char)name[0] >= 0xe0 ? 3 : 2;
		int c = name[0] & (0x3f >> (need - 1));

		if ((int)n != need)
			return -1;
		for (int i = 1; i < need; i++) {
			if (((unsigned char)name[i] & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (name[i] & 0x3f);
		}
		return c;
	}
	return -1;
}

/* Writes the name of key into buf. */
static void
name_of_key(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < NKEY_NAMES; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= 1 && key <= 26)
		snprintf(buf, len, "C-%c", 'a' + key - 1);
	else if (key > ' ' && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "U+%04X", (unsigned)key);
}

/* Sets key's action, replacing an earlier binding; returns 0 or -1. */
static int
set(int key, enum ui_action a)
{
	for (size_t i = 0; i < nmap; i++) {
		if (map[i].key == key) {
			map[i].action = a;
			return 0;
		}
	}
	if (nmap == capmap) {
		size_t cap = capmap ? 2 * capmap : 64;
		struct binding *m = realloc(map, cap * sizeof *m);

		if (m == NULL)
			return -1;
		map = m;
		capmap = cap;
	}
	map[nmap].key = key;
	map[nmap++].action = a;
	return 0;
}

/* Binds every key named in keys (space-separated) and its aliases. */
static void
bind_all(const char *keys, enum ui_action a)
{
	char buf[64], *tok, *save;

	snprintf(buf, sizeof buf, "%s", keys);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		int found = 0;

		size_t n = strlen(tok);

		/* "<Enter>" is "Enter". */
		if (n > 2 && tok[0] == '<' && tok[n - 1] == '>') {
			tok[n - 1] = '\0';
			tok++;
		}
		/* "Enter" names three codes: bind them all. */
		for (size_t i = 0; i < NKEY_NAMES; i++) {
			if (strcasecmp(tok, key_names[i].name) == 0) {
				set(key_names[i].key, a);
				found = 1;
			}
		}
		if (!found && ui_keys_parse(tok) >= 0)
			set(ui_keys_parse(tok), a);
	}
}

void
ui_keys_init(void)
{
	nmap = 0;
	for (int a = 1; a < UI_ACTION_COUNT; a++)
		bind_all(actions[a].keys, (enum ui_action)a);
	/* Keys every terminal sends for the same thing. */
	set(UI_KEY_FN | KEY_F(1), UI_ACTION_HELP);
}

void
ui_keys_free(void)
{
	free(map);
	map = NULL;
	nmap = capmap = 0;
}

int
ui_keys_bind(const char *key, const char *action, int *bad_action)
{
	*bad_action = 0;
	for (int a = 0; a < UI_ACTION_COUNT; a++) {
		if (strcmp(action, actions[a].name) == 0) {
			if (ui_keys_parse(key) < 0)
				return -1;
			bind_all(key, (enum ui_action)a);
			return 0;
		}
	}
	*bad_action = 1;
	return -1;
}

enum ui_action
ui_keys_action(int key)
{
	for (size_t i = 0; i < nmap; i++)
		if (map[i].key == key)
			return map[i].action;
	return UI_ACTION_NONE;
}

void
ui_action_keys(enum ui_action a, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nmap && used + 1 < len; i++) {
		char name[16];

		if (map[i].action != a)
			continue;
		name_of_key(map[i].key, name, sizeof name);
		/* Enter's and Backspace's aliases print once. */
		if (used > 0 && strstr(buf, name) != NULL &&
		    (strcmp(name, "Enter") == 0 || strcmp(name, "Backspace") == 0))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? " " : "", name);
		if (used >= len)
			used = len - 1;
	}
}

int
ui_keys_read(int *key)
{
	wint_t wc;
	int r = get_wch(&wc);

	if (r == ERR)
		return -1;
	*key = r == KEY_CODE_YES ? (int)(UI_KEY_FN | (int)wc) : (int)wc;
	return 0;
}

/* The action whose default keys include name, or UI_ACTION_NONE. */
static enum ui_action
default_action(const char *name, size_t n)
{
	for (int a = 1; a < UI_ACTION_COUNT; a++) {
		const char *k = actions[a].keys;

		while (*k) {
			size_t kl = strcspn(k, " ");

			if (kl == n && strncmp(k, name, n) == 0)
				return (enum ui_action)a;
			k += kl + (k[kl] == ' ');
		}
	}
	return UI_ACTION_NONE;
}

/* Writes into buf the name of the key bound to a that the user sees
 * first: name itself while it is still bound to a, else the first key
 * bound to a; returns 0, or -1 when none is. */
static int
current_key(enum ui_action a, const char *name, size_t n, char *buf,
	    size_t len)
{
	char one[32];
	int k;

	snprintf(one, sizeof one, "%.*s", (int)n, name);
	if ((k = ui_keys_parse(one)) >= 0 && ui_keys_action(k) == a) {
		snprintf(buf, len, "%s", one);
		return 0;
	}
	for (size_t i = 0; i < nmap; i++) {
		if (map[i].action == a) {
			name_of_key(map[i].key, buf, len);
			return 0;
		}
	}
	return -1;
}

void
ui_keys_hint(const char *hint, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	while (*hint && used + 1 < len) {
		const char *item = hint, *end = strstr(hint, "  ");
		size_t ilen = end ? (size_t)(end - hint) : strlen(hint);
		char out[128];
		size_t o = 0;
		int lost = 0;

		hint += ilen;
		while (*hint == ' ')
			hint++;
		/* The item's leading keys, each as bound now. */
		for (;;) {
			size_t kl = strcspn(item, " ");
			enum ui_action a = kl < ilen ? default_action(item, kl) :
					   UI_ACTION_NONE;
			char key[32];

			if (a == UI_ACTION_NONE)
				break;
			if (current_key(a, item, kl, key, sizeof key) < 0)
				lost = 1;
			else if (o + strlen(key) + 2 < sizeof out)
				o += (size_t)snprintf(out + o, sizeof out - o, "%s ", key);
			item += kl + 1;
			ilen -= kl + 1;
		}
		if (lost)
			continue;
		snprintf(out + o, sizeof out - o, "%.*s", (int)ilen, item);
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? "  " : "", out);
		if (used >= len)
			used = len - 1;
	}
}
