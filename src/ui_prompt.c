/* ui_prompt: the line editor of the browser's prompts. */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"
#include "ui_config.h"
#include "ui_draw.h"
#include "ui_keys.h"
#include "ui_prompt.h"

void
ui_history_free(struct ui_history *h)
{
	for (int i = 0; i < h->n; i++)
		free(h->item[i]);
	h->n = 0;
}

static void
history_add(struct ui_history *h, const char *s)
{
	if (*s == '\0' || (h->n > 0 && strcmp(h->item[h->n - 1], s) == 0))
		return;
	if (h->n == UI_HISTORY_MAX) {
		free(h->item[0]);
		memmove(h->item, h->item + 1, (UI_HISTORY_MAX - 1) * sizeof h->item[0]);
		h->n--;
	}
	if ((h->item[h->n] = strdup(s)) != NULL)
		h->n++;
}

/* The start of the UTF-8 character before byte i of s. */
static size_t
prev_char(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[--i] & 0xc0) == 0x80)
		;
	return i;
}

/* The byte after the UTF-8 character at byte i of s. */
static size_t
next_char(const char *s, size_t i)
{
	if (s[i] == '\0')
		return i;
	while (s[++i] != '\0' && ((unsigned char)s[i] & 0xc0) == 0x80)
		;
	return i;
}

/* Paints label and the visible part of buf, note at the right when it
 * fits, and places the cursor. */
static void
paint(const char *label, const char *buf, size_t cur, const char *note)
{
	int y = LINES - 1, lw, avail, x, nw = (int)text_width(note, strlen(note));

	size_t start = 0;

	ui_blank(y, 0, COLS, ui_attr(UI_EL_NORMAL));
	lw = ui_puts(y, 0, COLS, label, ui_attr(UI_EL_PROMPT));
	avail = COLS - lw - 1;
	if (nw > 0 && lw + (int)text_width(buf, strlen(buf)) + 2 + nw < COLS) {
		ui_puts(y, COLS - nw, nw, note, ui_attr(UI_EL_MESSAGE));
		avail -= nw + 1;
	}
	if (avail < 1)
		return;
	/* Scroll sideways so that the cursor stays visible. */
	while (text_width(buf + start, cur - start) > avail)
		start = next_char(buf, start);
	ui_put(y, lw, avail, buf + start, strlen(buf + start), ui_attr(UI_EL_NORMAL));
	x = lw + text_width(buf + start, cur - start);
	move(y, x < COLS ? x : COLS - 1);
}

/* The Tabs pressed in a row: how many, and the line and cursor as they
 * were before the first. */
struct tabs {
	int n;
	size_t cur;
	char *before;
};

/* Tab: completes the word before cur in buf (len bytes) by complete(…,
 * carg); each Tab in a row offers the next candidate for the word as it
 * was typed.  Returns the new cursor. */
static size_t
tab(struct tabs *t, char *buf, size_t len, size_t cur, ui_complete_fn complete,
    void *carg)
{
	long to;

	if (t->n == 0) {
		free(t->before);
		t->before = strdup(buf);
		t->cur = cur;
	} else if (t->before != NULL) {
		snprintf(buf, len, "%s", t->before);
	}
	to = complete(buf, len, t->n ? t->cur : cur, t->n, carg);
	if (to >= 0) {
		cur = (size_t)to;
		/* A completed field name ("outcome:") starts a new word:
		 * the next Tab completes its value. */
		t->n = cur > 0 && buf[cur - 1] == ':' ? 0 : t->n + 1;
	} else if (t->n > 0) {
		/* Past the last candidate: round again. */
		to = complete(buf, len, t->cur, 0, carg);
		cur = to >= 0 ? (size_t)to : t->cur;
		t->n = 1;
	} else {
		beep();
	}
	return cur;
}

/* Nonzero when a key waits to be read: its bytes are still the
 * terminal's, curses reading one at a time. */
