package load

import (
	"bytes"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	yaml "go.yaml.in/yaml/v4"
)

// The slips of editors who are not programmers, found where YAML's own
// messages would not say what to do: a missing space after a colon
// ("stars:3") or after a list item's dash ("-gift"), a quote never
// closed, curly quotes (“…”) written for quotes, a phone number that YAML
// reads as a number, a text that YAML tools take for true or false, a
// date written day first.

// colonRE matches a line that is a key, a colon and a value with no space
// between them: "stars:3", "  - file:anh.jpg". (A web address,
// "https://…", is not one.)
var colonRE = regexp.MustCompile(`^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.-]*):([^\s:/#][^#]*?|/[^/][^#]*?)\s*$`)

// dashRE matches a line that is a list item without a space after its
// dash: "-gift", "  -anh.jpg". ("---" and "-1" are not.)
var dashRE = regexp.MustCompile(`^(\s*)-([^\s\d-].*?)\s*$`)

// colonSlip reports whether line is "key:value" without the space after
// the colon; it returns where the colon is (its column, from 1), the key
// and the value.
func colonSlip(line string) (col int, key, value string, ok bool) {
	m := colonRE.FindStringSubmatch(line)
	if m == nil {
		return 0, "", "", false
	}
	return utf8.RuneCountInString(m[1]+m[2]) + 1, m[2], m[3], true
}

// dashSlip reports whether line is a list item without the space after
// its dash; it returns the dash's column and the item.
func dashSlip(line string) (col int, item string, ok bool) {
	m := dashRE.FindStringSubmatch(line)
	if m == nil {
		return 0, "", false
	}
	return utf8.RuneCountInString(m[1]) + 1, m[2], true
}

// lineOf returns line n (from 1) of data, without its end.
func lineOf(data []byte, n int) string {
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return strings.TrimRight(string(data), "\r")
}

// curlyQuotes reports whether s has the curly quotes that word processors
// and phones type, which YAML does not take for quotes.
func curlyQuotes(s string) bool { return strings.ContainsAny(s, "“”‘’") }

// slip reports the YAML error le in an editor's words when it comes of
// one of the slips above, at the line and column of the slip, and
// reports whether it did.
func (d *decoder) slip(le *yaml.LoadError, data []byte) bool {
	// The lines the slip may be on: where the parser stopped, where the
	// construct it was reading started, and the line before (a key
	// without its space reads as a text going on to the next line).
	var lines []int
	if le.ContextMark.Line > 0 {
		lines = append(lines, le.ContextMark.Line)
	}
	lines = append(lines, le.Mark.Line-1, le.Mark.Line)
	for _, n := range lines {
		if n < 1 {
			continue
		}
		line := lineOf(data, n)
		if col, key, value, ok := colonSlip(line); ok {
			d.diags.Errorf(diag.Pos{File: d.file, Line: n + d.lineOffset, Col: col}, "yaml-syntax",
				"add a space after the colon: write \"%s: %s\", not \"%s:%s\"", key, value, key, value)
			return true
		}
		if col, item, ok := dashSlip(line); ok {
			d.diags.Errorf(diag.Pos{File: d.file, Line: n + d.lineOffset, Col: col}, "yaml-syntax",
				"add a space after the dash of a list item: write \"- %s\", not \"-%s\"", item, item)
			return true
		}
	}
	// A quote opened and never closed: said where it opens.
	if strings.Contains(le.Message, "end of stream") && strings.Contains(le.ContextMsg, "quoted") && le.ContextMark.Line > 0 {
		q := charAt(data, le.ContextMark.Line, le.ContextMark.Column)
		if q == '"' || q == '\'' {
			d.diags.Errorf(diag.Pos{File: d.file, Line: le.ContextMark.Line + d.lineOffset, Col: le.ContextMark.Column}, "yaml-syntax",
				"YAML syntax: the quote %c that opens this text is never closed: end the text with the same mark (%c…%c)", q, q, q)
			return true
		}
	}
	return false
}

// plainSlips looks at a value written without quotes for the slips YAML
// reads without a word: curly quotes around a whole text, and a text that
// tools which write YAML (spreadsheets' exports, editors' plugins, the
// CMS) may turn into true or false.
func (d *decoder) plainSlips(n *yaml.Node, what any) {
	if n.Style != 0 || n.Kind != yaml.ScalarNode {
		return
	}
	v := strings.TrimSpace(n.Value)
	switch {
	case (strings.HasPrefix(v, "“") && strings.HasSuffix(v, "”") || strings.HasPrefix(v, "‘") && strings.HasSuffix(v, "’")) && utf8.RuneCountInString(v) > 1:
		d.warnf(n, "quotes", "%s is written between curly quotes (%s…%s), which YAML keeps as part of the text, and the pages show; to put a text in quotes, use straight ones: \"…\"",
			what, v[:len("“")], v[len(v)-len("”"):])
	case yesNo(v):
		d.warnf(n, "yes-no", "%s: %s without quotes may be read as true or false by programs that write YAML, and saved so; write it in quotes: \"%s\"", what, v, v)
	}
}

// yesNo reports whether s is a word that YAML 1.1, which many tools
// still follow, reads as true or false.
func yesNo(s string) bool {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false":
		return true
	}
	return false
}

// numberPhone warns of a phone number written without quotes that YAML
// reads as a number (0912345678, +84912345678): a tool that saves the
// file again writes the number, without its leading 0 or +.
func (d *decoder) numberPhone(n *yaml.Node, what any) {
	if n.Style == 0 && n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float") {
		d.warnf(n, "phone", "%s %s is written without quotes, so YAML reads it as a number, and a program that saves the file again may drop its leading 0 or +; write it in quotes: %s: \"%s\"",
			what, n.Value, what, n.Value)
	}
}

// listSlip reports a list item written without the space after its dash,
// which YAML reads as a text going on from the line before ("tags:\n
// -gift\n  - organic" is the text "-gift - organic").
func (d *decoder) listSlip(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Style != 0 {
		return false
	}
	if _, item, ok := dashSlip(n.Value); ok {
		if i := strings.Index(item, " - "); i >= 0 {
			item = item[:i]
		}
		d.errorf(n, "yaml-syntax", "add a space after the dash of a list item: write \"- %s\", not \"-%s\"", item, item)
		return true
	}
	return false
}

// isEmpty reports whether n is a value left empty: nothing, or a text of
// spaces only ("", "  "). In a field that is not required, it means that
// the field is not given.
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && (isNull(n) || n.Tag == "!!str" && strings.TrimSpace(n.Value) == "")
}

// dateSlip returns s written YYYY-MM-DD when it is a date written
// otherwise: day first (21/03/2025, 21-03-2025, 21.03.2025, as Vietnamese
// writes dates) or without leading zeros (2025-3-21); "" when it is not.
func dateSlip(s string) string {
	for _, layout := range []string{"2/1/2006", "2-1-2006", "2.1.2006", "2006-1-2", "2006/1/2", "2006.1.2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}
