/* Unit tests of decisions made ready off the writer's thread
 * (store_prep.c) and of the prepared words the noting tokenizer hands on
 * (vocab_prepare, vocab_replay): a store filled through them is the store
 * filled without them, table for table; a word the writer is not given is
 * still noted when the decision that brought it was skipped. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "decision.h"
#include "parse.h"
#include "store.h"
#include "store_vocab.h"
#include "tap.h"

/* The rows of a query over the store at path, one line each, columns
 * tab-separated, malloc'd; NULL when it fails. */
static char *
rows(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL || sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		while (sqlite3_step(q) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(q); i++) {
				const unsigned char *b = sqlite3_column_blob(q, i);
				int n = sqlite3_column_bytes(q, i);

				fputc(i ? '\t' : '\n', f);
				for (int j = 0; j < n; j++)
					fprintf(f, "%02x", b[j]);
			}
		}
		sqlite3_finalize(q);
	} else {
		fprintf(f, "failed: %s", sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	fclose(f);
	return out;
}

/* The integer a query of one value gives, or -1. */
static long
sql_long(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	long v = -1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		if (sqlite3_step(q) == SQLITE_ROW)
			v = (long)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
	return v;
}

/* Nonzero when FTS5's index of the store at path is in step with its
 * text (its integrity-check passes). */
static int
fts_intact(const char *path)
{
	char *r = rows(path, "INSERT INTO decision_fts(decision_fts)"
			     " VALUES ('integrity-check')");
	int intact = r != NULL && r[0] == '\0';

	free(r);
	return intact;
}

/* Reads and parses the samples, the test statements and those of the
 * relevance set into res; returns how many. */
static size_t
read_all(struct parse_result *res, size_t cap)
{
	const char *dirs[] = {DATA_DIR, TESTS_SRCDIR "/data",
			      TESTS_SRCDIR "/../bench/relevance/statements"};
	size_t n = 0;

	for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
		DIR *dir = opendir(dirs[k]);
		struct dirent *e;

		while (dir != NULL && (e = readdir(dir)) != NULL && n < cap) {
			char path[1024], *buf = NULL;
			size_t blen = 0;
			FILE *f;

			if (strstr(e->d_name, ".txt") == NULL)
				continue;
			snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
			if ((f = fopen(path, "rb")) == NULL)
				continue;
			buf = malloc(1 << 22);
			blen = fread(buf, 1, 1 << 22, f);
			fclose(f);
			if (parse_bytes(buf, blen, &res[n]) == 0 &&
			    res[n].ndecisions > 0)
				n++;
			else
				parse_result_free(&res[n]);
			free(buf);
		}
		if (dir != NULL)
			closedir(dir);
	}
	return n;
}

/* The tables a write fills beside the decision, and FTS5's own words. */
static const char *const tables[] = {
	"SELECT * FROM vocab ORDER BY 1",
	"SELECT * FROM vocab_stem ORDER BY 1, 2",
	"SELECT * FROM decision_break ORDER BY 1",
	"SELECT * FROM break_pair ORDER BY 1",
	"SELECT * FROM decision_starts ORDER BY 1",
	"SELECT * FROM decision_len ORDER BY 1",
	"SELECT id, ref, headings, complaint, layout, hash FROM decision"
	" ORDER BY id",
};

static void
same_store(const char *path, size_t nres, struct parse_result *res)
{
	char a[600], b[600], err[256];
	struct store *sa, *sb;
	struct store_prep *pp;
	struct store_prepped **pd;
	size_t total = 0;
	int failed = 0;

	snprintf(a, sizeof a, "%s-plain.db", path);
	snprintf(b, sizeof b, "%s-prepped.db", path);
	sa = store_open(a, STORE_CREATE, err, sizeof err);
	sb = store_open(b, STORE_CREATE, err, sizeof err);
	ok(sa != NULL && sb != NULL, "two new stores");
	if (sa == NULL || sb == NULL)
		return;
	for (size_t i = 0; i < nres; i++)
		total += res[i].ndecisions;
	pd = calloc(total, sizeof *pd);
	pp = store_prep_new(sb, 1);
	ok(pp != NULL, "a preparer for the second");
	/* All made ready first, as a reader thread runs ahead. */
	for (size_t i = 0, k = 0; i < nres; i++)
		for (size_t j = 0; j < res[i].ndecisions; j++, k++)
			failed |= store_prep_decision(pp, &res[i].decisions[j],
						      &pd[k]) < 0;
	ok(!failed, "%zu decisions made ready", total);
	store_begin(sa);
	store_begin(sb);
	for (size_t i = 0, k = 0; i < nres; i++) {
		for (size_t j = 0; j < res[i].ndecisions; j++, k++) {
			enum store_put how;

			failed |= store_put(sa, &res[i].decisions[j], "x", &how);
			failed |= store_put_prepped(sb, &res[i].decisions[j],
						    pd[k], "x", &how);
		}
	}
	failed |= store_commit(sa) | store_commit(sb);
	ok(!failed, "written to both");
	store_close(sa);
	store_close(sb);
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		char *x = rows(a, tables[i]), *y = rows(b, tables[i]);

		ok(x && y && strlen(x) > 0 && strcmp(x, y) == 0,
		   "the same rows: %s (%zu bytes)", tables[i],
		   x ? strlen(x) : 0);
		free(x);
		free(y);
	}
	ok(fts_intact(b), "FTS5's index of the second is in step with its text");
	for (size_t k = 0; k < total; k++)
		store_prepped_free(pd[k]);
	free(pd);
	store_prep_free(pp);
	unlink(a);
	unlink(b);
}

