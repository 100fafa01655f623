package load

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// summary is a comparable account of a load: its records and diagnostics.
func summary(src *Source, diags []string) string {
	var b strings.Builder
	if src == nil {
		return "nil\n" + strings.Join(diags, "\n")
	}
	for _, p := range src.Producers {
		fmt.Fprintf(&b, "producer %s %s %x %q\n", p.File, p.Slug, p.Version, p.Name.Values)
	}
	for _, p := range src.Products {
		var imgs []string
		for _, img := range p.Images {
			imgs = append(imgs, img.Path+"@"+img.Hash[:8])
		}
		fmt.Fprintf(&b, "product %s %s %x %q %d %v\n", p.File, p.Slug, p.Version, p.Name.Values, p.Stars, imgs)
	}
	for _, s := range src.Stories {
		fmt.Fprintf(&b, "story %s %s %d %x %q\n", s.File, s.Slug, s.Lang, s.Version, s.Title)
	}
	fmt.Fprintf(&b, "theme %x %d templates\n", src.ThemeVersion, len(src.Theme.Templates))
	b.WriteString(strings.Join(diags, "\n"))
	return b.String()
}

func TestUpdateMatchesLoad(t *testing.T) {
	product := func(name string, stars int, extra string) string {
		return fmt.Sprintf("name: %s\nstars: %d\ngroup: food/tea\nproducer: p\ncertificate: {number: 1, issued: 2025-01-01, issuer: U}\n%s", name, stars, extra)
	}
	fsys := site(map[string]string{
		"content/producers/p.yaml":         "name: P\nkind: household\naddress: A\n",
		"content/products/dong-van/a.yaml": product("A", 3, ""),
		"content/products/dong-van/b.yaml": product("B", 4, "images: [b.svg]\n"),
		"content/products/dong-van/b.svg":  `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`,
		"content/stories/s.vi.md":          "---\ntitle: S\ndate: 2025-01-01\n---\n",
	})
	l := NewLoader(fsys, nil)
	src, diags := l.Load()
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	for _, step := range []struct {
		name    string
		edit    func()
		changed []string
	}{
		{"edit a product", func() { fsys["content/products/dong-van/a.yaml"].Data = []byte(product("A2", 5, "")) }, []string{"content/products/dong-van/a.yaml"}},
		{"break a product", func() { fsys["content/products/dong-van/a.yaml"].Data = []byte("name: [\n") }, []string{"content/products/dong-van/a.yaml"}},
		{"fix it", func() { fsys["content/products/dong-van/a.yaml"].Data = []byte(product("A3", 3, "")) }, []string{"content/products/dong-van/a.yaml"}},
		{"add a district folder with a product", func() {
			fsys["content/products/meo-vac/c.yaml"] = &fstest.MapFile{Data: []byte(product("C", 3, ""))}
		}, []string{"content/products/meo-vac"}},
		{"add a product that clashes", func() {
			fsys["content/products/meo-vac/a.yaml"] = &fstest.MapFile{Data: []byte(product("A4", 3, ""))}
		}, []string{"content/products/meo-vac/a.yaml"}},
		{"remove the folder", func() {
			delete(fsys, "content/products/meo-vac/c.yaml")
			delete(fsys, "content/products/meo-vac/a.yaml")
		}, []string{"content/products/meo-vac"}},
		{"change an image", func() {
			fsys["content/products/dong-van/b.svg"].Data = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>`)
		}, []string{"content/products/dong-van/b.svg"}},
		{"delete the image", func() { delete(fsys, "content/products/dong-van/b.svg") }, []string{"content/products/dong-van/b.svg"}},
		{"rename a story", func() {
			fsys["content/stories/t.vi.md"] = fsys["content/stories/s.vi.md"]
			delete(fsys, "content/stories/s.vi.md")
		}, []string{"content/stories/s.vi.md", "content/stories/t.vi.md"}},
		{"a misplaced file", func() { fsys["content/products/x.yaml"] = &fstest.MapFile{Data: []byte("name: X\n")} }, []string{"content/products/x.yaml"}},
		{"a template", func() { fsys["templates/home.html"] = &fstest.MapFile{Data: []byte("home")} }, []string{"templates/home.html"}},
		{"site.yaml", func() {
			fsys["site.yaml"].Data = []byte(strings.Replace(siteYAML, "{code: en}", "{code: en}, {code: zh}", 1))
		}, []string{"site.yaml"}},
	} {
		step.edit()
		src, diags = l.Update(step.changed)
		fresh, freshDiags := Load(fsys, nil)
		got, want := summary(src, messages(diags)), summary(fresh, messages(freshDiags))
		if got != want {
			t.Fatalf("%s: the update differs from a fresh load:\n%s\nwant:\n%s", step.name, got, want)
		}
	}
	if !slices.ContainsFunc(src.Products, func(p *Product) bool { return p.Name.Values[0] == "A3" }) {
		t.Error("the last state lacks product A3")
	}
}
