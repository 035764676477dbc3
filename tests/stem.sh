#!/bin/sh
# Stemmed search: a bare word finds every inflection and the same
# decisions whichever inflection is typed; quotes keep the exact form;
# hits mark every inflection; hyphenated, run-together and spaced
# spellings meet; a store made before stems is brought forward.  The
# real program on the samples and on tests/stem-data/, each answer
# checked against the files' own text.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/s.db
run --db "$db" import --quiet "$DATA_DIR" "$TESTS_SRCDIR/stem-data"
is "$status" 0 "import the samples and the stem statements"

# sorted ARGS…: the references found, sorted, comma-separated.
sorted() {
	"$OMBUDS" --db "$db" search --limit 0 "$@" 2>"$TMP/.err" | tail -n +2 | cut -f1 | sort | paste -sd, -
}
# holding ERE: the references of the files whose text holds a whole word
# matching ERE (case folded), sorted — what the user means.
holding() {
	for f in "$DATA_DIR"/*.txt "$TESTS_SRCDIR"/stem-data/*.txt; do
		grep -qiwE "$1" "$f" &&
			head -n 1 "$f" | sed 's/.*(\([0-9 ]*\))$/\1/'
	done | sort | paste -sd, -
}

# ---- every inflection, the same decisions -------------------------------------
want=$(holding 'delay|delays|delayed|delaying')
test -n "$want"
ok $? "some statements say a form of delay"
for w in delay delays delayed delaying DELAYED; do
	is "$(sorted "$w")" "$want" "$w finds every decision saying delay, delays, delayed or delaying"
done
is "$(sorted fail)" "$(holding 'fail|fails|failed|failing|failings')" \
	"fail finds fail, fails, failed, failing, failings (not failure: Snowball keeps it apart)"
is "$(sorted complain)" "$(holding 'complain|complains|complained|complaining')" \
	"complain finds every form of complain"
is "$(sorted 'delay* refund')" "$(sorted delay refund)" "a prefix and a stem find the same here"

# ---- quotes keep the form -------------------------------------------------
is "$(sorted '"delayed"')" "$(holding delayed)" '"delayed" finds only decisions saying delayed'
is "$(sorted '"delays"')" "$(holding delays)" '"delays" finds only decisions saying delays'
test "$(sorted '"delays"')" != "$(sorted delays)"
ok $? "and that is fewer than delays without quotes"
run --db "$db" search '"delays"'
is "$err" "\"delays\" is matched as written: $(holding delays | tr ',' '\n' | grep -c .) decision; without quotes, delays finds $(printf '%s\n' "$want" | tr ',' '\n' | grep -c .)" \
	"a word in quotes that finds far fewer than its stem says so"
is "$status" 0 "and exits 0"
run --db "$db" search '"council"'
is "$err" "" "no note when the form is not far rarer than its stem"
is "$(sorted '"delays in refunding"')" "25 100 004" "a phrase is exact"
is "$(sorted '"delay in refunding"')" "" "a phrase does not stem"

# ---- hits on every inflection ----------------------------------------------
"$OMBUDS" --db "$db" search --format json 'ref:"25 100 004"' delaying >"$TMP/h.json"
"$OMBUDS" --db "$db" show "25 100 004" --format json >"$TMP/show.json"
# The hit ranges are bytes of the best paragraph's stored text (0: the
# summary).
marked=$(sql :memory: "
	WITH r AS (SELECT json_extract(readfile('$TMP/h.json'), '\$.results[0].paragraph') AS n,
			  json_extract(readfile('$TMP/h.json'), '\$.results[0].hits') AS hits),
	     t AS (SELECT CAST(CASE WHEN r.n = 0
			THEN json_extract(readfile('$TMP/show.json'), '\$.summary')
			ELSE (SELECT json_extract(p.value, '\$.text') FROM json_each(readfile('$TMP/show.json'), '\$.paragraphs') p
			      WHERE json_extract(p.value, '\$.n') = r.n) END AS BLOB) AS b, r.hits FROM r)
	SELECT group_concat(lower(CAST(substr(t.b, json_extract(h.value, '\$[0]') + 1,
		json_extract(h.value, '\$[1]') - json_extract(h.value, '\$[0]')) AS TEXT)), ',')
	FROM t, json_each(t.hits) h")
is "$marked" "delays,delaying" "JSON's hit ranges mark every inflection in the best paragraph"
run --db "$db" search delay 'ref:"25 100 002"'
like "$out" "[delayed]" "the snippet marks delayed for delay"

# ---- hyphens --------------------------------------------------------------
anti='25 100 001,25 100 002,25 100 003'
is "$(sorted antisocial)" "$anti" "antisocial finds anti-social, antisocial and anti social"
is "$(sorted anti-social)" "$anti" "anti-social finds all three"
is "$(sorted anti social)" "$anti" "anti social finds all three"
is "$(sorted antisocial behaviour)" "$anti" "antisocial behaviour finds all three"
is "$(sorted in:summary '"antisocial"')" "25 100 002" \
	'"antisocial" in:summary is the one that writes it so'
is "$(sorted in:summary antisocial)" "$anti" "antisocial in:summary finds all three"

run --db "$db" search --limit 0 antisocial zebra
is "$(printf '%s\n' "$out" | tail -n +2 | cut -f1 | sort | paste -sd, -)" "$anti" \
	"a word written out as its spellings is relaxed as one word"
is "$err" "no decision has all of: antisocial zebra — showing decisions with 1 of the 2 words" \
	"under the words as typed"
run --db "$db" search --limit 0 anti social zebra
is "$err" "no decision has all of: anti social zebra — showing decisions with 1 of the 2 words" \
	"two words run together count as one"

# ---- a store made before stems --------------------------------------------
cp "$db" "$TMP/old.db"
as_schema_12 "$TMP/old.db"
before=$(sql "$TMP/old.db" "SELECT count(*), sum(hash) FROM decision")
run --db "$TMP/old.db" search --limit 0 delayed
is "$status" 0 "an old store is searched"
is "$(printf '%s\n' "$out" | tail -n +2 | cut -f1 | sort | paste -sd, -)" "$want" \
	"with stems, after the upgrade"
like "$err" "store upgraded" "the upgrade says so on standard error"
is "$(sql "$TMP/old.db" "PRAGMA user_version")" "$(sql "$db" "PRAGMA user_version")" "to this schema"
is "$(sql "$TMP/old.db" "SELECT count(*), sum(hash) FROM decision")" "$before" "no decision changed"
is "$(sql "$TMP/old.db" "SELECT headings FROM decision ORDER BY id" | md5sum)" \
	"$(sql "$db" "SELECT headings FROM decision ORDER BY id" | md5sum)" \
	"the topic lines are back as an import writes them"
is "$(sql "$TMP/old.db" "SELECT stem || '=' || term FROM vocab_stem ORDER BY 1" | md5sum)" \
	"$(sql "$db" "SELECT stem || '=' || term FROM vocab_stem ORDER BY 1" | md5sum)" \
	"the words of each stem are those an import writes"
run --db "$TMP/old.db" search delayed
unlike "$err" "upgraded" "once"

done_testing
