package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// checkSite is a valid site of two languages; the tests add bad files to it.
const checkSite = `
-- site.yaml --
title: {vi: Thử, en: Test}
baseURL: https://ocop.example.vn/
languages: [{code: vi, name: Tiếng Việt}, {code: en, name: English}]
districts:
  - {slug: dong-van, name: {vi: Đồng Văn, en: Dong Van}}
groups:
  - {key: food/tea, name: {vi: Chè, en: Tea}}
-- content/producers/htx.yaml --
name: {vi: HTX Lũng Cú, en: Lung Cu Cooperative}
kind: cooperative
address: {vi: Lũng Cú, en: Lung Cu}
-- content/products/dong-van/che.yaml --
name: {vi: Chè Lũng Cú, en: Lung Cu Tea}
stars: 4
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`

// checkLines runs ocop check on checkSite plus extra and returns the exit
// status and its lines, without the final count.
func checkLines(t *testing.T, extra string, args ...string) (int, []string) {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite+extra)
	code, stdout, stderr := runOcop(t, append([]string{"check", "-site", dir, "-now", "2026-11-29"}, args...)...)
	if stderr != "" {
		t.Errorf("stderr = %q", stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	return code, lines
}

func TestCheckClean(t *testing.T) {
	code, lines := checkLines(t, "")
	if code != 0 || !slices.Equal(lines, []string{"0 errors, 0 warnings"}) {
		t.Errorf("exit %d, %q", code, lines)
	}
}

func TestCheckFindings(t *testing.T) {
	for _, tc := range []struct {
		name, files string
		code        int
		want        []string
	}{{
		name: "a certificate expiring within 90 days",
		files: `
-- content/products/dong-van/mat-ong.yaml --
name: {vi: Mật ong, en: Honey}
stars: 3
group: food/tea
producer: htx
certificate: {number: 7/QĐ-UBND, issued: 2024-01-10, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`,
		want: []string{"content/products/dong-van/mat-ong.yaml:5:14: warning: certificate 7/QĐ-UBND is valid until 2027-01-10 (42 days left): re-evaluation is due, or the product leaves the catalogue"},
	}, {
		name: "an expired certificate",
		files: `
-- content/products/dong-van/cu.yaml --
name: {vi: Cũ, en: Old}
stars: 3
group: food/tea
producer: htx
certificate: {number: 9/QĐ-UBND, issued: 2020-01-10, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`,
		want: []string{"content/products/dong-van/cu.yaml:5:14: warning: certificate 9/QĐ-UBND was valid until 2023-01-10; the product is left out of the catalogue"},
	}, {
		name: "one decision with two dates, and a record written twice",
		files: `
-- content/products/dong-van/che-2.yaml --
name: {vi: Chè Lũng Cú, en: Lung Cu Tea}
stars: 4
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-16, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`,
		want: []string{
			"content/products/dong-van/che-2.yaml:5:14: warning: decision 1/QĐ-UBND is dated 2025-01-16 here but 2025-01-15 in content/products/dong-van/che.yaml; one decision has one date",
			"content/products/dong-van/che-2.yaml:5:14: warning: this product has the same name, producer and decision as content/products/dong-van/che.yaml: is it the same product written twice?",
		},
	}, {
		name: "decisions dated when their issuer issued none",
		files: `
-- content/places.yaml --
province: {name: Tuyên Quang, since: 2025-07-01, formerly: [Hà Giang, Tuyên Quang]}
region: Hà Giang
issuers:
  - {name: UBND thành phố Hà Giang, since: 2023-02-24, until: 2025-06-30, source: Nghị quyết 203/2025/QH15}
-- content/products/dong-van/a.yaml --
name: {vi: A, en: A}
stars: 4
group: food/tea
producer: htx
certificate: {number: 2/QĐ-UBND, issued: 2025-09-01, issuer: {vi: UBND tỉnh Hà Giang, en: X}}
-- content/products/dong-van/b.yaml --
name: {vi: B, en: B}
stars: 5
group: food/tea
producer: htx
certificate: {number: 3/QĐ-BNN-VPĐP, issued: 2025-06-26, issuer: {vi: Bộ Nông nghiệp và PTNT, en: X}}
-- content/products/dong-van/c.yaml --
name: {vi: C, en: C}
stars: 4
group: food/tea
producer: htx
certificate: {number: 4/QĐ-UBND, issued: 2025-05-20, issuer: {vi: Ủy ban nhân dân tỉnh Tuyên Quang, en: Tuyen Quang Provincial People's Committee}}
-- content/products/dong-van/d.yaml --
name: {vi: D, en: D}
stars: 3
group: food/tea
producer: htx
certificate: {number: 5/QĐ-UBND, issued: 2025-07-20, issuer: {vi: UBND huyện Đồng Văn, en: X}}
-- content/products/dong-van/e.yaml --
name: {vi: E, en: E}
stars: 3
group: food/tea
producer: htx
certificate: {number: 6/QĐ-UBND, issued: 2025-07-03, issuer: {vi: UBND thành phố Hà Giang, en: X}}
-- content/products/dong-van/f.yaml --
name: {vi: F, en: F}
stars: 5
group: food/tea
producer: htx
certificate: {number: 2361/QĐ-BNNMT, issued: 2025-06-26, issuer: {vi: Bộ Nông nghiệp và Môi trường, en: X}}
`,
		want: []string{
			"content/products/dong-van/a.yaml:5:62: warning: decision 2/QĐ-UBND is dated 2025-09-01, but UBND tỉnh Hà Giang issued no decisions after 2025-06-30; is the issuer UBND tỉnh Tuyên Quang, or the date wrong?",
			"content/products/dong-van/b.yaml:5:66: warning: decision 3/QĐ-BNN-VPĐP is dated 2025-06-26, but Bộ Nông nghiệp và PTNT issued no decisions after 2025-02-28 (Nghị quyết 176/2025/QH15); is the issuer Bộ Nông nghiệp và Môi trường, or the date wrong?",
			"content/products/dong-van/c.yaml:5:62: warning: decision 4/QĐ-UBND is dated 2025-05-20, but Ủy ban nhân dân tỉnh Tuyên Quang issued no decisions before 2025-07-01; is the issuer UBND tỉnh Hà Giang, or the date wrong?",
			"content/products/dong-van/d.yaml:5:62: warning: decision 5/QĐ-UBND is dated 2025-07-20, but UBND huyện Đồng Văn issued no decisions after 2025-06-30 (Nghị quyết 203/2025/QH15); is the issuer UBND tỉnh, or the date wrong?",
			"content/products/dong-van/e.yaml:5:62: warning: decision 6/QĐ-UBND is dated 2025-07-03, but UBND thành phố Hà Giang issued no decisions after 2025-06-30 (Nghị quyết 203/2025/QH15); is the issuer or the date wrong?",
		},
	}, {
		name: "communes that did not exist on the decision's date",
		files: `
-- content/places.yaml --
province: {name: Tuyên Quang, since: 2025-07-01}
region: Hà Giang
communes:
  - name: Thông Nguyên
    kind: xã
    formerly:
      - {name: Thông Nguyên, kind: xã, district: dong-van}
      - {name: Xuân Minh, kind: xã, district: dong-van}
    source: Nghị quyết 1684/NQ-UBTVQH15
  - name: Bạch Đích
    kind: xã
    formerly: [{name: Phú Lũng, kind: xã, district: dong-van}]
    source: Nghị quyết 1684/NQ-UBTVQH15
-- content/products/dong-van/c.yaml --
name: {vi: C, en: C}
stars: 4
group: food/tea
producer: htx
commune: Xã Bạch Đích
certificate: {number: 4/QĐ-UBND, issued: 2024-05-01, issuer: {vi: UBND tỉnh Hà Giang, en: X}}
-- content/products/dong-van/a.yaml --
name: {vi: A, en: A}
stars: 4
group: food/tea
producer: htx
commune: Xã Xuân Minh
certificate: {number: 2/QĐ-UBND, issued: 2025-09-01, issuer: {vi: UBND tỉnh Tuyên Quang, en: X}}
-- content/products/dong-van/b.yaml --
name: {vi: B, en: B}
stars: 4
group: food/tea
producer: htx
commune: Xã Thông Nguyên
certificate: {number: 3/QĐ-UBND, issued: 2025-09-01, issuer: {vi: UBND tỉnh Tuyên Quang, en: X}}
`,
		want: []string{
			"content/products/dong-van/a.yaml:5:10: warning: decision 2/QĐ-UBND is dated 2025-09-01, after the communes were rearranged on 2025-07-01, but names Xã Xuân Minh, which became part of xã Thông Nguyên: a decision of that date names today's commune",
			"content/products/dong-van/c.yaml:5:10: warning: decision 4/QĐ-UBND is dated 2024-05-01, before the communes were rearranged on 2025-07-01, but names Xã Bạch Đích, which came to be that day: write the commune the decision names",
		},
	}, {
		name: "a producer without products",
		files: `
-- content/producers/ho-a.yaml --
name: {vi: Hộ A, en: A Household}
kind: household
address: {vi: Lũng Cú, en: Lung Cu}
`,
		want: []string{"content/producers/ho-a.yaml: warning: no product names this producer (producer: ho-a)"},
	}, {
		name: "missing translations, grouped per file",
		files: `
-- content/producers/ho-b.yaml --
name: Hộ B
kind: household
address: {vi: Lũng Cú, en: Lung Cu}
description: Một hộ làm chè.
-- content/products/dong-van/che-b.yaml --
name: {vi: Chè B, en: Tea B}
stars: 3
group: food/tea
producer: ho-b
summary: Chè ngon.
certificate: {number: 3/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
-- content/stories/s.vi.md --
---
title: Câu chuyện
date: 2025-01-01
---
Thân bài.
`,
		want: []string{
			"content/producers/ho-b.yaml:1:7: warning: not translated (en: name, description)",
			"content/products/dong-van/che-b.yaml:5:10: warning: not translated (en: summary)",
			"content/stories/s.vi.md:1:1: warning: not translated (en: story)",
		},
	}, {
		name: "a draft, and a story without text",
		files: `
-- content/stories/nhap.vi.md --
---
title: Bản nháp
date: 2025-01-01
draft: true
---
Sắp xong.
-- content/stories/trong.vi.md --
---
title: Trống
date: 2025-01-01
---

-- content/stories/trong.en.md --
---
title: Empty
date: 2025-01-01
---
Some text.
`,
		want: []string{
			`content/stories/nhap.vi.md:1:1: warning: a draft: left out of the site until you remove "draft: true" (ocop serve -drafts shows it)`,
			`content/stories/trong.vi.md:5: warning: the story has no text yet`,
		},
	}, {
		name: "a producer named only by a broken product is not unused",
		files: `
-- content/producers/ho-c.yaml --
name: {vi: Hộ C, en: C Household}
kind: household
address: {vi: Lũng Cú, en: Lung Cu}
-- content/products/dong-van/c.yaml --
name: {vi: C, en: C}
stars: 7
group: food/tea
producer: ho-c
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`,
		code: 1,
		want: []string{`content/products/dong-van/c.yaml:2:8: error: stars must be 3, 4 or 5, not 7 (5 stars is the highest rating)`},
	}, {
		name: "a photo too small to look sharp",
		files: `
-- content/products/dong-van/che.yaml --
name: {vi: Chè Lũng Cú, en: Lung Cu Tea}
stars: 4
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
images: [tiny.gif]
-- content/products/dong-van/tiny.gif --
` + "\x47\x49\x46\x38\x39\x61\x10\x00\x10\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\x2c\x00\x00\x00\x00\x10\x00\x10\x00\x00\x02\x0e\x84\x8f\xa9\xcb\xed\x0f\xa3\x9c\xb4\xda\x8b\xb3\x3e\x05\x00\x3b" + `
`,
		want: []string{"content/products/dong-van/che.yaml:6:10: warning: photo tiny.gif is only 16×16 pixels; buyers will see it blurred (send one at least 480 pixels on its longer side)"},
	}, {
		name: "errors and warnings together, all at once",
		files: `
-- content/products/dong-van/bad.yaml --
name: {vi: Xấu, en: Bad}
stars: 4
group: food/teas
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
-- content/products/dong-van/broken.yaml --
name: [
-- content/producers/nfd.yaml --
name: {vi: "Che\u0300", en: Tea}
kind: household
adress: x
`,
		code: 1,
		want: []string{
			`content/producers/nfd.yaml:1:12: warning: text is not in Unicode NFC form (letters typed with combining marks); it is normalised`,
			`content/producers/nfd.yaml:3:1: error: unknown key "adress" in a producer (did you mean "address"?)`,
			`content/producers/nfd.yaml:1:1: error: a producer has no "address"; it is required`,
			`content/products/dong-van/bad.yaml:3:8: error: unknown group "food/teas" (did you mean "food/tea"?); groups are food/tea`,
			`content/products/dong-van/broken.yaml:2:1: error: YAML syntax: did not find expected node content`,
		},
	}, {
		name: "a template error in the site's own template",
		files: `
-- templates/product.html --
{{ template "base" . }}{{ define "main" }}{{ .Product.Colour }}{{ end }}
`,
		code: 1,
		want: []string{`templates/product.html:1:54: error: in the template: executing "main" at <.Product.Colour>: can't evaluate field Colour in type *model.Product (on 2 pages, such as /en/products/che/)`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			code, lines := checkLines(t, tc.files)
			count := lines[len(lines)-1]
			lines = lines[:len(lines)-1]
			slices.Sort(lines)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if code != tc.code || !slices.Equal(lines, want) {
				t.Errorf("exit %d (want %d):\n%s\nwant:\n%s", code, tc.code, strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
			if !strings.Contains(count, "error") || !strings.Contains(count, "warning") {
				t.Errorf("count line = %q", count)
			}
		})
	}
}

func TestCheckSortedByFileAndLine(t *testing.T) {
	_, lines := checkLines(t, `
-- content/products/dong-van/z.yaml --
name: {vi: Z, en: Z}
stars: 9
colour: x
-- content/products/dong-van/a.yaml --
stars: 1
`)
	want := []string{
		`content/products/dong-van/a.yaml:1:1: error: a product has no "certificate"; it is required`,
		`content/products/dong-van/a.yaml:1:1: error: a product has no "group"; it is required`,
		`content/products/dong-van/a.yaml:1:1: error: a product has no "name"; it is required`,
		`content/products/dong-van/a.yaml:1:1: error: a product has no "producer"; it is required`,
		`content/products/dong-van/a.yaml:1:8: error: stars must be 3, 4 or 5, not 1 (a product under 3 stars is not an OCOP product)`,
		`content/products/dong-van/z.yaml:1:1: error: a product has no "certificate"; it is required`,
		`content/products/dong-van/z.yaml:1:1: error: a product has no "group"; it is required`,
		`content/products/dong-van/z.yaml:1:1: error: a product has no "producer"; it is required`,
		`content/products/dong-van/z.yaml:2:8: error: stars must be 3, 4 or 5, not 9 (5 stars is the highest rating)`,
		`content/products/dong-van/z.yaml:3:1: error: unknown key "colour" in a product; known keys: name, summary, description, stars, group, producer, commune, certificate, images, specs, price, tags`,
		`10 errors, 0 warnings`,
	}
	if !slices.Equal(lines, want) {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckJSON(t *testing.T) {
	code, lines := checkLines(t, `
-- content/products/dong-van/x.yaml --
name: {vi: X, en: X}
stars: 2
`, "-format", "json")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var out []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(strings.Join(lines, "\n")), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, strings.Join(lines, "\n"))
	}
	if len(out) != 4 {
		t.Fatalf("%d diagnostics, want 4: %+v", len(out), out)
	}
	last := out[3]
	if last.File != "content/products/dong-van/x.yaml" || last.Line != 2 || last.Col != 8 || last.Severity != "error" || last.Code != "stars" ||
		last.Message != "stars must be 3, 4 or 5, not 2 (a product under 3 stars is not an OCOP product)" {
		t.Errorf("diagnostic = %+v", last)
	}
	// No problems: an empty array, not null.
	code, lines = checkLines(t, "", "-format", "json")
	if code != 0 || strings.Join(lines, "") != "[]" {
		t.Errorf("clean: exit %d, %q", code, lines)
	}
}

func TestCheckGitHub(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, checkSite+`
-- content/products/dong-van/x.yaml --
name: {vi: "X, 100%", en: X}
stars: 2
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`)
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code, stdout, _ := runOcop(t, "check", "-site", "site", "-format", "github", "-now", "2026-11-29")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "::error file=site/content/products/dong-van/x.yaml,line=2,col=8,title=ocop%3A stars::stars must be 3, 4 or 5, not 2 (a product under 3 stars is not an OCOP product)\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if got := escapeData("a%b\nc"); got != "a%25b%0Ac" {
		t.Errorf("escapeData = %q", got)
	}
	if got := escapeProperty("a:b,c"); got != "a%3Ab%2Cc" {
		t.Errorf("escapeProperty = %q", got)
	}
}

// TestCheckGitHubRepositoryRoot: the annotations name each file from the
// root of the repository (the folder with .git), however -site names the
// site's folder and wherever ocop runs, as GitHub needs to show them on
// their lines.
func TestCheckGitHubRepositoryRoot(t *testing.T) {
	const bad = `
-- content/products/dong-van/x.yaml --
name: {vi: X, en: X}
stars: 2
group: food/tea
producer: htx
certificate: {number: 1/QĐ-UBND, issued: 2025-01-15, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
`
	annotation := func(path string) string {
		return "::error file=" + path + ",line=2,col=8,title=ocop%3A stars::stars must be 3, 4 or 5, not 2 (a product under 3 stars is not an OCOP product)\n"
	}
	// A repository whose site is in a subfolder, and one (a git worktree,
	// where .git is a file) whose site is its root.
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(repo, "sites", "hagiang")
	sitetest.Write(t, site, checkSite+bad)
	if err := os.MkdirAll(filepath.Join(repo, "tools", "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	worktree := t.TempDir()
	sitetest.Write(t, worktree, checkSite+bad+"-- .git --\ngitdir: ../elsewhere/.git/worktrees/x\n")

	for _, tc := range []struct {
		name, cwd, site, want string
	}{
		{"from the repository's root", repo, "sites/hagiang", "sites/hagiang/content/products/dong-van/x.yaml"},
		{"from the site's folder", site, ".", "sites/hagiang/content/products/dong-van/x.yaml"},
		{"from another subfolder", filepath.Join(repo, "tools", "bin"), "../../sites/hagiang", "sites/hagiang/content/products/dong-van/x.yaml"},
		{"an absolute -site", worktree, site, "sites/hagiang/content/products/dong-van/x.yaml"},
		{"a path with . and ..", repo, "./tools/../sites/./hagiang/", "sites/hagiang/content/products/dong-van/x.yaml"},
		{"the site at the root of a worktree", worktree, ".", "content/products/dong-van/x.yaml"},
		{"the root of a worktree, named from below", filepath.Join(worktree, "content"), "..", "content/products/dong-van/x.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(tc.cwd)
			code, stdout, stderr := runOcop(t, "check", "-site", tc.site, "-format", "github", "-now", "2026-11-29")
			if code != 1 || stderr != "" {
				t.Errorf("exit %d (want 1), stderr %q", code, stderr)
			}
			if want := annotation(tc.want); stdout != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
			}
		})
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, stderr := runOcop(t, "check", "-format", "xml"); code != 2 || !strings.Contains(stderr, `unknown format "xml"`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if code, _, _ := runOcop(t, "check", "-h"); code != 0 {
		t.Errorf("check -h: exit %d", code)
	}
	// A folder without site.yaml.
	code, stdout, _ := runOcop(t, "check", "-site", t.TempDir())
	if code != 1 || !strings.Contains(stdout, "site.yaml: error: there is no site.yaml: is this the site's folder?") {
		t.Errorf("exit %d, %q", code, stdout)
	}
}
