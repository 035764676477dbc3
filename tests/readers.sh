#!/bin/sh
# Readers during an import: while imports write a generated corpus into
# a store (new decisions, then every one replaced, twice over), ombuds
# list, show, search and orgs run in a loop and the browser moves about.
# No reader ever fails or says the store is busy or locked, every decision
# shown is whole (its show --format json is that of one import or the
# other, never a mix), and the browser shows no error and quits cleanly.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

N=${OMBUDS_READERS_STATEMENTS:-3000}
"$GEN" "$N" "$TMP/a" "$DATA_DIR" 5 > /dev/null
# The same statements with their wording changed: importing them
# replaces every decision.
cp -R "$TMP/a" "$TMP/b"
find "$TMP/b" -name '*.txt' -exec sed -i '/^Summary:/s/ the / the very /g' {} +
ok "$(cmp -s "$(find "$TMP/a" -name '*.txt' | head -n 1)" "$(find "$TMP/b" -name '*.txt' | head -n 1)"; [ $? -eq 1 ]; echo $?)" \
	"two versions of $N generated statements"
"$OMBUDS" --db "$TMP/ref-a.db" import --quiet "$TMP/a" && "$OMBUDS" --db "$TMP/ref-b.db" import --quiet "$TMP/b"
ok $? "each version imports on its own"
sql "$TMP/ref-a.db" "SELECT ref FROM decision ORDER BY ref" > "$TMP/refs"
nrefs=$(wc -l < "$TMP/refs")

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR"
ok $? "the store starts with the samples"

start 160 40 --db "$db"
wait_text "decision 1/5" "the browser is open on the store"

# The writer: a, b, a, b, each import replacing what the one before wrote.
cat > "$TMP/writer" <<EOF
for v in a b a b; do
	"$OMBUDS" --db "$db" import --quiet "$TMP/\$v" || exit 1
done
EOF
rm -f "$TMP/writer.status"
(
	st=0
	sh "$TMP/writer" > "$TMP/writer.err" 2>&1 || st=$?
	echo "$st" > "$TMP/writer.status"
) &

iter=0
fails=0
locked=0
shown=0
shown_a=0
shown_b=0
torn=0
screen_errors=0
counts=
deadline=$(($(date +%s) + 300))
while [ ! -f "$TMP/writer.status" ] && [ "$(date +%s)" -lt "$deadline" ]; do
	iter=$((iter + 1))
	for cmd in "list" "search council --limit 5" "orgs --format json"; do
		# shellcheck disable=SC2086
		run --db "$db" $cmd
		case $err in
		*locked* | *busy*) locked=$((locked + 1)) ;;
		esac
		if [ "$status" -ne 0 ] || [ -n "$err" ]; then
			fails=$((fails + 1))
			echo "# $cmd: status $status: $err"
		fi
		[ "$cmd" = list ] && printf '%s\n' "$out" | sed 1d | cut -f 1 > "$TMP/listed"
	done
	n=$(wc -l < "$TMP/listed")
	case " $counts " in
	*" $n "*) ;;
	*) counts="$counts $n" ;;
	esac
	# A decision of the corpus that the list showed: whole.
	ref=$(sed -n "$((iter * 97 % nrefs + 1))p" "$TMP/refs")
	if grep -qxF "$ref" "$TMP/listed"; then
		run --db "$db" show "$ref" --format json
		if [ "$status" -ne 0 ] || [ -n "$err" ]; then
			fails=$((fails + 1))
			echo "# show $ref: status $status: $err"
		elif [ "$out" = "$("$OMBUDS" --db "$TMP/ref-a.db" show "$ref" --format json)" ]; then
			shown_a=$((shown_a + 1))
		elif [ "$out" = "$("$OMBUDS" --db "$TMP/ref-b.db" show "$ref" --format json)" ]; then
			shown_b=$((shown_b + 1))
		else
			torn=$((torn + 1))
			echo "# show $ref: neither version"
		fi
		shown=$((shown + 1))
	fi
	# The browser: a move in each pane, then look for an error.
	keys j Tab G g Tab Enter '}' q Tab Tab
	if screen | tail -n 1 | grep -qE 'busy|locked|damaged|cannot|error'; then
		screen_errors=$((screen_errors + 1))
		screen | tail -n 1 | sed 's/^/# /'
	fi
done
wait
echo "# $iter reader loops during the imports; list counts seen:$counts;" \
	"$shown decisions shown, $shown_a as first imported, $shown_b as replaced"
is "$(cat "$TMP/writer.status" 2> /dev/null)" 0 "the four imports complete while read"
is "$(cat "$TMP/writer.err")" "" "with no message"
ok "$([ "$iter" -ge 5 ]; echo $?)" "the readers ran throughout ($iter loops of list, search, orgs, show)"
ok "$([ "$(echo $counts | wc -w)" -ge 2 ]; echo $?)" "and saw the store grow (list counts:$counts)"
is "$fails" 0 "no reader failed"
is "$locked" 0 "none said the store was busy or locked"
ok "$([ "$shown" -ge 3 ]; echo $?)" "decisions were shown during the imports ($shown)"
is "$torn" 0 "every decision shown was whole, one version or the other"
is "$screen_errors" 0 "the browser showed no error"
ok "$(alive; echo $?)" "the browser still runs"
keys Q
poll exited
is "$(cat "$TMP/status" 2> /dev/null)" 0 "the browser quits with status 0"
stop
cmp -s "$TMP/before" "$TMP/after"
ok $? "stty -a is the same after quitting"

"$OMBUDS" --db "$TMP/final.db" import --quiet "$DATA_DIR" "$TMP/b"
is "$("$OMBUDS" --db "$db" list)" "$("$OMBUDS" --db "$TMP/final.db" list)" \
	"the store ends with the samples and the corpus as last imported"
is "$(sql "$db" "PRAGMA integrity_check")" ok "and passes integrity_check"

done_testing
