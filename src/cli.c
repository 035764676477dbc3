/* cli: the non-interactive commands.  Each parses its own options,
 * opens the store, and prints in the formats scripts rely on (the man
 * page's COMMANDS): TSV with a header line, CSV per RFC 4180, JSON from the json
 * writer.  Messages go to standard error as "ombuds: what is wrong". */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_int.h"
#include "decision.h"
#include "import.h"
#include "json.h"
#include "search.h"
#include "store.h"
#include "text.h"

/* ---- standard output's guard -------------------------------------------- */

/* A C1 control is 0xc2 then 0x80..0x9f in UTF-8; the 0xc2 of a pair cut
 * between two writes waits here for its second byte. */
static int guard_c2;

/* Writes all of buf[0..n) to standard output's file; returns 0 or -1. */
static int
write_all(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static ssize_t
guard_write(void *cookie, const char *buf, size_t n)
{
	char out[4096];
	size_t o = 0;

	(void)cookie;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)buf[i];

		if (o + 2 > sizeof out) {
			if (write_all(out, o) < 0)
				return -1;
			o = 0;
		}
		if (guard_c2) {
			guard_c2 = 0;
			if (b >= 0x80 && b < 0xa0) {
				out[o++] = '?';
				continue;
			}
			out[o++] = (char)0xc2;
		}
		if (b == 0xc2)
			guard_c2 = 1;
		else
			out[o++] = (b < 0x20 && b != '\n' && b != '\t') || b == 0x7f ?
					   '?' : (char)b;
	}
	return write_all(out, o) < 0 ? -1 : (ssize_t)n;
}

static int
guard_close(void *cookie)
{
	(void)cookie;
	if (guard_c2) {
		guard_c2 = 0;
		return write_all("\xc2", 1);
	}
	return 0;
}

int
cli_guard_stdout(void)
{
	static const cookie_io_functions_t io = {
		.write = guard_write,
		.close = guard_close,
	};
	FILE *f;

	fflush(stdout);
	if ((f = fopencookie(NULL, "w", io)) == NULL)
		return -1;
	stdout = f;
	return 0;
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ombuds: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'ombuds --help' for more information.\n", stderr);
	return CLI_USAGE;
}

/* Reads a --format value among the allowed ones (a mask of 1 << format);
 * returns 0, or a usage error that lists them. */
int
cli_format_option(const char *s, unsigned allowed, enum cli_format *f)
{
	static const char *const names[] = {
		[CLI_FORMAT_TEXT] = "text", [CLI_FORMAT_TSV] = "tsv",
		[CLI_FORMAT_CSV] = "csv", [CLI_FORMAT_JSON] = "json",
	};
	char all[64] = "";

	for (int i = 0; i < 4; i++) {
		if (!(allowed & (1u << i)))
			continue;
		if (strcmp(s, names[i]) == 0) {
			*f = (enum cli_format)i;
			return 0;
		}
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
			 all[0] ? ", " : "", names[i]);
	}
	return cli_usage_error("--format: '%s' is not one of %s", s, all);
}