static int
key_waiting(void)
{
	struct pollfd pfd = { .fd = 0, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0;
}

int
ui_prompt_key_waiting(void *arg)
{
	(void)arg;
	return key_waiting();
}

int
ui_prompt(const char *label, char *buf, size_t len, struct ui_history *h,
	  void (*redraw)(void *), void *arg, volatile sig_atomic_t *stop)
{
	return ui_prompt_live(label, buf, len, h, NULL, NULL, NULL, NULL,
			      redraw, arg, stop);
}

int
ui_prompt_complete(const char *label, char *buf, size_t len,
		   struct ui_history *h, ui_complete_fn complete, void *carg,
		   void (*redraw)(void *), void *arg, volatile sig_atomic_t *stop)
{
	return ui_prompt_live(label, buf, len, h, complete, carg, NULL, NULL,
			      redraw, arg, stop);
}

int
ui_prompt_live(const char *label, char *buf, size_t len, struct ui_history *h,
	       ui_complete_fn complete, void *carg, ui_live_fn live, void *larg,
	       void (*redraw)(void *), void *arg, volatile sig_atomic_t *stop)
{
	size_t cur = strlen(buf);
	int hi = h->n, accepted = 0, dirty = 0;
	char *saved = NULL, *was = NULL, note[160] = "";
	struct tabs tabs = { 0 };

	curs_set(1);
	for (;;) {
		int r, key;

		/* The line as it stands when no key waits: a superseded
		 * line never runs, and a run a key interrupts runs again. */
		if (live != NULL && dirty && !key_waiting()) {
			note[0] = '\0';
			dirty = live(buf, note, sizeof note, larg) != 0;
		}
		paint(label, buf, cur, note);
		refresh();
		free(was);
		r = ui_keys_read(&key);
		was = live != NULL ? strdup(buf) : NULL;
		if (*stop)
			break;
		if (r < 0)
			continue;
		if (key == (UI_KEY_FN | KEY_RESIZE)) {
			redraw(arg);
			continue;
		}
		if (key == '\r' || key == '\n' || key == (UI_KEY_FN | KEY_ENTER)) {
			accepted = 1;
			break;
		}
		if (key == UI_KEY_ESC || key == 7 /* C-g */ || key == 3 /* C-c */)
			break;
		if (key == '\t' && complete != NULL) {
			cur = tab(&tabs, buf, len, cur, complete, carg);
			dirty |= was != NULL && strcmp(was, buf) != 0;
			continue;
		}
		tabs.n = 0;
		if (key == (UI_KEY_FN | KEY_LEFT) || key == 2 /* C-b */) {
			cur = prev_char(buf, cur);
		} else if (key == (UI_KEY_FN | KEY_RIGHT) || key == 6 /* C-f */) {
			cur = next_char(buf, cur);
		} else if (key == (UI_KEY_FN | KEY_HOME) || key == 1 /* C-a */) {
			cur = 0;
		} else if (key == (UI_KEY_FN | KEY_END) || key == 5 /* C-e */) {
			cur = strlen(buf);
		} else if (key == (UI_KEY_FN | KEY_BACKSPACE) || key == 127 || key == 8) {
			size_t p = prev_char(buf, cur);

			memmove(buf + p, buf + cur, strlen(buf + cur) + 1);
			cur = p;
		} else if (key == (UI_KEY_FN | KEY_DC) || key == 4 /* C-d */) {
			size_t n = next_char(buf, cur);

			memmove(buf + cur, buf + n, strlen(buf + n) + 1);
		} else if (key == 23 /* C-w: the word before the cursor */) {
			size_t p = cur;

			while (p > 0 && buf[p - 1] == ' ')
				p--;
			while (p > 0 && buf[p - 1] != ' ')
				p--;
			memmove(buf + p, buf + cur, strlen(buf + cur) + 1);
			cur = p;
		} else if (key == 21 /* C-u: all before the cursor */) {
			memmove(buf, buf + cur, strlen(buf + cur) + 1);
			cur = 0;
		} else if (key == 11 /* C-k: all after it */) {
			buf[cur] = '\0';
		} else if (key == (UI_KEY_FN | KEY_UP) || key == (UI_KEY_FN | KEY_DOWN)) {
			int to = hi + (key == (UI_KEY_FN | KEY_UP) ? -1 : 1);

			if (to < 0 || to > h->n)
				continue;
			if (hi == h->n) {
				free(saved);
				saved = strdup(buf);
			}
			hi = to;
			snprintf(buf, len, "%s", hi < h->n ? h->item[hi] :
				 saved ? saved : "");
			cur = strlen(buf);
		} else if (!(key & UI_KEY_FN) && key >= ' ' && key != 127 &&
			   !(key >= 0x80 && key < 0xa0)) {
			char mb[MB_LEN_MAX];
			mbstate_t ps;
			size_t n, used = strlen(buf);

			memset(&ps, 0, sizeof ps);
			n = wcrtomb(mb, (wchar_t)key, &ps);
			if (n == (size_t)-1 || used + n + 1 > len)
				continue;
			memmove(buf + cur + n, buf + cur, used - cur + 1);
			memcpy(buf + cur, mb, n);
			cur += n;
		}
		if (was != NULL && strcmp(was, buf) != 0)
			dirty = 1;
	}
	free(was);
	free(saved);
	free(tabs.before);
	curs_set(0);
	if (accepted)
		history_add(h, buf);
	return accepted;
}
