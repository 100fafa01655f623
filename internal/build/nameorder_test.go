package build_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestNameOrderKept: a catalogue modelled again with the key cache, after
// products are renamed, translated, added and deleted (as in ocop serve),
// lists them in the same order as one modelled from scratch.
func TestNameOrderKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.Catalogue(t, dir, 200)
	loader := load.NewLoader(os.DirFS(dir), ocop.Theme())
	src, diags := loader.Load()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	keys := &model.KeyCache{}
	model.Build(src, model.Options{Now: buildDate, Keys: keys})
	rng := rand.New(rand.NewPCG(1, 2))
	name := regexp.MustCompile(`(?m)^name: \{vi: [^,]*, en: [^,]*, zh: [^}]*\}$`)
	names := []string{"Ấm trà", "Chè", "chè", "Bánh", "Mật ong", "Zê", "Ă", "", "Chè Shan tuyết số 7"}
	next := 1000
	for round := range 40 {
		var changed []string
		for range 1 + rng.IntN(4) {
			d := []string{"dong-van", "meo-vac"}[rng.IntN(2)]
			files, _ := filepath.Glob(filepath.Join(dir, "content/products", d, "*.yaml"))
			f := files[rng.IntN(len(files))]
			rel, _ := filepath.Rel(dir, f)
			data, _ := os.ReadFile(f)
			switch rng.IntN(4) {
			case 0, 1: // a new name in one language or all
				n := names[rng.IntN(len(names))] + fmt.Sprint(rng.IntN(30))
				data = name.ReplaceAll(data, fmt.Appendf(nil, "name: {vi: %s, en: %s, zh: 茶%d}", n, []string{n, "Tea"}[rng.IntN(2)], rng.IntN(5)))
				os.WriteFile(f, data, 0o644)
			case 2: // a new product, a copy under another name
				next++
				to := filepath.Join(dir, "content/products", d, fmt.Sprintf("q-%d.yaml", next))
				os.WriteFile(to, data, 0o644)
				rel, _ = filepath.Rel(dir, to)
			case 3: // deleted
				os.Remove(f)
			}
			changed = append(changed, filepath.ToSlash(rel))
		}
		src, diags = loader.Update(changed)
		if diags.HasErrors() {
			t.Fatalf("round %d: %v", round, diags)
		}
		kept, _ := model.Build(src, model.Options{Now: buildDate, Keys: keys})
		fresh, _ := model.Build(src, model.Options{Now: buildDate})
		for li, l := range fresh.Languages {
			for i, d := range fresh.Districts {
				if got, want := slugs(kept.Districts[i].Products[li]), slugs(d.Products[li]); got != want {
					t.Fatalf("round %d, %s, %s: kept order\n%s\nfrom scratch\n%s", round, l.Code, d.Slug, got, want)
				}
			}
			for i, s := range fresh.Stars {
				if got, want := slugs(kept.Stars[i].Products[li]), slugs(s.Products[li]); got != want {
					t.Fatalf("round %d, %s, %d stars: kept order\n%s\nfrom scratch\n%s", round, l.Code, s.Stars, got, want)
				}
			}
		}
	}
}

func slugs(ps []*model.Product) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Slug + " ")
	}
	return b.String()
}
