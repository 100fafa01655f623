package load

import (
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hagiang-ocop/ocop/internal/diag"
)

const (
	slipProduct  = "name: {vi: Chè, en: Tea}\nstars: 4\ngroup: food/tea\nproducer: htx\ncertificate: {number: 1/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang}\n"
	slipProducer = "name: HTX Lũng Cú\nkind: cooperative\naddress: Lũng Cú\n"
	cheFile      = "content/products/dong-van/che.yaml"
	htxFile      = "content/producers/htx.yaml"
)

// TestSlips: the slips of editors who are not programmers, each reported
// at its line and column with what to do, in English and in Vietnamese;
// and what is not a mistake (an empty optional field, a byte-order mark,
// a phone number with spaces) reported not at all.
func TestSlips(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		en, vi []string
	}{{
		name:  "phone number without quotes",
		files: map[string]string{htxFile: slipProducer + "phone: 0912345678\nzalo: +84912345678\n"},
		en: []string{
			`content/producers/htx.yaml:4:8: warning: phone 0912345678 is written without quotes, so YAML reads it as a number, and a program that saves the file again may drop its leading 0 or +; write it in quotes: phone: "0912345678"`,
			`content/producers/htx.yaml:5:7: warning: zalo +84912345678 is written without quotes, so YAML reads it as a number, and a program that saves the file again may drop its leading 0 or +; write it in quotes: zalo: "+84912345678"`,
		},
		vi: []string{
			`content/producers/htx.yaml:4:8: cảnh báo: phone 0912345678 được viết không có dấu nháy nên YAML đọc thành một con số, và chương trình nào lưu lại tệp có thể làm mất số 0 hoặc dấu + ở đầu; hãy viết trong dấu nháy: phone: "0912345678"`,
			`content/producers/htx.yaml:5:7: cảnh báo: zalo +84912345678 được viết không có dấu nháy nên YAML đọc thành một con số, và chương trình nào lưu lại tệp có thể làm mất số 0 hoặc dấu + ở đầu; hãy viết trong dấu nháy: zalo: "+84912345678"`,
		},
	}, {
		// With spaces, YAML reads a text, which no tool changes; in
		// quotes, anything.
		name:  "phone numbers that are text",
		files: map[string]string{htxFile: slipProducer + "phone: +84 912 345 678\nzalo: \"0912345678\"\n"},
	}, {
		name: "empty optional fields",
		files: map[string]string{
			cheFile: slipProduct + "summary: \"\"\ndescription:\ncommune: \"  \"\ntags: \"\"\nimages:\nspecs:\nprice:\n",
			"content/products/dong-van/mat-ong.yaml": "name: {vi: Mật ong, en: Honey}\nstars: 4\ngroup: food/tea\nproducer: htx\n" +
				"certificate: {number: 2/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang, expires: \"\"}\n" +
				"price: {min: 100000, max: , currency: \"\", unit: \"\"}\ntags: [gift, \"\"]\nimages: [\"\"]\n",
			htxFile:                         slipProducer + "representative: \"\"\narea: \"\"\ncommune:\nphone: \"\"\nzalo:\nemail: \"\"\nwebsite: \"\"\ndescription: \"\"\n",
			"content/stories/mua-che.vi.md": "---\ntitle: Mùa chè\ndate: 2025-04-18\nsummary: \"\"\nproducts: \"\"\nimage:\ndraft: \"\"\n---\nThân bài.\n",
		},
	}, {
		name:  "no space after a colon",
		files: map[string]string{cheFile: strings.Replace(slipProduct, "stars: 4", "stars:4", 1)},
		en:    []string{`content/products/dong-van/che.yaml:2:6: add a space after the colon: write "stars: 4", not "stars:4"`},
		vi:    []string{`content/products/dong-van/che.yaml:2:6: thêm một dấu cách sau dấu hai chấm: viết "stars: 4", không viết "stars:4"`},
	}, {
		name:  "no space after the colon of the first line",
		files: map[string]string{htxFile: "name:HTX Lũng Cú\nkind: cooperative\naddress: Lũng Cú\n"},
		en:    []string{`content/producers/htx.yaml:1:5: add a space after the colon: write "name: HTX Lũng Cú", not "name:HTX Lũng Cú"`},
		vi:    []string{`content/producers/htx.yaml:1:5: thêm một dấu cách sau dấu hai chấm: viết "name: HTX Lũng Cú", không viết "name:HTX Lũng Cú"`},
	}, {
		name:  "no space after a colon inside {…}",
		files: map[string]string{cheFile: strings.Replace(slipProduct, "{number: 1/QĐ-UBND", "{number:1/QĐ-UBND", 1)},
		en: []string{
			`content/products/dong-van/che.yaml:5:14: certificate has no "number"; it is required`,
			`content/products/dong-van/che.yaml:5:15: unknown key "number:1/QĐ-UBND" in certificate (add a space after the colon: number: 1/QĐ-UBND)`,
		},
		vi: []string{
			`content/products/dong-van/che.yaml:5:14: certificate chưa có "number"; đây là trường bắt buộc`,
			`content/products/dong-van/che.yaml:5:15: trường "number:1/QĐ-UBND" không có trong certificate (thêm dấu cách sau dấu hai chấm: number: 1/QĐ-UBND)`,
		},
	}, {
		name: "no space after the dash of a list item",
		files: map[string]string{
			cheFile:                         slipProduct + "tags:\n  -gift\n  - organic\n",
			"content/stories/mua-che.vi.md": "---\ntitle: Mùa chè\ndate: 2025-04-18\nproducts:\n-che\n---\nThân bài.\n",
		},
		en: []string{
			`content/products/dong-van/che.yaml:7:3: add a space after the dash of a list item: write "- gift", not "-gift"`,
			`content/stories/mua-che.vi.md:5:1: add a space after the dash of a list item: write "- che", not "-che"`,
		},
		vi: []string{
			`content/products/dong-van/che.yaml:7:3: thêm một dấu cách sau dấu gạch đầu dòng: viết "- gift", không viết "-gift"`,
			`content/stories/mua-che.vi.md:5:1: thêm một dấu cách sau dấu gạch đầu dòng: viết "- che", không viết "-che"`,
		},
	}, {
		name:  "a tab for indentation",
		files: map[string]string{cheFile: strings.Replace(slipProduct, "certificate: {number: 1/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang}", "certificate:\n\tnumber: 1/QĐ-UBND", 1)},
		en:    []string{`content/products/dong-van/che.yaml:6:1: YAML syntax: found character that cannot start any token (a tab? YAML indents with spaces only: replace the tab with spaces)`},
		vi:    []string{`content/products/dong-van/che.yaml:6:1: sai cú pháp YAML: gặp ký tự không được đứng ở đầu (có dấu tab? YAML chỉ thụt lề bằng dấu cách: hãy thay dấu tab bằng dấu cách)`},
	}, {
		name:  "a colon and a space inside a text",
		files: map[string]string{htxFile: "name: HTX: Lũng Cú\nkind: cooperative\naddress: Lũng Cú\n"},
		en:    []string{`content/producers/htx.yaml:1:10: YAML syntax: mapping values are not allowed in this context (a colon and a space inside a text? put the text in quotes; or a line indented more than the one above it?)`},
		vi:    []string{`content/producers/htx.yaml:1:10: sai cú pháp YAML: không được có "tên: giá trị" ở chỗ này (trong chữ có dấu hai chấm và dấu cách? hãy đặt cả đoạn chữ trong dấu nháy; hay dòng này thụt lề nhiều hơn dòng trên?)`},
	}, {
		name:  "a # in a text",
		files: map[string]string{htxFile: "name: HTX số #1 Lũng Cú\nkind: cooperative\naddress: Lũng Cú\n"},
		en:    []string{`content/producers/htx.yaml:1:7: warning: name stops at " #1 Lũng Cú": YAML takes " #" as the start of a comment; put the text in quotes to keep it whole`},
		vi:    []string{`content/producers/htx.yaml:1:7: cảnh báo: name bị cắt ở " #1 Lũng Cú": YAML coi " #" là chỗ bắt đầu ghi chú; hãy đặt cả đoạn chữ trong dấu nháy để giữ nguyên`},
	}, {
		name:  "quotes that do not match",
		files: map[string]string{htxFile: "name: 'HTX Lũng Cú\"\nkind: cooperative\naddress: Lũng Cú\n"},
		en:    []string{`content/producers/htx.yaml:1:7: YAML syntax: the quote ' that opens this text is never closed: end the text with the same mark ('…')`},
		vi:    []string{`content/producers/htx.yaml:1:7: sai cú pháp YAML: dấu nháy ' mở đầu đoạn chữ này chưa được đóng: hãy kết thúc đoạn chữ bằng đúng dấu nháy đó ('…')`},
	}, {
		name:  "a key written twice",
		files: map[string]string{htxFile: slipProducer + "name: HTX Lũng Cú 2\n"},
		en:    []string{`content/producers/htx.yaml:4:1: "name" is given twice in a producer (first at line 1); keep only one`},
		vi:    []string{`content/producers/htx.yaml:4:1: "name" được ghi hai lần trong chủ thể (lần đầu ở dòng 1); hãy chỉ giữ lại một`},
	}, {
		name:  "curly quotes",
		files: map[string]string{htxFile: "name: “HTX Lũng Cú”\nkind: cooperative\naddress: “Thôn: Lũng Cú”\n"},
		en:    []string{`content/producers/htx.yaml:3:15: YAML syntax: mapping values are not allowed in this context (“ and ” are not quotes for YAML: to put a text in quotes, use straight ones, "…")`},
		vi:    []string{`content/producers/htx.yaml:3:15: sai cú pháp YAML: không được có "tên: giá trị" ở chỗ này (“ và ” không phải là dấu nháy của YAML: để đặt chữ trong dấu nháy, hãy dùng dấu nháy thẳng "…")`},
	}, {
		name:  "curly quotes around a text",
		files: map[string]string{htxFile: "name: “HTX Lũng Cú”\nkind: cooperative\naddress: Lũng Cú\n"},
		en:    []string{`content/producers/htx.yaml:1:7: warning: name is written between curly quotes (“…”), which YAML keeps as part of the text, and the pages show; to put a text in quotes, use straight ones: "…"`},
		vi:    []string{`content/producers/htx.yaml:1:7: cảnh báo: name được viết giữa hai dấu nháy cong (“…”); YAML coi chúng là một phần của chữ, và các trang sẽ hiện cả hai dấu; để đặt chữ trong dấu nháy, hãy dùng dấu nháy thẳng: "…"`},
	}, {
		name:  "a byte-order mark",
		files: map[string]string{htxFile: "\ufeff" + slipProducer, "content/stories/mua-che.vi.md": "\ufeff---\ntitle: Mùa chè\ndate: 2025-04-18\n---\nThân bài.\n"},
	}, {
		name: "saved in another encoding",
		files: map[string]string{
			htxFile:                          "name: HTX L\xf2ng C\xfa\nkind: cooperative\naddress: A\n", // Windows-1258
			"content/producers/utf16.yaml":   "\xff\xfen\x00a\x00m\x00e\x00:\x00 \x00A\x00\n\x00",
			"content/producers/utf16be.yaml": "\x00n\x00a\x00m\x00e\x00:\x00 \x00A\x00\n",
			"content/stories/mua-che.vi.md":  "\xff\xfe-\x00-\x00-\x00\n\x00",
		},
		en: []string{
			`content/producers/htx.yaml:1:12: the file is not UTF-8 text (it may be saved in an older Vietnamese encoding, such as Windows-1258 or TCVN3); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8`,
			`content/producers/utf16.yaml:1:1: the file is saved as UTF-16 ("Unicode"); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8`,
			`content/producers/utf16be.yaml:1:1: the file is saved as UTF-16 ("Unicode"); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8`,
			`content/stories/mua-che.vi.md:1:1: the file is saved as UTF-16 ("Unicode"); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8`,
		},
		vi: []string{
			`content/producers/htx.yaml:1:12: tệp không phải là văn bản UTF-8 (có thể đã được lưu theo bảng mã tiếng Việt cũ như Windows-1258 hoặc TCVN3); hãy lưu lại theo bảng mã UTF-8: trong Notepad, chọn File → Save as…, ở mục Encoding chọn UTF-8`,
			`content/producers/utf16.yaml:1:1: tệp được lưu theo bảng mã UTF-16 ("Unicode"); hãy lưu lại theo bảng mã UTF-8: trong Notepad, chọn File → Save as…, ở mục Encoding chọn UTF-8`,
			`content/producers/utf16be.yaml:1:1: tệp được lưu theo bảng mã UTF-16 ("Unicode"); hãy lưu lại theo bảng mã UTF-8: trong Notepad, chọn File → Save as…, ở mục Encoding chọn UTF-8`,
			`content/stories/mua-che.vi.md:1:1: tệp được lưu theo bảng mã UTF-16 ("Unicode"); hãy lưu lại theo bảng mã UTF-8: trong Notepad, chọn File → Save as…, ở mục Encoding chọn UTF-8`,
		},
	}, {
		name: "files named otherwise than .yaml and .md",
		files: map[string]string{
			"content/products/dong-van/che.yaml.txt":  slipProduct,
			"content/stories/mua-che.vi.md.txt":       "---\ntitle: Mùa chè\ndate: 2025-04-18\n---\n",
			"content/products/dong-van/mat-ong.YAML":  slipProduct,
			"content/producers/htx.yml":               slipProducer,
			"content/products/dong-van/ghi-chu.txt":   "a note of the office's, not a record",
			"content/products/dong-van/anh-che.jpg":   "not a record",
			"content/products/dong-van/.che.yaml.swp": "an editor's",
		},
		en: []string{
			`content/producers/htx.yml: warning: name the file "htx.yaml": ocop new, the CMS and the other tools look for files ending in .yaml`,
			`content/products/dong-van/che.yaml.txt: the file is named "che.yaml.txt", so ocop does not read it: rename it "che.yaml" (Windows hides the .txt at the end; File Explorer shows it with View → Show → File name extensions)`,
			`content/products/dong-van/mat-ong.YAML: warning: name the file "mat-ong.yaml": ocop new, the CMS and the other tools look for files ending in .yaml`,
			`content/stories/mua-che.vi.md.txt: the file is named "mua-che.vi.md.txt", so ocop does not read it: rename it "mua-che.vi.md" (Windows hides the .txt at the end; File Explorer shows it with View → Show → File name extensions)`,
		},
		vi: []string{
			`content/producers/htx.yml: cảnh báo: hãy đặt tên tệp là "htx.yaml": ocop new, CMS và các công cụ khác chỉ tìm tệp có đuôi .yaml`,
			`content/products/dong-van/che.yaml.txt: tệp có tên "che.yaml.txt" nên ocop không đọc: hãy đổi tên thành "che.yaml" (Windows ẩn đuôi .txt ở cuối tên; muốn thấy, trong File Explorer chọn View → Show → File name extensions)`,
			`content/products/dong-van/mat-ong.YAML: cảnh báo: hãy đặt tên tệp là "mat-ong.yaml": ocop new, CMS và các công cụ khác chỉ tìm tệp có đuôi .yaml`,
			`content/stories/mua-che.vi.md.txt: tệp có tên "mua-che.vi.md.txt" nên ocop không đọc: hãy đổi tên thành "mua-che.vi.md" (Windows ẩn đuôi .txt ở cuối tên; muốn thấy, trong File Explorer chọn View → Show → File name extensions)`,
		},
	}, {
		// A text field that reads "no" stays "no", but tools that save
		// YAML 1.1 write false; a true-or-false field takes yes and no.
		name:  "yes and no",
		files: map[string]string{cheFile: slipProduct + "summary: {vi: Không, en: No}\n", "content/stories/mua-che.vi.md": "---\ntitle: yes\ndate: 2025-04-18\ndraft: no\n---\nThân bài.\n"},
		en: []string{
			`content/products/dong-van/che.yaml:6:26: warning: summary.en: No without quotes may be read as true or false by programs that write YAML, and saved so; write it in quotes: "No"`,
			`content/stories/mua-che.vi.md:2:8: warning: title: yes without quotes may be read as true or false by programs that write YAML, and saved so; write it in quotes: "yes"`,
		},
		vi: []string{
			`content/products/dong-van/che.yaml:6:26: cảnh báo: summary.en: chữ No không có dấu nháy có thể bị các chương trình ghi YAML hiểu thành đúng/sai (true/false) và lưu lại như vậy; hãy đặt trong dấu nháy: "No"`,
			`content/stories/mua-che.vi.md:2:8: cảnh báo: title: chữ yes không có dấu nháy có thể bị các chương trình ghi YAML hiểu thành đúng/sai (true/false) và lưu lại như vậy; hãy đặt trong dấu nháy: "yes"`,
		},
	}, {
		name: "dates written day first",
		files: map[string]string{
			cheFile:                         strings.Replace(slipProduct, "issued: 2024-01-15", "issued: 15/01/2024", 1),
			"content/stories/mua-che.vi.md": "---\ntitle: Mùa chè\ndate: 2025-4-8\n---\nThân bài.\n",
			"content/stories/mua-che.en.md": "---\ntitle: Tea season\ndate: 2025-02-30\n---\nBody.\n",
		},
		en: []string{
			`content/products/dong-van/che.yaml:5:42: issued: "15/01/2024" is not a date written YYYY-MM-DD (year, month, day); write 2024-01-15`,
			`content/stories/mua-che.en.md:3:7: date: "2025-02-30" is not a real date`,
			`content/stories/mua-che.vi.md:3:7: date: "2025-4-8" is not a date written YYYY-MM-DD (year, month, day); write 2025-04-08`,
		},
		vi: []string{
			`content/products/dong-van/che.yaml:5:42: issued: "15/01/2024" không phải là ngày viết dạng YYYY-MM-DD (năm-tháng-ngày); hãy viết 2024-01-15`,
			`content/stories/mua-che.en.md:3:7: date: "2025-02-30" không phải là một ngày có thật`,
			`content/stories/mua-che.vi.md:3:7: date: "2025-4-8" không phải là ngày viết dạng YYYY-MM-DD (năm-tháng-ngày); hãy viết 2025-04-08`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Load(site(tc.files), nil)
			vi := diag.NewPrinter("vi")
			var en, vn []string
			for _, d := range diags {
				en = append(en, d.String())
				vn = append(vn, vi.String(d))
			}
			if !slices.Equal(en, tc.en) {
				t.Errorf("English:\n%s\nwant:\n%s", strings.Join(en, "\n"), strings.Join(tc.en, "\n"))
			}
			if !slices.Equal(vn, tc.vi) {
				t.Errorf("Vietnamese:\n%s\nwant:\n%s", strings.Join(vn, "\n"), strings.Join(tc.vi, "\n"))
			}
		})
	}
}

