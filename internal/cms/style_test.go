package cms

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// data reads YAML as plain data.
func data(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := yaml.Load(b, &v); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	return v
}

// rewrite writes YAML's data anew, as Decap CMS does: block style, lines
// wrapped at 80 characters, long texts folded, comments gone.
func rewrite(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := yaml.Dump(data(t, b), yaml.WithLineWidth(80))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The files of testdata/ot-gio.*: a product of the sample catalogue
// (before), what Decap CMS 3.16.3 wrote for it once an editor had added
// three lines to its Vietnamese description in the rich-text editor and
// emptied its commune (cms), and what KeepStyle makes of that (want):
// only those changes.
func TestKeepStyleDecap(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	before, cms, want := read("ot-gio.before.yaml"), read("ot-gio.cms.yaml"), read("ot-gio.want.yaml")
	got, err := KeepStyle("content/products/dong-van/ot-gio-dong-van.yaml", before, cms)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// The data is the CMS's, less the emptied field, and with the line
	// break that ends a block.
	d := data(t, cms).(map[string]any)
	delete(d, "commune")
	d["description"].(map[string]any)["vi"] = d["description"].(map[string]any)["vi"].(string) + "\n"
	if g := data(t, got); !reflect.DeepEqual(g, any(d)) {
		t.Errorf("data changed:\n%v\nwant\n%v", g, d)
	}
	// Lines changed: the commune's, and the six of the new text.
	if n := changedLines(before, got); n != 7 {
		t.Errorf("%d lines changed, want 7", n)
	}
}

// changedLines counts the lines of a that b does not have and those of b
// that a does not have.
func changedLines(a, b []byte) int {
	count := func(x, y []byte) int {
		have := map[string]int{}
		for _, l := range strings.Split(string(y), "\n") {
			have[l]++
		}
		n := 0
		for _, l := range strings.Split(string(x), "\n") {
			if have[l] > 0 {
				have[l]--
			} else {
				n++
			}
		}
		return n
	}
	return count(a, b) + count(b, a)
}

const styled = `# A product of Đồng Văn.
name:
  vi: Ớt gió Đồng Văn   # as on the certificate
  en: Dong Van Wind Chilli
stars: 3
phone: "0219 3826 518"
description:
  vi: |
    Ớt gió vốn mọc hoang quanh các mỏm đá tai mèo, người dân chỉ hái vài quả về làm gia vị, và câu này dài hơn tám mươi chữ.

    - lọ 300 g
    - gói khô
specs:
  net_weight: 300 g
  shelf_life: {vi: 12 tháng, en: 12 months}
images:
  - ot-gio.jpg
  - file: ot-gio-kho.jpg
    alt: {vi: Ớt gió khô}
tags: [highland, seasonal]
`

func TestKeepStyleSameData(t *testing.T) {
	// Saved with nothing changed: the file stays byte for byte.
	got, err := KeepStyle("content/products/dong-van/ot-gio.yaml", []byte(styled), rewrite(t, []byte(styled)))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != styled {
		t.Errorf("got:\n%s", got)
	}
}

func TestKeepStyleChanges(t *testing.T) {
	// The CMS writes the keys in the order of its config's fields, which
	// may differ from the file's; here "phone" comes later, and "commune"
	// and "zalo" are new.
	next := `name:
  vi: Ớt gió Đồng Văn
  en: Dong Van Wind Chillies
stars: 4
commune: Xã Đồng Văn
description:
  vi: >
    Ớt gió vốn mọc hoang quanh các mỏm đá tai mèo, người dân chỉ hái vài quả về
    làm gia vị, và câu này dài hơn tám mươi chữ.


    - lọ 300 g

    - gói khô
summary:
  vi: ""
specs:
  net_weight: 300 g
  shelf_life:
    vi: 18 tháng
    en: 18 months
price:
  min: null
images:
  - ot-gio.jpg
  - file: ot-gio-kho.jpg
    alt:
      vi: Ớt gió khô
tags:
  - highland
  - seasonal
  - gift
phone: "0219 3826 518"
zalo: "0912345678"
`
	got, err := KeepStyle("content/products/dong-van/ot-gio.yaml", []byte(styled), []byte(next))
	if err != nil {
		t.Fatal(err)
	}
	want := `# A product of Đồng Văn.
name:
  vi: Ớt gió Đồng Văn # as on the certificate
  en: Dong Van Wind Chillies
stars: 4
commune: Xã Đồng Văn
phone: "0219 3826 518"
zalo: "0912345678"
description:
  vi: |
    Ớt gió vốn mọc hoang quanh các mỏm đá tai mèo, người dân chỉ hái vài quả về làm gia vị, và câu này dài hơn tám mươi chữ.

    - lọ 300 g
    - gói khô
specs:
  net_weight: 300 g
  shelf_life: {vi: 18 tháng, en: 18 months}
images:
  - ot-gio.jpg
  - file: ot-gio-kho.jpg
    alt: {vi: Ớt gió khô}
tags: [highland, seasonal, gift]
`
	// The file's order is kept ("phone" stays where it was); a new key
	// goes after the key before it in the CMS's order ("zalo" after
	// "phone").
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if d := data(t, got).(map[string]any); d["summary"] != nil || d["price"] != nil || d["zalo"] != "0912345678" {
		t.Errorf("data: %v", d)
	}
}

func TestKeepStyleNewFile(t *testing.T) {
	// What Decap CMS writes for a new product (as it wrote it in the
	// browser experiment, with an emptied field and a long text).
	next := `name:
  vi: Mật ong bạc hà Lũng Cú
  en: ""
stars: 4
zalo: "0912345678"
phone: 0912 345 678
summary:
  vi: Mật ong vít nắp, quay tháng Mười Một, từ những nương bạc hà trên cao nguyên
    đá Đồng Văn.
description:
  vi: >-
    Mật **thơm** mùi bạc hà.


    - hoa bạc hà

    - ong nội
images:
  - file: anh-mat-ong.png
    alt: ""
tags:
  - gift
`
	got, err := KeepStyle("content/products/dong-van/mat-ong.yaml", nil, []byte(next))
	if err != nil {
		t.Fatal(err)
	}
	want := `name:
  vi: Mật ong bạc hà Lũng Cú
stars: 4
zalo: "0912345678"
phone: 0912 345 678
summary:
  vi: Mật ong vít nắp, quay tháng Mười Một, từ những nương bạc hà trên cao nguyên đá Đồng Văn.
description:
  vi: |
    Mật **thơm** mùi bạc hà.

    - hoa bạc hà
    - ong nội
images:
  - file: anh-mat-ong.png
tags:
  - gift
`
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestKeepStyleStory(t *testing.T) {
	prev := "---\ntitle: Mùa mật   # tiêu đề\ndate: 2024-12-12\nproducts: [a, b]\n---\n\nCuối tháng Mười Một.\n\n- một\n- hai\n"
	// Only the title changed; the body comes back as the CMS writes it.
	next := "---\ntitle: Mùa mật bạc hà\ndate: 2024-12-12\nproducts:\n  - a\n  - b\n---\n\nCuối tháng Mười Một.\n\n* một\n* hai"
	got, err := KeepStyle("content/stories/mua-mat.vi.md", []byte(prev), []byte(next))
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: Mùa mật bạc hà # tiêu đề\ndate: 2024-12-12\nproducts: [a, b]\n---\n\nCuối tháng Mười Một.\n\n* một\n* hai"
	if string(got) != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
	// Without front matter, or not a record: as sent.
	for _, c := range []struct{ p, s string }{{"content/stories/x.md", "Chỉ có thân bài.\n"}, {"content/x.png", "\x89PNG"}} {
		if got, err := KeepStyle(c.p, nil, []byte(c.s)); err != nil || string(got) != c.s {
			t.Errorf("%s: %q, %v", c.p, got, err)
		}
	}
	if _, err := KeepStyle("content/producers/x.yaml", nil, []byte("name: [unclosed\n")); err == nil {
		t.Error("YAML that does not read was accepted")
	}
}

func TestPersistEntryKeepStyle(t *testing.T) {
	dir, root := site(t)
	const p = "content/products/dong-van/ot-gio.yaml"
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(styled), 0o644); err != nil {
		t.Fatal(err)
	}
	var checked string
	h := New(root, Options{BaseURL: baseURL, Format: KeepStyle, Check: func(_ string, data []byte) error {
		checked = string(data)
		return nil
	}})
	save := func(raw string) (int, []byte) {
		return post(t, h, "persistEntry", map[string]any{
			"dataFiles": []map[string]any{{"slug": "ot-gio", "path": p, "raw": raw}},
			"assets":    []any{},
			"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
		})
	}
	if status, body := save(string(rewrite(t, []byte(styled)))); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if got := readSite(t, dir, p); got != styled || checked != styled {
		t.Errorf("a save with no change rewrote the file:\n%s", got)
	}
	refused(t, h, http.StatusUnprocessableEntity, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "ot-gio", "path": p, "raw": "name: {unclosed\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	})
	if readSite(t, dir, p) != styled {
		t.Error("a refused save changed the file")
	}
}

// Every record of the sample catalogue: saved unchanged it stays as it
// is; with its stars changed, one line changes.
func TestKeepStyleCatalogue(t *testing.T) {
	files, _ := filepath.Glob("../../content/products/*/*.yaml")
	more, _ := filepath.Glob("../../content/producers/*.yaml")
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("no sample catalogue here")
	}
	for _, f := range files {
		orig, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := KeepStyle(f, orig, rewrite(t, orig))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Equal(got, orig) {
			t.Errorf("%s: saved unchanged, it became:\n%s", f, got)
		}
		d := data(t, orig).(map[string]any)
		if _, ok := d["stars"]; !ok {
			continue
		}
		d["stars"] = 6
		next, err := yaml.Dump(d, yaml.WithLineWidth(80))
		if err != nil {
			t.Fatal(err)
		}
		if got, err = KeepStyle(f, orig, next); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if n := changedLines(orig, got); n != 2 || !bytes.Contains(got, []byte("\nstars: 6\n")) {
			t.Errorf("%s: %d lines changed, want 2 (the stars' line, before and after):\n%s", f, n, got)
		}
	}
}
