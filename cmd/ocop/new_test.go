package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

func TestNewProduct(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite)
	code, stdout, stderr := runOcop(t, "new", "product", "dong-van/mat-ong", "-site", dir)
	if code != 0 || stdout != "wrote content/products/dong-van/mat-ong.yaml: fill it in, then run ocop check\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	// The skeleton is valid YAML with every field; check lists exactly the
	// required values to fill in, at their lines.
	code, stdout, _ = runOcop(t, "check", "-site", dir, "-now", "2026-11-29")
	want := []string{
		"content/products/dong-van/mat-ong.yaml:7:3: error: name has no text in vi, the site's default language",
		"content/products/dong-van/mat-ong.yaml:11:7: error: stars is empty",
		"content/products/dong-van/mat-ong.yaml:14:7: error: group is empty",
		"content/products/dong-van/mat-ong.yaml:17:10: error: producer is empty",
		"content/products/dong-van/mat-ong.yaml:21:10: error: certificate number is empty",
		"content/products/dong-van/mat-ong.yaml:23:10: error: issued is empty",
		"content/products/dong-van/mat-ong.yaml:26:5: error: issuer has no text in vi, the site's default language",
		"7 errors, 0 warnings",
	}
	if got := strings.Split(strings.TrimSpace(stdout), "\n"); code != 1 || !slices.Equal(got, want) {
		t.Errorf("check after new: exit %d\n%s\nwant:\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Filled in, it passes.
	path := filepath.Join(dir, "content/products/dong-van/mat-ong.yaml")
	data, _ := os.ReadFile(path)
	filled := strings.NewReplacer(
		"name:\n  vi: \n", "name:\n  vi: Mật ong bạc hà\n",
		"stars: \n", "stars: 4\n",
		"group: \n", "group: food/tea\n",
		"producer: \n", "producer: htx\n",
		"  number: \n", "  number: 5/QĐ-UBND\n",
		"  issued: \n", "  issued: 2025-06-01\n",
		"  issuer:\n    vi: \n", "  issuer:\n    vi: UBND tỉnh Hà Giang\n",
	).Replace(string(data))
	os.WriteFile(path, []byte(filled), 0o644)
	code, stdout, _ = runOcop(t, "check", "-site", dir, "-now", "2026-11-29")
	if code != 0 || strings.Contains(stdout, "error:") {
		t.Errorf("filled-in skeleton: exit %d\n%s", code, stdout)
	}
	// It refuses to overwrite.
	code, _, stderr = runOcop(t, "new", "product", "dong-van/mat-ong", "-site", dir)
	if code != 1 || stderr != "ocop new: content/products/dong-van/mat-ong.yaml already exists; it is left as it is\n" {
		t.Errorf("overwrite: exit %d, %q", code, stderr)
	}
	if after, _ := os.ReadFile(path); string(after) != filled {
		t.Error("the existing file changed")
	}
}

func TestNewRefusals(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"new", "product", "dong-vann/x"}, 1, `ocop new product: unknown district "dong-vann" (did you mean "dong-van"?); districts are dong-van` + "\n"},
		{[]string{"new", "product", "x"}, 2, "ocop new product: name the product <district>/<slug>, such as dong-van/mat-ong-bac-ha\n"},
		{[]string{"new", "product", "dong-van/Mật ong"}, 2, `ocop new product: "Mật ong" is not a slug (lower-case ASCII words joined by "-"); use "mat-ong"` + "\n"},
		{[]string{"new", "product", "dong-van/che"}, 1, "ocop new: content/products/dong-van/che.yaml already exists; it is left as it is\n"},
		{[]string{"new", "producer", "htx"}, 1, "ocop new: content/producers/htx.yaml already exists; it is left as it is\n"},
		{[]string{"new", "story", "s", "-lang", "fr"}, 2, `ocop new story: "fr" is not one of the site's languages` + "\n"},
		{[]string{"new", "farm", "x"}, 2, "usage: ocop " + newUsage + "\n"},
		{[]string{"new", "story"}, 2, "ocop new story: give the new record's name\nusage: ocop " + newUsage + "\n"},
	} {
		code, _, stderr := runOcop(t, append(tc.args, "-site", dir)...)
		if code != tc.code || stderr != tc.stderr {
			t.Errorf("ocop %q: exit %d, stderr %q; want %d, %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
	// The same slug in another district is refused too: addresses are per slug.
	sitetest.Write(t, dir, "-- site.yaml --\n"+strings.Replace(strings.Split(checkSite, "-- site.yaml --\n")[1], "districts:\n", "districts:\n  - {slug: meo-vac, name: {vi: Mèo Vạc, en: Meo Vac}}\n", 1))
	code, _, stderr := runOcop(t, "new", "product", "meo-vac/che", "-site", dir)
	if code != 1 || stderr != "ocop new product: content/products/dong-van/che.yaml already has the slug \"che\"; choose another\n" {
		t.Errorf("same slug: exit %d, %q", code, stderr)
	}
}

func TestNewProducerAndStory(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite)
	if code, _, stderr := runOcop(t, "new", "producer", "ho-a", "-site", dir); code != 0 {
		t.Fatalf("new producer: %d %s", code, stderr)
	}
	if code, _, stderr := runOcop(t, "new", "story", "mua-che", "-site", dir, "-lang", "en"); code != 0 {
		t.Fatalf("new story: %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/stories/mua-che.en.md")); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := runOcop(t, "check", "-site", dir, "-now", "2026-11-29")
	want := []string{
		"content/producers/ho-a.yaml:7:3: error: name has no text in vi, the site's default language",
		"content/producers/ho-a.yaml:11:6: error: kind is empty",
		"content/producers/ho-a.yaml:14:3: error: address has no text in vi, the site's default language",
		"content/stories/mua-che.en.md:4:7: error: title is empty",
	}
	for _, w := range want {
		if !strings.Contains(stdout, w+"\n") {
			t.Errorf("check lacks %q:\n%s", w, stdout)
		}
	}
}
