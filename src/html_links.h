/* html_links: the links of one HTML page, for the crawler — each <a href>
 * resolved against the page's URL, with its text.  libxml2's HTML
 * parser, never a regular expression.  No SQL, no curses, no files. */
#ifndef OMBUDS_HTML_LINKS_H
#define OMBUDS_HTML_LINKS_H

#include <stddef.h>

/* Called for each link in document order: url is absolute (resolved
 * against the page's <base href>, else its own URL), text the link's
 * text with runs of white space made one space, both UTF-8 and valid
 * until the call returns.  A nonzero return stops the walk. */
typedef int (*html_link_fn)(const char *url, const char *text, void *arg);

/* Parses the page's bytes (len of them; the charset its headers or
 * <meta> declare, else UTF-8) and calls fn for each link whose href
 * resolves against page_url.  Returns 0, or -1 when the bytes do not
 * parse as a page at all. */
int html_links(const char *bytes, size_t len, const char *page_url,
	       html_link_fn fn, void *arg);

#endif
