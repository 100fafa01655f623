package search

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Budget is what a first query may transfer, gzip-compressed.
const Budget = 150 << 10

// typical queries per language, for the figures.
var typical = map[string][]string{
	"vi": {"mat ong", "che", "mat o", "dong van", "chè shan tuyết", "ruou ngo", "m", "th"},
	"en": {"honey", "tea", "teas", "corn liquor", "t"},
	"zh": {"茶", "雪山茶", "蜂蜜", "红茶"},
}

// TestLargeIndex builds the index of 16,000 synthetic products (and 800
// stories) in each language and reports the build time, the size and what
// first queries transfer; it holds "mat ong" and "che" to the budget.
//
//	go test -run TestLargeIndex -v ./internal/search
func TestLargeIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds three indexes of 16,000 products")
	}
	langs := []string{"vi", "en", "zh"}
	docs := make([][]Doc, len(langs))
	var d, g Facet
	for i, lang := range langs {
		docs[i], d, g = synthCatalogue(lang, 16000)
	}
	// The three at once, as a build on two cores would run them.
	start := time.Now()
	var wg sync.WaitGroup
	for i, lang := range langs {
		wg.Go(func() {
			if _, err := Build(lang, docs[i], d, g); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	t.Logf("three languages built at once in %v (GOMAXPROCS %d)", time.Since(start).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	var total time.Duration
	for i, lang := range langs {
		start := time.Now()
		files, err := Build(lang, docs[i], d, g)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		total += took
		raw, gz := Size(files)
		counts := map[string]int{}
		for _, f := range files {
			counts[f.Path[:strings.IndexByte(f.Path+"/", '/')]]++
		}
		t.Logf("%s: %d docs, built in %v: %d files (%d shards, %d unions, %d card files), %.1f MB, %.1f MB gzip",
			lang, len(docs[i]), took.Round(time.Millisecond), len(files), counts["t"], counts["u"], counts["d"], float64(raw)/1e6, float64(gz)/1e6)
		for _, q := range typical[lang] {
			tr, err := FirstQuery(files, q)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("  first query %-16q %2d files, %6d bytes, %6d gzip", q, len(tr.Files), tr.Bytes, tr.Gzip)
			if lang == "vi" && (q == "mat ong" || q == "che") && tr.Gzip > Budget {
				t.Errorf("first query %q transfers %d bytes gzip-compressed, over the %d budget", q, tr.Gzip, Budget)
			}
		}
		typed := map[string]string{"vi": "mật ong bạc hà", "en": "mint honey", "zh": "雪山茶"}[lang]
		n, gzip, err := typing(files, typed)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("  typing %q key by key (every prefix searched, its first 50 cards read): %d files, %d bytes gzip", typed, n, gzip)
	}
	t.Logf("three languages built one after the other in %v", total.Round(time.Millisecond))
}

// typing returns what typing q one code point at a time transfers, each
// prefix searched and its first results' cards read, with a cache.
func typing(files []File, q string) (n, gz int, err error) {
	ix, err := Open(files)
	if err != nil {
		return 0, 0, err
	}
	rs := []rune(q)
	for i := 1; i <= len(rs); i++ {
		res, err := ix.Search(string(rs[:i]), Filter{})
		if err != nil {
			return 0, 0, err
		}
		for _, d := range res.Docs[:min(Shown, len(res.Docs))] {
			if _, err := ix.Card(d); err != nil {
				return 0, 0, err
			}
		}
	}
	for _, p := range ix.Fetched() {
		gz += gzipSize(ix.files[p])
	}
	return len(ix.Fetched()), gz, nil
}

// TestUnions checks every union file against the shards it stands for.
func TestUnions(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		docs, d, g := synthCatalogue(lang, 3000)
		files, err := Build(lang, docs, d, g)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Open(files)
		if err != nil {
			t.Fatal(err)
		}
		prefixes := unionPrefixes(ix.keys)
		if len(prefixes) == 0 {
			t.Fatalf("%s: no union files", lang)
		}
		for _, p := range prefixes {
			term := Term{Folded: p, Exact: p, Prefix: true}
			union := make([]int, ix.Len())
			if err := ix.termScores(term, union); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(ix.Fetched(), "u/"+keyFile(p)+".json") {
				t.Fatalf("%s %q: union not read", lang, p)
			}
			shards := make([]int, ix.Len())
			lo, hi := spanOf(ix.keys, p)
			for s := lo; s <= hi; s++ {
				if err := ix.scoreShard(s, term, shards); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(union, shards) {
				t.Errorf("%s %q: the union file and shards %d–%d differ", lang, p, lo, hi)
			}
		}
	}
}

// BenchmarkBuild builds the index of 16,000 products in each language.
func BenchmarkBuild(b *testing.B) {
	for _, lang := range []string{"vi", "en", "zh"} {
		docs, d, g := synthCatalogue(lang, 16000)
		b.Run(fmt.Sprintf("lang=%s/products=16000", lang), func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(lang, docs, d, g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch runs typical queries on a loaded index (shards cached):
// the work after a keystroke, in Go.
func BenchmarkSearch(b *testing.B) {
	docs, d, g := synthCatalogue("vi", 16000)
	files, err := Build("vi", docs, d, g)
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(files)
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range typical["vi"] {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(q, Filter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
