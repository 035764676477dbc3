#!/bin/sh
# tmux.sh: drives the real browser in tmux for the screen tests (sourced
# after lib.sh).  Every wait polls the screen every 50 ms up to a
# deadline, never a fixed sleep; screens are compared with the reviewed
# dumps in tests/screens/ (OMBUDS_REGEN=1 rewrites them: review every
# changed dump by eye).

if ! command -v tmux > /dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 77
fi

SCREENS=$TESTS_SRCDIR/screens
SOCK=ombuds-test-$$
TM="tmux -L $SOCK -f /dev/null"
DEADLINE=${OMBUDS_TEST_DEADLINE:-5}
trap '$TM kill-server 2>/dev/null; chmod -R u+rwx "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

# start COLS ROWS [ARGS...]: runs ombuds in a new tmux server of that size.
# A wrapper records its pid, then the stty settings and the exit status
# once it ends.
start() {
	cols=$1
	rows=$2
	shift 2
	rm -f "$TMP/pid" "$TMP/after" "$TMP/status"
	cat > "$TMP/run" <<EOF
cd "$TMP"
stty -a > "$TMP/before"
sh -c 'echo \$\$ > "$TMP/pid"; exec "\$0" "\$@"' "$OMBUDS" $*
echo \$? > "$TMP/status.tmp"
stty -a > "$TMP/after"
mv "$TMP/status.tmp" "$TMP/status"
exec sleep 600
EOF
	$TM kill-server 2> /dev/null
	$TM new-session -d -x "$cols" -y "$rows" \
		"env -i HOME='$HOME' PATH='$PATH' LC_ALL=C.UTF-8 TZ=UTC \
		TERM=screen-256color ${NO_COLOR_ENV:-NO_COLOR=1} sh '$TMP/run'"
	$TM set -g status off > /dev/null
}

stop() {
	$TM kill-server 2> /dev/null
}

screen() {
	$TM capture-pane -p
}

# poll CONDITION-COMMAND: retries every 50 ms until it succeeds or the
# deadline passes; returns its last status.
poll() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ "$i" -ge $((DEADLINE * 20)) ] && return 1
		sleep 0.05
	done
	return 0
}

has_text() {
	screen | grep -qF -- "$1"
}

# wait_text TEXT DESCRIPTION: the screen shows TEXT before the deadline.
wait_text() {
	poll has_text "$1"
	st=$?
	ok $st "$2"
	[ $st -eq 0 ] || screen | sed 's/^/# /'
}

same_as() {
	screen > "$TMP/screen"
	cmp -s "$TMP/screen" "$1"
}

stable() {
	screen > "$TMP/s1"
	sleep 0.3
	screen > "$TMP/s2"
	cmp -s "$TMP/s1" "$TMP/s2"
}

# expect_screen NAME DESCRIPTION: the screen becomes tests/screens/NAME.txt.
expect_screen() {
	file=$SCREENS/$1.txt
	if [ "${OMBUDS_REGEN:-}" = 1 ]; then
		poll stable
		screen > "$file"
	fi
	if [ ! -f "$file" ]; then
		ok 1 "$2 (no tests/screens/$1.txt)"
		return
	fi
	poll same_as "$file"
	st=$?
	ok $st "$2 (tests/screens/$1.txt)"
	[ $st -eq 0 ] || diff -u "$file" "$TMP/screen" | sed 's/^/# /' | head -60
}

keys() {
	$TM send-keys "$@"
}

ESC=$(printf '\033')

# has_attr SGR TEXT: on the screen, TEXT comes right after an SGR sequence
# whose parameters match the extended regex SGR (capture-pane -e).
has_attr() {
	$TM capture-pane -p -e | grep -qE -- "$ESC\\[$1m$2"
}

# wait_attr SGR TEXT DESCRIPTION
wait_attr() {
	poll has_attr "$1" "$2"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || $TM capture-pane -p -e | cat -v | sed 's/^/# /' | head -60
}

# The screen but its status line.
body() {
	screen | sed '$d'
}

same_body() {
	body | cmp -s - "$TMP/body"
}

exited() {
	[ -f "$TMP/status" ]
}

