/* html_xml: libxml2 loaded on first use (see html_xml.h). */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "html_xml.h"

static struct html_xml xml;
static int loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void
load(void)
{
	void (*init)(void);
	void *h = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return;
#define LOAD(field, name)                                               \
	if ((*(void **)&xml.field = dlsym(h, name)) == NULL)            \
		return;
	LOAD(read_memory, "htmlReadMemory")
	LOAD(root, "xmlDocGetRootElement")
	LOAD(free_doc, "xmlFreeDoc")
	LOAD(get_prop, "xmlGetProp")
	LOAD(content, "xmlNodeGetContent")
	LOAD(build_uri, "xmlBuildURI")
	LOAD(strcasecmp, "xmlStrcasecmp")
	LOAD(free, "xmlFree")
#undef LOAD
	if ((*(void **)&init = dlsym(h, "xmlInitParser")) == NULL)
		return;
	init();
	loaded = 1;
}

const struct html_xml *
html_xml(void)
{
	pthread_once(&once, load);
	return loaded ? &xml : NULL;
}

void
html_xml_free(const struct html_xml *x, void *p)
{
	if (p != NULL)
		(*x->free)(p);
}