/* Creates the folders above path, as mkdir -p; returns 0 or -1. */
static int
make_parents(const char *path)
{
	char *p = strdup(path), *s;

	if (p == NULL)
		return -1;
	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

/* A long step of opening the store (an upgrade that reads every
 * decision): a progress line on a terminal, and one line when it ends. */
static void
open_progress(const char *what, long done, long total)
{
	static long last_total;
	static int shown;
	int tty = isatty(STDERR_FILENO);

	if (what == NULL) {
		if (shown)
			fputs("\r\033[K", stderr);
		shown = 0;
		if (last_total > 0 && done >= 0)
			fprintf(stderr, "ombuds: store upgraded: %ld decisions read\n",
				last_total);
		last_total = 0;
		return;
	}
	last_total = total;
	if (tty) {
		fprintf(stderr, "\r\033[Kupgrading the store (%s): %ld/%ld decisions",
			what, done, total);
		shown = 1;
	}
}

struct store *
cli_store_open(const struct cli *c, int write, char *err, size_t errlen)
{
	if (write && c->db_is_default && make_parents(c->db) < 0) {
		snprintf(err, errlen, "cannot create its folder");
		return NULL;
	}
	store_set_progress(open_progress);
	return store_open(c->db, write ? STORE_CREATE : STORE_READONLY, err,
			  errlen);
}

/* Opens the store for a command; prints why not and returns NULL. */
struct store *
cli_open_store(const struct cli *c, int write)
{
	char err[256];
	struct store *st = cli_store_open(c, write, err, sizeof err);

	if (st == NULL)
		fprintf(stderr, "ombuds: %s: %s\n", c->db, err);
	return st;
}

const char *
cli_samples_dir(void)
{
	const char *env = getenv("OMBUDS_DATADIR");
	struct stat sb;

	if (env != NULL && *env != '\0')
		return env;
	/* Installed, or run from the build tree before installing. */
	if (stat(OMBUDS_PKGDATADIR "/000_5bdb9a364616d701.txt", &sb) == 0)
		return OMBUDS_PKGDATADIR;
	return OMBUDS_SRCDATADIR;
}

int
cli_import(const struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "samples", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts opts = { .err = stderr, .store_name = c->db };
	struct import_stats stats;
	int quiet = 0, samples = 0, opt, rc;
	char *sample_path[1];
	struct store *st;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'q':
			quiet = 1;
			break;
		case 's':
			samples = 1;
			break;
		case 'h':
			printf("Usage: ombuds [--db PATH] import [--quiet] PATH…\n"
			       "       ombuds [--db PATH] import [--quiet] --samples\n");
			return CLI_OK;
		default:
			return cli_usage_error("import: unknown option or missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (samples && argc > 0)
		return cli_usage_error("import: give either --samples or paths, not both");
	if (!samples && argc == 0)
		return cli_usage_error("import: no file or folder given");
	if (samples) {
		sample_path[0] = (char *)cli_samples_dir();
		argv = sample_path;
		argc = 1;
	}
	if ((st = cli_open_store(c, 1)) == NULL)
		return CLI_FAILED;
	opts.progress = !quiet && isatty(STDERR_FILENO);
	rc = import_paths(st, argv, argc, &opts, &stats);
	store_close(st);
	if (!quiet || rc != 0) {
		fprintf(stderr, "%ld imported, %ld replaced, %ld failed",
			stats.imported, stats.replaced, stats.failed);
		if (stats.unchanged > 0)
			fprintf(stderr, ", %ld unchanged", stats.unchanged);
		if (stats.warnings > 0)
			fprintf(stderr, " (%ld with warnings)", stats.warnings);
		fputc('\n', stderr);
	}
	return rc == 0 ? CLI_OK : CLI_FAILED;
}

/* Writes the category as "Area > Subarea" into buf; returns buf, or
 * NULL when there is no area. */
static const char *
category(const char *area, const char *subarea, char *buf, size_t len)
{
	if (area == NULL)
		return NULL;
	if (subarea == NULL)
		return area;
	snprintf(buf, len, "%s > %s", area, subarea);
	return buf;
}

/* The columns of list and orgs: the TSV/CSV header, and the JSON keys. */
static const char *const list_columns[] = {
	"reference", "decision_date", "organisation", "category", "outcome",
	NULL,
};
static const char *const orgs_columns[] = {
	"organisation", "decisions", "upheld", "not_upheld", "closed", "other",
	"upheld_rate", NULL,
};

/* "complete": false for a statement the importer judged cut off; no key
 * for a complete one (nor for one imported before ombuds judged). */
void
cli_json_cut_off(struct json *j, int cut_off)
{
	if (cut_off) {
		json_key(j, "complete");
		json_bool(j, 0);
	}
}

/* Starts a listing: a JSON array, or a table (aligned on a terminal
 * unless a format was asked for).  Returns 0, or -1 out of memory. */
int
cli_output_begin(struct cli_list_out *o, const char *const *cols)
{
	enum cli_table_mode mode = o->format == CLI_FORMAT_CSV ? CLI_TABLE_CSV :
		!o->given && isatty(STDOUT_FILENO) ? CLI_TABLE_ALIGNED : CLI_TABLE_TSV;

	if (o->format == CLI_FORMAT_JSON) {
		json_init(&o->json, stdout, 1);
		json_array(&o->json);
		return 0;
	}
	if ((o->table = cli_table_begin(mode, cols)) == NULL) {
		fprintf(stderr, "ombuds: out of memory\n");
		return -1;
	}
	return 0;
}

/* Ends it; returns 0, or -1 when a table could not be written whole. */
int
cli_output_end(struct cli_list_out *o)
{
	if (o->format == CLI_FORMAT_JSON) {
		json_end_array(&o->json);
		json_finish(&o->json);
		return 0;
	}
	return cli_table_end(o->table);
}

static int
list_row(const struct store_row *r, void *arg)
{
	struct cli_list_out *o = arg;
	char buf[512];
	const char *cat = category(r->area, r->subarea, buf, sizeof buf);
	const char *f[5] = { r->ref, r->date, r->organisation, cat, r->outcome };

	switch (o->format) {
	case CLI_FORMAT_JSON:
		json_object(&o->json);
		for (int i = 0; i < 5; i++) {
			json_key(&o->json, list_columns[i]);
			json_string(&o->json, f[i]);
		}
		cli_json_cut_off(&o->json, r->cut_off);
		json_end_object(&o->json);
		break;
	case CLI_FORMAT_CSV:
	case CLI_FORMAT_TSV:
		if (cli_table_row(o->table, f) < 0)
			return 1;
		break;
	default:
		break;
	}
	return ferror(stdout) ? 1 : 0;
}

/* Reads a date option into out (ISO; a year or a month from its first
 * day, or with end to its last); returns 0, or a usage error. */
static int
date_option(const char *name, const char *value, int end, char out[11])
{
	if (decision_date_bound(value, strlen(value), end, out) < 0)
		return cli_usage_error("%s: '%s' is not a date (use YYYY-MM-DD)",
				       name, value);
	return 0;
}

/* What an outcome filter matches among the store's outcomes. */
struct outcome_match {
	const char *want;
	char exact[256], only[256];
	int prefixes;
	char all[1024], some[1024];
};

static int
outcome_each(const char *value, long count, void *arg)
{
	struct outcome_match *m = arg;
	size_t n = strlen(m->all), k = strlen(m->some);

	(void)count;
	if (strcasecmp(value, m->want) == 0)
		snprintf(m->exact, sizeof m->exact, "%s", value);
	if (strncasecmp(value, m->want, strlen(m->want)) == 0) {
		m->prefixes++;
		snprintf(m->only, sizeof m->only, "%s", value);
		snprintf(m->some + k, sizeof m->some - k, "%s%s", k ? ", " : "", value);
	}
	snprintf(m->all + n, sizeof m->all - n, "%s%s", n ? ", " : "", value);
	return 0;
}

/* Resolves the outcome filter *outcome against the outcomes in st: the
 * same in any case, else the one outcome it begins ("closed"); *outcome
 * then points into buf.  Returns 0, CLI_FAILED, or a usage error that
 * lists the outcomes it could be (or all of them). */
static int
resolve_outcome(struct store *st, const char **outcome, char buf[256])
{
	struct outcome_match m = { .want = *outcome };

	if (*outcome == NULL || **outcome == '\0')
		return 0;
	if (store_values(st, STORE_FIELD_OUTCOME, outcome_each, &m) < 0) {
		fprintf(stderr, "ombuds: %s\n", store_error(st));
		return CLI_FAILED;
	}
	if (m.exact[0] == '\0' && m.prefixes == 1)
		snprintf(m.exact, sizeof m.exact, "%s", m.only);
	if (m.exact[0] != '\0') {
		memcpy(buf, m.exact, sizeof m.exact);
		*outcome = buf;
		return 0;
	}
	if (m.prefixes > 1)
		return cli_usage_error("outcome: '%s' could be %s", *outcome, m.some);
	return cli_usage_error("outcome: '%s' is not an outcome in the store (%s)",
			       *outcome, m.all[0] ? m.all : "none");
}

/* resolve_outcome for a query's outcome: filter. */
int
cli_resolve_query_outcome(struct store *st, struct search_query *q)
{
	const char *o = search_query_filter(q)->outcome;
	char buf[256];
	int rc = resolve_outcome(st, &o, buf);

	if (rc == 0 && o == buf && search_query_set_outcome(q, buf) < 0) {
		fprintf(stderr, "ombuds: out of memory\n");
		return CLI_FAILED;
	}
	return rc;
}

#define FILTER_LONGOPTS \
	{ "org", required_argument, NULL, 'o' }, \
	{ "category", required_argument, NULL, 'c' }, \
	{ "outcome", required_argument, NULL, 'u' }, \
	{ "since", required_argument, NULL, 'S' }, \
	{ "until", required_argument, NULL, 'U' }

/* Reads option opt when it is a filter's.  Returns 1 when it was, 0 when
 * it is another option, or CLI_USAGE (the error printed). */
static int
filter_option(struct cli_filter_opts *fo, int opt, const char *arg)
{
	switch (opt) {
	case 'o':
		fo->f.org = arg;
		return 1;
	case 'c':
		fo->f.category = arg;
		return 1;
	case 'u':
		fo->f.outcome = arg;
		return 1;
	case 'S':
		if (date_option("--since", arg, 0, fo->since) != 0)
			return CLI_USAGE;
		fo->f.since = fo->since;
		return 1;
	case 'U':
		if (date_option("--until", arg, 1, fo->until) != 0)
			return CLI_USAGE;
		fo->f.until = fo->until;
		return 1;
	default:
		return 0;
	}
}

int
cli_filter_named(struct cli_filter_opts *fo, const char *name, const char *arg)
{
	static const struct { const char *name; int opt; } opts[] = {
		{ "--org", 'o' }, { "--category", 'c' }, { "--outcome", 'u' },
		{ "--since", 'S' }, { "--until", 'U' },
	};

	for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
		if (strcmp(name, opts[i].name) == 0)
			return fo == NULL ? 1 : filter_option(fo, opts[i].opt, arg);
	return 0;
}

int
cli_filter_resolve(struct store *st, struct cli_filter_opts *fo)
{
	return resolve_outcome(st, &fo->f.outcome, fo->outcome);
}

/* Reads the value of the count option name ("--limit"); returns 0, or a
 * usage error saying it is not what (a "count"). */
int
cli_count_option(const char *name, const char *s, const char *what, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno || *end || end == s || *v < 0)
		return cli_usage_error("%s: '%s' is not a %s", name, s, what);
	return 0;
}

/* A --sort value and what it names: an enum's value. */
struct sort_name {
	const char *name;
	int value;
};

/* Reads a --sort value among names (ending with a NULL name) into *v;
 * returns 0, or a usage error that lists them. */
static int
sort_option(const char *arg, const struct sort_name *names, int *v)
{
	char all[128] = "";
	size_t len = 0;

	for (int i = 0; names[i].name != NULL; i++) {
		if (strcmp(arg, names[i].name) == 0) {
			*v = names[i].value;
			return 0;
		}
		len += (size_t)snprintf(all + len, sizeof all - len, "%s%s",
					i ? ", " : "", names[i].name);
	}
	return cli_usage_error("--sort: '%s' is not one of %s", arg, all);
}

int
cli_list(const struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		FILTER_LONGOPTS,
		{ "sort", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'l' },
		{ "offset", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct sort_name sorts[] = {
		{ "date", STORE_SORT_DATE }, { "ref", STORE_SORT_REF },
		{ "org", STORE_SORT_ORG }, { "oldest", STORE_SORT_OLDEST },
		{ "outcome", STORE_SORT_OUTCOME }, { NULL, 0 },
	};
	struct cli_filter_opts fo = {0};
	struct cli_list_out out = { .format = CLI_FORMAT_TSV };
	int sort = STORE_SORT_DATE;
	long limit = -1, offset = 0;
	struct store *st;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((rc = filter_option(&fo, opt, optarg)) != 0) {
			if (rc == CLI_USAGE)
				return CLI_USAGE;
			continue;
		}
		switch (opt) {
		case 's':
			if (sort_option(optarg, sorts, &sort) != 0)
				return CLI_USAGE;
			break;
		case 'f':
			if (cli_format_option(optarg, 1u << CLI_FORMAT_TSV | 1u << CLI_FORMAT_CSV |
						  1u << CLI_FORMAT_JSON, &out.format) != 0)
				return CLI_USAGE;
			out.given = 1;
			break;
		case 'l':
			if (cli_count_option("--limit", optarg, "count", &limit) != 0)
				return CLI_USAGE;
			break;
		case 'O':
			if (cli_count_option("--offset", optarg, "count", &offset) != 0)
				return CLI_USAGE;
			break;
		case 'h':
			printf("Usage: ombuds [--db PATH] list [--org TEXT] [--category TEXT]"
			       " [--outcome OUTCOME]\n"
			       "         [--since DATE] [--until DATE]"
			       " [--sort date|oldest|ref|org|outcome]\n"
			       "         [--limit N] [--offset N] [--format tsv|csv|json]\n");
			return CLI_OK;
		default:
			return cli_usage_error("list: unknown option or missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("list: unexpected argument '%s'", argv[optind]);
	if ((st = cli_open_store(c, 0)) == NULL)
		return CLI_FAILED;
	if ((rc = resolve_outcome(st, &fo.f.outcome, fo.outcome)) != 0) {
		store_close(st);
		return rc;
	}
	if (cli_output_begin(&out, list_columns) < 0) {
		store_close(st);
		return CLI_FAILED;
	}
	rc = store_list(st, &fo.f, (enum store_sort)sort, offset, limit, list_row,
			&out);
	if (cli_output_end(&out) < 0 && rc == 0)
		fprintf(stderr, "ombuds: out of memory\n");
	if (rc < 0)
		fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(st));
	store_close(st);
	return rc < 0 ? CLI_FAILED : CLI_OK;
}

/* Width to wrap show's text to: the terminal's, when it is one. */
static int
output_width(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 ||
	    ws.ws_col == 0)
		return 0;
	return ws.ws_col > 100 ? 100 : ws.ws_col;
}

/* Prints text after a first-line prefix, continuation lines indented by
 * indent columns, wrapped to width (0: not wrapped). */
static void
print_wrapped(const char *prefix, int indent, const char *text, int width)
{
	struct text_line *lines = NULL;
	long n;

	fputs(prefix, stdout);
	if (width <= indent + 10 ||
	    (n = text_wrap(text, strlen(text), width - indent, &lines)) < 0) {
		fputs(text, stdout);
		putchar('\n');
		return;
	}
	for (long i = 0; i < n; i++) {
		if (i > 0)
			printf("%*s", indent, "");
		fwrite(text + lines[i].off, 1, lines[i].len, stdout);
		putchar('\n');
	}
	if (n == 0)
		putchar('\n');
	free(lines);
}

/* Prints one paragraph: "[n] first line", then its sub-item lines. */
static void
show_para(const struct decision_para *p, int width)
{
	char prefix[24];
	int indent;
	const char *line = p->text, *nl;

	snprintf(prefix, sizeof prefix, "[%d] ", p->n);
	indent = (int)strlen(prefix);
	for (int first = 1; line != NULL; first = 0) {
		size_t len;
		char *one;

		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		one = strndup(line, len);
		if (one == NULL)
			return;
		if (first) {
			print_wrapped(prefix, indent, one, width);
		} else {
			char pad[24];
			int extra = 0;

			while (one[extra] == ' ')
				extra++;
			snprintf(pad, sizeof pad, "%*s", indent + 2, "");
			print_wrapped(pad, indent + 4 + extra, one, width);
		}
		free(one);
		line = nl ? nl + 1 : NULL;
	}
}

/* The words the Ombudsman's re-use terms ask of whoever shows a
 * statement: the source and the copyright holder. */
#define CLI_ATTRIBUTION "Local Government and Social Care Ombudsman; " \
	"\xc2\xa9 Commission for Local Administration in England"

/* Prints an optional string with every control character as '?': a URL
 * is the page's bytes, and an escape sequence must not reach the
 * terminal. */
static void
put_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		putchar(*p < 0x20 || *p == 0x7f ? '?' : *p);
}

/* The "Source:" lines of show, when the decision's page is known: its
 * URL (and when it was fetched), then the attribution. */
static void
show_source(const struct decision *d)
{
	if (d->url == NULL)
		return;
	fputs("Source:    ", stdout);
	put_clean(d->url);
	if (d->fetched) {
		fputs(" (fetched ", stdout);
		put_clean(d->fetched);
		putchar(')');
	}
	printf("\n           " CLI_ATTRIBUTION "\n");
}

static void
show_text(const struct decision *d)
{
	int width = output_width();
	char buf[512];
	const char *cat = category(d->area, d->subarea, buf, sizeof buf);
	const char *heading = NULL, *sub = NULL;

	printf("%s (%s)\n", d->organisation ? d->organisation : "(no organisation)",
	       d->ref);
	printf("Date:      %s\n", d->date[0] ? d->date : "(none)");
	printf("Outcome:   %s\n", d->outcome ? d->outcome : "(none)");
	printf("Category:  %s\n", cat ? cat : "(none)");
	if (d->cut_off)
		printf("Complete:  no, the statement seems cut off\n");
	show_source(d);
	if (d->summary) {
		printf("\nSummary\n");
		print_wrapped("", 0, d->summary, width);
	}
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];
		int new_section = i == 0 || p->kind != d->paras[i - 1].kind ||
				  (p->heading && heading &&
				   strcmp(p->heading, heading) != 0) ||
				  (p->heading == NULL) != (heading == NULL);

		if (new_section) {
			printf("\n%s\n", p->heading ? p->heading
						    : decision_kind_name(p->kind));
			heading = p->heading;
			sub = NULL;
		}
		if (p->subheading &&
		    (sub == NULL || strcmp(sub, p->subheading) != 0)) {
			printf("\n  %s\n", p->subheading);
		}
		sub = p->subheading;
		show_para(p, width);
	}
}

