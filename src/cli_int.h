/* cli_int: private to the command line's files (cli.c, cli_table.c,
 * cli_fetch.c) — a usage error said once, and the rows of list, search
 * and orgs written as TSV, CSV or, on a terminal, aligned columns; a
 * section per file. */
#ifndef OMBUDS_CLI_INT_H
#define OMBUDS_CLI_INT_H

#include "json.h"
#include "store.h"

struct cli;
struct cli_table;
struct search_error;
struct search_query;
struct store;

/* ---- cli.c ---- */

/* The output formats of the commands. */
enum cli_format { CLI_FORMAT_TEXT, CLI_FORMAT_TSV, CLI_FORMAT_CSV, CLI_FORMAT_JSON };

/* A listing's output: JSON, or a table. */
struct cli_list_out {
	enum cli_format format;
	int given;              /* --format was given: no aligning */
	struct json json;
	struct cli_table *table;
};

/* Prints "ombuds: " and the message, then where to find help; returns
 * CLI_USAGE. */
__attribute__((format(printf, 1, 2))) int cli_usage_error(const char *fmt,
							  ...);
/* Reads a --format value among the allowed ones (a mask of 1 << format);
 * returns 0, or a usage error that lists them. */
int cli_format_option(const char *s, unsigned allowed, enum cli_format *f);
/* Opens the store for a command; prints why not and returns NULL. */
struct store *cli_open_store(const struct cli *c, int write);
/* Reads the value of the count option name ("--limit"); returns 0, or a
 * usage error saying it is not what (a "count"). */
int cli_count_option(const char *name, const char *s, const char *what,
		     long *v);
/* Resolves a query's outcome: filter as --outcome is; returns 0, or the
 * status with the message printed. */
int cli_resolve_query_outcome(struct store *st, struct search_query *q);
/* The filter options of list, orgs and search, with room for their
 * dates. */
struct cli_filter_opts {
	struct store_filter f;
	char since[11], until[11];
	char outcome[256];      /* the outcome --outcome resolved to */
};
/* Reads the filter option name ("--org") with its value arg into fo
 * (NULL: only says whether name is a filter's): returns 1, 0 when name
 * is no filter's, or the usage status (the error printed). */
int cli_filter_named(struct cli_filter_opts *fo, const char *name,
		     const char *arg);
/* Resolves fo's --outcome as list does; returns 0, or the status with
 * the message printed. */
int cli_filter_resolve(struct store *st, struct cli_filter_opts *fo);
/* Prints a query's message as search does; returns the usage status. */
int cli_query_error(const struct search_error *err);
/* Starts a listing: a JSON array, or a table (aligned on a terminal
 * unless a format was asked for).  Returns 0, or -1 out of memory. */
int cli_output_begin(struct cli_list_out *o, const char *const *cols);
/* Ends it; returns 0, or -1 when a table could not be written whole. */
int cli_output_end(struct cli_list_out *o);
/* "complete": false for a statement the importer judged cut off. */
void cli_json_cut_off(struct json *j, int cut_off);

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
