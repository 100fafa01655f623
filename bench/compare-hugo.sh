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
# and each build is run RUNS times (default 3), the median reported.
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

# measure NAME CMD...: runs CMD RUNS times into a fresh OUT, prints the median run.
measure() {
	name=$1
	shift
	for i in $(seq "$RUNS"); do
		OUT=$(mktemp -d "$OUTBASE/ocop-compare-out.XXXXXX")
		export OUT
		rmdir "$OUT"
		sync
		/usr/bin/time -o "$WORK/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1
		files=$(find "$OUT" -name '*.html' | wc -l)
		size=$(du -sm "$OUT" | cut -f1)
		rm -rf "$OUT"
		read -r wall user sys rss <"$WORK/time"
		echo "$wall $user $sys $rss $files $size"
	done | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p" | {
		read -r wall user sys rss files size
		printf '%-5s %8s s wall %8s s cpu (%s user + %s sys) %6d MiB peak  %6d HTML files  %5d MiB\n' \
			"$name" "$wall" "$(echo "$user $sys" | awk '{printf "%.1f", $1 + $2}')" "$user" "$sys" "$((rss / 1024))" "$files" "$size"
		echo "$wall" >"$WORK/$name.wall"
	}
}

# OUT is set inside measure before each run; the commands read it then.
measure ocop sh -c "\"$WORK/ocop\" build -site \"$WORK/ocop-$N\" -out \"\$OUT\" -now 2026-11-29 -cache off"
measure hugo sh -c "\"$HUGO\" --minify --quiet -s \"$WORK/hugo-$N\" -d \"\$OUT\""
awk -v o="$(cat "$WORK/ocop.wall")" -v h="$(cat "$WORK/hugo.wall")" -v n="$N" \
	'BEGIN { printf "%d products: ocop is %.1f times faster than Hugo (%.2f s against %.2f s)\n", n, h / o, o, h }'
