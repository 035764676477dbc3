/* fuzz-html: html_is_html and html_to_text on any bytes (in a buffer of
 * their exact size, so a read past the end is caught), checking what
 * html.h promises: success gives UTF-8 text of the length it says, with
 * no NUL, and a URL that is NULL or printable ASCII beginning http:// or
 * https://; failure gives no text and a reason; and the text goes through
 * parse_bytes as the import hands it over. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "html.h"
#include "parse.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct html_page page;
	struct parse_result r;
	const char *b = (const char *)data;
	int rc;

	(void)html_is_html(b, size);
	rc = html_to_text(b, size, &page);
	if (rc == 0) {
		fuzz_check(page.text != NULL);
		fuzz_check(strlen(page.text) == page.len);
		fuzz_check(fuzz_utf8(page.text, page.len));
		if (page.url != NULL) {
			fuzz_check(strncasecmp(page.url, "http://", 7) == 0 ||
				   strncasecmp(page.url, "https://", 8) == 0);
			for (const char *p = page.url; *p; p++)
				fuzz_check(*p > ' ' && *p < 0x7f);
		}
		memset(&r, 0, sizeof r);
		(void)parse_bytes(page.text, page.len, &r);
		parse_result_free(&r);
	} else {
		fuzz_check(rc == -1);
		fuzz_check(page.text == NULL);
		fuzz_check(page.reason[0] != '\0');
		fuzz_check(memchr(page.reason, '\0', sizeof page.reason) != NULL);
	}
	html_page_free(&page);
	return 0;
}
