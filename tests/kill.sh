#!/bin/sh
# Crash safety: an import of a generated corpus killed with SIGKILL at 20
# random moments leaves the store consistent every time: integrity_check,
# the FTS5 index in step with the text, one index row per decision, every
# decision whole (every stored column, and show --format json, the same as
# after an import never killed) or absent, no organisation left without a
# decision; and a rerun completes the import to the same result.
#
# The moments are fractions of the time an import takes here, drawn from
# a seed that is printed: OMBUDS_KILL_SEED=N repeats them.  A kill that
# comes after the import has ended is drawn again, earlier.
# OMBUDS_KILLS and OMBUDS_KILL_STATEMENTS change the counts.
. "$TESTS_SRCDIR/lib.sh"

KILLS=${OMBUDS_KILLS:-20}
N=${OMBUDS_KILL_STATEMENTS:-3000}
seed=${OMBUDS_KILL_SEED:-$(date +%s)}
echo "# seed $seed (OMBUDS_KILL_SEED=$seed repeats these moments)"

now_ms() {
	date +%s%3N
}

corpus=$TMP/corpus
"$GEN" "$N" "$corpus" "$DATA_DIR" 11 > /dev/null
is "$(find "$corpus" -name '*.txt' | wc -l)" "$N" "a generated corpus of $N statements"

full=$TMP/full.db
t0=$(now_ms)
"$OMBUDS" --db "$full" import --quiet "$corpus"
ok $? "the corpus imports without a kill"
T=$(($(now_ms) - t0))
stored=$(sql "$full" "SELECT count(*) FROM decision")
ok "$([ "$stored" -ge $((N * 9 / 10)) ]; echo $?)" "$stored decisions from $N statements, in $T ms"
"$OMBUDS" --db "$full" list > "$TMP/full.list"

# Every column but the row ids, the organisation by name.
cols="o.name, d.ref, d.area, d.subarea, d.outcome, d.date, d.summary, d.headings,
	d.complaint, d.powers, d.considered, d.findings, d.action, d.decision, d.other,
	d.layout, d.hash, d.source"

db=$TMP/k.db
kills=0
misses=0
for i in $(seq 1 "$KILLS"); do
	try=0
	while :; do
		try=$((try + 1))
		rm -f "$db" "$db-wal" "$db-shm"
		# A moment between 1% and 99% of the import's time; later
		# draws for the same kill come earlier.
		delay=$(awk -v s="$seed" -v i="$i" -v t="$try" -v T="$T" 'BEGIN {
			srand(s + 7919 * i + 104729 * t)
			printf "%.3f", (0.01 + rand() * 0.98) * T / 1000 / t }')
		"$OMBUDS" --db "$db" import --quiet "$corpus" 2> /dev/null &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		st=$?
		[ "$st" -eq 137 ] && break
		misses=$((misses + 1))
		[ "$try" -ge 8 ] && break
	done
	is "$st" 137 "kill $i: SIGKILL after ${delay}s of a running import (try $try)"
	[ "$st" -eq 137 ] && kills=$((kills + 1))
	if [ ! -f "$db" ]; then
		ok 0 "kill $i: no store yet, nothing to check"
	elif [ "$(sql "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'decision'")" = 0 ]; then
		# Killed before the schema's transaction committed.
		is "$(sql "$db" "PRAGMA integrity_check")" ok "kill $i: integrity_check of a store killed before its schema"
		run --db "$db" list
		like "$err" "the store is empty" "kill $i: it reads as an empty store"
	else
		n=$(sql "$db" "SELECT count(*) FROM decision")
		echo "# kill $i: $n of $stored decisions stored"
		is "$(sql "$db" "PRAGMA integrity_check")" ok "kill $i: integrity_check"
		is "$(sql "$db" "INSERT INTO decision_fts(decision_fts) VALUES ('integrity-check'); SELECT 'ok'" 2>&1)" ok \
			"kill $i: the FTS5 index is in step with the text"
		is "$(sql "$db" "SELECT (SELECT count(*) FROM decision) - (SELECT count(*) FROM decision_fts_docsize)")" 0 \
			"kill $i: one index row per decision"
		is "$(sql "$db" "ATTACH '$full' AS f;
			SELECT count(*) FROM (SELECT $cols FROM decision d JOIN org o ON o.id = d.org_id
				EXCEPT SELECT $cols FROM f.decision d JOIN f.org o ON o.id = d.org_id)")" 0 \
			"kill $i: each of the $n decisions stored is whole: every column as in the import never killed"
		is "$(sql "$db" "SELECT count(*) FROM org WHERE id NOT IN (SELECT org_id FROM decision)")" 0 \
			"kill $i: no organisation without a decision"
		# show --format json of three stored decisions, drawn at random.
		same=0
		sql "$db" "SELECT ref FROM decision ORDER BY random() LIMIT 3" > "$TMP/refs"
		while IFS= read -r ref; do
			a=$("$OMBUDS" --db "$db" show "$ref" --format json)
			b=$("$OMBUDS" --db "$full" show "$ref" --format json)
			[ -n "$a" ] && [ "$a" = "$b" ] && same=$((same + 1))
		done < "$TMP/refs"
		is "$same" "$(wc -l < "$TMP/refs")" "kill $i: show --format json of $same stored decisions as after a clean import"
	fi
	"$OMBUDS" --db "$db" import --quiet "$corpus"
	ok $? "kill $i: a rerun completes the import"
	"$OMBUDS" --db "$db" list > "$TMP/k.list"
	cmp -s "$TMP/k.list" "$TMP/full.list"
	ok $? "kill $i: the result is the same as an import never killed"
done
is "$kills" "$KILLS" "every kill hit a running import ($kills of $KILLS; $misses drawn again)"

done_testing
