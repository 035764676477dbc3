/* gen: writes a corpus of synthetic but realistic decision statements for
 * the import and search benchmarks.
 *
 *	gen [--repeat PCT] N OUTDIR SAMPLES_DIR [SEED]
 *
 * --repeat PCT gives about PCT% of the statements (not the first) the
 * reference and organisation of an earlier one, chosen at random, with
 * a text of their own: a decision published again, which the import
 * replaces.  Without it every reference is new; the statements that do
 * not repeat are the same bytes either way.
 *
 * The prose comes from the sample statements, read at run time: their
 * boilerplate paragraphs (role and powers, how I considered) are reused
 * whole, as the Ombudsman does; their other sentences are reused with the
 * people, the organisation, dates and sums swapped, or recombined by a
 * word-level Markov chain.  What the samples cannot give (organisations,
 * categories other than children's care, the matching topic sentences)
 * is in the tables below.  Layouts, debris and metadata vary the way the
 * published pages do, so the importer sees what it will meet.
 *
 * Output is OUTDIR/000/000000_<hex>.txt … with at most 1000 files a
 * folder, the same bytes for the same N, samples and seed. */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define FILES_PER_DIR 1000

/* Placeholders left in sample text by normalise() and written into the
 * tables; expand() turns them into this statement's words.  Control
 * bytes never occur in the samples' prose, and tab, newline and carriage
 * return are not used. */
#define P_NAME '\x01'      /* the complainant: "Mrs M" */
#define P_ORG '\x02'       /* "Council", "Care Provider" */
#define P_DATE '\x03'      /* "14 December 2023" */
#define P_MONTH '\x04'     /* "February 2025" */
#define P_OTHER '\x05'     /* someone else: "Ms Z" */
#define P_MONEY '\x06'     /* "£1,200" */
#define P_DAYMONTH '\x07'  /* "7 August" */
#define P_SHE '\x0e'       /* she / he */
#define P_SHE_UP '\x0f'    /* She / He */
#define P_HER '\x10'       /* her / his */
#define P_HER_UP '\x11'    /* Her / His */
#define P_HEROBJ '\x12'    /* her / him */
#define P_HERSELF '\x13'   /* herself / himself */
#define P_TOPIC '\x14'     /* what the complaint is about */

#define IS_PLACEHOLDER(c) \
	((unsigned char)(c) >= 1 && (unsigned char)(c) < 0x20 && \
	 (c) != '\t' && (c) != '\n' && (c) != '\r')

/* ---- small tools ---------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

struct strv {
	char **v;
	size_t n, cap;
};

static const char *progname = "gen";

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *r = xrealloc(NULL, n + 1);

	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static void
buf_grow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 8192;
	b->p = xrealloc(b->p, b->cap);
}

static void
buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_add(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

static void
buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

static void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Replaces the first "from" at or after offset start; returns whether
 * one was found. */
static bool
buf_replace(struct buf *b, size_t start, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), at;
	char *hit;

	if (start >= b->len || (hit = strstr(b->p + start, from)) == NULL)
		return false;
	at = (size_t)(hit - b->p);
	buf_grow(b, tl > fl ? tl - fl : 0);
	memmove(b->p + at + tl, b->p + at + fl, b->len - at - fl + 1);
	memcpy(b->p + at, to, tl);
	b->len = b->len - fl + tl;
	return true;
}

static void
strv_push(struct strv *v, char *s)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = s;
}

/* ---- randomness ------------------------------------------------------ */

/* xoshiro256**, seeded through splitmix64: fast, and the same stream on
 * every platform, unlike rand(). */
static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rs[i] = splitmix(&seed);
}

static uint64_t
rng_next(void)
{
	uint64_t r = rs[1] * 5, t = rs[1] << 17;

	r = ((r << 7) | (r >> 57)) * 9;
	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = (rs[3] << 45) | (rs[3] >> 19);
	return r;
}

/* A number in [0, n). */
static unsigned
rnd(unsigned n)
{
	return n ? (unsigned)(((rng_next() >> 32) * n) >> 32) : 0;
}

/* A number in [lo, hi]. */
static int
rnd_range(int lo, int hi)
{
	return lo + (int)rnd((unsigned)(hi - lo + 1));
}

/* True with probability pct percent (fractions allowed). */
static bool
chance(double pct)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0) * 100.0 < pct;
}

