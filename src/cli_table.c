/* cli_table: the rows of list, search and orgs as TSV (a field never
 * breaks a row), CSV (quoted where it must be) or aligned columns (kept
 * until the end, then padded to each column's widest field by display
 * width, numbers to the right, no space at a line's end). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Writes the kept rows, each column as wide as its widest field. */
static void
write_aligned(struct cli_table *t)
{
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
	for (size_t r = 0; r < t->nrow; r++) {
		int blanks = 0;  /* spaces owed: written before the next text */

		for (int c = 0; c < t->ncol; c++) {
			const char *s = t->cell[r * (size_t)t->ncol + (size_t)c];
			int pad = w[c] - text_width(s, strlen(s));

			blanks += (c ? 2 : 0) + (right[c] ? pad : 0);
			if (*s != '\0') {
				printf("%*s%s", blanks, "", s);
				blanks = 0;
			}
			blanks += right[c] ? 0 : pad;
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