static void
show_json(const struct decision *d)
{
	struct json j;
	char buf[512];

	json_init(&j, stdout, 1);
	json_object(&j);
	json_key(&j, "reference");
	json_string(&j, d->ref);
	json_key(&j, "organisation");
	json_string(&j, d->organisation);
	json_key(&j, "category");
	json_string(&j, category(d->area, d->subarea, buf, sizeof buf));
	json_key(&j, "outcome");
	json_string(&j, d->outcome);
	json_key(&j, "decision_date");
	json_string(&j, d->date[0] ? d->date : NULL);
	cli_json_cut_off(&j, d->cut_off);
	/* Only when known: the store has none for a text file. */
	if (d->url != NULL) {
		json_key(&j, "url");
		json_string(&j, d->url);
		json_key(&j, "attribution");
		json_string(&j, CLI_ATTRIBUTION);
	}
	if (d->fetched != NULL) {
		json_key(&j, "fetched");
		json_string(&j, d->fetched);
	}
	json_key(&j, "summary");
	json_string(&j, d->summary);
	json_key(&j, "paragraphs");
	json_array(&j);
	for (size_t i = 0; i < d->npara; i++) {
		const struct decision_para *p = &d->paras[i];

		json_object(&j);
		json_key(&j, "n");
		json_int(&j, p->n);
		json_key(&j, "section");
		json_string(&j, decision_kind_name(p->kind));
		json_key(&j, "heading");
		json_string(&j, p->heading);
		if (p->subheading) {
			json_key(&j, "subheading");
			json_string(&j, p->subheading);
		}
		json_key(&j, "text");
		json_string(&j, p->text);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

/* Prints the citation of paragraph n of d (decision_cite): as text, its
 * lines wrapped like show's on a terminal (each indented line hangs two
 * columns further in), or as one JSON object.  Returns CLI_OK, or
 * CLI_FAILED when d has no paragraph n. */
static int
show_para_cite(const struct decision *d, long n, enum cli_format format)
{
	const struct decision_para *p = n > 0 && n <= INT_MAX
		? decision_para(d, (int)n) : NULL;
	char *cite = p ? decision_cite(d, p->n) : NULL;
	char *line, *nl, *body;

	if (p == NULL) {
		char why[160];

		decision_para_missing(d, n, why, sizeof why);
		fprintf(stderr, "ombuds: %s\n", why);
		return CLI_FAILED;
	}
	if (cite == NULL) {
		fprintf(stderr, "ombuds: out of memory\n");
		return CLI_FAILED;
	}
	body = strstr(cite, "\n\n");
	if (format == CLI_FORMAT_JSON) {
		struct json j;

		json_init(&j, stdout, 1);
		json_object(&j);
		json_key(&j, "citation");
		json_string_n(&j, cite, (size_t)(body - cite));
		json_key(&j, "reference");
		json_string(&j, d->ref);
		json_key(&j, "organisation");
		json_string(&j, d->organisation);
		json_key(&j, "paragraph");
		json_int(&j, p->n);
		json_key(&j, "text");
		json_string(&j, p->text);
		json_end_object(&j);
		json_finish(&j);
		free(cite);
		return CLI_OK;
	}
	int width = output_width();

	fwrite(cite, 1, (size_t)(body - cite), stdout);
	fputs("\n\n", stdout);
	for (line = body + 2; line != NULL; line = nl ? nl + 1 : NULL) {
		size_t in = strspn(line, " ");
		char pad[64];

		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (in >= sizeof pad)
			in = sizeof pad - 1;
		snprintf(pad, sizeof pad, "%*s", (int)in, "");
		print_wrapped(pad, in ? (int)in + 2 : 0, line + in, width);
	}
	free(cite);
	return CLI_OK;
}

int
cli_show(const struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "para", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum cli_format format = CLI_FORMAT_TEXT;
	char ref[DECISION_REF_MAX];
	struct decision d;
	struct store *st;
	long para = -1;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (cli_format_option(optarg, 1u << CLI_FORMAT_TEXT | 1u << CLI_FORMAT_JSON,
					  &format) != 0)
				return CLI_USAGE;
			break;
		case 'p':
			if (cli_count_option("--para", optarg, "paragraph number", &para) != 0)
				return CLI_USAGE;
			break;
		case 'h':
			printf("Usage: ombuds [--db PATH] show REF [--para N] [--format text|json]\n"
			       "With --para N, the citation of paragraph N and its text.\n"
			       "REF may be a citation: 'Org (24 023 422) at [7]', '24 023 422 [7]'.\n");
			return CLI_OK;
		default:
			return cli_usage_error("show: unknown option or missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	/* The reference may come before or after the options, unquoted
	 * ("show 24 023 422"), or as a citation ("Org (24 023 422) at [7]",
	 * "24 023 422 [7]"): join what is left with spaces. */
	if (optind == argc)
		return cli_usage_error("show: no reference given (like 24 023 422)");
	char given[512] = "";
	long cited;
	size_t glen = 0;

	for (int i = optind; i < argc; i++) {
		int w = snprintf(given + glen, sizeof given - glen, "%s%s",
				 i > optind ? " " : "", argv[i]);

		if (w < 0 || (size_t)w >= sizeof given - glen)
			return cli_usage_error("show: '%s' is not a reference (like 24 023 422)",
					       argv[optind]);
		glen += (size_t)w;
	}
	if (decision_target_parse(given, ref, &cited) < 0 || ref[0] == '\0')
		return cli_usage_error("show: '%s' is not a reference (like 24 023 422)",
				       given);
	if (para < 0)
		para = cited;
	if ((st = cli_open_store(c, 0)) == NULL)
		return CLI_FAILED;
	rc = store_get(st, ref, &d);
	if (rc < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(st));
		store_close(st);
		return CLI_FAILED;
	}
	store_close(st);
	if (rc == 0) {
		fprintf(stderr, "ombuds: no decision %s in the store\n", ref);
		return CLI_FAILED;
	}
	if (para >= 0)
		rc = show_para_cite(&d, para, format);
	else if (format == CLI_FORMAT_JSON)
		show_json(&d);
	else
		show_text(&d);
	decision_free(&d);
	return para >= 0 ? rc : CLI_OK;
}

/* Writes an upheld rate (store_upheld_rate) as a percentage with one
 * decimal and a '.' whatever the locale, or "" when there is none. */
static const char *
rate_text(double rate, char buf[32])
{
	const char *point = localeconv()->decimal_point;
	char *p;

	buf[0] = '\0';
	if (rate < 0)
		return buf;
	snprintf(buf, 32, "%.1f", rate);
	if (point != NULL && strcmp(point, ".") != 0 &&
	    (p = strstr(buf, point)) != NULL) {
		*p = '.';
		memmove(p + 1, p + strlen(point), strlen(p + strlen(point)) + 1);
	}
	return buf;
}

/* The organisations of orgs, copied to be sorted. */
struct orgs_out {
	struct cli_list_out o;
	struct store_org *v;
	size_t n, cap;
	int oom;
};

static int
orgs_collect(const struct store_org *o, void *arg)
{
	struct orgs_out *out = arg;

	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 256;
		struct store_org *v = realloc(out->v, cap * sizeof *v);

		if (v == NULL)
			return out->oom = 1;
		out->v = v;
		out->cap = cap;
	}
	out->v[out->n] = *o;
	if (o->name != NULL && (out->v[out->n].name = strdup(o->name)) == NULL)
		return out->oom = 1;
	out->n++;
	return 0;
}

/* The order of orgs --sort, for qsort. */
static enum store_org_sort orgs_by;

static int
orgs_cmp(const void *a, const void *b)
{
	return store_org_cmp(a, b, orgs_by);
}

static void
orgs_row(const struct store_org *o, struct orgs_out *out)
{
	long v[5] = { o->decisions, o->upheld, o->not_upheld, o->closed,
		      o->other };
	char rate[32];

	char num[5][24];
	const char *f[7] = { o->name, num[0], num[1], num[2], num[3], num[4], rate };
	struct json *j = &out->o.json;

	rate_text(store_upheld_rate(o), rate);
	if (out->o.format == CLI_FORMAT_JSON) {
		json_object(j);
		json_key(j, orgs_columns[0]);
		json_string(j, o->name);
		for (int i = 0; i < 5; i++) {
			json_key(j, orgs_columns[i + 1]);
			json_int(j, v[i]);
		}
		json_key(j, orgs_columns[6]);
		json_number(j, rate);
		json_end_object(j);
	} else {
		for (int i = 0; i < 5; i++)
			snprintf(num[i], sizeof num[i], "%ld", v[i]);
		cli_table_row(out->o.table, f);
	}
}

/* Prints a query's message as search does; returns the usage status. */
int
cli_query_error(const struct search_error *err)
{
	if (err->column > 0)
		fprintf(stderr, "ombuds: query: %s (at column %d)\n", err->msg,
			err->column);
	else
		fprintf(stderr, "ombuds: query: %s\n", err->msg);
	return CLI_USAGE;
}

int
cli_orgs(const struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		FILTER_LONGOPTS,
		{ "sort", required_argument, NULL, 's' },
		{ "query", required_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct sort_name sorts[] = {
		{ "name", STORE_ORGS_BY_NAME }, { "count", STORE_ORGS_BY_COUNT },
		{ "rate", STORE_ORGS_BY_RATE }, { NULL, 0 },
	};
	struct cli_filter_opts fo = {0};
	struct orgs_out out = { .o.format = CLI_FORMAT_TSV };
	struct search_query *q = NULL;
	struct search_error err;
	struct search *s = NULL;
	const char *query = NULL;
	int by = STORE_ORGS_BY_NAME;
	struct store *st;
	int opt, rc = 0;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if ((rc = filter_option(&fo, opt, optarg)) != 0) {
			if (rc == CLI_USAGE)
				return CLI_USAGE;
			continue;
		}
		switch (opt) {
		case 's':
			if (sort_option(optarg, sorts, &by) != 0)
				return CLI_USAGE;
			break;
		case 'q':
			query = optarg;
			break;
		case 'f':
			if (cli_format_option(optarg, 1u << CLI_FORMAT_TSV | 1u << CLI_FORMAT_CSV |
						  1u << CLI_FORMAT_JSON, &out.o.format) != 0)
				return CLI_USAGE;
			out.o.given = 1;
			break;
		case 'h':
			printf("Usage: ombuds [--db PATH] orgs [--org TEXT] [--category TEXT]"
			       " [--outcome OUTCOME]\n"
			       "         [--since DATE] [--until DATE] [--query QUERY]"
			       " [--sort name|count|rate]\n"
			       "         [--format tsv|csv|json]\n");
			return CLI_OK;
		default:
			return cli_usage_error("orgs: unknown option or missing value: '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("orgs: unexpected argument '%s'", argv[optind]);
	if (query != NULL && (q = search_parse(query, &err)) == NULL)
		return cli_query_error(&err);
	if ((st = cli_open_store(c, 0)) == NULL) {
		search_query_free(q);
		return CLI_FAILED;
	}
	if ((rc = resolve_outcome(st, &fo.f.outcome, fo.outcome)) != 0 ||
	    (q != NULL && (rc = cli_resolve_query_outcome(st, q)) != 0)) {
		store_close(st);
		search_query_free(q);
		return rc;
	}
	if (q == NULL)
		rc = store_orgs(st, &fo.f, orgs_collect, &out);
	else if ((s = search_open(st, q, SEARCH_ORDER_DATE)) == NULL)
		out.oom = 1;
	else if ((rc = search_filter(s, &fo.f)) == 0)
		rc = search_orgs(s, orgs_collect, &out);
	if (out.oom) {
		fprintf(stderr, "ombuds: out of memory\n");
		rc = -1;
	} else if (rc < 0) {
		fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(st));
	}
	if (rc == 0 && out.n > 0 && by != STORE_ORGS_BY_NAME) {
		orgs_by = (enum store_org_sort)by;
		qsort(out.v, out.n, sizeof *out.v, orgs_cmp);
		/* The decisions with no organisation on the last line. */
		for (size_t i = 0; i + 1 < out.n; i++) {
			if (out.v[i].name == NULL) {
				struct store_org none = out.v[i];

				memmove(out.v + i, out.v + i + 1,
					(out.n - i - 1) * sizeof *out.v);
				out.v[out.n - 1] = none;
				break;
			}
		}
	}
	if (rc == 0 && cli_output_begin(&out.o, orgs_columns) == 0) {
		for (size_t i = 0; i < out.n && !ferror(stdout); i++)
			orgs_row(&out.v[i], &out);
		if (cli_output_end(&out.o) < 0)
			rc = -1;
	}
	for (size_t i = 0; i < out.n; i++)
		free((char *)out.v[i].name);
	free(out.v);
	search_close(s);
	store_close(st);
	search_query_free(q);
	return rc < 0 ? CLI_FAILED : CLI_OK;
}
