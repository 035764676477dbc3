/* import: walks the paths a user gives, reads each file, parses it and
 * writes its decisions to the store in batched transactions, reporting
 * progress and problems.  No curses. */
#ifndef OMBUDS_IMPORT_H
#define OMBUDS_IMPORT_H

#include <stdio.h>

#include "store.h"

/* A statement file larger than this is refused unread: the longest
 * published statements are a few hundred kilobytes. */
#define IMPORT_MAX_FILE (16L * 1024 * 1024)

struct import_stats {
	long files;      /* files read (standard input counts as one) */
	long imported;   /* decisions new to the store */
	long replaced;   /* decisions that replaced one with the same reference */
	long unchanged;  /* decisions already stored exactly so */
	long failed;     /* files (or folders) that could not be imported */
	long warnings;   /* decisions imported with a warning */
};

struct import_opts {
	FILE *err;        /* messages: "ombuds: FILE:LINE: what is wrong" */
	const char *store_name; /* the store's path, for its messages */
	int progress;     /* draw a progress line on err (a terminal) */
	long batch;       /* files per transaction; 0 for the default */
};

/* Imports every path (a file, a folder searched recursively for *.txt
 * files, or "-" for standard input).  An import that wrote a tenth of
 * the store or more then compacts the search index (store_optimize).
 * Returns 0 when all went well, 1 when some input failed (the rest was
 * still imported; a folder with no statement file fails) or the index
 * could not be compacted, or -1 when the
 * store failed and the import stopped (what was committed stays). */
int import_paths(struct store *st, char *const paths[], int npaths,
		 const struct import_opts *opts, struct import_stats *stats);

#endif
