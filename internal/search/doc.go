// Package search builds the static search index of one language of the
// catalogue, which ../../static/search.js queries in the browser: no
// server, a few small JSON files per query.
//
// Build turns the products and stories of a language ([Doc]) into files
// ([File]) to publish under the language's search folder (/vi/search/…).
// Open and Index.Search are the Go twin of search.js's query algorithm,
// for tests and figures (FirstQuery, Size); Tokens and Normalize are the
// text rules both sides share.
//
// # Tokens
//
// Tokens(lang, s) is the one definition of what is searchable; search.js
// implements the same rules and a test runs both on a table of inputs:
//
//  1. Normalize: decompose s (NFD), lower-case each code point by its
//     simple Unicode mapping, compose again (NFC).
//  2. Cut it into tokens: a run of letters (Unicode L, with the combining
//     marks M after them), a run of digits (N, with marks) — so "500ml" is
//     "500" and "ml" —, and each Chinese character (Script=Han) alone,
//     followed, when the next code point is a Chinese character too, by
//     the pair of the two. Everything else (spaces, punctuation, symbols,
//     a mark after no letter) separates tokens.
//  3. A token's exact form is its first 40 code points (MaxTokenRunes);
//     its folded form is the exact form decomposed, without combining
//     marks (M), with đ as d and full-width ASCII letters and digits as
//     ASCII, composed again; in English (lang "en" or "en-…") the folded
//     form also loses its plural (see stem: "berries" → "berry",
//     "teas" → "tea", "peaches" → "peach"). Tokens with an empty folded
//     form are dropped.
//
// Matching uses the folded form, so "dong van" finds "Đồng Văn" and "che
// shan tuyet" finds "Chè Shan tuyết"; the exact form lets a query typed
// with marks rank text written the same way first.
//
// # Files
//
// All files are compact JSON (application/json), written deterministically
// (sorted; no map order): the same documents give the same bytes.
// Documents are numbered 0…n-1 in this order: products, then stories;
// products by stars (5 first), then groups, then district, then the
// caller's order; stories in the caller's order. So a tie in score goes to
// the better-rated product, and equal facets are neighbours.
//
// manifest.json, read first:
//
//	{"v":1, "lang":"vi", "hash":"3f2a…",     format version, language, a hash of all other files
//	 "n":16800, "chunk":16,                  number of documents, documents per card file
//	 "facets":{"district":{"name":…,"labels":[…]}, "group":{"name":…,"labels":[…]}},
//	 "docs":[[count, kind, district, stars, [groups…]], …],
//	 "keys":["", "an", "ba", …]}
//
// "docs" is the facet table of every document, run-length encoded: count
// consecutive documents of kind (0 product, 1 story), district (index into
// the district labels, -1 for none), stars (3, 4, 5, 0 for none) and groups
// (indexes into the group labels). With the document order above it has at
// most one run per distinct combination (a few hundred), so facet counts
// over all matches need no other file.
//
// "keys" are the shard keys: the folded tokens, sorted by code point, are
// cut into consecutive shards of about ShardTarget bytes; shard i, file
// t/<i>.json, holds the tokens from keys[i] (included) to keys[i+1]
// (excluded); keys[0] is "". A key is the shortest prefix of the shard's
// first token that sorts after the previous shard's last token. The shard
// of a token is the last one whose key is at most the token.
//
// t/<i>.json, a shard: an array of tokens, sorted,
//
//	[["mat", "mật", "<title docs>", "<other docs>", "mặt", "<title docs>", "<other docs>", …], …]
//
// each the folded form and then, for each exact form (sorted; "" when it
// is the folded form), the documents that have it in the title, and those
// that have it only in other fields. Of the pairs of Chinese characters,
// only those in some title, or in at least PairDocs(n) documents' other
// fields, are kept (the rest would make the index several times larger).
//
// A document list is a string of ascending document numbers, each written
// as its gap to the previous one (the first: to -1) minus one, in a
// variable-length code of the 64 characters A–Z a–z 0–9 - _ (values 0–63):
// a character below 32 ends a number, one of 32 and up carries its value
// minus 32 and continues; 5 bits per character, least significant first.
// Runs of neighbouring documents are runs of "A", which gzip shrinks well.
//
// u/<prefix>.json, a union: for a prefix whose tokens span more than
// MaxPrefixShards shards (the shards spanOf gives: from the last whose key
// is at most the prefix to the last whose key starts with it), the
// documents having any token that starts with it, in four lists by their
// best match: ["<title, token = prefix>", "<title, longer token>",
// "<other field, token = prefix>", "<other field, longer token>"]. So a
// one- or two-letter unfinished word ("mat o") reads one small file, not
// every shard of "o…". The prefix is in the file name as it is when it is
// made of a–z and 0–9; any other code point is written "_<hex>_" ("đ" is
// never one: folded away).
//
// d/<c>.json, cards: documents c·chunk … c·chunk+chunk-1, each
// [url, title, subtitle, image, imageWidth, imageHeight] ("" and 0 when
// there is no image). Only the chunks of the results shown are read.
//
// search.js reads manifest.json revalidating it (cache: no-cache), and the
// other files with ?v=<hash> so that a cached file of an older build is
// never mixed with a newer manifest.
//
// # Queries
//
// Terms(lang, q) gives the words a query must all match (in any order)
// and the Chinese character pairs that add points. Each token of the query
// but the pairs is a word; the last word is unfinished (a prefix) when the
// query ends with a letter, digit or mark and the word is not a Chinese
// character. A word reads the shard of its folded form; an unfinished word
// reads the shards of its span, or its union file when the span is more
// than MaxPrefixShards shards; a pair reads its shard. Points of a word in
// a document are the best of its matches: 40 in the title, 4 in another
// field; +20 / +2 when the word was typed with marks (folding changes its
// exact form) and the text's exact form is the same (starts with it, for
// an unfinished word); −10 / −1 when an unfinished word matched a longer
// token. Union files give 40, 30, 4, 3 by list (they keep no exact forms,
// so no bonus for marks). A pair adds 40 in the title, 4 elsewhere. A
// document matches when every word matches; its score is the sum. Only
// the first MaxTerms words and MaxTerms pairs count. With no word, every
// product matches (score 0).
//
// Filters: within a facet, the chosen values are alternatives; facets
// combine. A facet's counts are over the matches that pass the other
// facets (so choosing a district does not zero its siblings). Results are
// sorted by score, then document number.
//
// # Budget
//
// At 16,000 products (and 800 stories; TestLargeIndex, synthetic text of
// ~150 words each) a language's index is 1,200–1,450 files, 4–6 MB (1–3 MB
// gzip-compressed); a first query reads the manifest, a few shards or
// unions and the card files of the first 50 results: 8–30 KB
// gzip-compressed (the test holds "mat ong" and "che" under 150 KB).
// Build takes 0.17–0.3 s per language on one core; the three languages,
// built at once on two cores, 0.4 s. A query on loaded files takes about
// a millisecond in search.js.
package search
