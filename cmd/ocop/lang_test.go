package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// brokenSite is checkSite with the mistakes editors make: a value out of
// range, a misspelt group, a date written day first, a photo named with
// other capital letters than its file's, a key without the space after
// its colon, a phone number without quotes.
const brokenSite = checkSite + `
-- content/products/dong-van/mat-ong.yaml --
name: {vi: Mật ong, en: Honey}
stars: 9
group: food/tae
producer: htx
certificate: {number: 7/QĐ-UBND, issued: 15/01/2025, issuer: {vi: UBND tỉnh, en: Provincial People's Committee}}
images: [img_2031.svg]
-- content/products/dong-van/IMG_2031.SVG --
<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"></svg>
-- content/products/dong-van/tra.yaml --
name: {vi: Trà, en: Tea}
stars:4
-- content/producers/ho-a.yaml --
name: {vi: Hộ A, en: Household A}
kind: household
address: {vi: Lũng Cú, en: Lung Cu}
phone: 0912345678
`

var brokenVI = []string{
	`content/producers/ho-a.yaml:4:8: cảnh báo: phone 0912345678 được viết không có dấu nháy nên YAML đọc thành một con số, và chương trình nào lưu lại tệp có thể làm mất số 0 hoặc dấu + ở đầu; hãy viết trong dấu nháy: phone: "0912345678"`,
	`content/products/dong-van/mat-ong.yaml:2:8: lỗi: số sao (stars) phải là 3, 4 hoặc 5, không phải 9 (5 sao là hạng cao nhất)`,
	`content/products/dong-van/mat-ong.yaml:3:8: lỗi: không có nhóm "food/tae" (có phải là "food/tea"?); các nhóm là: food/tea`,
	`content/products/dong-van/mat-ong.yaml:5:42: lỗi: issued: "15/01/2025" không phải là ngày viết dạng YYYY-MM-DD (năm-tháng-ngày); hãy viết 2025-01-15`,
	`content/products/dong-van/mat-ong.yaml:6:10: lỗi: ảnh img_2031.svg: không có tệp nào đúng tên này, nhưng có content/products/dong-van/IMG_2031.SVG, khác ở chữ hoa, chữ thường; hãy ghi tên đúng y như tên tệp (có phải là "IMG_2031.SVG"?)`,
	`content/products/dong-van/tra.yaml:2:6: lỗi: thêm một dấu cách sau dấu hai chấm: viết "stars: 4", không viết "stars:4"`,
	`5 lỗi, 1 cảnh báo`,
}

var brokenEN = []string{
	`content/producers/ho-a.yaml:4:8: warning: phone 0912345678 is written without quotes, so YAML reads it as a number, and a program that saves the file again may drop its leading 0 or +; write it in quotes: phone: "0912345678"`,
	`content/products/dong-van/mat-ong.yaml:2:8: error: stars must be 3, 4 or 5, not 9 (5 stars is the highest rating)`,
	`content/products/dong-van/mat-ong.yaml:3:8: error: unknown group "food/tae" (did you mean "food/tea"?); groups are food/tea`,
	`content/products/dong-van/mat-ong.yaml:5:42: error: issued: "15/01/2025" is not a date written YYYY-MM-DD (year, month, day); write 2025-01-15`,
	`content/products/dong-van/mat-ong.yaml:6:10: error: image img_2031.svg: no file has this name, but content/products/dong-van/IMG_2031.SVG has it with other capital letters; write the name exactly as the file's (did you mean "IMG_2031.SVG"?)`,
	`content/products/dong-van/tra.yaml:2:6: error: add a space after the colon: write "stars: 4", not "stars:4"`,
	`5 errors, 1 warning`,
}

