/* cli: the non-interactive commands (import, list, show, orgs, search,
 * and fetch in cli_fetch.c), their options and their output formats.
 * No curses. */
#ifndef OMBUDS_CLI_H
#define OMBUDS_CLI_H

/* Exit statuses, as documented in --help and the man page. */
enum {
	CLI_OK = 0,      /* all good */
	CLI_FAILED = 1,  /* some input failed (the rest was still done) */
	CLI_USAGE = 2,   /* usage error */
};

struct cli {
	const char *db;         /* the store's path */
	int db_is_default;      /* its folder may be created */
};

/* Each runs one command with its own arguments (argv[0] is the command's
 * name) and returns an exit status. */
int cli_import(const struct cli *c, int argc, char **argv);
int cli_list(const struct cli *c, int argc, char **argv);
int cli_show(const struct cli *c, int argc, char **argv);
int cli_orgs(const struct cli *c, int argc, char **argv);
int cli_search(const struct cli *c, int argc, char **argv);
/* In cli_fetch.c. */
int cli_fetch(const struct cli *c, int argc, char **argv);

struct store;

/* Opens the store for reading, or for writing (creating it, and the
 * default store's folder, when missing).  Returns the store, or NULL with
 * a sentence for the user in err. */
struct store *cli_store_open(const struct cli *c, int write, char *err,
			     size_t errlen);

/* Puts standard output behind a guard that writes every control
 * character but LF and TAB (C0, DEL, C1) as '?', so that no text from a
 * store, whatever wrote it, reaches the terminal as a control.  For the
 * commands, not the browser.  Returns 0, or -1 when it cannot (standard
 * output is then left as it was). */
int cli_guard_stdout(void);

/* The folder holding the bundled sample statements. */
const char *cli_samples_dir(void);

#endif
