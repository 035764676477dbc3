#!/bin/sh
# Golden tests of the importer: each sample, imported, must show exactly as
# its reviewed dump in tests/golden/ (JSON for every field and paragraph,
# text for the reading layout).  After a deliberate change to parsing,
# regenerate with OMBUDS_REGEN=1 and review the diff before committing.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/g.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR" "$TESTS_SRCDIR"/data/*.txt
ok $? "the samples and the messy test statements import"

sql "$db" "SELECT ref FROM decision ORDER BY ref" > "$TMP/refs"
is "$(wc -l < "$TMP/refs")" 21 "21 decisions: 5 samples, 16 messy statements"
while read -r ref; do
	name=$(printf '%s' "$ref" | tr ' ' _)
	for fmt in json text; do
		file=$TESTS_SRCDIR/golden/$name.$fmt
		got=$("$OMBUDS" --db "$db" show "$ref" --format "$fmt")
		if [ "${OMBUDS_REGEN:-}" = 1 ]; then
			printf '%s\n' "$got" > "$file"
		fi
		if [ -f "$file" ]; then
			is "$got" "$(cat "$file")" "$ref shows as tests/golden/$name.$fmt"
		else
			ok 1 "$ref has a golden file tests/golden/$name.$fmt"
		fi
	done
done < "$TMP/refs"

done_testing
