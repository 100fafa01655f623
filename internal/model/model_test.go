package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
)

func text(vi, en string) load.Text { return load.Text{Values: []string{vi, en}} }

func date(s string) time.Time {
	t, err := load.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

// source is a catalogue of n products in one district, all certified on
// 2025-01-01, with one producer and one group.
func source(n int) *load.Source {
	src := &load.Source{
		Config: &load.Config{
			Title: text("Thử", "Test"), BaseURL: "https://example.org/",
			Languages: []load.Language{{Code: "vi", Name: "Tiếng Việt"}, {Code: "en", Name: "English"}},
			Districts: []load.District{{Slug: "dong-van", Name: text("Đồng Văn", "Dong Van")}, {Slug: "meo-vac", Name: text("Mèo Vạc", "Meo Vac")}},
			Groups:    []load.Group{{Key: "food", Name: text("Thực phẩm", "Food")}, {Key: "food/tea", Name: text("Chè", "Tea")}},
		},
		Producers: []*load.Producer{{Slug: "htx", Name: text("HTX", "Coop"), Kind: "cooperative"}},
		Theme:     &load.Theme{},
	}
	for i := 0; i < n; i++ {
		src.Products = append(src.Products, &load.Product{
			Slug:        fmt.Sprintf("p%03d", i),
			District:    load.Ref{Value: "dong-van"},
			Name:        text(fmt.Sprintf("Sản phẩm %03d", i), fmt.Sprintf("Product %03d", i)),
			Stars:       3 + i%3,
			Group:       load.Ref{Value: "food/tea"},
			Producer:    load.Ref{Value: "htx"},
			Certificate: load.Certificate{Number: "1", Issued: date("2025-01-01"), Expires: date("2028-01-01")},
		})
	}
	return src
}

func build(t *testing.T, src *load.Source, now string) (*Catalogue, diag.List) {
	t.Helper()
	return Build(src, Options{Now: date(now)})
}

func TestPagination(t *testing.T) {
	src := source(PageSize + 1)
	src.Producers = append(src.Producers, &load.Producer{Slug: "nha-may", Name: text("Nhà máy", "Factory"), Kind: "enterprise"})
	src.Products[0].Producer.Value = "nha-may"
	src.Products = append(src.Products, &load.Product{
		Slug: "zz", District: load.Ref{Value: "dong-van"}, Name: text("Zz", "Zz"), Stars: 4,
		Group: load.Ref{Value: "food"}, Producer: load.Ref{Value: "htx"},
		Certificate: load.Certificate{Number: "1", Issued: date("2025-01-01"), Expires: date("2028-01-01")},
	})
	c, diags := build(t, src, "2026-01-01")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	// A producer with more than a page of products has a listing's pages;
	// one with fewer, one page.
	htx, small := c.Producers[0], c.Producers[1]
	if p := htx.Pages[1]; p.Path != "en/producers/htx/" || p.Count != 2 || p.First != p || p.Next == nil ||
		p.Next.Path != "en/producers/htx/page/2/" || p.Next.Prev != p || len(p.Items)+len(p.Next.Items) != PageSize+1 {
		t.Errorf("htx's first page: %+v", p)
	}
	if p := small.Pages[1]; p.Path != "en/producers/nha-may/" || p.Count != 1 || p.Number != 1 || p.First != p || p.Next != nil ||
		p.Translations[0] != small.Pages[0] || len(p.Items) != 1 || p.Items[0].Slug != "p000" || !p.Listed || p.Producer != small {
		t.Errorf("nha-may's page: %+v", p)
	}
	if n := len(htx.All); n != PageSize+1 {
		t.Errorf("htx has %d products in All, want %d", n, PageSize+1)
	}
	// A group lists its subgroups' products too.
	if food, tea := c.Groups[0], c.Groups[1]; len(food.Products[0]) != PageSize+2 || len(tea.Products[0]) != PageSize+1 {
		t.Errorf("food lists %d products, tea %d", len(food.Products[0]), len(tea.Products[0]))
	}
	d := c.Districts[0]
	first := d.Pages[1]
	if first.Path != "en/districts/dong-van/" || first.Count != 2 || first.Number != 1 || len(first.Items) != PageSize {
		t.Fatalf("first page: %s %d/%d with %d items", first.Path, first.Number, first.Count, len(first.Items))
	}
	second := first.Next
	if second == nil || second.Path != "en/districts/dong-van/page/2/" || len(second.Items) != 2 || second.Prev != first || second.First != first {
		t.Fatalf("second page: %+v", second)
	}
	if second.Translations[0].Path != "vi/districts/dong-van/page/2/" {
		t.Errorf("translation of page 2 = %s", second.Translations[0].Path)
	}
	// An empty listing still has its one page.
	if p := c.Districts[1].Pages[0]; p == nil || p.Count != 1 || len(p.Items) != 0 {
		t.Errorf("empty district page: %+v", p)
	}
	// Stars first, then name, in every page of the listing.
	var stars []int
	for _, p := range append(first.Items, second.Items...) {
		stars = append(stars, p.Stars)
	}
	if !slices.IsSortedFunc(stars, func(a, b int) int { return b - a }) {
		t.Errorf("stars not in descending order: %v", stars)
	}
}

func TestCurrent(t *testing.T) {
	src := source(3)
	src.Products[1].Certificate.Expires = date("2025-12-31")
	src.Products[2].Certificate.Issued = date("2026-02-01")
	c, diags := build(t, src, "2026-01-01")
	var got []string
	for _, p := range c.Products {
		got = append(got, fmt.Sprintf("%s %v", p.Slug, p.Current))
	}
	if want := []string{"p000 true", "p001 false", "p002 false"}; !slices.Equal(got, want) {
		t.Errorf("current = %q, want %q", got, want)
	}
	var codes []string
	for _, d := range diags {
		codes = append(codes, d.Code)
	}
	slices.Sort(codes)
	if !slices.Equal(codes, []string{"expired", "not-yet-valid"}) {
		t.Errorf("diagnostics = %v", diags)
	}
	if c.Current != 1 || len(c.Districts[0].Products[0]) != 1 || c.Districts[0].ByStars[3] != 1 {
		t.Errorf("current %d, district lists %d", c.Current, len(c.Districts[0].Products[0]))
	}
	// The expired product keeps its page, unlisted.
	if p := c.Products[1].Page(0); p == nil || p.Listed {
		t.Errorf("expired product page: %+v", p)
	}
	// On its last day a certificate is still valid.
	c, _ = build(t, src, "2025-12-31")
	if !c.Products[1].Current {
		t.Error("a certificate is valid on the day it expires")
	}
}

func TestGroupsNest(t *testing.T) {
	c, _ := build(t, source(2), "2026-01-01")
	food, tea := c.Groups[0], c.Groups[1]
	if tea.Parent != food || !slices.Equal(food.Children, []*Group{tea}) || tea.Depth() != 1 {
		t.Errorf("food/tea is not under food")
	}
	if len(food.Products[0]) != 2 || len(tea.Products[0]) != 2 {
		t.Errorf("food lists %d, tea %d; want 2 each", len(food.Products[0]), len(tea.Products[0]))
	}
	if food.Pages[0].Path != "vi/groups/food/" || tea.Pages[1].Path != "en/groups/food/tea/" {
		t.Errorf("group paths %s, %s", food.Pages[0].Path, tea.Pages[1].Path)
	}
}

func TestRelated(t *testing.T) {
	src := source(9)
	src.Config.Groups = append(src.Config.Groups, load.Group{Key: "other", Name: text("Khác", "Other")})
	src.Products[8].Group.Value = "other"
	src.Products[7].Group.Value = "other"
	c, _ := build(t, src, "2026-01-01")
	p := c.Products[8] // 5 stars, group "other"
	var got []string
	for _, q := range p.Related {
		got = append(got, q.Slug)
	}
	// The same group first, then more stars, then by slug; at most four
	// (MaxRelated): p004 and p000 are left out.
	want := []string{"p007", "p002", "p005", "p001"}
	if !slices.Equal(got, want) {
		t.Errorf("related = %q, want %q", got, want)
	}
}

func TestReferences(t *testing.T) {
	src := source(1)
	src.Products[0].District = load.Ref{Value: "dong-vann", Pos: diag.Pos{File: "a.yaml"}}
	src.Products[0].Producer = load.Ref{Value: "htxx", Pos: diag.Pos{File: "a.yaml", Line: 4, Col: 11}}
	src.Stories = []*load.Story{{File: "s.md", Slug: "s", Title: "S", Products: []load.Ref{
		{Value: "p000", Pos: diag.Pos{File: "s.md", Line: 4, Col: 12}}, // left out for its own error: no second one
		{Value: "p00", Pos: diag.Pos{File: "s.md", Line: 4, Col: 18}},
	}}}
	_, diags := build(t, src, "2026-01-01")
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`a.yaml: the folder "dong-vann" is not a district in site.yaml (did you mean "dong-van"?); districts are dong-van, meo-vac`,
		`a.yaml:4:11: unknown producer "htxx" (did you mean "htx"?); a producer is a file content/producers/<slug>.yaml`,
		`s.md:4:18: unknown product "p00" (did you mean "p000"?); a product is a file content/products/<district>/<slug>.yaml`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGet(t *testing.T) {
	tx := load.Text{Values: []string{"Chè", "", "茶"}}
	for li, want := range []struct {
		s    string
		from int
	}{{"Chè", 0}, {"Chè", 0}, {"茶", 2}} {
		if s, from := Get(tx, li); s != want.s || from != want.from {
			t.Errorf("Get(%d) = %q, %d", li, s, from)
		}
	}
	if s, from := Get(load.Text{}, 1); s != "" || from != 1 {
		t.Errorf("Get(empty) = %q, %d", s, from)
	}
}

func TestPageAt(t *testing.T) {
	src := source(PageSize + 1)
	src.Stories = []*load.Story{{File: "s.en.md", Slug: "s", Lang: 1, Title: "S"}}
	c, _ := build(t, src, "2026-01-01")
	n := 0
	for p := range c.AllPages {
		n++
		got := c.PageAt(p.Path)
		if got == nil || got.Path != p.Path || got.Kind != p.Kind || got.Number != p.Number || got.Lang != p.Lang {
			t.Errorf("PageAt(%q) = %v", p.Path, got)
		}
	}
	if counts := c.PageCount(); n != counts[0]+counts[1] {
		t.Errorf("AllPages yields %d pages, PageCount says %v", n, counts)
	}
	for _, p := range []string{"", "vi", "fr/", "vi/products/", "vi/products/nope/", "vi/products/p000", "vi/districts/dong-van/page/1/",
		"vi/districts/dong-van/page/3/", "vi/stories/s/", "vi/stars/6/", "vi/groups/food/page/3/", "en/products/p000/page/2/"} {
		if got := c.PageAt(p); got != nil {
			t.Errorf("PageAt(%q) = %s, want nil", p, got.Path)
		}
	}
}
