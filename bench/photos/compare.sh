#!/bin/sh
# compare.sh [N]
#
# Times, side by side, the making of the published sizes (320, 640 and 1280
# pixels wide, JPEG quality 80, metadata stripped) of the same N phone-like
# photos (default 40; bench/photos/gen, 4000×3000, 25 of the 40 stored
# sideways with Exif orientation 6 or 8) by:
#
#   ocop-1        ocop's image processor as the build uses it today
#                 (bench/photos/ocopimages, images.Settings{})
#   ocop-2        the same with Settings.Processing = 2
#   ocop-2+avif   the same, and AVIF beside each JPEG
#   hugo          Hugo v0.165.0, .Resize "320x" "640x" "1280x" on each image
#                 resource of a page bundle (bench/photos/hugo; Catmull-Rom,
#                 quality 80): sideways photos stay sideways
#   hugo-upright  the same with images.AutoOrient first, upright as ocop's
#   vips          libvips' vipsthumbnail, one run per width over all the
#                 photos (upright, metadata stripped), when it is installed
#
# Each is run RUNS times (default 3), in turn (ocop-1, ocop-2, …, then
# again), from nothing: fresh output folders, no cache. The photos and
# outputs are in WORK (default /dev/shm/ocop-photos-bench: memory, so that
# the disk does not count). For each the median run's wall time, CPU time
# (user + system) and peak memory (largest process) are printed, and the
# CPU time per photo. Set SKIP to names to leave out ("ocop-2+avif hugo").
#
# Hugo is $HUGO, else built once with `go install` into WORK/bin (about 4
# minutes on 2 cores). Run from the repository's root:
#
#	bench/photos/compare.sh 40
set -eu

# compare.sh --run NAME PHOTOS OUT: one timed run (called by the loop below).
if [ "${1:-}" = --run ]; then
	name=$2 photos=$3 out=$4
	case $name in
	ocop-1) exec "$WORK/ocopimages" -in "$photos" -out "$out" ;;
	ocop-2) exec "$WORK/ocopimages" -in "$photos" -out "$out" -processing 2 ;;
	ocop-2+avif) exec "$WORK/ocopimages" -in "$photos" -out "$out" -processing 2 -formats avif ;;
	hugo) exec "$HUGO" --quiet -s "$out.site" -d "$out" ;;
	hugo-upright) HUGO_ORIENT=1 exec "$HUGO" --quiet -s "$out.site" -d "$out" ;;
	vips)
		mkdir -p "$out"
		for w in 320 640 1280; do
			"$VIPS" -s "${w}x" -o "$out/%s-$w.jpg[Q=80,strip]" "$photos"/*.jpg
		done
		exit
		;;
	esac
	echo "compare.sh: unknown tool $name" >&2
	exit 2
fi

N=${1:-40}
RUNS=${RUNS:-3}
WORK=${WORK:-/dev/shm/ocop-photos-bench}
SKIP=${SKIP:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$WORK"

photos=$WORK/photos-$N
if [ ! -d "$photos" ]; then
	echo "generating $N photos into $photos" >&2
	(cd "$root" && go run ./bench/photos/gen -n "$N" -out "$photos.tmp") >/dev/null
	mv "$photos.tmp" "$photos"
fi
(cd "$root" && go build -o "$WORK/ocopimages" ./bench/photos/ocopimages)

HUGO=${HUGO:-$WORK/bin/hugo}
if [ ! -x "$HUGO" ]; then
	echo "building Hugo v0.165.0 into $WORK/bin (once, about 4 minutes)" >&2
	GOBIN=$WORK/bin go install github.com/gohugoio/hugo@v0.165.0
fi
VIPS=$(command -v vipsthumbnail || true)
echo "$N photos, $(du -sm "$photos" | cut -f1) MiB; $(nproc) cores; ocop $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?') (work tree); $("$HUGO" version | cut -d' ' -f1-2); ${VIPS:+$(vips --version)}" >&2

tools="ocop-1 ocop-2 ocop-2+avif hugo hugo-upright"
[ -n "$VIPS" ] && tools="$tools vips"
for t in $SKIP; do
	tools=$(echo " $tools " | sed "s/ $t / /" | sed 's/^ *//; s/ *$//')
done

rm -f "$WORK"/times-*
for i in $(seq "$RUNS"); do
	for t in $tools; do
		out=$WORK/out-$t
		rm -rf "$out" "$out.site"
		sync
		# The copy of the photos into Hugo's site is not timed.
		case $t in
		hugo*)
			cp -r "$root/bench/photos/hugo" "$out.site"
			cp "$photos"/*.jpg "$out.site/content/photos/"
			;;
		esac
		WORK=$WORK HUGO=$HUGO VIPS=$VIPS /usr/bin/time -o "$WORK/time" -f '%e %U %S %M' \
			"$0" --run "$t" "$photos" "$out" >/dev/null 2>&1
		files=$(find "$out" -name '*.jpg' -o -name '*.avif' | wc -l)
		bytes=$(find "$out" \( -name '*.jpg' -o -name '*.avif' \) -print0 | xargs -0 cat | wc -c)
		read -r wall user sys rss <"$WORK/time"
		echo "$wall $user $sys $rss $files $bytes" >>"$WORK/times-$t"
		echo "run $i $t: $wall s wall, $user s user, $sys s sys, $((rss / 1024)) MiB, $files files" >&2
		rm -rf "$out" "$out.site"
	done
done

printf '\n| tool | wall | CPU (user + sys) | CPU a photo | peak memory | files | bytes |\n|---|---|---|---|---|---|---|\n'
for t in $tools; do
	sort -n "$WORK/times-$t" | sed -n "$(((RUNS + 1) / 2))p" | {
		read -r wall user sys rss files bytes
		cpu=$(echo "$user $sys" | awk '{printf "%.1f", $1 + $2}')
		per=$(echo "$user $sys $N" | awk '{printf "%.3f", ($1 + $2) / $3}')
		printf '| %s | %s s | %s s | %s s | %d MiB | %d | %d |\n' "$t" "$wall" "$cpu" "$per" "$((rss / 1024))" "$files" "$bytes"
	}
done