// TestEmptyOptionalFields: an optional field left empty is not given, and
// its value is the one of a field not written at all.
func TestEmptyOptionalFields(t *testing.T) {
	src, diags := Load(site(map[string]string{
		cheFile:                              slipProduct + "summary: \"\"\ndescription:\ncommune: \" \"\ntags: \"\"\nimages:\nspecs:\nprice:\n",
		"content/products/dong-van/tra.yaml": slipProduct,
		"content/products/dong-van/mat-ong.yaml": "name: {vi: Mật ong, en: Honey}\nstars: 4\ngroup: food/tea\nproducer: htx\n" +
			"certificate: {number: 2/QĐ-UBND, issued: 2024-01-15, issuer: UBND tỉnh Hà Giang, expires: \"\"}\n" +
			"price: {min: 100000, max: , currency: \"\"}\ntags: [gift, \"\"]\n",
		htxFile: slipProducer + "phone: \"\"\nemail: \"\"\nwebsite:\n",
	}), nil)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %q", messages(diags))
	}
	che, honey, tra := src.Products[0], src.Products[1], src.Products[2]
	if !reflect.DeepEqual(che.Summary, tra.Summary) || !reflect.DeepEqual(che.Description, tra.Description) || !reflect.DeepEqual(che.Commune, tra.Commune) ||
		!reflect.DeepEqual(che.Tags, tra.Tags) || !reflect.DeepEqual(che.Images, tra.Images) || !reflect.DeepEqual(che.Specs, tra.Specs) || che.Price != nil {
		t.Errorf("che, with empty fields: summary %+v, tags %q, images %v, specs %v, price %+v; without them: summary %+v",
			che.Summary, che.Tags, che.Images, che.Specs, che.Price, tra.Summary)
	}
	if got := honey.Certificate.Expires.Format("2006-01-02"); got != "2027-01-15" {
		t.Errorf("an empty expires is 36 months after issued: %s", got)
	}
	if p := honey.Price; p == nil || p.Min != 100000 || p.Max != 0 || p.Currency != "VND" || !slices.Equal(honey.Tags, []string{"gift"}) {
		t.Errorf("honey: price %+v, tags %q", p, honey.Tags)
	}
	if p := src.Producers[0]; p.Phone != "" || p.Email != "" || p.Website != "" {
		t.Errorf("producer: %+v", p)
	}
}

