# lib.sh: a small TAP library for the shell tests.  Each test sources it,
# makes its checks with ok/is/like, and ends with done_testing.  The
# environment is pinned: a temporary HOME, UTC, a UTF-8 locale, and no
# store from the user's own environment.
set -u

: "${OMBUDS:?OMBUDS must name the ombuds binary}"
: "${TESTS_SRCDIR:?TESTS_SRCDIR must name the tests folder}"
: "${DATA_DIR:?DATA_DIR must name the samples folder}"

tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ombuds-test.XXXXXX")
trap 'chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
HOME=$TMP/home
mkdir -p "$HOME"
unset OMBUDS_DB XDG_DATA_HOME XDG_CONFIG_HOME OMBUDS_DATADIR
export HOME LC_ALL=C.UTF-8 TZ=UTC

# ok STATUS DESCRIPTION: passes when STATUS is 0.
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# is GOT WANT DESCRIPTION: passes when the strings are equal.
is() {
	tap_n=$((tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"
		tap_failed=$((tap_failed + 1))
		printf '%s\n' "$1" > "$TMP/.got"
		printf '%s\n' "$2" > "$TMP/.want"
		diff -u "$TMP/.want" "$TMP/.got" | sed 's/^/# /' | head -40
	fi
}

# like GOT PATTERN DESCRIPTION: passes when GOT contains the fixed string.
like() {
	tap_n=$((tap_n + 1))
	case $1 in
	*"$2"*) echo "ok $tap_n - $3" ;;
	*)
		echo "not ok $tap_n - $3"
		tap_failed=$((tap_failed + 1))
		printf '%s\n' "$1" | head -20 | sed 's/^/# got: /'
		echo "# wanted it to contain: $2"
		;;
	esac
}

# unlike GOT PATTERN DESCRIPTION: passes when GOT lacks the fixed string.
unlike() {
	tap_n=$((tap_n + 1))
	case $1 in
	*"$2"*)
		echo "not ok $tap_n - $3"
		tap_failed=$((tap_failed + 1))
		printf '%s\n' "$1" | head -20 | sed 's/^/# got: /'
		;;
	*) echo "ok $tap_n - $3" ;;
	esac
}

# run ARGS...: runs ombuds, leaving $out, $err and $status.
run() {
	status=0
	"$OMBUDS" "$@" > "$TMP/.out" 2> "$TMP/.err" || status=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

# run_in FILE ARGS...: as run, with standard input from FILE.
run_in() {
	input=$1
	shift
	status=0
	"$OMBUDS" "$@" < "$input" > "$TMP/.out" 2> "$TMP/.err" || status=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

# sql DB QUERY: one query through the sqlite3 shell (tests may look inside).
sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

# as_schema_12 DB: makes the store DB as schema 12 had it: no words of
# stems, no section factors, no topic lines at the end of headings
# (store_put writes them since schema 14).
as_schema_12() {
	sql "$1" "DROP TABLE vocab_stem; DROP TABLE column_weight;
	CREATE TEMP TABLE t AS SELECT id, substr(
	 coalesce(char(10) || nullif(area, ''), '') ||
	 coalesce(char(10) || nullif(subarea, ''), '') ||
	 coalesce(char(10) || nullif((SELECT name FROM org
	  WHERE org.id = decision.org_id), ''), ''), 2) AS topic FROM decision;
	UPDATE decision SET headings = (SELECT CASE
	 WHEN decision.headings = t.topic THEN NULL
	 WHEN substr(decision.headings, -length(t.topic) - 1) = char(10) || t.topic
	 THEN substr(decision.headings, 1, length(decision.headings) - length(t.topic) - 1)
	 ELSE decision.headings END FROM t WHERE t.id = decision.id);
	PRAGMA user_version = 12;" > /dev/null
}

# make_corpus DIR COPIES FIRST: writes COPIES copies of each sample into DIR,
# each with a new reference (FIRST + sample number, copy, sample number).
make_corpus() {
	mkdir -p "$1"
	awk -v dir="$1" -v copies="$2" -v first="$3" '
		FNR == 1 { s++ }
		{ line[s, FNR] = $0; n[s] = FNR }
		END {
			for (k = 0; k < copies; k++)
				for (i = 1; i <= s; i++) {
					f = sprintf("%s/%d-%03d.txt", dir, i, k)
					for (j = 1; j <= n[i]; j++) {
						l = line[i, j]
						if (j == 1)
							sub(/\([0-9][0-9] [0-9][0-9][0-9] [0-9][0-9][0-9]\)/,
							    sprintf("(%02d %03d %03d)", first + i, k, i), l)
						print l > f
					}
					close(f)
				}
		}' "$DATA_DIR"/*.txt
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
