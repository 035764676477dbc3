/* html_links: the links of one HTML page, resolved, for the crawler's
 * listings (see html_links.h). */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "html_links.h"
#include "html_xml.h"

/* Collapses the white space of s in place (runs to one space, none at
 * either end). */
static void
squeeze(char *s)
{
	char *w = s;
	int space = 0;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' ||
		    *r == '\f' || *r == '\v') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* The node after n in document order, its children first (descend: 0
 * skips them), or NULL at the end. */
static xmlNode *
next_node(xmlNode *n, int descend)
{
	if (descend && n->children != NULL)
		return n->children;
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return n != NULL ? n->next : NULL;
}

/* The href of the page's first <base>, or NULL. */
static xmlChar *
base_href(const struct html_xml *x, xmlNode *root)
{
	for (xmlNode *n = root; n != NULL; n = next_node(n, 1)) {
		if (n->type == XML_ELEMENT_NODE &&
		    x->strcasecmp(n->name, BAD_CAST "base") == 0) {
			xmlChar *h = x->get_prop(n, BAD_CAST "href");

			if (h != NULL)
				return h;
		}
	}
	return NULL;
}

int
html_links(const char *bytes, size_t len, const char *page_url,
	   html_link_fn fn, void *arg)
{
	const struct html_xml *x = html_xml();
	htmlDocPtr doc;
	xmlNode *root;
	xmlChar *base, *resolved_base;
	int stop = 0;

	if (len > INT_MAX || x == NULL)
		return -1;
	doc = x->read_memory(bytes, (int)len, page_url, NULL,
			     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
			     HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (doc == NULL)
		return -1;
	if ((root = x->root(doc)) == NULL) {
		x->free_doc(doc);
		return -1;
	}
	base = base_href(x, root);
	resolved_base = base != NULL ? x->build_uri(base, BAD_CAST page_url) : NULL;
	html_xml_free(x, base);
	for (xmlNode *n = root; n != NULL && !stop;
	     n = next_node(n, n->type == XML_ELEMENT_NODE)) {
		if (n->type == XML_ELEMENT_NODE &&
		    x->strcasecmp(n->name, BAD_CAST "a") == 0) {
			xmlChar *href = x->get_prop(n, BAD_CAST "href");
			xmlChar *url = NULL, *text = NULL;

			if (href != NULL)
				url = x->build_uri(href, resolved_base != NULL
							 ? resolved_base
							 : BAD_CAST page_url);
			if (url != NULL) {
				text = x->content(n);
				if (text != NULL)
					squeeze((char *)text);
				stop = fn((const char *)url,
					  text != NULL ? (const char *)text : "", arg);
			}
			html_xml_free(x, text);
			html_xml_free(x, url);
			html_xml_free(x, href);
		}
	}
	html_xml_free(x, resolved_base);
	x->free_doc(doc);
	return 0;
}