// foldFS is a file system that finds names whatever their capital
// letters, as Windows's and macOS's do: Open("a/IMG.jpg") opens a/img.JPG.
type foldFS struct{ fsys fstest.MapFS }

func (f foldFS) Open(name string) (fs.File, error) {
	real := "."
	if name != "." {
		for _, part := range strings.Split(name, "/") {
			entries, err := fs.ReadDir(f.fsys, real)
			if err != nil {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
			}
			found := ""
			for _, e := range entries {
				if strings.EqualFold(e.Name(), part) {
					found = e.Name()
					break
				}
			}
			if found == "" {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
			}
			real = path.Join(real, found)
		}
	}
	return f.fsys.Open(real)
}

// TestPhotoNameCase: a record that names a photo with other capital
// letters than the file's is an error, with the name to write, on every
// system: on Linux, whose file system would not find the file, and on
// Windows and macOS, whose file systems would (simulated by foldFS); two
// files whose names differ only in capital letters are an error too.
func TestPhotoNameCase(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>`
	files := map[string]string{
		cheFile:                                   slipProduct + "images: [img_2031.svg, anh/Che.svg, ../meo-vac/che-2.svg]\n",
		"content/products/dong-van/IMG_2031.SVG":  svg,
		"content/products/dong-van/anh/che.svg":   svg,
		"content/products/meo-vac/Che-2.svg":      svg,
		"content/products/meo-vac/mat-ong-1.svg":  svg,
		"content/products/meo-vac/Mat-Ong-1.svg":  svg,
		"content/products/dong-van/mat-ong.yaml":  strings.Replace(slipProduct, "Chè", "Mật ong", 1) + "images: [mat-ong-01.svg]\n",
		"content/products/dong-van/mat-ong-1.svg": svg,
	}
	want := []string{
		`content/products/dong-van/che.yaml:6:10: image img_2031.svg: no file has this name, but content/products/dong-van/IMG_2031.SVG has it with other capital letters; write the name exactly as the file's (did you mean "IMG_2031.SVG"?)`,
		`content/products/dong-van/che.yaml:6:24: image anh/Che.svg: no file has this name, but content/products/dong-van/anh/che.svg has it with other capital letters; write the name exactly as the file's (did you mean "anh/che.svg"?)`,
		`content/products/dong-van/che.yaml:6:37: image ../meo-vac/che-2.svg: no file has this name, but content/products/meo-vac/Che-2.svg has it with other capital letters; write the name exactly as the file's (did you mean "../meo-vac/Che-2.svg"?)`,
		`content/products/dong-van/mat-ong.yaml:6:10: image mat-ong-01.svg does not exist (looked for content/products/dong-van/mat-ong-01.svg) (did you mean "mat-ong-1.svg"?)`,
		`content/products/meo-vac/mat-ong-1.svg: this file's name differs from content/products/meo-vac/Mat-Ong-1.svg only in capital letters: on Windows and macOS they are one file, and a copy of the site there keeps only one of them; rename or delete one`,
	}
	wantVI := `content/products/dong-van/che.yaml:6:10: ảnh img_2031.svg: không có tệp nào đúng tên này, nhưng có content/products/dong-van/IMG_2031.SVG, khác ở chữ hoa, chữ thường; hãy ghi tên đúng y như tên tệp (có phải là "IMG_2031.SVG"?)`
	linux := site(files)
	// The simulation is true to Windows and macOS: it opens the photo by
	// the record's name, which a loader that asked the file system alone
	// would take.
	if _, err := fs.Stat(foldFS{linux}, "content/products/dong-van/img_2031.svg"); err != nil {
		t.Fatalf("foldFS: %v", err)
	}
	if _, err := fs.Stat(linux, "content/products/dong-van/img_2031.svg"); err == nil {
		t.Fatal("MapFS found a name with other capital letters")
	}
	for name, fsys := range map[string]fs.FS{"Linux": linux, "Windows and macOS": foldFS{linux}} {
		_, diags := Load(fsys, nil)
		var got []string
		for _, d := range diags {
			got = append(got, d.String())
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant:\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(diags) > 0 {
			if vi := diag.NewPrinter("vi").String(diags[0]); vi != wantVI {
				t.Errorf("%s, Vietnamese:\n%s\nwant:\n%s", name, vi, wantVI)
			}
		}
	}
	// Named as the files are, the photos are read on both.
	files[cheFile] = slipProduct + "images: [IMG_2031.SVG, anh/che.svg, ../meo-vac/Che-2.svg]\n"
	files["content/products/dong-van/mat-ong.yaml"] = strings.Replace(slipProduct, "Chè", "Mật ong", 1) + "images: [mat-ong-1.svg]\n"
	delete(files, "content/products/meo-vac/Mat-Ong-1.svg")
	for name, fsys := range map[string]fs.FS{"Linux": site(files), "Windows and macOS": foldFS{site(files)}} {
		src, diags := Load(fsys, nil)
		if len(diags) > 0 {
			t.Errorf("%s: %q", name, messages(diags))
			continue
		}
		if n := len(src.Products[0].Images); n != 3 {
			t.Errorf("%s: %d images", name, n)
		}
	}
}

// TestPhotoNameCaseUpdate: after a photo is renamed to its record's
// capital letters, the next update reads it, and the error is gone.
func TestPhotoNameCaseUpdate(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>`
	fsys := site(map[string]string{
		cheFile:                                  slipProduct + "images: [img_2031.svg]\n",
		"content/products/dong-van/IMG_2031.SVG": svg,
	})
	l := NewLoader(fsys, nil)
	if _, diags := l.Load(); len(diags) != 1 || !strings.Contains(diags[0].Message, "other capital letters") {
		t.Fatalf("before: %q", messages(diags))
	}
	delete(fsys, "content/products/dong-van/IMG_2031.SVG")
	fsys["content/products/dong-van/img_2031.svg"] = &fstest.MapFile{Data: []byte(svg)}
	_, diags := l.Update([]string{"content/products/dong-van/IMG_2031.SVG", "content/products/dong-van/img_2031.svg"})
	if len(diags) > 0 {
		t.Errorf("after: %q", messages(diags))
	}
}