// noLocale runs the test as on a computer whose environment names no
// language (LANG=C, as on GitHub's runners): ocop speaks the site's first
// language.
func noLocale(t *testing.T) {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "C.UTF-8")
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// TestCheckLanguage: ocop check speaks the site's first language
// (Vietnamese) when nothing else says which; -lang en and an English
// environment make it English, and -lang wins over the environment. The
// codes and positions are the same in both.
func TestCheckLanguage(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, brokenSite)
	check := func(env string, args ...string) []string {
		t.Helper()
		noLocale(t)
		if env != "" {
			t.Setenv("LANG", env)
		}
		code, stdout, stderr := runOcop(t, append([]string{"check", "-site", dir, "-now", "2026-11-29"}, args...)...)
		if code != 1 || stderr != "" {
			t.Errorf("ocop check %q (LANG=%s): exit %d, stderr %q", args, env, code, stderr)
		}
		return lines(stdout)
	}
	for _, tc := range []struct {
		env  string
		args []string
		want []string
	}{
		{"", nil, brokenVI},
		{"", []string{"-lang", "vi"}, brokenVI},
		{"", []string{"-lang", "en"}, brokenEN},
		{"en_US.UTF-8", nil, brokenEN},
		{"vi_VN.UTF-8", nil, brokenVI},
		{"vi_VN.UTF-8", []string{"-lang", "en"}, brokenEN},
		{"en_GB.UTF-8", []string{"-lang", "vi"}, brokenVI},
	} {
		if got := check(tc.env, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("LANG=%s ocop check %q:\n%s\nwant:\n%s", tc.env, tc.args, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
		}
	}

	// JSON keeps its fields, severities and codes; the message is in the
	// chosen language.
	type item struct{ File, Severity, Code, Message string }
	for lang, want := range map[string][]string{"vi": brokenVI, "en": brokenEN} {
		var items []item
		out := check("", "-format", "json", "-lang", lang)
		if err := json.Unmarshal([]byte(strings.Join(out, "\n")), &items); err != nil {
			t.Fatal(err)
		}
		if len(items) != 6 || items[1].Code != "stars" || items[1].Severity != "error" || items[0].Severity != "warning" || items[0].Code != "phone" ||
			!strings.HasSuffix(want[1], items[1].Message) || !strings.Contains(strings.Join(out, "\n"), `"message": `) {
			t.Errorf("-format json -lang %s: %+v", lang, items)
		}
	}
	// GitHub annotations too: the title names the code, the text is in
	// the chosen language.
	got := check("", "-format", "github")
	if want := "/content/products/dong-van/mat-ong.yaml,line=2,col=8,title=ocop%3A stars::số sao (stars) phải là 3, 4 hoặc 5, không phải 9 (5 sao là hạng cao nhất)"; !strings.HasPrefix(got[1], "::error file=") || !strings.HasSuffix(got[1], want) {
		t.Errorf("-format github:\n%s\nwant\n%s", got[1], want)
	}
	if got := check("", "-format", "github", "-lang", "en"); !strings.HasSuffix(got[1], "title=ocop%3A stars::stars must be 3, 4 or 5, not 9 (5 stars is the highest rating)") {
		t.Errorf("-format github -lang en: %s", got[1])
	}

	// A -lang ocop does not speak is a mistake of usage, said in the
	// language ocop speaks without it.
	code, _, stderr := runOcop(t, "check", "-site", dir, "-lang", "fr")
	if code != 2 || stderr != "ocop check: -lang \"fr\": hãy dùng vi hoặc en\n" {
		t.Errorf("-lang fr: exit %d, %q", code, stderr)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	code, _, stderr = runOcop(t, "check", "-site", dir, "-lang", "fr")
	if code != 2 || stderr != "ocop check: -lang \"fr\": use vi or en\n" {
		t.Errorf("LANG=en_US.UTF-8, -lang fr: exit %d, %q", code, stderr)
	}
}

// TestUsageLanguage: the usage and the help of the flags are in the
// editor's language too, known before the flags are read (from -lang, the
// environment, or the site that -site names).
func TestUsageLanguage(t *testing.T) {
	noLocale(t)
	dir := t.TempDir()
	sitetest.Write(t, dir, checkSite)
	_, _, stderr := runOcop(t, "check", "-h", "-site", dir)
	for _, want := range []string{
		"cách dùng: ocop check [-site DIR] [-format text|json|github] [-now YYYY-MM-DD] [-cache DIR] [-lang vi|en]\n\nCác tùy chọn:\n",
		"  -lang ngôn ngữ\n    \tngôn ngữ của các thông báo: vi (tiếng Việt) hoặc en (tiếng Anh);",
		"  -site thư mục\n    \tthư mục của trang (mặc định \".\")\n",
		"  -format string\n    \tcách báo: text (chữ), json",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check -h lacks %q:\n%s", want, stderr)
		}
	}
	_, _, stderr = runOcop(t, "check", "-h", "-site", dir, "-lang=en")
	if !strings.Contains(stderr, "usage: ocop check") || !strings.Contains(stderr, "  -site folder\n    \tthe site's folder (default \".\")\n") {
		t.Errorf("check -h -lang=en:\n%s", stderr)
	}
	// With no site here, the environment's language.
	t.Setenv("LANG", "vi_VN.UTF-8")
	code, _, stderr := runOcop(t)
	if code != 2 || !strings.HasPrefix(stderr, "ocop tạo trang web tĩnh của danh mục sản phẩm OCOP đã được chứng nhận.\n\nCách dùng:") {
		t.Errorf("ocop: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runOcop(t, "chek")
	if code != 2 || !strings.HasPrefix(stderr, "ocop: không có lệnh \"chek\"\n\nocop tạo trang web") {
		t.Errorf("ocop chek: exit %d\n%s", code, stderr)
	}
}

// TestBuildLanguage: ocop build says its errors, its summary and the
// warnings it remembers (kept in the build's cache, said again when
// nothing changed) in the editor's language.
func TestBuildLanguage(t *testing.T) {
	noLocale(t)
	dir := t.TempDir()
	sitetest.Write(t, dir, brokenSite)
	code, stdout, stderr := runOcop(t, "build", "-site", dir, "-now", "2026-11-29")
	if code != 1 || stdout != "" || !slices.Equal(lines(stderr), append(stripSeverity(brokenVI[:6]), "ocop: 5 lỗi; chưa ghi ra tệp nào")) {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	code, _, stderr = runOcop(t, "build", "-site", dir, "-now", "2026-11-29", "-lang", "en")
	if code != 1 || !strings.HasSuffix(stderr, "\nocop: 5 errors; nothing was written\n") {
		t.Errorf("-lang en: exit %d, stderr:\n%s", code, stderr)
	}

	// Fixed but for the phone number: built, with one warning, which the
	// next build (nothing changed) says again from its cache.
	for _, f := range []string{"mat-ong.yaml", "tra.yaml", "IMG_2031.SVG"} {
		os.Remove(filepath.Join(dir, "content/products/dong-van", f))
	}
	summary := regexp.MustCompile(`^ocop: đã tạo .*public: 1 sản phẩm \(1 sản phẩm có giấy chứng nhận còn hiệu lực ngày 2026-11-29\); số trang: vi \d+, en \d+; (\d+ tệp|không có gì thay đổi từ lần tạo trước: thư mục kết quả giữ nguyên), [\d.]+ MB; 1 cảnh báo; mất \S+\n$`)
	warning := "content/producers/ho-a.yaml:4:8: " + strings.TrimPrefix(brokenVI[0], "content/producers/ho-a.yaml:4:8: ") + "\n"
	for i := range 2 {
		code, stdout, stderr = runOcop(t, "build", "-site", dir, "-now", "2026-11-29")
		if code != 0 || stderr != warning || !summary.MatchString(stdout) {
			t.Errorf("build %d: exit %d\nstdout %s\nstderr %s", i+1, code, stdout, stderr)
		}
		if i == 1 && !strings.Contains(stdout, "không có gì thay đổi") {
			t.Errorf("the second build did not replay the first: %s", stdout)
		}
	}
}

// stripSeverity writes check's lines as build writes them: "warning: "
// only before a warning's message, no "error: ".
func stripSeverity(ls []string) []string {
	var out []string
	for _, l := range ls {
		out = append(out, strings.Replace(l, ": lỗi: ", ": ", 1))
	}
	return out
}

// TestNewAndReportLanguage: ocop new and ocop report speak Vietnamese too.
func TestNewAndReportLanguage(t *testing.T) {
	noLocale(t)
	dir := t.TempDir()
	sitetest.Write(t, dir, reportSite)
	code, stdout, _ := runOcop(t, "new", "product", "dong-van/mat-ong", "-site", dir)
	if code != 0 || stdout != "đã tạo content/products/dong-van/mat-ong.yaml: hãy điền thông tin vào, rồi chạy ocop check\n" {
		t.Errorf("new: exit %d, %q", code, stdout)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "content/products/dong-van/mat-ong.yaml"))
	if !strings.Contains(string(data), "# Tên sản phẩm, như trên bao bì.") {
		t.Errorf("the skeleton's comments are not Vietnamese:\n%s", data)
	}
	code, _, stderr := runOcop(t, "new", "product", "dong-vann/x", "-site", dir)
	if code != 1 || stderr != `ocop new product: không có vùng "dong-vann" (có phải là "dong-van"?); các vùng là: dong-van`+"\n" {
		t.Errorf("new, a misspelt district: exit %d, %q", code, stderr)
	}
	code, _, stderr = runOcop(t, "new", "product", "dong-vann/x", "-site", dir, "-lang", "en")
	if code != 1 || stderr != `ocop new product: unknown district "dong-vann" (did you mean "dong-van"?); districts are dong-van`+"\n" {
		t.Errorf("new -lang en: exit %d, %q", code, stderr)
	}
	os.Remove(filepath.Join(dir, "content/products/dong-van/mat-ong.yaml"))

	code, stdout, stderr = runOcop(t, "report", "certificates", "-site", dir, "-now", "2026-11-29")
	if code != 0 || stderr != "" {
		t.Fatalf("report: exit %d, %q", code, stderr)
	}
	got := lines(stdout)
	for i, want := range []string{
		"hết hạn     tình trạng      còn ngày  sao  số quyết định  ngày ký     cơ quan ban hành  sản phẩm             vùng",
		"2023-01-10  !! đã hết hạn   -1419     3    9/QĐ-UBND      2020-01-10  UBND tỉnh         Rượu cũ              Đồng Văn",
		"2027-01-10  !  sắp hết hạn  42        5    7/QĐ-BNN       2024-01-10  Bộ NN và PTNT     Mật ong sắp hết hạn  Đồng Văn",
		"2028-01-15  còn hiệu lực    412       4    1/QĐ-UBND      2025-01-15  UBND tỉnh         Chè Lũng Cú          Đồng Văn",
		"",
		"3 giấy chứng nhận tính đến ngày 2026-11-29: 1 còn hiệu lực, 1 sắp hết hạn trong vòng 90 ngày, 1 đã hết hạn, 0 chưa có hiệu lực",
	} {
		if i >= len(got) || got[i] != want {
			t.Errorf("report line %d:\n%q\nwant\n%q", i, got[min(i, len(got)-1)], want)
		}
	}
	_, stdout, _ = runOcop(t, "report", "certificates", "-site", dir, "-now", "2026-11-29", "-expiring", "30")
	if stdout != "Không có giấy chứng nhận nào hết hạn trong vòng 30 ngày kể từ ngày 2026-11-29.\n" {
		t.Errorf("report -expiring 30: %q", stdout)
	}
	_, stdout, _ = runOcop(t, "report", "translations", "-site", dir)
	if !strings.HasPrefix(stdout, "ngôn ngữ        sản phẩm   chủ thể   câu chuyện\nvi (mặc định)   đủ 3/3") || !strings.Contains(stdout, "\nCòn thiếu ở ngôn ngữ en (3 tệp):\n") {
		t.Errorf("report translations:\n%s", stdout)
	}

	// A broken record: the others are reported, the errors are said in
	// Vietnamese, and the exit status says the report is incomplete.
	sitetest.Write(t, dir, "-- content/products/dong-van/hong.yaml --\nname: {vi: Hỏng}\nstars:4\n")
	code, stdout, stderr = runOcop(t, "report", "certificates", "-site", dir, "-now", "2026-11-29")
	wantErr := `content/products/dong-van/hong.yaml:2:6: lỗi: thêm một dấu cách sau dấu hai chấm: viết "stars: 4", không viết "stars:4"` + "\n" +
		"ocop report: 1 lỗi (ở trên); báo cáo chỉ gồm những gì đọc được; hãy chạy ocop check\n"
	if code != 1 || stderr != wantErr || !strings.Contains(stdout, "Chè Lũng Cú") {
		t.Errorf("report with a broken record: exit %d\nstderr %s\nstdout %s", code, stderr, stdout)
	}
}
