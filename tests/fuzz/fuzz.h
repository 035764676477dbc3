/* fuzz: what the three harnesses share — the libFuzzer entry point, which
 * both libFuzzer (make fuzz) and the plain replay driver (make check)
 * call, and the checks of text that the invariants are made of.  A
 * harness abort()s when an invariant fails, so that the fuzzer reports
 * it like a crash and the replay test fails. */
#ifndef OMBUDS_FUZZ_H
#define OMBUDS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <unistr.h>

/* Runs one input; returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Says which invariant failed, then aborts. */
#define fuzz_check(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* Returns nonzero when s[0..n) is valid UTF-8. */
static __attribute__((unused)) int
fuzz_utf8(const char *s, size_t n)
{
	return u8_check((const uint8_t *)s, n) == NULL;
}

/* Returns nonzero when s[0..n), valid UTF-8, holds no C0 or C1 control
 * character, DEL, bidirectional embedding/override/isolate or U+FEFF,
 * other than '\n' when newline_ok: what text_clean promises. */
static __attribute__((unused)) int
fuzz_clean(const char *s, size_t n, int newline_ok)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;

	if (!fuzz_utf8(s, n))
		return 0;
	while (i < n) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u + i, n - i);

		if (uc == '\n' && !newline_ok)
			return 0;
		if (uc != '\n' &&
		    (uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) ||
		     (uc >= 0x202a && uc <= 0x202e) ||
		     (uc >= 0x2066 && uc <= 0x2069) || uc == 0xfeff))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* Returns nonzero when byte off of s (of n bytes) starts a character or
 * is the end. */
static __attribute__((unused)) int
fuzz_boundary(const char *s, size_t n, size_t off)
{
	return off == n || (off < n && ((unsigned char)s[off] & 0xc0) != 0x80);
}

#endif
