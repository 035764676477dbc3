/* replay: runs a fuzz harness without libFuzzer, so that make check can
 * replay the seed corpus and every regression input with gcc (and under
 * make check-sanitizers with ASan and UBSan).  Each argument is a file or
 * a folder of files (not recursive); each file is read into a buffer of
 * its exact size and given to LLVMFuzzerTestOneInput.  Prints the number
 * of files run; a crash or a failed invariant aborts, naming the file on
 * standard error first. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Runs the harness on one file; returns 0, or -1 when it cannot be
 * read. */
static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, k;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			cap = cap ? 2 * cap : 65536;
			if ((nb = realloc(b, cap)) == NULL) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(b);
				fclose(f);
				return -1;
			}
			b = nb;
		}
		k = fread(b + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		perror(path);
		free(b);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* An exact-size buffer, as libFuzzer gives, so that ASan sees a
	 * read past the end. */
	{
		uint8_t *exact = malloc(n ? n : 1);

		if (exact == NULL) {
			free(b);
			return -1;
		}
		memcpy(exact, b, n);
		free(b);
		fprintf(stderr, "replay: %s\n", path);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of folder dir in name order; adds them to
 * *count.  Returns 0 or -1. */
static int
run_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (d == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? 2 * cap : 64;
			if ((nn = realloc(names, cap * sizeof *nn)) == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) ==
		    NULL) {
			rc = -1;
			break;
		}
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (rc == 0 && stat(names[i], &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	long count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|FOLDER...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		int rc;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode))
			rc = run_dir(argv[i], &count);
		else if ((rc = run_file(argv[i])) == 0)
			count++;
		if (rc < 0)
			return 1;
	}
	printf("%ld files\n", count);
	return 0;
}
