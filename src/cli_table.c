/* cli_table: the rows of list, search and orgs as TSV (a field never
 * breaks a row), CSV (quoted where it must be) or aligned columns (kept
 * until the end, then padded to each column's widest field by display
 * width, numbers to the right, no space at a line's end; rows are fitted
 * to the terminal's width by cutting text cells with an ellipsis). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli_int.h"
#include "text.h"

struct cli_table {
	enum cli_table_mode mode;
	int ncol;
	char **cell;            /* aligned: the rows kept, ncol cells each */
	size_t nrow, cap;
	int failed;
};

/* Writes s as one CSV field, quoted when it must be. */
static void
csv_field(const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* Writes s as one TSV field: stored text holds no tab or newline, but a
 * field is never allowed to break a row. */
static void
tsv_field(const char *s)
{
	for (; s != NULL && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* Keeps a copy of a row, its tabs and line breaks as spaces. */
static int
keep(struct cli_table *t, const char *const *fields)
{
	if ((t->nrow + 1) * (size_t)t->ncol > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64 * (size_t)t->ncol;
		char **p = realloc(t->cell, cap * sizeof *p);

		if (p == NULL)
			return -1;
		t->cell = p;
		t->cap = cap;
	}
	for (int c = 0; c < t->ncol; c++) {
		char *s = strdup(fields[c] ? fields[c] : "");

		if (s == NULL) {
			while (c-- > 0)
				free(t->cell[t->nrow * (size_t)t->ncol + (size_t)c]);
			return -1;
		}
		for (char *q = s; *q; q++)
			if (*q == '\t' || *q == '\n' || *q == '\r')
				*q = ' ';
		t->cell[t->nrow * (size_t)t->ncol + (size_t)c] = s;
	}
	t->nrow++;
	return 0;
}

struct cli_table *
cli_table_begin(enum cli_table_mode mode, const char *const *columns)
{
	struct cli_table *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->mode = mode;
	while (columns[t->ncol] != NULL)
		t->ncol++;
	if (cli_table_row(t, columns) < 0) {
		cli_table_end(t);
		return NULL;
	}
	return t;
}

int
cli_table_row(struct cli_table *t, const char *const *fields)
{
	if (t->mode == CLI_TABLE_ALIGNED)
		return keep(t, fields) < 0 ? -1 : 0;
	for (int c = 0; c < t->ncol; c++) {
		if (c)
			putchar(t->mode == CLI_TABLE_CSV ? ',' : '\t');
		if (t->mode == CLI_TABLE_CSV)
			csv_field(fields[c]);
		else
			tsv_field(fields[c]);
	}
	putchar('\n');
	return ferror(stdout) ? -1 : 0;
}

/* Nonzero when s is a number (digits and a point; a date is not) or
 * empty. */
static int
numeric(const char *s)
{
	return strspn(s, "0123456789.") == strlen(s);
}

/* The terminal's width: stdout's window size, else $COLUMNS, else 0
 * (unknown: nothing is cut). */
static int
terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long n;
	char *end;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env != NULL) {
		n = strtol(env, &end, 10);
		if (end != env && *end == '\0' && n > 0 && n < 10000)
			return (int)n;
	}
	return 0;
}

/* Nonzero when column c may be cut: text, not a number, a reference or a
 * date (the header, row 0, names the column). */
static int
cuttable(const struct cli_table *t, const char *right, int c)
{
	const char *name = t->cell[c];

	return !right[c] && strcmp(name, "reference") != 0 &&
	    strcmp(name, "decision_date") != 0 && strcmp(name, "paragraph") != 0;
}

/* Narrows the cuttable columns of w until a row fits in width columns:
 * the last text column (summary, snippet, outcome) down to a floor of
 * 20, then always the widest text column (the later of equals), first
 * down to 8 columns, then down to 1.  Numbers, references and dates keep
 * their width, so a row of them alone may still be wider. */
static void
fit(const struct cli_table *t, int *w, const char *right, int width)
{
	static const int floors[] = { 8, 1 };
	long excess = -width;
	int last = -1;

	if (width <= 0)
		return;
	for (int c = 0; c < t->ncol; c++) {
		excess += w[c] + (c ? 2 : 0);
		if (cuttable(t, right, c))
			last = c;
	}
	if (excess <= 0 || last < 0)
		return;
	if (w[last] > 20) {
		int cut = w[last] - 20 < excess ? w[last] - 20 : (int)excess;

		w[last] -= cut;
		excess -= cut;
	}
	for (size_t f = 0; f < sizeof floors / sizeof *floors; f++) {
		while (excess > 0) {
			int widest = -1;

			for (int c = 0; c < t->ncol; c++)
				if (cuttable(t, right, c) && w[c] > floors[f] &&
				    (widest < 0 || w[c] >= w[widest]))
					widest = c;
			if (widest < 0)
				break;
			w[widest]--;
			excess--;
		}
	}
}

/* Returns how many bytes of s fit in width columns, their width in *sw
 * (characters are whole UTF-8 sequences; zero-width marks stay with the
 * character they follow). */
static size_t
fit_prefix(const char *s, int width, int *sw)
{
	size_t i = 0;

	*sw = 0;
	while (s[i] != '\0') {
		size_t k = 1;
		int cw;

		while ((s[i + k] & 0xC0) == 0x80)
			k++;
		cw = text_width(s + i, k);
		if (*sw + cw > width)
			break;
		*sw += cw;
		i += k;
	}
	return i;
}

/* Writes the kept rows, each column as wide as its widest field, the
 * whole row fitted to the terminal's width: a cell cut short ends in an
 * ellipsis. */
static void
write_aligned(struct cli_table *t)
{
	static const char ellipsis[] = "\xe2\x80\xa6";  /* U+2026 */
	int ew = text_width(ellipsis, strlen(ellipsis));
	int *w = calloc((size_t)t->ncol, sizeof *w);
	char *right = calloc((size_t)t->ncol, 1);

	if (w == NULL || right == NULL) {
		t->failed = 1;
		free(w);
		free(right);
		return;
	}
	for (int c = 0; c < t->ncol; c++) {
		right[c] = t->nrow > 1;
		for (size_t r = 0; r < t->nrow; r++) {
			const char *s = t->cell[r * (size_t)t->ncol + (size_t)c];
			int sw = text_width(s, strlen(s));

			if (sw > w[c])
				w[c] = sw;
			if (r > 0 && !numeric(s))
				right[c] = 0;
		}
	}
	fit(t, w, right, terminal_width());
	for (size_t r = 0; r < t->nrow; r++) {
		int blanks = 0;  /* spaces owed: written before the next text */

		for (int c = 0; c < t->ncol; c++) {
			const char *s = t->cell[r * (size_t)t->ncol + (size_t)c];
			size_t len = strlen(s);
			int sw = text_width(s, len);
			const char *tail = "";

			if (sw > w[c]) {
				len = fit_prefix(s, w[c] > ew ? w[c] - ew : 0, &sw);
				while (len > 0 && s[len - 1] == ' ') {
					len--;
					sw--;
				}
				if (sw + ew <= w[c]) {
					tail = ellipsis;
					sw += ew;
				}
			}
			blanks += (c ? 2 : 0) + (right[c] ? w[c] - sw : 0);
			if (len > 0 || *tail != '\0') {
				printf("%*s%.*s%s", blanks, "", (int)len, s, tail);
				blanks = 0;
			}
			blanks += right[c] ? 0 : w[c] - sw;
		}
		putchar('\n');
	}
	free(w);
	free(right);
}

int
cli_table_end(struct cli_table *t)
{
	int rc;

	if (t == NULL)
		return -1;
	if (t->mode == CLI_TABLE_ALIGNED && !t->failed)
		write_aligned(t);
	rc = t->failed || ferror(stdout) ? -1 : 0;
	for (size_t i = 0; i < t->nrow * (size_t)t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t);
	return rc;
}
