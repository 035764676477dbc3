/* main: options, locale, the store's path, and dispatch to a command. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ui.h"

static const char usage_text[] =
	"Usage: ombuds [--db PATH] [COMMAND [ARG]...]\n"
	"Browse the published decision statements of the Local Government and\n"
	"Social Care Ombudsman (England) offline.\n"
	"\n"
	"With no command, open the browser: organisations | decisions | reader.\n"
	"Inside it, ? lists every key.\n"
	"\n"
	"Commands:\n"
	"  import [--quiet] PATH...  import statements from files or folders\n"
	"                            (folders recursively, their *.txt, *.html and\n"
	"                            *.htm files: saved text or saved web pages;\n"
	"                            - reads standard input)\n"
	"  import --samples          import the sample statements shipped with ombuds\n"
	"  list [FILTER]... [--sort date|oldest|ref|org|outcome] [--limit N] [--offset N]\n"
	"       [--format tsv|csv|json]\n"
	"                            list decisions, newest first\n"
	"  show REF [--para N] [--format text|json]\n"
	"                            print one decision, its paragraphs numbered; with\n"
	"                            --para N, the citation of paragraph N and its text\n"
	"  orgs [FILTER]... [--query QUERY] [--sort name|count|rate]\n"
	"       [--format tsv|csv|json]\n"
	"                            organisations with their decision counts by outcome\n"
	"                            and upheld rate (upheld over upheld and not upheld)\n"
	"  search QUERY... [--sort rank|date] [--limit N] [--offset N]\n"
	"       [--format tsv|csv|json]\n"
	"                            search the decisions, best first (50 by default;\n"
	"                            --limit 0 for all); hits marked [like this]\n"
	"  search --like REF [QUERY...] [--limit N] [--offset N] [FILTER]...\n"
	"                            the decisions most like REF, with the words\n"
	"                            each shares with it\n"
	"  fetch [--since DATE] [--category TEXT] [--limit N] [--delay SECONDS]\n"
	"        [--base-url URL] [--quiet]\n"
	"                            fetch new decisions from the Ombudsman's website,\n"
	"                            politely (robots.txt, a request every --delay\n"
	"                            seconds, default 2); resumes where it stopped\n"
	"\n"
	"Search queries:\n"
	"  words (all must appear), \"a phrase\" and NEAR(a b, N) (within one\n"
	"  paragraph), prefix*, OR, -word or NOT word, ( ); filters org:TEXT\n"
	"  category:TEXT outcome:OUTCOME ref:REF in:SECTION after:DATE before:DATE\n"
	"  year:YYYY (SECTION: summary, complaint, powers, considered, findings,\n"
	"  action, decision, other)\n"
	"\n"
	"Filters of list and orgs:\n"
	"  --org TEXT         organisation name contains TEXT (any case or accents)\n"
	"  --category TEXT    category (\"Area > Subarea\") contains TEXT\n"
	"  --outcome OUTCOME  the outcome is OUTCOME (any case), or the one it begins:\n"
	"                     Upheld, Not upheld, Closed after initial enquiries, ...\n"
	"  --since DATE       decided on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY)\n"
	"  --until DATE       decided on or before DATE (YYYY-MM-DD, YYYY-MM, YYYY)\n"
	"\n"
	"Options:\n"
	"      --db PATH      use the store at PATH (before or after the command)\n"
	"      --check-config list the problems of the browser's config file\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"A reference may be written 24 023 422, 24023422, 24-023-422 or 24/023/422.\n"
	"The store is $OMBUDS_DB if set, else\n"
	"${XDG_DATA_HOME:-~/.local/share}/ombuds/ombuds.db.  The browser reads\n"
	"${XDG_CONFIG_HOME:-~/.config}/ombuds/config (bind KEY ACTION, color ...)\n"
	"and honours NO_COLOR.\n"
	"\n"
	"On a terminal, list, search and orgs align their columns and fit each\n"
	"row to the terminal's width (TSV when piped).\n"
	"\n"
	"Exit status: 0 all good, 1 some input failed (the rest was still done),\n"
	"2 usage error.\n"
	"\n"
	"See ombuds(1) for more.\n";

/* Sets c->db from --db, $OMBUDS_DB or the XDG data folder; returns 0, or
 * -1 when no home can be found. */
static int
db_path(struct cli *c, const char *option, char **owned)
{
	const char *env = getenv("OMBUDS_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	size_t len;

	*owned = NULL;
	if (option != NULL) {
		c->db = option;
		return 0;
	}
	if (env != NULL && *env != '\0') {
		c->db = env;
		return 0;
	}
	c->db_is_default = 1;
	if (xdg != NULL && xdg[0] == '/') {
		len = strlen(xdg) + sizeof "/ombuds/ombuds.db";
		if ((*owned = malloc(len)) == NULL)
			return -1;
		snprintf(*owned, len, "%s/ombuds/ombuds.db", xdg);
	} else if (home != NULL && *home != '\0') {
		len = strlen(home) + sizeof "/.local/share/ombuds/ombuds.db";
		if ((*owned = malloc(len)) == NULL)
			return -1;
		snprintf(*owned, len, "%s/.local/share/ombuds/ombuds.db", home);
	} else {
		return -1;
	}
	c->db = *owned;
	return 0;
}

/* Takes the global --db PATH (or --db=PATH) from a command's arguments,
 * argv[1..argc), up to a "--"; returns the arguments left. */
static int
take_db(int argc, char **argv, const char **db)
{
	int n = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			*db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			*db = argv[i] + 5;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "check-config", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		int (*run)(const struct cli *, int, char **);
	} commands[] = {
		{ "import", cli_import },
		{ "list", cli_list },
		{ "show", cli_show },
		{ "orgs", cli_orgs },
		{ "search", cli_search },
		{ "fetch", cli_fetch },
	};
	const char *db = NULL;
	struct cli c = {0};
	char *owned;
	int opt, rc = -1;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* '+': stop at the command; its options are its own. */
	while ((opt = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			db = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CLI_OK;
		case 'V':
			printf("ombuds %s\n", PACKAGE_VERSION);
			return CLI_OK;
		case 'C':
			return ui_check_config();
		default:
			fprintf(stderr,
				"ombuds: unknown option or missing value: '%s'\n"
				"Try 'ombuds --help' for more information.\n",
				argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	/* Global options may follow the command too. */
	if (optind < argc)
		argc = optind + take_db(argc - optind, argv + optind, &db);
	if (db_path(&c, db, &owned) < 0) {
		fprintf(stderr, "ombuds: cannot find a place for the store: "
				"set HOME, XDG_DATA_HOME or OMBUDS_DB, or give --db PATH\n");
		return CLI_USAGE;
	}
	if (optind == argc) {
		rc = ui_run(&c);
		free(owned);
		return rc;
	}
	/* Whatever a store holds, no control character reaches the
	 * terminal from a command's output. */
	cli_guard_stdout();
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			rc = commands[i].run(&c, argc - optind, argv + optind);
	if (rc < 0) {
		fprintf(stderr,
			"ombuds: '%s' is not a command\n"
			"Try 'ombuds --help' for more information.\n",
			argv[optind]);
		rc = CLI_USAGE;
	}
	free(owned);
	return rc;
}
