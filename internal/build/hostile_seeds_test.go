package build_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
	yaml "go.yaml.in/yaml/v4"
	"golang.org/x/tools/txtar"
)

// writeSeeds writes the fuzz seeds that come from the hostile corpus.
var writeSeeds = flag.Bool("write-seeds", false, "write the fuzz seeds drawn from testdata/hostile into the packages' testdata/fuzz")

// TestHostileSeeds, with -write-seeds, writes seeds for the fuzz targets
// from the hostile corpus, named hostile-…, into the testdata/fuzz folders
// of their packages, where go test runs them: each record, story, site.yaml
// and picture to FuzzProduct, FuzzProducer, FuzzStory, FuzzConfig and
// FuzzSVGSize (internal/load); each case's product, producer and story to
// FuzzSite; its Markdown texts to FuzzMarkdown (internal/markdown); its
// file names to FuzzSlug (internal/vntext); its texts to FuzzNormalize and
// FuzzTokens (internal/search). Run it after adding a case:
//
//	go test -run TestHostileSeeds ./internal/build -write-seeds
func TestHostileSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("writes seeds only with -write-seeds")
	}
	files, _ := filepath.Glob("testdata/hostile/*.txtar")
	sort.Strings(files)
	type seed struct {
		dir, name string
		args      []any
	}
	var seeds []seed
	add := func(pkg, fuzz, name string, args ...any) {
		seeds = append(seeds, seed{filepath.Join("..", pkg, "testdata", "fuzz", fuzz), name, args})
	}
	base := map[string][]byte{}
	for _, f := range txtar.Parse([]byte(sitetest.Base)).Files {
		base[f.Name] = f.Data
	}
	var markdowns, texts, names []string
	seenMD := map[string]bool{}
	for _, file := range files {
		c := readHostile(t, file)
		cs := strings.TrimSuffix(filepath.Base(file), ".txtar")
		n := 0
		paths := make([]string, 0, len(c.files))
		for p := range c.files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			data := c.files[p]
			if _, filled := c.fills[p]; filled {
				continue
			}
			n++
			id := fmt.Sprintf("hostile-%s-%d", cs, n)
			names = append(names, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)))
			switch {
			case p == "site.yaml":
				add("load", "FuzzConfig", id, data)
			case strings.HasPrefix(p, "content/products/") && strings.HasSuffix(p, ".yaml"):
				add("load", "FuzzProduct", id, data)
			case strings.HasPrefix(p, "content/producers/"):
				add("load", "FuzzProducer", id, data)
			case strings.HasPrefix(p, "content/stories/"):
				add("load", "FuzzStory", id, data)
			case strings.HasSuffix(p, ".svg"):
				add("load", "FuzzSVGSize", id, data)
			}
			// Markdown: story bodies and description values.
			if strings.HasSuffix(p, ".md") {
				parts := strings.SplitN(string(data), "\n---\n", 2)
				if len(parts) == 2 {
					markdowns = append(markdowns, parts[1])
				}
			}
			var m map[string]any
			if yaml.Unmarshal(data, &m) == nil {
				for k, v := range m {
					switch v := v.(type) {
					case string:
						texts = append(texts, v)
						if k == "description" || k == "intro" {
							markdowns = append(markdowns, v)
						}
					case map[string]any:
						for _, x := range v {
							if s, ok := x.(string); ok {
								texts = append(texts, s)
								if k == "description" || k == "intro" {
									markdowns = append(markdowns, s)
								}
							}
						}
					}
				}
			}
		}
		// FuzzSite: the case's versions of the three fuzzed files.
		product, okP := c.files["content/products/dong-van/mat-ong-bac-ha.yaml"]
		producer, okR := c.files["content/producers/htx-lung-cu.yaml"]
		story, okS := c.files["content/stories/mua-mat.vi.md"]
		if okP || okR || okS {
			if !okP {
				product = base["content/products/dong-van/mat-ong-bac-ha.yaml"]
			}
			if !okR {
				producer = base["content/producers/htx-lung-cu.yaml"]
			}
			if !okS {
				story = base["content/stories/mua-mat.vi.md"]
			}
			html := strings.Contains(string(c.files["site.yaml"]), "html: true")
			add("build", "FuzzSite", "hostile-"+cs, product, producer, story, html)
		}
	}
	for i, s := range markdowns {
		if seenMD[s] {
			continue
		}
		seenMD[s] = true
		add("markdown", "FuzzMarkdown", fmt.Sprintf("hostile-%d", i+1), s)
	}
	seenName := map[string]bool{}
	for i, s := range names {
		if seenName[s] {
			continue
		}
		seenName[s] = true
		add("vntext", "FuzzSlug", fmt.Sprintf("hostile-%d", i+1), s)
	}
	seenText := map[string]bool{}
	k := 0
	for _, s := range texts {
		if seenText[s] || len(s) > 300 {
			continue
		}
		seenText[s] = true
		k++
		add("search", "FuzzNormalize", fmt.Sprintf("hostile-%d", k), s)
		add("search", "FuzzTokens", fmt.Sprintf("hostile-%d", k), "vi", s)
	}
	for _, s := range seeds {
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, a := range s.args {
			switch a := a.(type) {
			case []byte:
				b.WriteString("[]byte(" + strconv.Quote(string(a)) + ")\n")
			case string:
				b.WriteString("string(" + strconv.Quote(a) + ")\n")
			case bool:
				fmt.Fprintf(&b, "bool(%v)\n", a)
			}
		}
		if err := os.MkdirAll(s.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.dir, s.name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d seeds", len(seeds))
}
