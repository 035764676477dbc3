/* cli_search: `ombuds search` — its options, the query, and each result
 * as a table's row or a JSON object. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_int.h"
#include "decision.h"
#include "json.h"
#include "search.h"
#include "store.h"

static const char *const search_columns[] = {
	"reference", "organisation", "decision_date", "outcome", "paragraph",
	"snippet", NULL,
};

/* Prints one result as a table's row or a JSON object (with the source
 * URL when the store knows it). */
static void
result_row(struct store *st, const struct search_result *r,
	   enum cli_format format, struct json *j, struct cli_table *t)
{
	char para[24];
	const char *f[6] = { r->ref, r->organisation, r->date, r->outcome, para,
			     r->snippet };

	if (format == CLI_FORMAT_JSON) {
		char *url = NULL;

		json_object(j);
		json_key(j, "reference");
		json_string(j, r->ref);
		json_key(j, "organisation");
		json_string(j, r->organisation);
		json_key(j, "decision_date");
		json_string(j, r->date);
		json_key(j, "outcome");
		json_string(j, r->outcome);
		cli_json_cut_off(j, r->cut_off);
		if (store_url(st, r->ref, &url) == 0 && url != NULL) {
			json_key(j, "url");
			json_string(j, url);
		}
		free(url);
		json_key(j, "paragraph");
		json_int(j, r->paragraph);
		json_key(j, "section");
		json_string(j, decision_kind_name(r->kind));
		json_key(j, "snippet");
		json_string(j, r->snippet);
		if (r->shared != NULL) {
			json_key(j, "shared");
			json_array(j);
			for (char **w = r->shared; *w != NULL; w++)
				json_string(j, *w);
			json_end_array(j);
		}
		json_key(j, "hits");
		json_array(j);
		for (long i = 0; i < r->nhits; i++) {
			json_array(j);
			json_int(j, (long long)r->hits[i].start);
			json_int(j, (long long)r->hits[i].end);
			json_end_array(j);
		}
		json_end_array(j);
		json_end_object(j);
		return;
	}
	snprintf(para, sizeof para, "%d", r->paragraph);
	cli_table_row(t, f);
}

/* search's options and its query, the words joined with spaces. */
struct search_args {
	enum cli_format format;
	int given;              /* --format was given */
	enum search_order order;
	long limit, offset;
	char *query;
	size_t qlen;
	struct cli_filter_opts fo;      /* --org, --category, … */
	char like[DECISION_REF_MAX];    /* --like: its reference, else "" */
};

/* Adds word a to the query: 0, or -1 when out of memory. */
static int
query_add(struct search_args *sa, const char *a)
{
	size_t alen = strlen(a);
	char *nq = realloc(sa->query, sa->qlen + alen + 2);

	if (nq == NULL)
		return -1;
	sa->query = nq;
	if (sa->qlen)
		sa->query[sa->qlen++] = ' ';
	memcpy(sa->query + sa->qlen, a, alen + 1);
	sa->qlen += alen;
	return 0;
}

/* Reads option name's value val into sa: 0, or the status to return
 * after a usage error. */
static int
search_option(struct search_args *sa, const char *name, const char *val)
{
	int rc;

	if ((strcmp(name, "--limit") == 0 &&
	     cli_count_option(name, val, "count", &sa->limit) != 0) ||
	    (strcmp(name, "--offset") == 0 &&
	     cli_count_option(name, val, "count", &sa->offset) != 0) ||
	    (strcmp(name, "--format") == 0 &&
	     cli_format_option(val, 1u << CLI_FORMAT_TSV | 1u << CLI_FORMAT_CSV |
				1u << CLI_FORMAT_JSON, &sa->format) != 0))
		return CLI_USAGE;
	sa->given |= strcmp(name, "--format") == 0;
	if (strcmp(name, "--like") == 0 &&
	    (decision_target_parse(val, sa->like, &(long){ 0 }) < 0 ||
	     sa->like[0] == '\0'))
		return cli_usage_error("search: --like: '%s' is not a reference"
				       " (like 24 023 422)", val);
	if ((rc = cli_filter_named(&sa->fo, name, val)) != 0 && rc != 1)
		return rc;
	if (strcmp(name, "--sort") == 0) {
		if (strcmp(val, "rank") == 0)
			sa->order = SEARCH_ORDER_RANK;
		else if (strcmp(val, "date") == 0)
			sa->order = SEARCH_ORDER_DATE;
		else
			return cli_usage_error("--sort: '%s' is not one of rank, date",
					       val);
	}
	return 0;
}

/* Nonzero when s is n digits. */
static int
digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* The value of option name after argv[*i], moving *i past it: for
 * --like, "18 004 123" given as three words is one reference (joined
 * into buf). */
