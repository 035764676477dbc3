/* cli_int: private to the command line's files (cli.c, cli_table.c,
 * cli_fetch.c) — a usage error said once, and the rows of list, search
 * and orgs written as TSV, CSV or, on a terminal, aligned columns; a
 * section per file. */
#ifndef OMBUDS_CLI_INT_H
#define OMBUDS_CLI_INT_H

/* ---- cli.c ---- */

/* Prints "ombuds: " and the message, then where to find help; returns
 * CLI_USAGE. */
__attribute__((format(printf, 1, 2))) int cli_usage_error(const char *fmt,
							  ...);

/* ---- cli_table.c ---- */

/* How a table is written: tab-separated (what scripts read), CSV, or
 * columns aligned by display width for a person at a terminal. */
enum cli_table_mode { CLI_TABLE_TSV, CLI_TABLE_CSV, CLI_TABLE_ALIGNED };

struct cli_table;

/* Starts a table of the NULL-ended columns (their names are the header
 * row) on stdout; returns it, or NULL when out of memory. */
struct cli_table *cli_table_begin(enum cli_table_mode mode,
				  const char *const *columns);
/* Writes a row of one field per column (NULL: empty); aligned, rows
 * are kept until cli_table_end.  Returns 0, or -1 when out of memory or
 * stdout failed. */
int cli_table_row(struct cli_table *t, const char *const *fields);
/* Writes what is kept and frees t; returns 0, or -1 as cli_table_row. */
int cli_table_end(struct cli_table *t);

#endif
