#!/bin/sh
# Crash safety: an import killed with SIGKILL at random moments leaves the
# store consistent (integrity_check, the index in step, every decision
# whole or absent), and a rerun completes it.
. "$TESTS_SRCDIR/lib.sh"

# A corpus of 3,000 statements: the samples with new references.
corpus=$TMP/corpus
make_corpus "$corpus" 600 10
is "$(ls "$corpus" | wc -l)" 3000 "a corpus of 3000 statements"

full=$TMP/full.db
"$OMBUDS" --db "$full" import --quiet "$corpus"
ok $? "the corpus imports without a kill"
is "$(sql "$full" "SELECT count(*) FROM decision")" 3000 "3000 decisions"
"$OMBUDS" --db "$full" list > "$TMP/full.list"

db=$TMP/k.db
hits=0
for i in 1 2 3 4 5 6 7 8; do
	rm -f "$db" "$db-wal" "$db-shm"
	delay=$(awk -v i="$i" 'BEGIN { srand(i * 7919); printf "%.2f", 0.02 + rand() * 0.6 }')
	"$OMBUDS" --db "$db" import --quiet "$corpus" 2> /dev/null &
	pid=$!
	sleep "$delay"
	if kill -9 "$pid" 2> /dev/null; then
		hits=$((hits + 1))
	fi
	wait "$pid" 2> /dev/null
	if [ -f "$db" ] && [ "$(sql "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'decision'")" = 0 ]; then
		# Killed before the schema's transaction committed: an empty file.
		is "$(sql "$db" "PRAGMA integrity_check")" ok "kill $i after ${delay}s: integrity_check of a store killed before its schema"
		run --db "$db" list
		like "$err" "the store is empty" "kill $i: it reads as an empty store"
	elif [ -f "$db" ]; then
		is "$(sql "$db" "PRAGMA integrity_check")" ok "kill $i after ${delay}s: integrity_check"
		is "$(sql "$db" "INSERT INTO decision_fts(decision_fts) VALUES ('integrity-check'); SELECT 'ok'" 2>&1)" ok \
			"kill $i: the index is in step with the text"
		is "$(sql "$db" "SELECT (SELECT count(*) FROM decision) - (SELECT count(*) FROM decision_fts_docsize)")" 0 \
			"kill $i: one index row per decision"
		is "$(sql "$db" "ATTACH '$full' AS f;
			SELECT count(*) FROM decision d JOIN f.decision e ON e.ref = d.ref
			WHERE d.summary IS NOT e.summary OR d.layout <> e.layout
			   OR d.complaint IS NOT e.complaint OR d.powers IS NOT e.powers
			   OR d.considered IS NOT e.considered OR d.findings IS NOT e.findings
			   OR d.action IS NOT e.action OR d.decision IS NOT e.decision
			   OR d.other IS NOT e.other")" 0 \
			"kill $i: every stored decision is whole ($(sql "$db" "SELECT count(*) FROM decision") stored)"
	else
		ok 0 "kill $i after ${delay}s: no store yet, nothing to check"
	fi
	"$OMBUDS" --db "$db" import --quiet "$corpus"
	ok $? "kill $i: a rerun completes the import"
	"$OMBUDS" --db "$db" list > "$TMP/k.list"
	ok "$(cmp -s "$TMP/k.list" "$TMP/full.list"; echo $?)" "kill $i: the result is the same as an import never killed"
done
ok "$([ "$hits" -ge 4 ]; echo $?)" "at least half of the kills hit a running import ($hits of 8)"

done_testing