/* An index into weights[n], drawn in proportion to the weights. */
static unsigned
pick_weighted(const unsigned *weights, unsigned n)
{
	unsigned total = 0, r;

	for (unsigned i = 0; i < n; i++)
		total += weights[i];
	r = rnd(total);
	for (unsigned i = 0; i < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

#define PICK(a) ((a)[rnd(sizeof(a) / sizeof((a)[0]))])

/* ---- tables: what the samples cannot give ----------------------------- */

enum area {
	A_ADULT = 1 << 0,
	A_BEN = 1 << 1,
	A_CHILD = 1 << 2,
	A_CORP = 1 << 3,
	A_EDU = 1 << 4,
	A_ENV = 1 << 5,
	A_HIGH = 1 << 6,
	A_HOUS = 1 << 7,
	A_PLAN = 1 << 8,
	A_ALL = (1 << 9) - 1,
};

/* P_HER in a topic is the complainant's "her"/"his". */
struct category {
	const char *name;
	unsigned area;
	unsigned weight;
	bool provider;          /* can be about a care provider */
	const char *topic[3];
};

static const struct category categories[] = {
	{ "Adult care services > Assessment and care plan", A_ADULT, 40, false,
	  { "the \x02’s assessment of \x10 mother’s care needs",
	    "delays in reviewing \x10 father’s care and support plan",
	    "the \x02’s decision to reduce \x10 care package" } },
	{ "Adult care services > Charging", A_ADULT, 30, true,
	  { "the \x02’s decision to charge for \x10 mother’s care",
	    "a care fees invoice sent after \x10 father’s death",
	    "the financial assessment of \x10 contribution towards \x10 care" } },
	{ "Adult care services > Residential care", A_ADULT, 35, true,
	  { "the care provided to \x10 mother in a residential care home",
	    "the handling of \x10 father’s medication at the care home",
	    "the notice given to end \x10 mother’s placement at the care home" } },
	{ "Adult care services > Domiciliary care", A_ADULT, 20, true,
	  { "missed and late home care visits to \x10 mother",
	    "the way carers supported \x10 father at home",
	    "the standard of care provided by home care workers" } },
	{ "Adult care services > Safeguarding", A_ADULT, 20, false,
	  { "a safeguarding enquiry into concerns about \x10 mother’s care",
	    "the way the \x02 handled a safeguarding referral about \x10 brother" } },
	{ "Adult care services > Direct payments", A_ADULT, 8, false,
	  { "the \x02’s decision to reduce \x10 direct payments",
	    "the \x02’s handling of a direct payments audit" } },
	{ "Adult care services > Other", A_ADULT, 12, true,
	  { "the \x02’s handling of \x10 request for a carer’s assessment",
	    "the \x02’s communication with \x10 family about \x10 mother’s care" } },
	{ "Benefits and tax > Council tax", A_BEN, 35, false,
	  { "council tax arrears and the use of enforcement agents",
	    "the \x02’s refusal of a council tax discount",
	    "the way the \x02 recovered council tax arrears" } },
	{ "Benefits and tax > Housing benefit and council tax support", A_BEN, 15, false,
	  { "the recovery of an overpayment of housing benefit",
	    "delays in deciding \x10 claim for council tax reduction" } },
	{ "Benefits and tax > Business rates", A_BEN, 4, false,
	  { "the business rates bill for \x10 shop",
	    "the \x02’s refusal of small business rate relief" } },
	{ "Children's care services > Child protection", A_CHILD, 20, false,
	  { "child protection enquiries about \x10 children",
	    "the \x02’s handling of a child protection conference" } },
	{ "Children's care services > Looked after children", A_CHILD, 10, false,
	  { "the support the \x02 gave \x10 grandson while he was in care",
	    "the \x02’s contact arrangements for \x10 children in care" } },
	{ "Children's care services > Disabled children", A_CHILD, 10, false,
	  { "the \x02’s assessment of \x10 disabled son’s needs",
	    "short breaks for \x10 disabled daughter" } },
	{ "Children's care services > Special guardianship", A_CHILD, 5, false,
	  { "the special guardianship allowance paid for \x10 granddaughter" } },
	{ "Children's care services > Other", A_CHILD, 25, false,
	  { "the \x02’s response to \x10 concerns about a social worker",
	    "a social care assessment of \x10 family",
	    "the \x02’s handling of \x10 complaint about children’s services" } },
	{ "Corporate and other services > Complaint handling", A_CORP, 12, false,
	  { "the \x02’s handling of \x10 complaint",
	    "the \x02’s delay in responding to \x10 complaint" } },
	{ "Corporate and other services > Commercial and contracts", A_CORP, 3, false,
	  { "the \x02’s decision to end \x10 contract",
	    "the \x02’s procurement of a contract" } },
	{ "Corporate and other services > Other", A_CORP, 8, false,
	  { "the way the \x02 handled \x10 request for information",
	    "the \x02’s decision to restrict \x10 contact with officers" } },
	{ "Education > School transport", A_EDU, 20, false,
	  { "the \x02’s refusal of free school transport for \x10 son",
	    "the \x02’s decision to withdraw \x10 daughter’s school transport" } },
	{ "Education > Special educational needs", A_EDU, 60, false,
	  { "delays in issuing an Education, Health and Care Plan for \x10 son",
	    "the \x02’s failure to provide the provision in \x10 daughter’s EHC Plan",
	    "the \x02’s annual review of \x10 son’s EHC Plan" } },
	{ "Education > School admissions", A_EDU, 15, false,
	  { "the way an appeal panel considered \x10 appeal for a school place",
	    "the \x02’s refusal of a place at \x10 preferred school" } },
	{ "Education > Alternative provision", A_EDU, 10, false,
	  { "the \x02’s failure to arrange suitable education for \x10 son while he was out of school" } },
	{ "Environment and regulation > Refuse and recycling", A_ENV, 10, false,
	  { "repeated missed bin collections at \x10 home",
	    "the \x02’s refusal of an assisted bin collection" } },
	{ "Environment and regulation > Noise", A_ENV, 10, false,
	  { "the \x02’s handling of \x10 reports of noise from a neighbouring property" } },
	{ "Environment and regulation > Antisocial behaviour", A_ENV, 8, false,
	  { "the \x02’s response to \x10 reports of antisocial behaviour" } },
	{ "Environment and regulation > Trees", A_ENV, 4, false,
	  { "the \x02’s refusal to prune a tree next to \x10 garden" } },
	{ "Highways and transport > Parking and other penalties", A_HIGH, 15, false,
	  { "a penalty charge notice issued to \x10 car",
	    "the \x02’s refusal to cancel a parking fine" } },
	{ "Highways and transport > Highway repairs and maintenance", A_HIGH, 10, false,
	  { "the \x02’s failure to repair a damaged pavement outside \x10 home",
	    "flooding from a blocked highway drain" } },
	{ "Highways and transport > Traffic management", A_HIGH, 5, false,
	  { "the \x02’s decision to introduce a low traffic neighbourhood" } },
	{ "Highways and transport > Blue badges", A_HIGH, 4, false,
	  { "the \x02’s refusal of \x10 application for a blue badge" } },
	{ "Housing > Homelessness", A_HOUS, 40, false,
	  { "the \x02’s handling of \x10 homelessness application",
	    "the suitability of the temporary accommodation the \x02 provided",
	    "the \x02’s delay in accepting a homelessness duty" } },
	{ "Housing > Allocations", A_HOUS, 20, false,
	  { "the \x02’s decision about \x10 priority on the housing register",
	    "the \x02’s refusal to award \x12 medical priority" } },
	{ "Housing > Private rented sector", A_HOUS, 8, false,
	  { "the \x02’s response to \x10 reports of disrepair in \x10 rented home" } },
	{ "Housing > Disabled facilities grants", A_HOUS, 6, false,
	  { "delays in the \x02’s handling of \x10 disabled facilities grant" } },
	{ "Planning > Planning applications", A_PLAN, 30, false,
	  { "the \x02’s decision to grant planning permission for \x10 neighbour’s extension",
	    "the way the \x02 considered a planning application near \x10 home" } },
	{ "Planning > Enforcement", A_PLAN, 15, false,
	  { "the \x02’s failure to take enforcement action against a breach of planning control",
	    "the \x02’s handling of \x10 reports about a neighbour’s building work" } },
	{ "Planning > Building control", A_PLAN, 4, false,
	  { "the \x02’s building control inspections of \x10 new house" } },
	{ "Planning > Other", A_PLAN, 4, false,
	  { "the \x02’s handling of a tree preservation order" } },
};
#define NCATEGORIES (sizeof categories / sizeof categories[0])

/* Sentences for the findings of each area, beside the samples' own. */
struct area_text {
	unsigned area;
	const char *s;
};

static const struct area_text area_sentences[] = {
	{ A_ALL, "On \x03, \x01 complained to the \x02 about \x14." },
	{ A_ALL, "The \x02 responded at stage one of its complaints procedure on \x03." },
	{ A_ALL, "\x01 was unhappy with the response and asked the \x02 to consider \x10 complaint at stage two." },
	{ A_ALL, "The \x02’s stage two response, sent on \x03, accepted there had been some delay and apologised." },
	{ A_ALL, "\x01 remained dissatisfied and complained to us on \x03." },
	{ A_ALL, "The \x02’s records show an officer telephoned \x01 on \x03." },
	{ A_ALL, "There is no record of the \x02 replying to \x01’s email of \x03." },
	{ A_ALL, "The \x02 says it has since reminded staff of the need to keep accurate records." },
	{ A_ALL, "I have seen no evidence the \x02 told \x01 about \x10 right of appeal." },
	{ A_ALL, "This was fault. It caused \x01 avoidable frustration and uncertainty, and \x0e went to time and trouble pursuing the matter." },
	{ A_ALL, "I do not find fault in the way the \x02 reached its decision. It considered the relevant information and explained its reasons." },
	{ A_ALL, "It is not our role to decide whether the \x02’s decision was right, but whether it made its decision properly." },
	{ A_ALL, "We cannot question a decision the \x02 has made without fault, however strongly someone disagrees with it." },
	{ A_ALL, "The \x02 offered \x01 \x06 to recognise the distress caused by its delay." },
	{ A_ALL, "I am satisfied the \x02’s offer is in line with our guidance on remedies." },
	{ A_ALL, "The \x02 accepted it had made mistakes – it had not kept \x01 updated – and apologised." },
	{ A_ALL, "In its response to my enquiries, the \x02 said the delay was caused by a shortage of staff in the team." },
	{ A_ALL, "\x01 says the matter has caused \x12 a great deal of stress and anxiety." },
	{ A_ADULT, "The Care Act 2014 says councils must assess anyone who appears to need care and support." },
	{ A_ADULT, "The care plan said \x10 mother needed two carers for each visit, four times a day." },
	{ A_ADULT, "The home’s daily notes do not record whether staff checked on \x10 father overnight." },
	{ A_ADULT, "The \x02 completed a financial assessment on \x03 and decided \x10 mother should contribute \x06 a week towards the cost of her care." },
	{ A_ADULT, "The Care Quality Commission (CQC) is the statutory regulator of care services in England." },
	{ A_ADULT, "The care home’s records show staff contacted the GP on \x03 when \x10 father’s condition worsened." },
	{ A_BEN, "The \x02 issued a summons for unpaid council tax on \x03 and obtained a liability order from the magistrates’ court." },
	{ A_BEN, "The Valuation Tribunal decides appeals about council tax discounts and exemptions, not the Ombudsman." },
	{ A_BEN, "The \x02 decided \x01 had been overpaid housing benefit of \x06 because \x0e had not reported a change in income." },
	{ A_BEN, "Enforcement agents visited \x10 home on \x03 and added fees of \x06 to the debt." },
	{ A_CHILD, "The \x02 held a strategy meeting on \x03 and decided to start enquiries under section 47 of the Children Act 1989." },
	{ A_CHILD, "The social worker visited the family home on \x03 and spoke to the children alone." },
	{ A_CORP, "The \x02’s complaints policy says it will respond at stage one within ten working days and at stage two within twenty working days." },
	{ A_CORP, "The \x02 did not respond to \x10 stage two complaint for more than four months." },
	{ A_CORP, "Councils should keep proper records of their decisions and the reasons for them." },
	{ A_EDU, "The \x02’s home to school transport policy says it provides free transport to children who live more than three miles from their nearest suitable school." },
	{ A_EDU, "The \x02 issued a final Education, Health and Care Plan on \x03, some 28 weeks after the request for an assessment." },
	{ A_EDU, "The law says the whole process of assessment and issuing a final EHC Plan should take no more than 20 weeks." },
	{ A_EDU, "Section 19 of the Education Act 1996 says councils must arrange suitable education for children of compulsory school age who would not otherwise receive it." },
	{ A_EDU, "The clerk’s notes show the panel considered the school’s case and \x01’s reasons for wanting a place." },
	{ A_ENV, "The \x02’s environmental health officers installed noise monitoring equipment in \x10 home in \x04." },
	{ A_ENV, "Officers decided the noise did not amount to a statutory nuisance under the Environmental Protection Act 1990." },
	{ A_ENV, "The \x02’s waste contractor recorded the bins as not presented on three occasions." },
	{ A_HIGH, "The \x02 issued a penalty charge notice on \x03 because the car was parked in a restricted street." },
	{ A_HIGH, "The Traffic Penalty Tribunal considers appeals against penalty charge notices, so \x01 had a right of appeal." },
	{ A_HIGH, "The \x02 inspected the footway on \x03 and decided the defect did not meet its intervention level for repair." },
	{ A_HOUS, "The Housing Act 1996 says that if a council has reason to believe someone may be homeless or threatened with homelessness, it must make enquiries." },
	{ A_HOUS, "The \x02 placed \x01 and \x10 children in bed and breakfast accommodation on \x03 and they stayed there for eleven weeks." },
	{ A_HOUS, "The law says councils should not place families with children in bed and breakfast accommodation for more than six weeks." },
	{ A_HOUS, "The \x02’s allocations scheme awards band B to applicants who need to move on medical grounds." },
	{ A_HOUS, "The \x02 approved a disabled facilities grant of \x06 on \x03, but the works did not start until several months later." },
	{ A_PLAN, "The \x02 received the planning application on \x03 and consulted neighbours by letter." },
	{ A_PLAN, "The case officer’s report sets out the main planning issues, including the effect of the development on the amenity of neighbouring residents." },
	{ A_PLAN, "Planning enforcement is discretionary, and councils should act proportionately when responding to a breach of planning control." },
	{ A_PLAN, "The \x02 visited the site on \x03 and decided it was not expedient to take formal enforcement action." },
	{ A_PLAN, "We do not consider the merits of a planning decision made without fault." },
};
#define NAREA_SENTENCES (sizeof area_sentences / sizeof area_sentences[0])

/* Lists: an introducing sentence ending in ':' and its items. */
struct list_text {
	unsigned area;
	const char *intro;
	const char *items[5];
};

static const struct list_text lists[] = {
	{ A_ALL, "The \x02’s complaints policy says officers should:",
	  { "acknowledge a complaint within five working days;",
	    "respond at stage one within ten working days;",
	    "escalate the complaint to stage two if the complainant remains unhappy; and",
	    "tell the complainant they can come to us." } },
	{ A_ALL, "Our guidance on remedies says a remedy may include:",
	  { "an apology;",
	    "a symbolic payment to recognise distress, uncertainty or time and trouble;",
	    "action to put things right for the person; and",
	    "service improvements to stop the fault happening again." } },
	{ A_ALL, "When making a decision, the \x02 must:",
	  { "consider all the relevant information;",
	    "ignore irrelevant information;",
	    "give reasons for its decision; and",
	    "tell the person about any right of review or appeal." } },
	{ A_ADULT, "The Care Act 2014 says an assessment must consider:",
	  { "the person’s needs and how they affect their wellbeing;",
	    "the outcomes the person wants to achieve in day-to-day life; and",
	    "whether care and support could help achieve those outcomes." } },
	{ A_HOUS, "The \x02 accepted it owed \x01 these duties:",
	  { "the relief duty, from \x03;",
	    "the main housing duty, from \x03; and",
	    "a duty to provide interim accommodation while it made its enquiries." } },
	{ A_EDU, "An EHC Plan must:",
	  { "describe the child’s special educational needs;",
	    "specify the special educational provision needed to meet them; and",
	    "name the school or type of school the child will attend." } },
	{ A_PLAN, "The case officer’s report considered:",
	  { "the design and appearance of the extension;",
	    "its effect on the light and outlook of neighbouring homes;",
	    "the views of neighbours who objected; and",
	    "relevant policies in the local plan." } },
};
#define NLISTS (sizeof lists / sizeof lists[0])

static const char *const closed_reasons[] = {
	"there is not enough evidence of fault by the \x02 to justify our involvement",
	"it is reasonable to expect \x01 to use \x10 right of appeal to a tribunal",
	"the complaint is late and there are no good reasons to investigate it now",
	"we could not add to the \x02’s response, and further investigation would not lead to a different outcome",
	"there is insufficient outstanding injustice to justify our involvement",
	"the courts are better placed to consider it",
	"we could not achieve anything more for \x01",
};

static const char *const upheld_faults[] = {
	"delay", "poor communication with \x12", "not following its own policy",
	"poor complaint handling", "failing to keep proper records",
	"failing to act on \x10 reports",
};

static const char *const upheld_fixes[] = {
	"review its procedures", "remind staff of the relevant guidance",
	"reconsider \x10 case", "make service improvements",
	"share this decision with the teams involved",
};

static const char *const action_now[] = {
	"apologise to \x01 for the faults identified in this statement. We publish guidance on remedies which sets out our expectations for how organisations should apologise effectively to remedy injustice;",
	"pay \x01 \x06 to acknowledge the distress and uncertainty caused;",
	"pay \x01 \x06 for the time and trouble \x0e has been put to in pursuing the complaint;",
	"reconsider \x10 application and write to \x12 with its decision;",
	"refund \x06 to \x01;",
};

static const char *const action_later[] = {
	"review its procedures to make sure it responds to complaints within the timescales in its policy;",
	"remind relevant staff of the importance of keeping accurate records;",
	"share this decision with the managers of the team involved and tell us what learning it has taken from it;",
	"check whether other people have been affected by the same fault and remedy any injustice it finds;",
};

static const char *const decision_upheld[] = {
	"I find fault causing injustice. The \x02 has agreed to take action to remedy the injustice caused. I have completed my investigation.",
	"I have completed my investigation. There was fault by the \x02 which caused injustice to \x01. The action the \x02 has agreed to take is enough to remedy that injustice.",
	"I have found fault by the \x02, which caused \x01 an injustice. The \x02 has agreed to my recommendations, so I have completed my investigation.",
};

static const char *const decision_not_upheld[] = {
	"I have completed my investigation. There was no fault by the \x02.",
	"I find no fault by the \x02 in the way it considered \x14. I have completed my investigation.",
	"I have ended my investigation because there was no fault in the way the \x02 acted.",
};

static const char *const subheadings_law[] = {
	"Relevant law and guidance", "Law and guidance", "Background",
	"What should have happened",
};
static const char *const subheadings_story[] = {
	"What happened", "Events leading to the complaint", "Key facts",
};
static const char *const subheadings_analysis[] = {
	"Analysis", "My findings", "Was there fault?", "Injustice",
};

/* Place names: which kind of council each gets decides its name. */
static const char *const counties[] = {
	"Cambridgeshire", "Derbyshire", "Devon", "East Sussex", "Essex",
	"Gloucestershire", "Hampshire", "Hertfordshire", "Kent", "Lancashire",
	"Leicestershire", "Lincolnshire", "Norfolk", "Nottinghamshire",
	"Oxfordshire", "Staffordshire", "Suffolk", "Surrey", "Warwickshire",
	"West Sussex", "Worcestershire", "Cumbria", "Northamptonshire",
	"Durham", "Northumberland", "Rutland",
};
static const char *const cities[] = {
	"Coventry", "Leicester", "Birmingham", "Manchester", "Leeds", "Sheffield",
	"Liverpool", "Bristol", "Nottingham", "Bradford", "Wakefield",
	"Sunderland", "Newcastle upon Tyne", "Salford", "Plymouth", "Portsmouth",
	"Southampton", "Derby", "Stoke-on-Trent", "Peterborough", "Hull",
	"Westminster", "Lancaster", "Canterbury", "Exeter", "Winchester",
	"Chelmsford", "Lincoln", "Oxford", "Cambridge", "Norwich", "Gloucester",
	"Worcester", "Wolverhampton", "Southend-on-Sea", "St Albans",
};
static const char *const london[] = {
	"Barking & Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
	"Croydon", "Ealing", "Enfield", "Hackney", "Hammersmith & Fulham",
	"Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington",
	"Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
	"Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
	"Waltham Forest", "Wandsworth",
};
static const char *const royal[] = {
	"Royal Borough of Greenwich", "Royal Borough of Kensington & Chelsea",
	"Royal Borough of Kingston upon Thames",
	"Royal Borough of Windsor & Maidenhead",
};
static const char *const metropolitan[] = {
	"Bolton", "Bury", "Oldham", "Rochdale", "Stockport", "Tameside", "Wigan",
	"Barnsley", "Rotherham", "Dudley", "Sandwell", "Solihull", "Walsall",
	"Knowsley", "St Helens", "Calderdale", "Doncaster", "Gateshead",
	"North Tyneside", "South Tyneside",
};
static const char *const boroughs[] = {
	"Bedford", "Blackburn with Darwen", "Blackpool", "Darlington", "Halton",
	"Hartlepool", "Middlesbrough", "Reading", "Slough", "Stockton-on-Tees",
	"Swindon", "Thurrock", "Warrington", "Basingstoke and Deane", "Broxtowe",
	"Charnwood", "Dacorum", "Gedling", "Gravesham", "Hinckley and Bosworth",
	"Maidstone", "Nuneaton and Bedworth", "Redditch", "Rushcliffe",
	"Spelthorne", "Stevenage", "Swale", "Tamworth", "Tunbridge Wells",
	"Watford", "Woking", "Wokingham", "Basildon", "Crawley", "Eastbourne",
	"Hastings", "Dartford", "Elmbridge", "Guildford", "Kirklees",
};
static const char *const districts[] = {
	"Arun", "Babergh", "Blaby", "Braintree", "Breckland", "Broadland",
	"Cherwell", "Chichester", "Cotswold", "East Hampshire", "East Devon",
	"Epping Forest", "Fenland", "Harborough", "Hart", "Horsham",
	"Huntingdonshire", "Lewes", "Lichfield", "Maldon", "Mid Devon",
	"Mid Suffolk", "New Forest", "North Norfolk", "Rother", "Sevenoaks",
	"South Cambridgeshire", "South Norfolk", "South Oxfordshire",
	"Stratford-on-Avon", "Tandridge", "Teignbridge", "Tendring", "Uttlesford",
	"Vale of White Horse", "Wealden", "West Oxfordshire", "Wychavon",
	"Wyre Forest", "Forest of Dean",
};
static const char *const unitaries[] = {
	"Cornwall", "Wiltshire", "Shropshire", "Herefordshire",
	"Central Bedfordshire", "Cheshire East", "Cheshire West and Chester",
	"Bath and North East Somerset", "North Somerset", "South Gloucestershire",
	"Dorset", "Bournemouth, Christchurch and Poole", "Isle of Wight", "Luton",
	"Milton Keynes", "Torbay", "Telford and Wrekin", "North Lincolnshire",
	"North East Lincolnshire", "East Riding of Yorkshire",
	"Redcar and Cleveland", "West Berkshire", "Bracknell Forest",
	"Buckinghamshire", "North Yorkshire", "Cumberland",
	"Westmorland and Furness", "Somerset", "Medway", "Trafford", "Sefton",
	"Wirral", "City of York",
};
static const char *const provider_first[] = {
	"Abbey", "Acorn", "Alexandra", "Ashfield", "Autumn", "Avery", "Beech",
	"Bluebird", "Bramley", "Brookside", "Caring Hands", "Castle", "Cedar",
	"Church View", "Clover", "Comfort", "Country Court", "Crown", "Elm",
	"Fernleigh", "Glebe", "Golden Years", "Greenacres", "Hazel", "Heritage",
	"Hillcrest", "Holly", "Kingfisher", "Lavender", "Lilac", "Manor",
	"Maple", "Meadow", "Millbrook", "Nightingale", "Oak Tree", "Orchard",
	"Park House", "Primrose", "Priory", "Riverside", "Rose", "Silver Birch",
	"Springfield", "Sunrise", "Swan", "Thistle", "Trinity", "Valley",
	"Victoria", "Willow", "Woodlands",
};
static const char *const provider_second[] = {
	"Care", "Homecare", "Healthcare", "Care Homes", "Nursing Homes",
	"Care Services", "Home Care", "Residential Care",
};
static const char *const provider_fixed[] = {
	"Four Seasons Health Care (England) Limited", "HC-One Limited",
	"Barchester Healthcare Homes Limited", "Care UK Community Partnerships Ltd",
	"Bupa Care Homes (CFChomes) Limited", "Runwood Homes Limited",
	"Sanctuary Care Limited", "Hallmark Care Homes (Kent) Limited",
};

/* ---- organisations ---------------------------------------------------- */

enum org_kind { O_COUNTY, O_CITY, O_LONDON, O_METRO, O_BOROUGH, O_DISTRICT,
		O_UNITARY, O_PROVIDER, O_OTHER };

struct org {
	char *name;
	enum org_kind kind;
	unsigned areas;         /* which categories can be about it */
	unsigned weight;        /* how many complaints, relatively */
};

static struct org *orgs;
static unsigned norgs, orgs_cap;
static unsigned *org_weights;

static void
add_org(enum org_kind kind, unsigned areas, unsigned weight, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
add_org(enum org_kind kind, unsigned areas, unsigned weight, const char *fmt, ...)
{
	va_list ap;
	char name[160];

	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	if (norgs == orgs_cap) {
		orgs_cap = orgs_cap ? orgs_cap * 2 : 256;
		orgs = xrealloc(orgs, orgs_cap * sizeof *orgs);
	}
	/* A spread of sizes within a kind, as populations differ. */
	weight = weight * (unsigned)rnd_range(50, 150);
	orgs[norgs++] = (struct org){ xstrndup(name, strlen(name)), kind, areas, weight };
}

#define EACH(a, i) (size_t i = 0; i < sizeof(a) / sizeof((a)[0]); i++)

/* Fills orgs[]: a few hundred councils, care providers and others. */
static void
make_orgs(void)
{
	const unsigned county = A_ADULT | A_CHILD | A_EDU | A_HIGH | A_ENV | A_CORP | A_PLAN;
	const unsigned district = A_BEN | A_HOUS | A_PLAN | A_ENV | A_CORP | A_HIGH;

	for EACH(counties, i)
		add_org(O_COUNTY, county, 8, "%s County Council", counties[i]);
	for EACH(cities, i)
		add_org(O_CITY, A_ALL, 5, "%s City Council", cities[i]);
	for EACH(london, i)
		add_org(O_LONDON, A_ALL, 4, "London Borough of %s", london[i]);
	for EACH(royal, i)
		add_org(O_LONDON, A_ALL, 3, "%s", royal[i]);
	for EACH(metropolitan, i)
		add_org(O_METRO, A_ALL, 4, "%s Metropolitan Borough Council", metropolitan[i]);
	for EACH(boroughs, i)
		add_org(O_BOROUGH, i < 13 ? A_ALL : district, 2, "%s Borough Council", boroughs[i]);
	for EACH(districts, i)
		add_org(O_DISTRICT, district, 1, "%s District Council", districts[i]);
	for EACH(unitaries, i)
		add_org(O_UNITARY, A_ALL, 5, "%s Council", unitaries[i]);
	for EACH(provider_fixed, i)
		add_org(O_PROVIDER, A_ADULT, 1, "%s", provider_fixed[i]);
	for (int i = 0; i < 90; i++) {
		static const char *const suffix[] = { "Ltd", "Limited", "Ltd", "Limited", "Limited",
						      "(UK) Limited", "Ltd" };
		add_org(O_PROVIDER, A_ADULT, 1, "%s %s %s", PICK(provider_first),
			PICK(provider_second), PICK(suffix));
	}
	add_org(O_OTHER, A_HIGH, 2, "Transport for London");
	add_org(O_OTHER, A_HIGH | A_CORP, 1, "Greater Manchester Combined Authority");
	add_org(O_OTHER, A_HIGH | A_CORP, 1, "West Midlands Combined Authority");
	add_org(O_OTHER, A_EDU, 1, "St Mary’s Catholic Primary School");
	add_org(O_OTHER, A_EDU, 1, "The Kingsmead Academy");
	add_org(O_OTHER, A_EDU, 1, "Harris Academy Trust");
	add_org(O_OTHER, A_ADULT, 1, "NHS Coventry and Warwickshire Integrated Care Board");
	add_org(O_OTHER, A_ADULT, 1, "Birmingham and Solihull Mental Health NHS Foundation Trust");

	org_weights = xrealloc(NULL, norgs * sizeof *org_weights);
	for (unsigned i = 0; i < norgs; i++)
		org_weights[i] = orgs[i].weight;
}

/* ---- the samples ------------------------------------------------------ */

enum kind { K_NONE, K_SUMMARY, K_COMPLAINT, K_POWERS, K_CONSIDERED, K_FINDINGS,
	    K_ACTION, K_DECISION, K_NKINDS };

/* A paragraph of a sample with its sub-items and the unmarked line that
 * may close it (a statute citation after a list). */
struct unit {
	char *text;
	struct strv items;
	char *tail;
};

static struct unit *units[K_NKINDS];
static size_t nunits[K_NKINDS], units_cap[K_NKINDS];

/* Sentences of the samples' complaints ([0]) and findings ([1]), each
 * split into [0] any topic and [1] only for children's cases (they talk
 * of children, sons, social workers). */
static struct strv sentences[2][2];
static struct strv markov_out[2];
static char *banner;            /* the cookie banner, from a sample */

static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};
static const char *const mons[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static bool
is_word(unsigned char c)
{
	return isalnum(c) || c == '_';
}

static bool
has_word(const char *s, const char *w)
{
	size_t wl = strlen(w);

	for (const char *p = s; (p = strcasestr(p, w)) != NULL; p++)
		if ((p == s || !is_word((unsigned char)p[-1])) && !is_word((unsigned char)p[wl]))
			return true;
	return false;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The month at s followed by a non-letter; its length, or 0. */
static size_t
month_at(const char *s)
{
	for EACH(months, i) {
		size_t n = strlen(months[i]);

		if (strncmp(s, months[i], n) == 0 && !is_word((unsigned char)s[n]))
			return n;
	}
	return 0;
}

/* Whether s starts with four digits and no more. */
static bool
is_year(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return !is_word((unsigned char)s[4]);
}

/* Words that follow an object "her" rather than a possessive one. */
static bool
object_follows(const char *s)
{
	static const char *const w[] = {
		"to", "and", "a", "an", "the", "that", "with", "about", "for", "in",
		"on", "of", "as", "if", "by", "at", "from", "was", "is", "or", "but",
		"when", "because", "so", "feeling",
	};

	if (*s != ' ')
		return true;
	s++;
	for EACH(w, i)
		if (starts(s, w[i]) && !is_word((unsigned char)s[strlen(w[i])]))
			return true;
	return false;
}

/* Replaces the people, the organisation, pronouns, dates and sums of
 * sample text with placeholders, so that each statement gets its own;
 * returns a new string.  who is the sample's complainant ("Mrs M"). */
static char *
normalise(const char *s, const char *who)
{
	static const struct { const char *w; char p; } pron[] = {
		{ "she", P_SHE }, { "She", P_SHE_UP }, { "he", P_SHE }, { "He", P_SHE_UP },
		{ "his", P_HER }, { "His", P_HER_UP }, { "Her", P_HER_UP },
		{ "him", P_HEROBJ }, { "herself", P_HERSELF }, { "himself", P_HERSELF },
	};
	static const char *const titles[] = { "Mrs ", "Mr ", "Ms ", "Miss ", "Dr " };
	struct buf b = { 0 };
	size_t n;

	for (const char *p = s; *p;) {
		bool at_word = p == s || !is_word((unsigned char)p[-1]);

		if (!at_word) {
			buf_addc(&b, *p++);
			continue;
		}
		for EACH(titles, i) {
			n = strlen(titles[i]);
			if (starts(p, titles[i]) && isupper((unsigned char)p[n]) &&
			    !is_word((unsigned char)p[n + 1])) {
				buf_addc(&b, who && strncmp(p, who, n + 1) == 0 ? P_NAME : P_OTHER);
				p += n + 1;
				goto next;
			}
		}
		if (starts(p, "Council") && !isalpha((unsigned char)p[7])) {
			buf_addc(&b, P_ORG);
			p += 7;
			continue;
		}
		if (starts(p, "her") && !is_word((unsigned char)p[3])) {
			buf_addc(&b, object_follows(p + 3) ? P_HEROBJ : P_HER);
			p += 3;
			continue;
		}
		for EACH(pron, i) {
			n = strlen(pron[i].w);
			if (starts(p, pron[i].w) && !is_word((unsigned char)p[n])) {
				buf_addc(&b, pron[i].p);
				p += n;
				goto next;
			}
		}
		if (isdigit((unsigned char)p[0])) {
			const char *q = p + (isdigit((unsigned char)p[1]) ? 2 : 1);

			if (*q == ' ' && (n = month_at(q + 1)) != 0) {
				q += 1 + n;
				if (q[0] == ' ' && is_year(q + 1)) {
					buf_addc(&b, P_DATE);
					p = q + 5;
				} else {
					buf_addc(&b, P_DAYMONTH);
					p = q;
				}
				continue;
			}
		}
		if ((n = month_at(p)) != 0 && p[n] == ' ' && is_year(p + n + 1)) {
			buf_addc(&b, P_MONTH);
			p += n + 5;
			continue;
		}
		if (starts(p, "£") && isdigit((unsigned char)p[2])) {
			p += 2;
			while (isdigit((unsigned char)*p) ||
			       (*p == ',' && isdigit((unsigned char)p[1])))
				p++;
			buf_addc(&b, P_MONEY);
			continue;
		}
		buf_addc(&b, *p++);
next:;
	}
	return b.p ? b.p : xstrndup("", 0);
}

/* Adds the sentences of a paragraph to pool[]. */
static void
split_sentences(struct strv pool[2], const char *s)
{
	static const char *const kid_words[] = {
		"child", "children", "son", "daughter", "Ofsted", "nephews", "sister",
		"family", "parent", "parents", "social worker", "G", "C", "school",
		"mentoring",
	};
	const char *start = s;
	int depth = 0;          /* a citation in brackets holds full stops */

	for (const char *p = s;; p++) {
		const char *end = NULL;

		depth += (*p == '(') - (*p == ')');
		if (*p == '\0')
			end = p;
		else if (depth > 0)
			continue;
		else if ((*p == '.' || *p == '?' || *p == '!') && p[1] == ' ')
			end = p + 1;
		else if (*p == '.' && starts(p + 1, "”") && p[4] == ' ')
			end = p + 4;
		if (end && *end) {
			unsigned char c = (unsigned char)end[1];

			/* A new sentence starts with a capital, a name, a
			 * bracket or an opening quote. */
			if (!(isupper(c) || IS_PLACEHOLDER(c) || c == '(' || starts(end + 1, "“")))
				end = NULL;
		}
		if (end == NULL)
			continue;
		/* A sentence that introduces a list needs the list. */
		if (end - start > 8 && end[-1] != ':') {
			char *sent = xstrndup(start, (size_t)(end - start));
			bool kids = false;

			for EACH(kid_words, i)
				kids = kids || has_word(sent, kid_words[i]);
			strv_push(&pool[kids], sent);
		}
		if (*end == '\0')
			break;
		start = end + 1;
		p = end;
	}
}

static enum kind
heading_kind(const char *s)
{
	static const struct { const char *h; enum kind k; } hs[] = {
		{ "The complaint", K_COMPLAINT },
		{ "The Ombudsman’s role and powers", K_POWERS },
		{ "The Ombudsman's role and powers", K_POWERS },
		{ "The Ombudsmen’s role and powers", K_POWERS },
		{ "How I considered this complaint", K_CONSIDERED },
		{ "What I found", K_FINDINGS }, { "My assessment", K_FINDINGS },
		{ "Consideration", K_FINDINGS }, { "Assessment", K_FINDINGS },
		{ "Agreed action", K_ACTION }, { "Agreed Action", K_ACTION },
		{ "Action", K_ACTION }, { "Final decision", K_DECISION },
		{ "Decision", K_DECISION },
	};

	for EACH(hs, i)
		if (strcmp(s, hs[i].h) == 0)
			return hs[i].k;
	return K_NONE;
}

static struct unit *
add_unit(enum kind k, char *text)
{
	if (nunits[k] == units_cap[k]) {
		units_cap[k] = units_cap[k] ? units_cap[k] * 2 : 16;
		units[k] = xrealloc(units[k], units_cap[k] * sizeof *units[k]);
	}
	units[k][nunits[k]] = (struct unit){ .text = text };
	return &units[k][nunits[k]++];
}

/* Reads one sample into the pools. */
static void
load_sample(const char *path)
{
	struct buf raw = { 0 };
	char chunk[65536], *line, *save = NULL, who[16] = "";
	enum kind kind = K_NONE;
	struct unit *last = NULL;
	bool first = true, last_item = false;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_addn(&raw, chunk, (size_t)n);
	close(fd);
	if (raw.p == NULL)
		return;

	for (line = strtok_r(raw.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);
		const char *text = line;
		bool item = false, dash = false;

		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (first) {    /* "Organisation (ref)" */
			first = false;
			continue;
		}
		if (strcmp(line, "Review your privacy settings") == 0) {
			if (banner == NULL) {
				const char *end = raw.p + raw.len;

				/* strtok_r cut only this line: the rest is intact
				 * but for the NUL it put after each earlier line. */
				banner = xstrndup(line, (size_t)(end - line));
				for (char *c = banner; c < banner + (end - line); c++)
					if (*c == '\0')
						*c = '\n';
			}
			break;
		}
		if (starts(line, "Category :") || starts(line, "Decision :") ||
		    starts(line, "Decision date :") || starts(line, "The Ombudsman's final decision") ||
		    strcmp(line, "Back to top") == 0 || strcmp(line, "Print this page") == 0 ||
		    strcmp(line, "LGO logogram") == 0 || strstr(line, "decision on behalf of the Ombudsman"))
			continue;
		if (starts(line, "Summary: ")) {
			static const char *const titles[] = { "Mrs ", "Mr ", "Ms ", "Miss ", "Dr " };
			const char *best = NULL;

			for EACH(titles, i) {
				const char *t = strstr(line, titles[i]);

				if (t && (best == NULL || t < best))
					best = t;
			}
			if (best)
				snprintf(who, sizeof who, "%.*s", (int)(strchr(best, ' ') - best + 2), best);
			continue;
		}
		if (heading_kind(line) != K_NONE) {
			kind = heading_kind(line);
			last = NULL;
			continue;
		}
		while (*text == ' ')
			text++;
		if (isdigit((unsigned char)*text)) {
			const char *q = text;

			while (isdigit((unsigned char)*q))
				q++;
			if (q[0] == '.' && q[1] == ' ')
				text = q + 2;
		} else if (starts(text, "• ")) {
			text += strlen("• ");
			item = true;
		} else if (starts(line, "- ")) {
			text = line + 2;
			dash = true;
		} else if (text == line && kind != K_NONE && last) {
			/* An unmarked line after a paragraph: its citation. */
			free(last->tail);
			last->tail = normalise(text, who);
			continue;
		} else {
			continue;
		}
		if (kind == K_NONE)
			continue;
		/* In the dash layout, the lower-case lines after one ending in
		 * ':' are its list, as the numbered pages show. */
		if (dash && last && islower((unsigned char)*text) &&
		    (last_item || last->text[strlen(last->text) - 1] == ':'))
			item = true;
		if (item && last) {
			strv_push(&last->items, normalise(text, who));
			last_item = true;
			continue;
		}
		last_item = false;
		last = add_unit(kind, normalise(text, who));
		if (kind == K_COMPLAINT || kind == K_FINDINGS)
			split_sentences(sentences[kind == K_FINDINGS], last->text);
	}
	free(raw.p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads every *.txt in dir, in name order so that the pools, and with
 * them the output, do not depend on the order of the directory. */
static void
load_samples(const char *dir)
{
	struct strv names = { 0 };
	struct dirent *e;
	DIR *d = opendir(dir);

	if (d == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 4 && strcmp(e->d_name + n - 4, ".txt") == 0)
			strv_push(&names, xstrndup(e->d_name, n));
	}
	closedir(d);
	if (names.n == 0)
		die("%s: no sample statements (*.txt)", dir);
	qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		char path[4096];

		snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
		load_sample(path);
		free(names.v[i]);
	}
	free(names.v);
	if (sentences[1][0].n + sentences[1][1].n == 0 || nunits[K_POWERS] == 0 ||
	    nunits[K_CONSIDERED] == 0)
		die("%s: the samples lack the usual sections", dir);
}

/* ---- Markov chain ----------------------------------------------------- */

/* Order three over words: a state is the last three tokens.  Over so
 * small a text it joins two sample sentences where they share three words
 * in a row, which keeps the grammar; order two made word salad. */
#define ORDER 3

struct chain {
	struct strv tokens;     /* id -> text; 0 is the edge of a sentence */
	uint32_t *tok_hash;     /* open addressing: id + 1, or 0 */
	size_t tok_cap;
	struct state {
		uint32_t key[ORDER];
		uint32_t *next;
		uint32_t n, cap;
	} *states;              /* open addressing by key; next == NULL is empty */
	size_t st_cap, st_n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint32_t
intern(struct chain *c, const char *s)
{
	size_t i;

	if (c->tok_cap == 0) {
		c->tok_cap = 1 << 16;
		c->tok_hash = calloc(c->tok_cap, sizeof *c->tok_hash);
		strv_push(&c->tokens, xstrndup("", 0));
	}
	for (i = hash_str(s) & (c->tok_cap - 1); c->tok_hash[i]; i = (i + 1) & (c->tok_cap - 1))
		if (strcmp(c->tokens.v[c->tok_hash[i] - 1], s) == 0)
			return c->tok_hash[i] - 1;
	if (c->tokens.n * 2 >= c->tok_cap)
		die("too many distinct words in the samples");
	strv_push(&c->tokens, xstrndup(s, strlen(s)));
	c->tok_hash[i] = (uint32_t)c->tokens.n;
	return (uint32_t)c->tokens.n - 1;
}

static struct state *
state(struct chain *c, const uint32_t key[ORDER], bool create)
{
	uint64_t h = 0;
	size_t i;

	if (c->st_cap == 0) {
		c->st_cap = 1 << 17;
		c->states = calloc(c->st_cap, sizeof *c->states);
	}
	for (int k = 0; k < ORDER; k++)
		h = (h ^ key[k]) * 0x100000001b3ULL;
	for (i = (h ^ h >> 29) & (c->st_cap - 1); c->states[i].next; i = (i + 1) & (c->st_cap - 1))
		if (memcmp(c->states[i].key, key, sizeof c->states[i].key) == 0)
			return &c->states[i];
	if (!create)
		return NULL;
	if (c->st_n * 2 >= c->st_cap)
		die("too many word sequences in the samples");
	c->st_n++;
	memcpy(c->states[i].key, key, sizeof c->states[i].key);
	c->states[i].next = xrealloc(NULL, 4 * sizeof(uint32_t));
	c->states[i].n = 0;
	c->states[i].cap = 4;
	return &c->states[i];
}

/* Moves the window on by one token. */
static void
shift(uint32_t key[ORDER], uint32_t t)
{
	memmove(key, key + 1, (ORDER - 1) * sizeof *key);
	key[ORDER - 1] = t;
}

static void
chain_add(struct chain *c, const char *sentence)
{
	char *copy = xstrndup(sentence, strlen(sentence)), *save = NULL;
	uint32_t key[ORDER] = { 0 };

	for (char *w = strtok_r(copy, " ", &save);; w = strtok_r(NULL, " ", &save)) {
		uint32_t t = w ? intern(c, w) : 0;
		struct state *s = state(c, key, true);

		if (s->n == s->cap)
			s->next = xrealloc(s->next, (s->cap *= 2) * sizeof *s->next);
		s->next[s->n++] = t;
		if (w == NULL)
			break;
		shift(key, t);
	}
	free(copy);
}

/* A sentence from the chain, or NULL after a runaway. */
static char *
chain_sentence(struct chain *c)
{
	struct buf b = { 0 };
	uint32_t key[ORDER] = { 0 };

	for (int n = 0; n < 60; n++) {
		struct state *s = state(c, key, false);
		uint32_t t = s->next[rnd(s->n)];

		if (t == 0)
			return b.p;
		if (b.len)
			buf_addc(&b, ' ');
		buf_add(&b, c->tokens.v[t]);
		shift(key, t);
	}
	free(b.p);
	return NULL;
}

static bool
in_pools(const char *s, int kids)
{
	for (int kind = 0; kind < 2; kind++)
		for (int k = 0; k <= kids; k++)
			for (size_t i = 0; i < sentences[kind][k].n; i++)
				if (strcmp(sentences[kind][k].v[i], s) == 0)
					return true;
	return false;
}

/* Fills markov_out[] with sentences the samples do not have: [0] from
 * those for any topic, [1] from all of them. */
static void
make_markov(void)
{
	for (int k = 0; k < 2; k++) {
		struct chain c = { 0 };

		for (int kind = 0; kind < 2; kind++)
			for (int kk = 0; kk <= k; kk++)
				for (size_t i = 0; i < sentences[kind][kk].n; i++)
					chain_add(&c, sentences[kind][kk].v[i]);
		if (c.st_n == 0)
			continue;
		for (int i = 0; i < 4000 && markov_out[k].n < 1000; i++) {
			char *s = chain_sentence(&c);

			if (s && strlen(s) > 20 && !in_pools(s, k))
				strv_push(&markov_out[k], s);
			else
				free(s);
		}
		/* The chain is needed only for this: its memory goes with
		 * the process. */
	}
}

/* ---- one statement ---------------------------------------------------- */

enum outcome { CLOSED, UPHELD, NOT_UPHELD };
enum layout { NUMBERED, DASH_TIGHT, DASH_BLANK };

struct doc {
	const struct org *org;
	const struct category *cat;
	enum outcome outcome;
	enum layout layout;
	char ref[16];
	int day;                /* decision date as days since 1970-01-01 */
	char name[16], other[16];
	bool female;
	const char *topic;
	const char *orgword;    /* "Council", "Care Provider"… */
	const char *bullet;     /* "    • " or "  • " */
	bool nested;            /* lists as "      1." under "  1." */
	bool back_to_top;
	bool body;              /* a section heading has been written */
	int number;             /* the last paragraph number in this section */
	int paras;              /* paragraphs written in all */
	struct buf *out;
};

/* Days since 1970-01-01 and back (proleptic Gregorian, after Hinnant). */
static int
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* A day some weeks to two years before the decision. */
static void
past_date(const struct doc *d, int *y, int *m, int *dd)
{
	civil_from_days(d->day - rnd_range(14, 700), y, m, dd);
}

/* Appends s with its placeholders filled in for this statement. */
static void
expand(struct buf *b, const struct doc *d, const char *s)
{
	int y, m, dd;

	for (; *s; s++) {
		switch (*s) {
		case P_NAME: buf_add(b, d->name); break;
		case P_OTHER: buf_add(b, d->other); break;
		case P_ORG: buf_add(b, d->orgword); break;
		case P_SHE: buf_add(b, d->female ? "she" : "he"); break;
		case P_SHE_UP: buf_add(b, d->female ? "She" : "He"); break;
		case P_HER: buf_add(b, d->female ? "her" : "his"); break;
		case P_HER_UP: buf_add(b, d->female ? "Her" : "His"); break;
		case P_HEROBJ: buf_add(b, d->female ? "her" : "him"); break;
		case P_HERSELF: buf_add(b, d->female ? "herself" : "himself"); break;
		case P_TOPIC: expand(b, d, d->topic); break;
		case P_DATE:
			past_date(d, &y, &m, &dd);
			buf_addf(b, "%d %s %d", dd, months[m - 1], y);
			break;
		case P_MONTH:
			past_date(d, &y, &m, &dd);
			buf_addf(b, "%s %d", months[m - 1], y);
			break;
		case P_DAYMONTH:
			past_date(d, &y, &m, &dd);
			buf_addf(b, "%d %s", dd, months[m - 1]);
			break;
		case P_MONEY: {
			static const unsigned sums[] = { 100, 150, 200, 250, 300, 350, 400, 500,
							 500, 600, 750, 800, 1000, 1200, 1500, 2000,
							 2500, 3000, 4500, 7250 };
			unsigned v = PICK(sums);

			if (chance(30))
				v = (unsigned)rnd_range(2, 120) * 50;
			if (v >= 1000)
				buf_addf(b, "£%u,%03u", v / 1000, v % 1000);
			else
				buf_addf(b, "£%u", v);
			break;
		}
		default:
			buf_addc(b, *s);
		}
	}
}

static const char *const complaint_sentences[] = {
	"\x01 says the \x02 failed to respond to \x10 concerns.",
	"\x01 says this caused \x12 distress and frustration.",
	"\x01 wants the \x02 to apologise and pay \x12 compensation.",
	"\x01 says the matter has affected \x10 health.",
	"\x0f also complains the \x02 did not deal with \x10 complaint properly.",
	"\x01 wants the \x02 to put things right.",
	"\x0f says \x0e has had to spend a lot of time chasing the \x02 for answers.",
	"\x0f says the \x02 did not keep \x12 informed.",
};

/* Appends one sentence of prose: of the complaint section (complaint)
 * or of the findings. */
static void
add_sentence(struct buf *b, const struct doc *d, bool complaint)
{
	int kids = (d->cat->area & A_CHILD) != 0;
	const struct strv *own = sentences[!complaint];
	unsigned r = rnd(100);
	unsigned n0 = (unsigned)own[0].n, n1 = kids ? (unsigned)own[1].n : 0;

	if (b->len)
		buf_addc(b, ' ');
	if (complaint) {
		if (r < 50 && n0 + n1) {
			unsigned i = rnd(n0 + n1);

			expand(b, d, i < n0 ? own[0].v[i] : own[1].v[i - n0]);
		} else {
			expand(b, d, PICK(complaint_sentences));
		}
		return;
	}
	if (r < 30) {
		for (int tries = 0; tries < 20; tries++) {
			const struct area_text *a = &area_sentences[rnd(NAREA_SENTENCES)];

			if (a->area & d->cat->area) {
				expand(b, d, a->s);
				return;
			}
		}
	}
	if (r < 80 && n0 + n1) {
		unsigned i = rnd(n0 + n1);

		expand(b, d, i < n0 ? own[0].v[i] : own[1].v[i - n0]);
		return;
	}
	if (markov_out[kids].n) {
		expand(b, d, markov_out[kids].v[rnd((unsigned)markov_out[kids].n)]);
		return;
	}
	expand(b, d, area_sentences[rnd(NAREA_SENTENCES)].s);
}

/* A blank line where the layout has them. */
static void
gap(struct doc *d)
{
	if (d->layout != DASH_TIGHT)
		buf_addc(d->out, '\n');
}

static void
put_line(struct doc *d, const char *s)
{
	buf_add(d->out, s);
	buf_addc(d->out, '\n');
	gap(d);
}

/* Starts a section; a sub-heading gets no "Back to top" before it. */
static void
heading(struct doc *d, const char *title, bool sub)
{
	if (d->layout == NUMBERED && d->back_to_top && d->body && !sub && !chance(3))
		put_line(d, "Back to top");
	put_line(d, title);
	d->body = true;
	d->number = 0;
}

/* Writes a paragraph with its items and closing line (both may be NULL),
 * each already expanded. */
static void
para(struct doc *d, const char *text, const struct strv *items, const char *tail)
{
	struct buf *o = d->out;

	d->paras++;
	if (d->layout == NUMBERED)
		buf_addf(o, "  %d. %s\n", ++d->number, text);
	else
		buf_addf(o, "- %s\n", text);
	for (size_t i = 0; items && i < items->n; i++) {
		if (d->layout != NUMBERED) {
			gap(d);
			buf_addf(o, "- %s\n", items->v[i]);
		} else if (d->nested) {
			buf_addf(o, "      %zu. %s\n", i + 1, items->v[i]);
		} else {
			buf_addf(o, "%s%s\n", d->bullet, items->v[i]);
		}
	}
	gap(d);
	if (tail) {
		buf_addf(o, "%s\n", tail);
		gap(d);
	}
}

/* Writes a paragraph from a template with its items as they stand. */
static void
para_expand(struct doc *d, const char *text, const char *const *items, size_t nitems,
	    const char *tail)
{
	struct buf t = { 0 }, tl = { 0 };
	struct strv iv = { 0 };

	expand(&t, d, text);
	for (size_t i = 0; i < nitems && items[i]; i++) {
		struct buf ib = { 0 };

		expand(&ib, d, items[i]);
		strv_push(&iv, ib.p);
	}
	/* The last of a list built from parts closes the sentence. */
	if (iv.n && iv.v[iv.n - 1][strlen(iv.v[iv.n - 1]) - 1] == ';')
		iv.v[iv.n - 1][strlen(iv.v[iv.n - 1]) - 1] = '.';
	if (tail)
		expand(&tl, d, tail);
	para(d, t.p, &iv, tail ? tl.p : NULL);
	for (size_t i = 0; i < iv.n; i++)
		free(iv.v[i]);
	free(iv.v);
	free(t.p);
	free(tl.p);
}

static void
para_unit(struct doc *d, const struct unit *u)
{
	para_expand(d, u->text, (const char *const *)u->items.v, u->items.n, u->tail);
}

/* A paragraph of n sentences of prose, sometimes closing with a list. */
static void
prose(struct doc *d, int n, bool lists_ok)
{
	struct buf t = { 0 };

	for (int i = 0; i < n; i++)
		add_sentence(&t, d, false);
	if (lists_ok && chance(7)) {
		const struct list_text *l;

		do
			l = &lists[rnd(NLISTS)];
		while (!(l->area & d->cat->area));
		buf_addc(&t, ' ');
		expand(&t, d, l->intro);
		para_expand(d, t.p, l->items, 5, NULL);
	} else if (lists_ok && chance(1.5) && nunits[K_FINDINGS]) {
		/* A sample's own list, such as the three stages. */
		const struct unit *u = &units[K_FINDINGS][rnd((unsigned)nunits[K_FINDINGS])];

		if (u->items.n)
			para_unit(d, u);
		else
			para_expand(d, t.p, NULL, 0, NULL);
	} else {
		para_expand(d, t.p, NULL, 0, NULL);
	}
	free(t.p);
}

/* How many sentences a paragraph has: mostly two or three. */
static int
sentence_count(void)
{
	static const unsigned w[] = { 26, 34, 24, 10, 6 };

	return (int)pick_weighted(w, 5) + 1;
}

/* A unit of kind k whose text contains want (or any, if want is NULL)
 * and not avoid; NULL when there is none. */
static const struct unit *
find_unit(enum kind k, const char *want, const char *avoid)
{
	const struct unit *hits[64];
	unsigned n = 0;

	for (size_t i = 0; i < nunits[k] && n < 64; i++) {
		const char *s = units[k][i].text;

		if ((want == NULL || strstr(s, want)) && (avoid == NULL || !strstr(s, avoid)))
			hits[n++] = &units[k][i];
	}
	return n ? hits[rnd(n)] : NULL;
}

static void
section_complaint(struct doc *d)
{
	static const char *const opening[] = {
		"\x01 complained about \x14.",
		"\x01 complains about \x14.",
		"\x01 complained to us about \x14.",
	};
	struct buf t = { 0 };
	int n = d->outcome == CLOSED ? rnd_range(1, 2) : rnd_range(1, 4);

	heading(d, "The complaint", false);
	expand(&t, d, PICK(opening));
	for (int i = rnd_range(0, 2); i > 0; i--)
		add_sentence(&t, d, true);
	para_expand(d, t.p, NULL, 0, NULL);
	for (int i = 1; i < n; i++) {
		t.len = 0;
		for (int j = rnd_range(1, 3); j > 0; j--)
			add_sentence(&t, d, true);
		para_expand(d, t.p, NULL, 0, NULL);
	}
	free(t.p);
}

static void
section_powers(struct doc *d)
{
	const struct unit *u;

	heading(d, chance(3) ? "The Ombudsmen’s role and powers" : "The Ombudsman’s role and powers",
		false);
	if (d->outcome == CLOSED) {
		u = find_unit(K_POWERS, "do not start or continue", NULL);
		para_unit(d, u ? u : &units[K_POWERS][0]);
	} else {
		u = find_unit(K_POWERS, "26A(1)", NULL);
		para_unit(d, u ? u : &units[K_POWERS][0]);
		if (chance(75) && (u = find_unit(K_POWERS, "30(1B)", NULL)))
			para_unit(d, u);
	}
	if ((d->cat->area & A_CHILD) && chance(60) && (u = find_unit(K_POWERS, "Ofsted", NULL)))
		para_unit(d, u);
	if ((d->cat->area & A_ADULT) && chance(50))
		para_expand(d, "Under our information sharing agreement, we will share this decision with the Care Quality Commission (CQC).",
			    NULL, 0, NULL);
}

static void
section_considered(struct doc *d)
{
	const struct unit *u;

	heading(d, "How I considered this complaint", false);
	u = find_unit(K_CONSIDERED, "I considered information",
		      d->outcome == CLOSED ? "draft" : NULL);
	if (u == NULL || (d->outcome != CLOSED && chance(50)))
		u = find_unit(K_CONSIDERED, "I considered evidence", NULL);
	para_unit(d, u ? u : &units[K_CONSIDERED][0]);
	if (chance(70)) {
		u = d->outcome == CLOSED ? find_unit(K_CONSIDERED, "Assessment Code", NULL)
					 : find_unit(K_CONSIDERED, "draft decision", "provided by");
		if (u)
			para_unit(d, u);
	}
}

/* Paragraphs of findings: n in all, with sub-headings now and then. */
static void
section_findings(struct doc *d, int n)
{
	static const char *const closed_titles[] = { "My assessment", "My assessment",
						     "My assessment", "Assessment" };
	static const char *const titles[] = { "What I found", "What I found", "What I found",
					      "What I found", "What I found", "What I found",
					      "What I found", "Consideration", "Conclusions",
					      "Findings" };
	bool subs = d->outcome != CLOSED && n >= 8 && chance(30);

	heading(d, d->outcome == CLOSED ? PICK(closed_titles) : PICK(titles), false);
	if (subs)
		heading(d, PICK(subheadings_law), true);
	for (int i = 0; i < n; i++) {
		if (subs && i == n / 4)
			heading(d, PICK(subheadings_story), true);
		else if (subs && i == n * 2 / 3)
			heading(d, PICK(subheadings_analysis), true);
		prose(d, sentence_count(), true);
	}
}

static void
section_action(struct doc *d)
{
	static const char *const titles[] = { "Agreed action", "Agreed action", "Agreed action",
					      "Agreed action", "Agreed action", "Agreed action",
					      "Agreed action", "Action", "Action", "Agreed Action" };
	const char *now[4], *later[3];
	size_t nn = 0, nl = 0;

	heading(d, PICK(titles), false);
	/* The samples' own actions speak of the children's procedure. */
	if ((d->cat->area & A_CHILD) && chance(40) && nunits[K_ACTION]) {
		int before = d->paras;

		for (size_t i = 0; i < nunits[K_ACTION]; i++)
			if (chance(60))
				para_unit(d, &units[K_ACTION][i]);
		if (d->paras > before)
			return;
	}
	now[nn++] = action_now[0];
	for (int i = rnd_range(0, 2), k = rnd_range(1, 4); i > 0; i--, k = k % 4 + 1)
		now[nn++] = action_now[k];
	para_expand(d, "Within one month of the final decision, the \x02 has agreed to:", now, nn, NULL);
	if (chance(55)) {
		for (int i = rnd_range(1, 3), k = rnd_range(0, 3); i > 0; i--, k = (k + 1) % 4)
			later[nl++] = action_later[k];
		para_expand(d, "Within three months of the final decision, the \x02 has agreed to:",
			    later, nl, NULL);
	}
	para_expand(d, "The \x02 should provide us with evidence it has complied with the above actions.",
		    NULL, 0, NULL);
}

static void
section_decision(struct doc *d)
{
	const struct unit *u;
	struct buf t = { 0 };

	heading(d, chance(80) ? "Final decision" : "Decision", false);
	switch (d->outcome) {
	case CLOSED:
		if (chance(40) && (u = find_unit(K_DECISION, "not investigate", NULL))) {
			para_unit(d, u);
			break;
		}
		buf_add(&t, "We will not investigate \x01’s complaint because ");
		buf_add(&t, PICK(closed_reasons));
		buf_add(&t, ".");
		para_expand(d, t.p, NULL, 0, NULL);
		break;
	case UPHELD:
		if (chance(40) && (u = find_unit(K_DECISION, NULL, "not investigate")))
			para_unit(d, u);
		else
			para_expand(d, PICK(decision_upheld), NULL, 0, NULL);
		break;
	case NOT_UPHELD:
		para_expand(d, PICK(decision_not_upheld), NULL, 0, NULL);
		break;
	}
	free(t.p);
}

static void
summary(struct doc *d)
{
	struct buf t = { 0 };

	switch (d->outcome) {
	case CLOSED:
		if (chance(50))
			buf_addf(&t, "We will not investigate \x01’s complaint about \x14. This is because %s.",
				 PICK(closed_reasons));
		else
			buf_addf(&t, "We will not investigate \x01’s complaint about \x14 because %s.",
				 PICK(closed_reasons));
		break;
	case UPHELD:
		if (chance(50))
			buf_addf(&t, "\x01 complained about \x14. We found fault by the \x02, which caused \x01 distress and uncertainty. The \x02 has agreed to apologise, pay \x01 \x06 and %s.",
				 PICK(upheld_fixes));
		else
			buf_addf(&t, "\x01 complained about \x14. We found the \x02 at fault for %s. The \x02 will apologise and %s.",
				 PICK(upheld_faults), PICK(upheld_fixes));
		break;
	case NOT_UPHELD:
		buf_add(&t, chance(50) ? "\x01 complained about \x14. We found no fault in the way the \x02 dealt with the matter."
				       : "There was no fault in how the \x02 considered \x14.");
		break;
	}
	buf_add(d->out, "Summary: ");
	{
		size_t at = d->out->len;

		expand(d->out, d, t.p);
		/* Now and then a summary is saved broken over two lines. */
		if (chance(1))
			buf_replace(d->out, at, ". ", ".\n");
	}
	buf_addc(d->out, '\n');
	gap(d);
	free(t.p);
}

static const struct category *
pick_category(const struct org *o)
{
	static unsigned w[NCATEGORIES];

	if (w[0] == 0)
		for (size_t i = 0; i < NCATEGORIES; i++)
			w[i] = categories[i].weight;
	for (int tries = 0; tries < 200; tries++) {
		const struct category *c = &categories[pick_weighted(w, NCATEGORIES)];

		if ((c->area & o->areas) && (o->kind != O_PROVIDER || c->provider))
			return c;
	}
	for (size_t i = 0; i < NCATEGORIES; i++)
		if (categories[i].area & o->areas)
			return &categories[i];
	return &categories[0];
}

/* References already given, by year: the reference is the decision's
 * identity, so each must be new. */
static uint8_t *refs_used[100];
static unsigned ref_span;
static unsigned last_ref[100];

static void
make_ref(struct doc *d, int year, bool joint)
{
	int yy = year % 100;
	unsigned n;

	if (refs_used[yy] == NULL)
		refs_used[yy] = calloc(1000000, 1);
	/* A joint case shares the number of the one before, with a letter. */
	if (joint && last_ref[yy] && !(refs_used[yy][last_ref[yy]] & 2)) {
		n = last_ref[yy];
		refs_used[yy][n] |= 2;
	} else {
		n = (unsigned)rnd_range(1, (int)ref_span);
		while (refs_used[yy][n] & 1)
			n = n % 999999 + 1;
		refs_used[yy][n] |= joint ? 3 : 1;
		last_ref[yy] = n;
	}
	snprintf(d->ref, sizeof d->ref, "%02d %03u %03u%s", yy, n / 1000, n % 1000, joint ? "c" : "");
}

/* --repeat: the share of statements that take an earlier one's
 * reference (0 to 1), and each statement's reference and organisation. */
static double repeat_share;
static char (*refs_given)[16];
static size_t *orgs_given;

/* The earlier statement whose reference statement i repeats, or -1.
 * From a stream of its own, so that the statements' streams stay as
 * they are without --repeat. */
static long
repeat_of(uint64_t seed, unsigned i)
{
	uint64_t x = seed ^ ((uint64_t)i * 0xd1b54a32d192ed03ULL) ^ 0x5245504541540000ULL;
	uint64_t a = splitmix(&x), b = splitmix(&x);

	if (i == 0 || repeat_share <= 0 ||
	    (double)(a >> 11) / 9007199254740992.0 >= repeat_share)
		return -1;
	return (long)(b % i);
}

/* Writes statement i into out. */
static void
make_doc(struct buf *out, uint64_t seed, unsigned i)
{
	static const unsigned year_w[] = { 5, 7, 8, 8, 9, 7, 9, 10, 10, 11, 12, 12 }; /* 2014… */
	static const char *const titles[] = { "Mrs", "Mr", "Mr", "Ms", "Miss", "Mrs", "Mr", "Ms", "Dr" };
	static const char letters[] = "XXXXXXYYYZZBCDFHJKLMNPRSTW";
	static const unsigned layout_w[] = { 60, 30, 10 };
	struct doc d = { .out = out };
	int year, m, day, refyear, n;
	unsigned r;
	const char *t;

	long rep = repeat_of(seed, i);
	size_t oi;

	rng_seed(seed ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL));
	oi = pick_weighted(org_weights, norgs);
	if (rep >= 0)
		oi = orgs_given[rep];
	d.org = &orgs[oi];
	d.cat = pick_category(d.org);
	d.topic = d.cat->topic[rnd(d.cat->topic[2] ? 3 : d.cat->topic[1] ? 2 : 1)];
	r = rnd(100);
	d.outcome = r < 50 ? CLOSED : r < 85 ? UPHELD : NOT_UPHELD;
	d.layout = (enum layout)pick_weighted(layout_w, 3);

	year = 2014 + (int)pick_weighted(year_w, 12);
	m = rnd_range(1, year == 2025 ? 10 : 12);
	d.day = days_from_civil(year, m, 1);
	d.day += (int)rnd((unsigned)(days_from_civil(year + (m == 12), m % 12 + 1, 1) - d.day));
	refyear = year - (chance(d.outcome == CLOSED ? 35 : 65) ? 1 : 0);
	if (refyear < 2013)
		refyear = 2013;
	make_ref(&d, refyear, chance(0.4));
	if (refs_given != NULL) {
		if (rep >= 0)
			memcpy(d.ref, refs_given[rep], sizeof d.ref);
		memcpy(refs_given[i], d.ref, sizeof d.ref);
		orgs_given[i] = oi;
	}

	t = PICK(titles);
	d.female = strcmp(t, "Mr") != 0 && (strcmp(t, "Dr") != 0 || chance(50));
	snprintf(d.name, sizeof d.name, "%s %c", t, letters[rnd(sizeof letters - 1)]);
	do
		snprintf(d.other, sizeof d.other, "%s %c", PICK(titles), letters[rnd(sizeof letters - 1)]);
	while (d.other[strlen(d.other) - 1] == d.name[strlen(d.name) - 1]);
	switch (d.org->kind) {
	case O_PROVIDER: d.orgword = chance(70) ? "Care Provider" : "Provider"; break;
	case O_OTHER:
		d.orgword = strstr(d.org->name, "School") || strstr(d.org->name, "Academ") ? "School"
			  : strstr(d.org->name, "NHS") ? "Trust" : "Authority";
		break;
	default: d.orgword = "Council";
	}
	d.bullet = chance(50) ? "    • " : "  • ";
	d.nested = d.layout == NUMBERED && chance(3);
	d.back_to_top = chance(97);

	/* Header: metadata lines can be missing, all together on some
	 * pages (the Essex sample) or one at a time. */
	buf_addf(out, "%s (%s)\n", d.org->name, d.ref);
	gap(&d);
	{
		bool all = d.layout == NUMBERED ? chance(99) : chance(85);
		bool none = !all && chance(70);
		char date[32];

		if (all || (!none && chance(60))) {
			buf_addf(out, "Category : %s\n", d.cat->name);
			gap(&d);
		}
		if (all || (!none && chance(60))) {
			buf_addf(out, "Decision : %s\n", d.outcome == CLOSED ? "Closed after initial enquiries"
						     : d.outcome == UPHELD ? "Upheld" : "Not upheld");
			gap(&d);
		}
		if (all || (!none && chance(60))) {
			civil_from_days(d.day, &year, &m, &day);
			snprintf(date, sizeof date, "%02d %s %d", day, mons[m - 1], year);
			buf_addf(out, "Decision date : %s\n", date);
			gap(&d);
		}
	}
	put_line(&d, "The Ombudsman's final decision:");
	summary(&d);

	section_complaint(&d);
	if (chance(3) && d.outcome != CLOSED) {
		heading(&d, "What I have investigated", false);
		para_expand(&d, "I have investigated \x01’s complaint about \x14. The final section of this statement explains why I have not investigated the rest of the complaint.",
			    NULL, 0, NULL);
	}
	section_powers(&d);
	section_considered(&d);
	/* Findings make the length: most statements are short, a few run
	 * to fifty paragraphs or more. */
	{
		double u = (double)(rng_next() >> 11) / 9007199254740992.0;

		switch (d.outcome) {
		case CLOSED: n = 3 + (int)(7 * u * u); break;
		case NOT_UPHELD: n = 4 + (int)(28 * u * u * u); break;
		default: n = 5 + (int)(40 * u * u * u); break;
		}
	}
	section_findings(&d, n);
	if (d.outcome == UPHELD)
		section_action(&d);
	section_decision(&d);

	/* Page debris after the body, as each layout was saved. */
	if (d.layout == NUMBERED) {
		if (chance(40))
			put_line(&d, "Investigator’s decision on behalf of the Ombudsman");
		put_line(&d, "Back to top");
		put_line(&d, "Investigator's decision on behalf of the Ombudsman");
		if (banner && chance(92)) {
			put_line(&d, "Print this page");
			put_line(&d, "LGO logogram");
			buf_add(out, banner);
		}
	} else {
		if (chance(50))
			put_line(&d, "Investigator’s decision on behalf of the Ombudsman");
		put_line(&d, "Investigator's decision on behalf of the Ombudsman");
	}

	/* Rarer things real pages hold. */
	if (chance(1.5))
		buf_replace(out, 0, "Act 1974", "Act\xc2\xa0" "1974");
	if (chance(1.5))
		(void)(buf_replace(out, 0, "re-assess", "re\xe2\x80\x91" "assess") ||
		       buf_replace(out, 0, "day-to-day", "day\xe2\x80\x91to\xe2\x80\x91" "day") ||
		       buf_replace(out, 0, "three-stage", "three\xe2\x80\x91stage"));
	if (chance(1) && d.layout == NUMBERED)
		buf_replace(out, 0, "\n\nThe complaint", "\n \nThe complaint");

	/* The saved pages end without a newline; a few files have one. */
	while (out->len && out->p[out->len - 1] == '\n')
		out->p[--out->len] = '\0';
	if (chance(10))
		buf_addc(out, '\n');
}

/* ---- main ------------------------------------------------------------- */

static void
mkdir_p(const char *path)
{
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		die("%s: %s", path, strerror(errno));
}

static void
write_file(const char *path, const char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("%s: %s", path, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) < 0)
		die("%s: %s", path, strerror(errno));
}

int
main(int argc, char **argv)
{
	struct buf out = { 0 };
	unsigned long long total = 0;
	uint64_t seed = 1;
	unsigned long count;
	char *end, path[4096];

	if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
		double pct = strtod(argv[2], &end);

		if (*end || end == argv[2] || !(pct >= 0 && pct <= 100))
			die("%s: not a percentage (0 to 100)", argv[2]);
		repeat_share = pct / 100;
		argv += 2;
		argc -= 2;
	}
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: %s [--repeat PCT] N OUTDIR SAMPLES_DIR [SEED]\n",
			progname);
		return 2;
	}
	errno = 0;
	count = strtoul(argv[1], &end, 10);
	if (errno || *end || end == argv[1] || count > 10000000)
		die("%s: not a number of files (0 to 10000000)", argv[1]);
	if (argc == 5) {
		seed = strtoull(argv[4], &end, 10);
		if (*end || end == argv[4])
			die("%s: not a seed", argv[4]);
	}

	/* Tables and pools come from the seed; each statement then has a
	 * stream of its own, so that a change to one kind of paragraph
	 * does not reshuffle every statement after it. */
	rng_seed(seed);
	make_orgs();
	load_samples(argv[3]);
	make_markov();
	/* Wide enough that references stay sparse within a year. */
	ref_span = count / 2 > 25000 ? (unsigned)(count / 2 > 999999 ? 999999 : count / 2) : 25000;

	if (repeat_share > 0 &&
	    ((refs_given = calloc(count ? count : 1, sizeof *refs_given)) == NULL ||
	     (orgs_given = calloc(count ? count : 1, sizeof *orgs_given)) == NULL))
		die("out of memory");

	mkdir_p(argv[2]);
	for (unsigned i = 0; i < count; i++) {
		if (i % FILES_PER_DIR == 0) {
			snprintf(path, sizeof path, "%s/%03u", argv[2], i / FILES_PER_DIR);
			mkdir_p(path);
		}
		out.len = 0;
		make_doc(&out, seed, i);
		snprintf(path, sizeof path, "%s/%03u/%06u_%016" PRIx64 ".txt", argv[2],
			 i / FILES_PER_DIR, i, splitmix(&(uint64_t){ seed ^ i }));
		write_file(path, out.p, out.len);
		total += out.len;
	}
	printf("%lu files, %llu bytes\n", count, total);
	return 0;
}