/* A one-paragraph decision saying text. */
static void
small(struct decision *d, const char *ref, const char *text)
{
	decision_init(d);
	decision_ref_canon(ref, strlen(ref), d->ref);
	d->organisation = strdup("Somewhere Council");
	d->summary = strdup("Mr Y complained.");
	decision_add_para(d, DECISION_KIND_COMPLAINT, strdup("The complaint"),
			  NULL, strdup(text));
}

/* Words met first in a decision the writer was not given (or was given
 * late) are noted all the same. */
static void
skipped(const char *path)
{
	char db[600], err[256];
	struct decision d[4];
	struct store_prepped *pd[4] = {NULL};
	struct store *st;
	struct store_prep *pp;
	enum store_put how;
	char *v;

	snprintf(db, sizeof db, "%s-skip.db", path);
	st = store_open(db, STORE_CREATE, err, sizeof err);
	pp = st ? store_prep_new(st, 0) : NULL;
	ok(pp != NULL, "skipping: a store and a preparer");
	if (pp == NULL)
		return;
	small(&d[0], "32 000 001", "The zyzzogeton was late.");
	small(&d[1], "32 000 002", "The zyzzogeton came, and a quokkalike.");
	small(&d[2], "32 000 003", "A wombatlike anti-social neighbour.");
	small(&d[3], "32 000 004", "The wombatlike and the anti-social one.");
	for (int i = 0; i < 4; i++)
		store_prep_decision(pp, &d[i], &pd[i]);
	/* The first never written; the third after the fourth. */
	decision_free(&d[0]);
	store_begin(st);
	store_put_prepped(st, &d[1], pd[1], "x", &how);
	store_put_prepped(st, &d[3], pd[3], "x", &how);
	store_put_prepped(st, &d[2], pd[2], "x", &how);
	store_commit(st);
	store_prep_free(pp);
	/* Again, by a new preparer: the stored one is left for the writer
	 * to find unchanged, the changed one is written. */
	pp = store_prep_new(st, 1);
	free(d[2].paras[0].text);
	d[2].paras[0].text = strdup("A wombatlike anti-social marmosetish.");
	store_prep_decision(pp, &d[1], &pd[1]);
	store_prep_decision(pp, &d[2], &pd[2]);
	store_begin(st);
	store_put_prepped(st, &d[1], pd[1], "x", &how);
	is_int(how, STORE_PUT_UNCHANGED, "a stored decision prepared again is unchanged");
	store_put_prepped(st, &d[2], pd[2], "x", &how);
	is_int(how, STORE_PUT_REPLACED, "a changed one replaces its decision");
	/* A stored one, not prepared, is written all the same when its
	 * source changed: not with the words its slot held before (those of
	 * a decision since freed: the sanitizers and valgrind would see them
	 * read). */
	small(&d[0], "32 000 005", "Mr Y complained of a pangolinish delay.");
	store_prep_decision(pp, &d[0], &pd[0]);
	store_put_prepped(st, &d[0], pd[0], "x", &how);
	decision_free(&d[0]);
	d[1].url = strdup("https://www.example.org/decisions/32000002");
	store_prep_decision(pp, &d[1], &pd[0]);
	store_put_prepped(st, &d[1], pd[0], "x", &how);
	is_int(how, STORE_PUT_REPLACED,
	       "a stored decision from a new source is written again");
	store_commit(st);
	store_close(st);
	ok(fts_intact(db), "with its own words in the index");
	is_int(sql_long(db, "SELECT count(*) FROM vocab WHERE term ="
			     " 'marmosetish'"), 1, "its new word is in vocab");
	v = rows(db, "SELECT term FROM vocab WHERE term IN ('zyzzogeton',"
		     " 'quokkalike', 'wombatlike') UNION SELECT term FROM"
		     " vocab_stem WHERE term = 'anti social' ORDER BY 1");
	/* Hex of: anti social, quokkalike, wombatlike, zyzzogeton. */
	is_str(v, "\n616e746920736f6369616c\n71756f6b6b616c696b65"
		  "\n776f6d6261746c696b65\n7a797a7a6f6765746f6e",
	       "every word of what was written is in vocab (a pair in vocab_stem)");
	free(v);
	for (int i = 0; i < 4; i++) {
		store_prepped_free(pd[i]);
		decision_free(&d[i]);
	}
	store_prep_free(pp);
	unlink(db);
}

