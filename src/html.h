/* html: the bytes of one HTML page (a decision page as the Ombudsman's
 * site serves it, or as a browser saved it) → the statement's text, for
 * parse_bytes.  libxml2's HTML parser; no SQL, no curses, no files. */
#ifndef OMBUDS_HTML_H
#define OMBUDS_HTML_H

#include <stddef.h>

struct html_page {
	char *text;             /* the statement as text lines, UTF-8 */
	size_t len;
	char *url;              /* where the page came from, or NULL */
	char reason[200];       /* why the page is not a decision */
};

/* Nonzero when the bytes read as an HTML document (by content, not by a
 * file's name): after a byte-order mark and white space, a doctype, an
 * <html>, <head> or <body> tag, or a comment before one. */
int html_is_html(const char *b, size_t n);

/* Converts a page: the title line "Organisation (NN NNN NNN)" (from the
 * page, its header or its <title>), the metadata labels each on one
 * line with its value, headings, numbered paragraphs as "  N." lines
 * (honouring <ol start>, type and <li value>), nested list items as
 * indented "•" or "N." sub-items, entities decoded, the declared charset
 * (UTF-8 or Windows-1252) honoured; scripts, styles, navigation,
 * breadcrumbs, the cookie banner, forms and the footer dropped.  The
 * source URL comes from a browser's "saved from url=" comment, else a
 * <link rel="canonical">.  Returns 0 and fills out (free it with
 * html_page_free), or -1 with out->reason saying why the page is not a
 * decision ("a listing page …", "an error page …") or "out of memory";
 * out needs html_page_free either way. */
int html_to_text(const char *b, size_t n, struct html_page *out);

void html_page_free(struct html_page *p);

#endif
