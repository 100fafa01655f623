package diag

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

type stringer struct{}

func (stringer) String() string { return "a stringer" }

// TestMsgEnglish: a message prints in English exactly as fmt.Sprintf
// prints its format and arguments, whatever their types.
func TestMsgEnglish(t *testing.T) {
	for _, tc := range []struct {
		format string
		args   []any
	}{
		{"%s is %d", []any{"stars", 9}},
		{"must not have %q; write it as %%%02X", []any{byte('"'), byte('"')}},
		{"the quote %c opens (%c…%c)", []any{'\'', '\'', '\''}},
		{"%.1f MB in %s", []any{3.14159, 1500 * time.Millisecond}},
		{"cannot read: %v", []any{errors.New("permission denied")}},
		{"%s and %q", []any{stringer{}, stringer{}}},
		{"%v %t %d %x", []any{true, false, int64(-3), uint16(255)}},
		{"%[2]s then %[1]s", []any{"first", "second"}},
		{"no verbs", nil},
		{"100%% sure", nil},
	} {
		want := fmt.Sprintf(tc.format, tc.args...)
		if got := M(tc.format, tc.args...).String(); got != want {
			t.Errorf("M(%q).String() = %q, want %q", tc.format, got, want)
		}
		var l List
		l.Errorf(Pos{File: "a"}, "x", tc.format, tc.args...)
		if l[0].Message != want || l[0].Text("en") != want {
			t.Errorf("Errorf(%q): Message %q, Text(en) %q, want %q", tc.format, l[0].Message, l[0].Text("en"), want)
		}
	}
	// A nested message prints as its English text, with any verb.
	inner := M(" (did you mean %q?)", "group")
	if got := M("unknown key %q%s / %v / %q", "gruop", inner, inner, inner).String(); got != `unknown key "gruop" (did you mean "group"?) /  (did you mean "group"?) / " (did you mean \"group\"?)"` {
		t.Errorf("nested: %q", got)
	}
	if got := (Msg{}).String(); got != "" || !(Msg{}).IsZero() {
		t.Errorf("the zero Msg prints %q", got)
	}
}

// TestPrinterVietnamese: the Vietnamese printer translates the format and
// the messages among its arguments; codes, positions and the values
// stay as they are; a format the catalogue lacks prints in English.
func TestPrinterVietnamese(t *testing.T) {
	vi := NewPrinter("vi")
	if vi.Lang() != "vi" || NewPrinter("fr").Lang() != "en" || (Printer{}).Lang() != "en" {
		t.Errorf("languages: %q %q %q", vi.Lang(), NewPrinter("fr").Lang(), (Printer{}).Lang())
	}
	var l List
	l.Errorf(Pos{File: "content/products/dong-van/che.yaml", Line: 3, Col: 8}, "unknown-group", "unknown group %q%s; groups are %s",
		"food/tae", DidYouMean("food/tae", []string{"food/tea"}), "food/tea")
	l.Warnf(Pos{File: "content/producers/htx.yaml", Line: 4, Col: 8}, "phone", "no translation for %s", "this")
	d, w := l[0], l[1]
	for _, tc := range []struct{ got, want string }{
		{vi.Text(d), `không có nhóm "food/tae" (có phải là "food/tea"?); các nhóm là: food/tea`},
		{vi.WithSeverity(d), `content/products/dong-van/che.yaml:3:8: lỗi: không có nhóm "food/tae" (có phải là "food/tea"?); các nhóm là: food/tea`},
		{vi.String(d), `content/products/dong-van/che.yaml:3:8: không có nhóm "food/tae" (có phải là "food/tea"?); các nhóm là: food/tea`},
		{vi.String(w), `content/producers/htx.yaml:4:8: cảnh báo: no translation for this`},
		{d.Text("en"), `unknown group "food/tae" (did you mean "food/tea"?); groups are food/tea`},
		{NewPrinter("en").WithSeverity(d), `content/products/dong-van/che.yaml:3:8: error: unknown group "food/tae" (did you mean "food/tea"?); groups are food/tea`},
		// Indexed verbs put the values in Vietnamese order.
		{vi.Sprintf("decision %s is dated %s here but %s in %s; one decision has one date", "5/QĐ", "2025-01-02", "2025-01-03", "a.yaml"),
			"quyết định 5/QĐ ở đây ghi ngày 2025-01-02, nhưng ở a.yaml lại ghi ngày 2025-01-03; một quyết định chỉ có một ngày ký"},
		{vi.Msg(And("a", "b", "c")), "a và b và c"},
		{And("a", "b", "c").String(), "a and b and c"},
		{vi.Msg(Plural(1, "%d error", "%d errors")) + ", " + vi.Msg(Plural(2, "%d warning", "%d warnings")), "1 lỗi, 2 cảnh báo"},
		{Plural(1, "%d error", "%d errors").String() + ", " + Plural(2, "%d warning", "%d warnings").String(), "1 error, 2 warnings"},
		// A diagnostic made with its message alone prints it in every language.
		{vi.WithSeverity(Diagnostic{Severity: Error, Message: "template: x"}), "lỗi: template: x"},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %s\nwant %s", tc.got, tc.want)
		}
	}
	// An error that is a message is translated as an argument too.
	var err error = M("%q is not a real date", "2025-02-30")
	if got := vi.Sprintf("%s: %v", "issued", err); got != `issued: "2025-02-30" không phải là một ngày có thật` {
		t.Errorf("error argument: %q", got)
	}
}

