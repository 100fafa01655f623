#!/bin/sh
# output-kinds.sh DIR
#
# Sums the files of a built site (DIR, an ocop build's output) by kind of
# output: product pages, listings, producers, print editions, labels,
# open data, QR codes, photos, search, sitemaps and the rest. Prints a
# Markdown table of files and bytes (MB = 10^6 bytes), the largest kind
# first, and the total, as docs/performance.md reports them.
set -eu
dir=${1:?usage: bench/output-kinds.sh DIR}
cd "$dir"
find . -type f -printf '%s %P\n' | awk '
{
	size = $1; p = $2
	if (p ~ /^[a-z]+\/products\/[^\/]+\/index\.html$/) k = "product pages"
	else if (p ~ /^[a-z]+\/products\/feed\.xml$/ || p ~ /^[a-z]+\/feed\.xml$/) k = "feeds"
	else if (p ~ /^[a-z]+\/(districts|stars|groups)\//) k = "listings (areas, stars, groups)"
	else if (p ~ /^[a-z]+\/producers\//) k = "producer pages"
	else if (p ~ /^[a-z]+\/print\//) k = "print editions"
	else if (p ~ /^[a-z]+\/labels\//) k = "label sheets"
	else if (p ~ /^[a-z]+\/search\//) k = "search (page and index)"
	else if (p ~ /^[a-z]+\/stories\//) k = "stories"
	else if (p ~ /^data\//) k = "open data"
	else if (p ~ /^qr\// || p ~ /qr\.svg$/) k = "QR codes"
	else if (p ~ /^media\//) k = "photos"
	else if (p ~ /^sitemap/) k = "sitemaps"
	else if (p ~ /^admin\//) k = "/admin/ (CMS)"
	else if (p ~ /^assets\//) k = "style, scripts, icons"
	else k = "other pages (home, indexes, trade, shortlist, 404)"
	files[k]++; bytes[k] += size; tf++; tb += size
}
END {
	printf "| kind | files | MB |\n|---|---:|---:|\n"
	n = 0
	for (k in files) order[n++] = k
	for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (bytes[order[j]] > bytes[order[i]]) { t = order[i]; order[i] = order[j]; order[j] = t }
	for (i = 0; i < n; i++) printf "| %s | %d | %.1f |\n", order[i], files[order[i]], bytes[order[i]] / 1e6
	printf "| **total** | **%d** | **%.1f** |\n", tf, tb / 1e6
}'
