#!/bin/sh
# Stores that cannot be used as they are: damaged (the middle half of the
# file overwritten, the file cut in half, its header zeroed), made by a
# newer ombuds, another program's database.  Every command (import, list,
# show, search, orgs, the browser) gives one message that names the store
# and says what is wrong, exit status 1, and the file's bytes stay as they
# were.  A store on a read-only path (a folder or a file the user cannot
# write) refuses an import the same way and is still read by everything
# else, the browser too.  (A full disk is in badinput.sh.)
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

"$GEN" 300 "$TMP/corpus" "$DATA_DIR" 3 > /dev/null
good=$TMP/good.db
"$OMBUDS" --db "$good" import --quiet "$DATA_DIR" "$TMP/corpus"
ok $? "a store of the samples and 300 generated statements"
new=$TMP/new.txt
sed 's/(24 023 422)/(25 555 555)/' "$DATA_DIR/000_5bdb9a364616d701.txt" > "$new"

checksum() {
	cksum < "$1"
}

# refused NAME FILE WHAT [PARTIAL]: every command on the store FILE fails
# with one message naming it and saying WHAT, and leaves its bytes as they
# were.  With PARTIAL (damage to some pages only), the commands that read
# only a few pages (one decision's show, an import of files already
# stored) may instead succeed where they find no damaged page, and then
# print what they print on the good store.
refused() {
	name=$1
	f=$2
	what=$3
	partial=${4:-}
	before=$(checksum "$f")
	for cmd in "list" "list --format json --org coventry" "show 24 023 422" \
		"show 24 023 422 --format json" "search council" "search \"stage two\" --format json" \
		"orgs" "import $new" "import --quiet $DATA_DIR"; do
		# shellcheck disable=SC2086
		run --db "$f" $cmd
		case $partial:$status:$cmd in
		partial:0:show*|"partial:0:import --quiet"*)
			got=$out
			# shellcheck disable=SC2086
			run --db "$good" $cmd
			is "$got" "$out" "$name: $cmd: found no damage, and printed what the good store gives"
			is "$(checksum "$f")" "$before" "$name: $cmd: the file is unchanged"
			continue
			;;
		esac
		is "$status" 1 "$name: $cmd: exit status 1"
		is "$(printf '%s\n' "$err" | grep -c '^ombuds: ')" 1 "$name: $cmd: one message"
		like "$err" "ombuds: $f: " "$name: $cmd: naming the store"
		like "$err" "$what" "$name: $cmd: saying what is wrong"
		unlike "$err" "sqlite" "$name: $cmd: in our words, not SQLite's"
		unlike "$err" "malformed" "$name: $cmd: (no 'malformed')"
		is "$(checksum "$f")" "$before" "$name: $cmd: the file is unchanged"
	done
	start 200 10 --db "$f"
	poll exited
	ok $? "$name: the browser ends"
	is "$(cat "$TMP/status" 2> /dev/null)" 1 "$name: the browser: exit status 1"
	wait_text "ombuds: $f: " "$name: the browser names the store"
	wait_text "$what" "$name: the browser says what is wrong"
	stop
	is "$(checksum "$f")" "$before" "$name: the browser leaves the file unchanged"
}

size=$(wc -c < "$good")

# ---- damaged -------------------------------------------------------------------
# The middle half of the file overwritten with 0xff bytes, whole pages.
cp "$good" "$TMP/middle.db"
pages=$((size / 4096))
head -c $((pages / 2 * 4096)) /dev/zero | tr '\000' '\377' > "$TMP/ff"
dd if="$TMP/ff" of="$TMP/middle.db" bs=4096 seek=$((pages / 4)) conv=notrunc 2> /dev/null
ok "$(cmp -s "$good" "$TMP/middle.db"; [ $? -eq 1 ]; echo $?)" "middle: the copy differs from the store"
is "$(wc -c < "$TMP/middle.db")" "$size" "middle: and has its size"
unlike "$(sql "$TMP/middle.db" "PRAGMA integrity_check" 2>&1)" "ok" "middle: SQLite finds it damaged"
refused middle "$TMP/middle.db" "the store file is damaged" partial

# Cut in half.
head -c $((size / 2)) "$good" > "$TMP/cut.db"
refused cut "$TMP/cut.db" "the store file is damaged"