// TestMsgGob: diagnostics kept in the build's cache (encoding/gob) and
// read again print the same in every language; so do they through JSON.
func TestMsgGob(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a.yaml", Line: 2, Col: 8}, "image", "image %s%s%s", "anh.jpg",
		M(" is %s image, not %s; rename it to end in .%s", M("a %s", "PNG"), "JPEG", "png"), Msg{})
	l.Warnf(Pos{File: "b.yaml"}, "x", "photo %s is only %d×%d pixels; buyers will see it blurred (send one at least %d pixels on its longer side)", "a.jpg", 300, 200, 480)
	l = append(l, Diagnostic{Severity: Error, Code: "template", Message: "a template's own words"})
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(l); err != nil {
		t.Fatal(err)
	}
	var back List
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON List
	if err := json.Unmarshal(data, &fromJSON); err != nil {
		t.Fatal(err)
	}
	for i := range l {
		for _, lang := range Languages {
			want := NewPrinter(lang).WithSeverity(l[i])
			if got := NewPrinter(lang).WithSeverity(back[i]); got != want {
				t.Errorf("%s after gob: %q, want %q", lang, got, want)
			}
			if got := NewPrinter(lang).WithSeverity(fromJSON[i]); got != want {
				t.Errorf("%s after JSON: %q, want %q", lang, got, want)
			}
		}
	}
	if got := NewPrinter("vi").Text(back[0]); got != "ảnh anh.jpg là ảnh PNG, không phải JPEG; hãy đổi tên cho có đuôi .png" {
		t.Errorf("nested after gob: %q", got)
	}
}

func TestParsePO(t *testing.T) {
	entries, err := ParsePO([]byte("# comment\nmsgid \"\"\nmsgstr \"\"\n\"Language: vi\\n\"\n\n#: a.go\nmsgid \"a \\\"b\\\"\"\n\"c\"\nmsgstr \"x\"\n\"y\"\n"))
	if err != nil || len(entries) != 1 || entries[0].ID != `a "b"c` || entries[0].Str != "xy" || entries[0].Line != 7 {
		t.Errorf("entries %+v, %v", entries, err)
	}
	for _, bad := range []string{
		"msgid \"a\"\nmsgstr \"x\"\n\nmsgid \"a\"\nmsgstr \"y\"\n", // twice
		"msgstr \"x\"\n",                             // no msgid
		"msgid \"a\nmsgstr \"x\"\n",                  // a quote never closed
		"msgid \"a\"\nmsgid_plural \"b\"\n",          // plural forms
		"#~ msgid \"a\"\n",                           // obsolete
		"msgid \"a\"\nmsgstr \"x\\q\"\n",             // a bad escape
		"msgid \"a\"\nmsgstr \"x\"\n\"y\n",           // a continuation never closed
		"\"x\"\n",                                    // a string outside an entry
		"msgctxt \"c\"\nmsgid \"a\"\nmsgstr \"x\"\n", // contexts
	} {
		if _, err := ParsePO([]byte(bad)); err == nil {
			t.Errorf("ParsePO(%q) accepted it", bad)
		}
	}
	// The embedded catalogue reads, and the quoting round-trips.
	if _, err := ParsePO(CatalogueSource("vi")); err != nil {
		t.Error(err)
	}
	for _, s := range []string{`a "b" \ c`, "line\nbreak\ttab", "“ ” …"} {
		e, err := ParsePO([]byte("msgid " + QuotePO(s) + "\nmsgstr " + QuotePO(s) + "\n"))
		if err != nil || len(e) != 1 || e[0].ID != s || e[0].Str != s {
			t.Errorf("QuotePO(%q): %+v %v", s, e, err)
		}
	}
	if !strings.Contains(string(CatalogueSource("vi")), "msgid") || CatalogueSource("en") != nil {
		t.Error("CatalogueSource")
	}
}
