/* html_xml: libxml2 for the html family (html.c, html_links.c), loaded
 * with dlopen the first time a page is read, so that no other command
 * pays at start-up for libxml2 and the libraries it brings (ICU, the C++
 * runtime).  Only its headers are used at build time. */
#ifndef OMBUDS_HTML_XML_H
#define OMBUDS_HTML_XML_H

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

/* The functions of libxml2 the html family calls. */
struct html_xml {
	htmlDocPtr (*read_memory)(const char *buffer, int size, const char *url,
				  const char *encoding, int options);
	xmlNodePtr (*root)(const xmlDoc *doc);
	void (*free_doc)(xmlDocPtr doc);
	xmlChar *(*get_prop)(const xmlNode *node, const xmlChar *name);
	xmlChar *(*content)(const xmlNode *node);
	xmlChar *(*build_uri)(const xmlChar *uri, const xmlChar *base);
	int (*strcasecmp)(const xmlChar *a, const xmlChar *b);
	xmlFreeFunc *free;      /* libxml2's xmlFree, a variable */
};

/* libxml2, loaded and its parser initialised once for the process (any
 * thread); NULL when it cannot be loaded. */
const struct html_xml *html_xml(void);

/* Frees p as libxml2 allocated it (xmlFree); p may be NULL. */
void html_xml_free(const struct html_xml *x, void *p);

#endif