# The 100-byte header zeroed.
cp "$good" "$TMP/header.db"
dd if=/dev/zero of="$TMP/header.db" bs=100 count=1 conv=notrunc 2> /dev/null
is "$(head -c 16 "$TMP/header.db" | tr -d '\000' | wc -c)" 0 "header: the header is zeros"
refused header "$TMP/header.db" "the store file is damaged"

# ---- not ours to use -------------------------------------------------------------------
cp "$good" "$TMP/newer.db"
sql "$TMP/newer.db" "PRAGMA user_version = 99"
refused newer "$TMP/newer.db" "the store was made by a newer version of ombuds (schema 99"

sql "$TMP/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES ('mine')"
refused other "$TMP/other.db" "this file is not an ombuds store"
is "$(sql "$TMP/other.db" "SELECT x FROM notes")" mine "other: its table is still there"

# ---- read-only paths ------------------------------------------------------------------------
# Root writes anything, so as root the commands run as nobody.
cat > "$TMP/as-user" <<'EOF'
#!/bin/sh
if [ "$(id -u)" -eq 0 ]; then
	exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
fi
exec "$@"
EOF
chmod 755 "$TMP/as-user"
[ "$(id -u)" -eq 0 ] && chmod 755 "$TMP"
as_user() {
	"$TMP/as-user" "$@"
}
count=$(sql "$good" "SELECT count(*) FROM decision")
as_user true
ok $? "commands can run as a user who cannot write the store ($(as_user id -un))"

# run_user ARGS...: as run, as that user.
run_user() {
	status=0
	as_user "$OMBUDS" "$@" > "$TMP/.out" 2> "$TMP/.err" || status=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}

# readonly NAME FILE: FILE cannot be written: an import of a new statement
# fails naming the store, nothing changes, and every read works as on the
# writable store.
readonly_store() {
	name=$1
	f=$2
	before=$(checksum "$f")
	run_user --db "$f" import "$new"
	is "$status" 1 "$name: an import fails"
	like "$err" "ombuds: $f: " "$name: naming the store"
	like "$err" "the store is read-only" "$name: saying it is read-only"
	is "$(checksum "$f")" "$before" "$name: the file is unchanged"
	for cmd in "list" "list --format csv --org coventry" "show 24 023 422 --format json" \
		"search council" "orgs --format json"; do
		# shellcheck disable=SC2086
		run_user --db "$f" $cmd
		got=$out
		gerr=$err
		gstatus=$status
		# shellcheck disable=SC2086
		run --db "$good" $cmd
		is "$gstatus" 0 "$name: $cmd works"
		is "$gerr" "" "$name: $cmd: with no message"
		is "$got" "$out" "$name: $cmd: the same output as on the writable store"
	done
	is "$(checksum "$f")" "$before" "$name: the reads leave the file unchanged"
	real=$OMBUDS
	OMBUDS=$TMP/as-user
	start 100 30 "$real" --db "$f"
	wait_text "All organisations" "$name: the browser shows the store"
	wait_text "decision 1/$count" "$name: all $count decisions"
	keys Q
	poll exited
	is "$(cat "$TMP/status" 2> /dev/null)" 0 "$name: and quits with status 0"
	stop
	OMBUDS=$real
	is "$(checksum "$f")" "$before" "$name: the browser leaves the file unchanged"
}

# A read-only folder: SQLite cannot put its WAL files beside the store.
mkdir "$TMP/rodir"
cp "$good" "$TMP/rodir/s.db"
chmod 644 "$TMP/rodir/s.db"
chmod 555 "$TMP/rodir"
readonly_store "read-only folder" "$TMP/rodir/s.db"

# A read-only file in a folder the user can write (root's, when testing
# as nobody, is not).  The folder is the user's; the file is not.
mkdir "$TMP/rofile"
chmod 777 "$TMP/rofile"
cp "$good" "$TMP/rofile/s.db"
chmod 444 "$TMP/rofile/s.db"
as_user sh -c "touch '$TMP/rofile/probe' && rm '$TMP/rofile/probe'"
ok $? "read-only file: the user can write its folder"
readonly_store "read-only file" "$TMP/rofile/s.db"

done_testing
