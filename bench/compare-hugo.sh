#!/bin/sh
# compare-hugo.sh N [OUTBASE]
#
# Builds the same synthetic catalogue of N products (3 languages) with ocop
# and with Hugo v0.165.0, one after the other on this machine, and prints
# wall time, CPU time and peak memory of each, and the ratio.
#
# The catalogue comes from ../shared/bench/synth (the -format ocop and
# -format hugo outputs of the same records); Hugo is built once with
# `go install github.com/gohugoio/hugo@v0.165.0` into ~/.cache/ocop-bench
# (about 4 minutes) unless $HUGO names one. Both build "as of" 2026-11-29
# (the generator's certificates are all valid then), both write into fresh
# folders under OUTBASE (default /tmp; /dev/shm keeps the disk out of it),
# and each build is run RUNS times (default 3), the two alternating, the
# median reported.
# Run from the repository's root: bench/compare-hugo.sh 16000 /dev/shm
set -eu

N=${1:?usage: bench/compare-hugo.sh N [OUTBASE]}
OUTBASE=${2:-/tmp}
RUNS=${RUNS:-3}
SYNTH=${SYNTH:-../shared/bench/synth}
WORK=${WORK:-/tmp/ocop-compare}
mkdir -p "$WORK"

HUGO=${HUGO:-$HOME/.cache/ocop-bench/hugo}
if [ ! -x "$HUGO" ]; then
	echo "building Hugo v0.165.0 into $HOME/.cache/ocop-bench (once, about 4 minutes)" >&2
	GOBIN=$HOME/.cache/ocop-bench go install github.com/gohugoio/hugo@v0.165.0
fi
echo "ocop built from $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $("$HUGO" version | cut -d' ' -f1-2)" >&2

for format in ocop hugo; do
	if [ ! -d "$WORK/$format-$N" ]; then
		(cd "$SYNTH" && go run . -n "$N" -format "$format" -out "$WORK/$format-$N.tmp") >&2
		mv "$WORK/$format-$N.tmp" "$WORK/$format-$N"
	fi
done
go build -o "$WORK/ocop" ./cmd/ocop

# once NAME CMD...: runs CMD once into a fresh OUT, appends its figures to
# $WORK/NAME.runs.
once() {
	name=$1
	shift
	OUT=$(mktemp -d "$OUTBASE/ocop-compare-out.XXXXXX")
	export OUT
	rmdir "$OUT"
	sync
	/usr/bin/time -o "$WORK/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1
	files=$(find "$OUT" -type f | wc -l)
	html=$(find "$OUT" -name '*.html' | wc -l)
	# The bytes the files hold (what a host counts), not the blocks they
	# take on this file system.
	size=$(du -sm --apparent-size "$OUT" | cut -f1)
	rm -rf "$OUT"
	read -r wall user sys rss <"$WORK/time"
	echo "$wall $user $sys $rss $files $html $size" >>"$WORK/$name.runs"
}

# report NAME: the median run of NAME.
report() {
	sort -n "$WORK/$1.runs" | sed -n "$(( (RUNS + 1) / 2 ))p" | {
		read -r wall user sys rss files html size
		printf '%-5s %8s s wall %8s s cpu (%s user + %s sys) %6d MiB peak  %6d files (%d HTML)  %5d MiB in files\n' \
			"$1" "$wall" "$(echo "$user $sys" | awk '{printf "%.1f", $1 + $2}')" "$user" "$sys" "$((rss / 1024))" "$files" "$html" "$size"
		echo "$wall" >"$WORK/$1.wall"
	}
}

# The two alternate, run after run, so that a machine slower at one moment
# slows both. OUT is set inside once before each run; the commands read it
# then.
rm -f "$WORK/ocop.runs" "$WORK/hugo.runs"
for i in $(seq "$RUNS"); do
	once ocop sh -c "\"$WORK/ocop\" build -site \"$WORK/ocop-$N\" -out \"\$OUT\" -now 2026-11-29 -cache off"
	once hugo sh -c "\"$HUGO\" --minify --quiet -s \"$WORK/hugo-$N\" -d \"\$OUT\""
done
report ocop
report hugo
awk -v o="$(cat "$WORK/ocop.wall")" -v h="$(cat "$WORK/hugo.wall")" -v n="$N" \
	'BEGIN { printf "%d products: ocop is %.1f times faster than Hugo (%.2f s against %.2f s)\n", n, h / o, o, h }'
