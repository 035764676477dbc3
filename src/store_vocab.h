/* vocab: part of the store — the words FTS5 indexes, as its tokenizer
 * gives them, so that a prefix can be answered by the words it stands
 * for.  FTS5 answers `comp*` by merging the lists of every word that
 * starts so, positions and all; the same words joined by OR are read
 * side by side, without the merge, which costs much more
 * (docs/PERFORMANCE.md).  FTS5 keeps no list of its words that is cheap to
 * read (fts5vocab counts every word's rows as it lists it), so the
 * store keeps one (table vocab), and this module gathers the words of
 * what is written: it puts itself before FTS5's unicode61 tokenizer on
 * the store's writing connection and notes every word a document gives.
 * The words are FTS5's own, so none can be missed or spelled otherwise.
 * No SQL here: store.c writes the words down at each commit. */
#ifndef OMBUDS_STORE_VOCAB_H
#define OMBUDS_STORE_VOCAB_H

#include <stddef.h>

#include <sqlite3.h>

/* The longest pair of words a hyphen joins that is noted ("anti
 * social"), in bytes. */
#define VOCAB_JOIN_MAX 64

struct vocab;

/* A vocab on the connection whose FTS5 is api, whose tables tokenize
 * with unicode61 and args (nargs of them).  With record set, each word
 * a document gives FTS5 is noted (see vocab_take) — the tokenizer is
 * registered under the same name, for this connection only, and hands
 * the words on unchanged.  Returns NULL when memory is missing. */
struct vocab *vocab_open(fts5_api *api, const char *const *args, int nargs,
			 int record);
void vocab_free(struct vocab *v);

/* The words noted and not yet committed, sorted, each once: calls
 * fn(word, len, arg) for each until it returns non-zero, and returns
 * that (0 when all were taken); -1 when memory ran out while noting
 * (FTS5's write then failed too). */
int vocab_take(struct vocab *v, int (*fn)(const char *, size_t, void *),
	       void *arg);
/* The transaction that took them committed: they are not taken again.
 * The words are kept for the connection's life (~36 bytes a word), so
 * that each is written once, not once a commit. */
void vocab_committed(struct vocab *v);
/* The transaction rolled back: the words noted since the last commit
 * are forgotten (they may not be in the store). */
void vocab_rolled_back(struct vocab *v);

/* The most document texts one watch keeps (FTS5 tokenizes each column
 * of a row as one). */
#define VOCAB_TEXTS_MAX 16

/* The words FTS5 was given while watching: text i (the i-th of the
 * row's columns that has bytes, len[i] of them) holds words first[i] to
 * first[i + 1] - 1, word j at bytes [tok[2j], tok[2j + 1]) of its text,
 * its position in the column j - first[i]. */
struct vocab_words {
	const int *tok;
	const size_t *first;
	const int *len;
	int ntext;
};

/* With on set, the noting tokenizer keeps the place of every word of
 * the documents it is given, until vocab_watch(v, 0): the store reads
 * a row's paragraphs from FTS5's own words rather than tokenizing them
 * again.  Starting forgets the words kept before. */
void vocab_watch(struct vocab *v, int on);
/* Sets *w to the words watched (valid until the next vocab_watch);
 * returns 0, or -1 when they were not all kept (out of memory, too
 * many texts, a word at the place of another). */
int vocab_watched(struct vocab *v, struct vocab_words *w);

/* A vocab with v's tokenizer that notes nothing by itself: the set of
 * words vocab_prepare has met, for a thread that prepares documents for
 * v's connection.  NULL when memory is missing. */
struct vocab *vocab_twin(const struct vocab *v);

/* The words one row gives FTS5, column text by column text, as
 * unicode61 gives them, made on another thread (vocab_prepare) so that
 * the noting tokenizer hands them on (vocab_replay) without tokenizing;
 * with them, the words new to the preparing vocab, which the writer
 * notes. */
struct vocab_doc;

struct vocab_doc *vocab_doc_new(void);
void vocab_doc_free(struct vocab_doc *d);
void vocab_doc_clear(struct vocab_doc *d);
/* Adds the words of text [text, text+n) to d, noting them in seen (a
 * vocab_twin); returns 0, or -1 when memory ran out (d is then not
 * replayed).  The text must stay where it is until d is replayed. */
int vocab_prepare(struct vocab *seen, struct vocab_doc *d, const char *text,
		  size_t n);
/* While d is set (NULL: no more), each document text FTS5 gives v's
 * tokenizer that is one of d's, in d's order, is answered from d: its
 * new words noted, its words handed on.  Any other is tokenized.  The
 * words v does not note so are only right when every document the
 * preparing vocab met since v's creation was written, or is in the store
 * already (store_put_prepped keeps to that). */
void vocab_replay(struct vocab *v, const struct vocab_doc *d);

/* Folds the query word [s, s+n) as FTS5 would for a prefix: into out
 * (cap bytes, NUL-terminated) when it is one token.  Returns 1 then, 0
 * when it is no token or several (`o'b`), -1 when out of memory. */
int vocab_fold_prefix(struct vocab *v, const char *s, size_t n, char *out,
		      size_t cap);

#endif