static const char *
like_ref_args(const char *name, int argc, char **argv, int *i, char buf[64])
{
	const char *v = argv[++*i];

	if (strcmp(name, "--like") == 0 && digits(v, 2) && *i + 2 < argc &&
	    digits(argv[*i + 1], 3) && strlen(argv[*i + 2]) <= 4 &&
	    strspn(argv[*i + 2], "0123456789") == 3) {
		snprintf(buf, 64, "%s %s %s", v, argv[*i + 1], argv[*i + 2]);
		*i += 2;
		return buf;
	}
	return v;
}

/* Reads search's arguments into sa.  Returns -1 to go on, or the status
 * to return at once (--help printed, a usage error, out of memory), with
 * the query freed. */
static int
search_args(int argc, char **argv, const char *usage, struct search_args *sa)
{
	int only_words = 0, rc;

	/* Options are read by hand: "-word" is part of the query. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		char name[16], joined[64];

		if (!only_words && strcmp(a, "--") == 0) {
			only_words = 1;
			continue;
		}
		if (!only_words && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			fputs(usage, stdout);
			rc = CLI_OK;
			goto stop;
		}
		if (!only_words && strncmp(a, "--", 2) == 0) {
			eq = strchr(a, '=');
			snprintf(name, sizeof name, "%.*s",
				 (int)(eq ? (size_t)(eq - a) : strlen(a)), a);
			if (strcmp(name, "--limit") && strcmp(name, "--offset") &&
			    strcmp(name, "--format") && strcmp(name, "--sort") &&
			    strcmp(name, "--like") && cli_filter_named(NULL, name, NULL) == 0)
				goto word; /* the query reports it */
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = like_ref_args(name, argc, argv, &i, joined);
			else {
				rc = cli_usage_error("search: %s needs a value", name);
				goto stop;
			}
			if ((rc = search_option(sa, name, val)) != 0)
				goto stop;
			continue;
		}
word:
		if (query_add(sa, a) < 0) {
			fprintf(stderr, "ombuds: out of memory\n");
			rc = CLI_FAILED;
			goto stop;
		}
	}
	return -1;
stop:
	free(sa->query);
	sa->query = NULL;
	return rc;
}

/* Opens the search sa asks for (more like sa->like, or q) with the
 * filter options into *s.  Returns CLI_OK, or the status with the
 * message printed. */
static int
search_start(struct store *st, struct search_query *q,
	     struct search_args *sa, struct search **s)
{
	int rc = 1;

	if (sa->like[0] != '\0')
		rc = search_open_like(st, q, sa->like, s);
	else if ((*s = search_open(st, q, sa->order)) == NULL)
		rc = -1;
	if (rc == 0) {
		fprintf(stderr, "ombuds: no decision %s in the store\n", sa->like);
		return CLI_FAILED;
	}
	if (rc < 0) {
		fprintf(stderr, "ombuds: %s\n", *store_error(st) ? store_error(st)
							    : "out of memory");
		return CLI_FAILED;
	}
	if (store_filter_any(&sa->fo.f))
		search_filter(*s, &sa->fo.f);
	return CLI_OK;
}

/* Says on standard error what the results are besides (search_notes);
 * returns 0 or -1. */
static int
search_notes_print(struct search *s)
{
	const char *relaxed, *suggest;

	if (search_notes(s, &relaxed, &suggest) < 0)
		return -1;
	fflush(stdout);
	if (relaxed != NULL)
		fprintf(stderr, "%s\n", relaxed);
	if (suggest != NULL)
		fprintf(stderr, "%s\n", suggest);
	return 0;
}

/* Prints the n results of a page as JSON (with total and offset) or a
 * table of format (given: --format was given, so no aligning).  Returns
 * CLI_OK or CLI_FAILED with the message printed. */
static int
print_page(struct store *st, const struct search_result *res, long n,
	   long total, long offset, enum cli_format format, int given)
{
	struct cli_list_out out = { .format = format, .given = given };
	struct json j;

	if (format == CLI_FORMAT_JSON) {
		json_init(&j, stdout, 1);
		json_object(&j);
		json_key(&j, "total");
		json_int(&j, total);
		json_key(&j, "offset");
		json_int(&j, offset);
		json_key(&j, "results");
		json_array(&j);
	} else if (cli_output_begin(&out, search_columns) < 0) {
		return CLI_FAILED;
	}
	for (long i = 0; i < n; i++)
		result_row(st, &res[i], format, &j, out.table);
	if (format == CLI_FORMAT_JSON) {
		json_end_array(&j);
		json_end_object(&j);
		json_finish(&j);
	} else if (cli_output_end(&out) < 0) {
		fprintf(stderr, "ombuds: out of memory\n");
		return CLI_FAILED;
	}
	return CLI_OK;
}

