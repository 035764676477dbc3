#!/bin/sh
# Import of saved web pages: every sample and messy statement, made into a
# decision page by tests/site/page.py in each of its variants, imports to
# the same decision as its text (show --format json, less the url and
# attribution); listing, search and error pages are refused with one
# message naming the file; the saved-from URL reaches show and JSON; a
# "Save page as… complete" folder imports its page, not its _files/.
. "$TESTS_SRCDIR/lib.sh"

page() {
	python3 "$TESTS_SRCDIR/site/page.py" --ombuds "$OMBUDS" "$@"
}

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is missing (apt-get install python3)"
	exit 0
fi

text=$TMP/text.db
"$OMBUDS" --db "$text" import --quiet "$DATA_DIR" "$TESTS_SRCDIR"/data/*.txt 2>/dev/null
refs=$(sql "$text" "SELECT ref FROM decision ORDER BY ref")
is "$(printf '%s\n' "$refs" | wc -l)" 21 "the text import: 21 decisions"

# same DB LABEL: every decision of the text import shows alike in DB.
same() {
	printf '%s\n' "$refs" | while read -r ref; do
		a=$("$OMBUDS" --db "$text" show "$ref" --format json)
		b=$("$OMBUDS" --db "$1" show "$ref" --format json 2>&1 |
			grep -v '^  "url": \|^  "attribution": \|^  "fetched": ')
		[ "$a" = "$b" ] || echo "$ref"
	done > "$TMP/differ"
	is "$(cat "$TMP/differ")" "" "$2: every decision as its text gives it"
}

for variant in "" "--cp1252" "--entities" "--ol-start" "--letters" \
	"--title-only" "--no-article" "--banner-last" \
	"--no-article --title-only --cp1252 --letters --ol-start --entities"; do
	dir=$TMP/pages$(echo "$variant" | tr -d ' -')
	mkdir -p "$dir"
	# shellcheck disable=SC2086
	page -o "$dir" $variant "$DATA_DIR"/*.txt "$TESTS_SRCDIR"/data/*.txt
	db=$dir.db
	"$OMBUDS" --db "$db" import --quiet "$dir" 2>"$TMP/err"
	ok $? "pages ${variant:-as served} import"
	is "$(sql "$db" "SELECT count(*) FROM decision")" 21 "pages ${variant:-as served}: 21 decisions"
	same "$db" "pages ${variant:-as served}"
done

# ---- by content, by name, and a saved folder ----------------------------------
one=$DATA_DIR/001_6bddae3439fd4dd8.txt
mkdir -p "$TMP/saved/Coventry_files" "$TMP/noext"
page --saved-from "$one" > "$TMP/saved/Coventry.html"
cp "$TMP/saved/Coventry.html" "$TMP/saved/Coventry_files/copy.html"
echo 'body { color: red }' > "$TMP/saved/Coventry_files/site.css"
cp "$DATA_DIR/000_5bdb9a364616d701.txt" "$TMP/saved/"
page "$DATA_DIR/002_8509a42da06fb018.txt" > "$TMP/saved/other.htm"
db=$TMP/saved.db
"$OMBUDS" --db "$db" import "$TMP/saved" > "$TMP/out" 2>&1
ok $? "a folder of text and pages imports"
is "$(cat "$TMP/out")" "3 imported, 0 replaced, 0 failed" \
	"its text, .html and .htm files, not the page's _files/ folder"

page "$one" > "$TMP/noext/page"
"$OMBUDS" --db "$TMP/noext.db" import "$TMP/noext/page" 2>&1
ok $? "a page without .html in its name is read as HTML by its content"
is "$(sql "$TMP/noext.db" "SELECT ref FROM decision")" "24 008 642" "and gives its decision"
page "$one" | "$OMBUDS" --db "$TMP/stdin.db" import - 2>&1
is "$(sql "$TMP/stdin.db" "SELECT ref FROM decision")" "24 008 642" "a page on standard input too"

# ---- the source URL -------------------------------------------------------------
url=https://www.lgo.org.uk/decisions/children-s-care-services/other/24-008-642
out=$("$OMBUDS" --db "$db" show 24008642)
like "$out" "Source:    $url" "show prints the saved-from URL"
like "$out" "© Commission for Local Administration in England" "with the attribution"
is "$("$OMBUDS" --db "$db" show 24008642 --format json | sed -n 's/^  "url": //p')" "\"$url\"," \
	"show --format json carries the url"
out=$("$OMBUDS" --db "$db" show 24023422)
unlike "$out" "Source:" "no Source: line for a decision from a text file"
unlike "$("$OMBUDS" --db "$db" show 24023422 --format json)" '"url"' "nor a url in its JSON"
"$OMBUDS" --db "$db" search "stage two" --format json > "$TMP/s.json"
is "$(sql :memory: "SELECT group_concat(json_extract(value, '\$.reference') || '=' || coalesce(json_extract(value, '\$.url'), '-'), ' ') FROM json_each(readfile('$TMP/s.json'), '\$.results')")" \
	"24 008 642=$url 24 023 422=-" "search --format json carries the url when known"
"$OMBUDS" --db "$db" import --quiet "$one"
like "$("$OMBUDS" --db "$db" show 24008642)" "Source:    $url" \
	"a re-import of the text keeps the URL"
page --canonical "$DATA_DIR/003_e8c7b7bcc53897eb.txt" > "$TMP/canon.html"
"$OMBUDS" --db "$db" import --quiet "$TMP/canon.html"
like "$("$OMBUDS" --db "$db" show 24011458)" "Source:    https://www.lgo.org.uk/decisions/" \
	"a canonical link gives the URL when no saved-from comment does"

# ---- hand-made pages: charset, entities, lists ------------------------------------
head='<!DOCTYPE html><html><head><title>Test Borough Council (23 950 001) | Local Government and Social Care Ombudsman</title>'
meta='<div><span class="label">Category :</span> <span class="value"><a href="/a">Housing</a> &gt; <a href="/b">Allocations</a></span></div><div><span class="label">Decision :</span> <span class="value">Upheld</span></div><div><span class="label">Decision date :</span> <span class="value">05 Feb 2020</span></div><h2>The Ombudsman&#39;s final decision:</h2><p>Summary: Mr B complains about &lsquo;delay&rsquo;; we found fault and &pound;200 is paid.</p>'
{
	printf '%s<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><article id="article">%s' "$head" "$meta"
	printf '<h2>The complaint</h2><ol start="3"><li>Mr B says the Council\222s letter of 1\2262 May was late.<ol type="a"><li>first part;</li><li>second part; and<ul><li>a bullet</li></ul></li><li>third part.</li></ol></li></ol>'
	printf '<h2>Final decision</h2><ol type="i"><li>I found fault.</li></ol><p><a href="#top">Back to top</a></p></article></body></html>'
} > "$TMP/hand.html"
db=$TMP/hand.db
"$OMBUDS" --db "$db" import --quiet "$TMP/hand.html"
ok $? "a hand-made Windows-1252 page (declared ISO-8859-1) imports"
"$OMBUDS" --db "$db" show 23950001 --format json > "$TMP/hand.json"
j() { sql :memory: "SELECT json_extract(readfile('$TMP/hand.json'), '$1')"; }
is "$(j '$.organisation')" "Test Borough Council" "the title line from <title>, less the site's name"
is "$(j '$.category')|$(j '$.outcome')|$(j '$.decision_date')" "Housing > Allocations|Upheld|2020-02-05" \
	"labels and values, the category as two links around &gt;"
is "$(j '$.summary')" "Mr B complains about ‘delay’; we found fault and £200 is paid." "entities decoded"
is "$(j '$.paragraphs[0].text')" "Mr B says the Council’s letter of 1–2 May was late.
1. first part;
2. second part; and
  • a bullet
3. third part." "Windows-1252 bytes read as such; a lettered sub-list as numbered sub-items, a bullet below"
is "$(j '$.paragraphs[1].heading')|$(j '$.paragraphs[1].text')" "Final decision|I found fault." \
	"a roman-numbered list is a list of paragraphs"
unlike "$("$OMBUDS" --db "$db" show 23950001)" "Back to top" "Back to top dropped"

# ---- pages that are not decisions -------------------------------------------------
mkdir -p "$TMP/not"
page --listing "$DATA_DIR"/*.txt > "$TMP/not/listing.html"
page --error > "$TMP/not/error.html"
page --search > "$TMP/not/search.html"
for kind in listing error search; do
	db=$TMP/not-$kind.db
	"$OMBUDS" --db "$db" import "$TMP/not/$kind.html" > /dev/null 2> "$TMP/err"
	is "$?" 1 "a $kind page: exit status 1"
	is "$(grep -c '^ombuds:' "$TMP/err")" 1 "a $kind page: one message"
	like "$(cat "$TMP/err")" "ombuds: $TMP/not/$kind.html: not a decision statement: a" \
		"a $kind page: the message names the file and says why"
	is "$(sql "$db" "SELECT count(*) FROM decision" 2>/dev/null || echo 0)" 0 "a $kind page: nothing stored"
done
like "$("$OMBUDS" --db "$TMP/x.db" import "$TMP/not/listing.html" 2>&1)" \
	"a listing page (5 links to decisions)" "the listing page is called one"
like "$("$OMBUDS" --db "$TMP/x.db" import "$TMP/not/error.html" 2>&1)" \
	"an error page (“Page not found”)" "the error page is called one, with its title"
like "$("$OMBUDS" --db "$TMP/x.db" import "$TMP/not/search.html" 2>&1)" \
	"a search results page" "the search page is called one"

done_testing