/* The words vocab_take hands out, space-separated. */
static int
take_word(const char *s, size_t n, void *arg)
{
	char *out = arg;

	strncat(out, s, n);
	strcat(out, " ");
	return 0;
}

/* At the vocab itself: a prepared text is answered from its words, and
 * only the words new to the preparing vocab are noted. */
static void
replayed(void)
{
	const char *args[] = {"remove_diacritics", "2"};
	sqlite3 *db;
	sqlite3_stmt *q;
	fts5_api *api = NULL;
	struct vocab *v, *seen;
	struct vocab_doc *d1, *d2;
	const char *t1 = "Apples and pears", *t2 = "Pears and plums";
	char got[256] = "";

	sqlite3_open(":memory:", &db);
	sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, NULL);
	sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	sqlite3_finalize(q);
	v = vocab_open(api, args, 2, 1);
	seen = v ? vocab_twin(v) : NULL;
	d1 = vocab_doc_new();
	d2 = vocab_doc_new();
	ok(seen && d1 && d2, "replay: a vocab, its twin, two documents");
	if (!seen || !d1 || !d2)
		return;
	sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize ="
			 " 'unicode61 remove_diacritics 2')", NULL, NULL, NULL);
	is_int(vocab_prepare(seen, d1, t1, strlen(t1)), 0, "the first prepared");
	is_int(vocab_prepare(seen, d2, t2, strlen(t2)), 0, "the second");
	/* The second alone is written: of its words, only plums was new to
	 * the twin, so only plums is noted. */
	vocab_replay(v, d2);
	sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?1)", -1, &q, NULL);
	sqlite3_bind_text(q, 1, t2, -1, SQLITE_STATIC);
	is_int(sqlite3_step(q), SQLITE_DONE, "written");
	sqlite3_finalize(q);
	vocab_replay(v, NULL);
	vocab_take(v, take_word, got);
	is_str(got, "plums ", "only the word new to the twin is noted");
	{
		char *x = NULL;

		sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH"
				       " 'pears AND plums AND and'", -1, &q, NULL);
		x = sqlite3_step(q) == SQLITE_ROW ? "found" : "not found";
		sqlite3_finalize(q);
		is_str(x, "found", "and FTS5 indexed every word handed on");
	}
	vocab_committed(v);
	/* A text that is not the prepared one is tokenized and noted. */
	vocab_replay(v, d1);
	sqlite3_exec(db, "INSERT INTO t(x) VALUES ('Quinces')", NULL, NULL, NULL);
	vocab_replay(v, NULL);
	got[0] = '\0';
	vocab_take(v, take_word, got);
	is_str(got, "and apples pears quinces ",
	       "another text is tokenized; the prepared one's new words noted");
	sqlite3_close(db);
	vocab_doc_free(d1);
	vocab_doc_free(d2);
	vocab_free(seen);
	vocab_free(v);
}

int
main(void)
{
	char path[] = "/tmp/ombuds-test-prep-XXXXXX";
	static struct parse_result res[200];
	size_t n;
	int fd = mkstemp(path);

	close(fd);
	unlink(path);
	n = read_all(res, sizeof res / sizeof res[0]);
	ok(n >= 50, "%zu statements read", n);
	same_store(path, n, res);
	skipped(path);
	replayed();
	for (size_t i = 0; i < n; i++)
		parse_result_free(&res[i]);
	return tap_done();
}