/* search --help. */
static const char search_usage[] =
	"Usage: ombuds [--db PATH] search QUERY... [--sort rank|date] [--limit N]\n"
	"         [--offset N] [--format tsv|csv|json] [--org TEXT]\n"
	"         [--category TEXT] [--outcome OUTCOME] [--since DATE] [--until DATE]\n"
	"       ombuds [--db PATH] search --like REF [QUERY...] [options but --sort]\n"
	"Words must all appear in a decision, in any inflection (delay finds\n"
	"delays, delayed, delaying; anti-social, antisocial and anti social meet);\n"
	"in quotes as written (\"delayed\"); prefix* begins a word (assess*).\n"
	"\"a phrase\" and NEAR(a b, N) match within one paragraph, as written;\n"
	"OR, -word or NOT word, ( ); filters org:TEXT\n"
	"category:TEXT outcome:OUTCOME ref:REF in:SECTION after:DATE before:DATE\n"
	"year:YYYY.  --limit defaults to 50 (0: every result).  In TSV the\n"
	"snippet marks each hit as [hit]; brackets already in the text are kept.\n"
	"When no decision has all the words (ANDed only), those with most of them\n"
	"are listed, and standard error says so; filters stay strict.  A word\n"
	"that matches nothing gets \"did you mean\" a word of the store; a word\n"
	"in quotes that finds far fewer decisions than unquoted says so.\n"
	"--like REF lists the decisions most like decision REF, best first: those\n"
	"sharing its distinctive words (used most by REF, rare in the store), the\n"
	"same category ranked up; the snippet (JSON: \"shared\") names the words\n"
	"each shares.  A QUERY given too narrows them, e.g.\n"
	"  ombuds search --like 18 004 123 --since 2020-01-01 outcome:upheld\n";

int
cli_search(const struct cli *c, int argc, char **argv)
{
	struct search_args sa = { .format = CLI_FORMAT_TSV,
				  .order = SEARCH_ORDER_RANK, .limit = 50 };
	enum cli_format format;
	long limit, offset, n, total = -1;
	struct search_error err;
	struct search_query *q;
	struct search *s;
	struct search_result *res;
	struct store *st;
	int rc = CLI_OK;

	if ((rc = search_args(argc, argv, search_usage, &sa)) >= 0)
		return rc;
	if (sa.like[0] != '\0' && sa.order == SEARCH_ORDER_DATE) {
		free(sa.query);
		return cli_usage_error("search: --like lists by likeness; --sort date"
				       " does not apply");
	}
	rc = CLI_OK;
	format = sa.format;
	limit = sa.limit;
	offset = sa.offset;
	q = sa.query == NULL && sa.like[0] != '\0'
		    ? search_query_empty()
		    : search_parse(sa.query ? sa.query : "", &err);
	if (q == NULL && sa.query == NULL && sa.like[0] != '\0') {
		fprintf(stderr, "ombuds: out of memory\n");
		return CLI_FAILED;
	}
	free(sa.query);
	if (q == NULL)
		return cli_query_error(&err);
	if ((st = cli_open_store(c, 0)) == NULL) {
		search_query_free(q);
		return CLI_FAILED;
	}
	if ((rc = cli_resolve_query_outcome(st, q)) != 0 ||
	    (rc = cli_filter_resolve(st, &sa.fo)) != 0) {
		store_close(st);
		search_query_free(q);
		return rc;
	}
	if ((rc = search_start(st, q, &sa, &s)) != CLI_OK) {
		store_close(st);
		search_query_free(q);
		return rc;
	}
	if (sa.like[0] == '\0' && search_relax(s) < 0) {
		fprintf(stderr, "ombuds: out of memory\n");
		rc = CLI_FAILED;
		goto done;
	}
	if (format == CLI_FORMAT_JSON && search_count(s, &total) < 0)
		goto store_failed;
	n = search_page(s, offset, limit == 0 ? -1 : limit, &res);
	if (n < 0)
		goto store_failed;
	rc = print_page(st, res, n, total, offset, format, sa.given);
	search_results_free(res, n);
	if (search_notes_print(s) < 0)
		goto store_failed;
	/* A person at a terminal is told what --limit left out. */
	if (format != CLI_FORMAT_JSON && limit > 0 && n == limit &&
	    isatty(STDERR_FILENO) && search_count(s, &total) == 0 &&
	    total > offset + n)
	{
		fflush(stdout);
		fprintf(stderr, "%ld of %ld shown; --limit 0 for all\n", n, total);
	}
	goto done;
store_failed:
	fprintf(stderr, "ombuds: %s: %s\n", c->db, store_error(st));
	rc = CLI_FAILED;
done:
	search_close(s);
	store_close(st);
	search_query_free(q);
	return rc;
}
