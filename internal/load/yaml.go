package load

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/markdown"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	yaml "go.yaml.in/yaml/v4"
)

// decoder turns the YAML nodes of one file into values, reporting every
// problem at its position. It never stops at the first problem: a field
// that cannot be read is reported and left at its zero value.
type decoder struct {
	file  string
	diags *diag.List
	// lineOffset is added to YAML line numbers: the front matter of a story
	// starts on the file's second line.
	lineOffset int
	// langs are the site's language codes. Nil while site.yaml's
	// languages are unknown.
	langs []string
	// plainLang is the language of a plain string in a text field: the
	// default language (0), or a story file's own language.
	plainLang int
	// html is site.yaml's markdown.html: raw HTML in Markdown texts is
	// shown, cleaned.
	html bool
	// md checks Markdown texts: the loader's, or, when nil (ReadConfig,
	// tests), one made when first needed.
	md *markdown.Checker
	// src is the text parsed, to find a position inside a value, and
	// lines its lines, split when first needed.
	src   []byte
	lines [][]byte
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.lineOffset, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, code, format string, args ...any) {
	d.diags.Errorf(d.pos(n), code, format, args...)
}

func (d *decoder) warnf(n *yaml.Node, code, format string, args ...any) {
	d.diags.Warnf(d.pos(n), code, format, args...)
}

// The decoder's functions take what a value is, for messages ("what"):
// a field's key, a string the same in every language ("stars",
// "certificate.issued"), or a diag.Msg, translated ("a product").

// sub names the part key of what: "name.vi".
func sub(what any, key string) any {
	if s, ok := what.(string); ok {
		return s + "." + key
	}
	return diag.M("%s.%s", what, key)
}

// parse parses data as a single YAML document and returns its root node, or
// nil after reporting why it cannot.
func (d *decoder) parse(data []byte) *yaml.Node {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if utf16Text(data) {
		d.diags.Errorf(diag.Pos{File: d.file, Line: 1 + d.lineOffset, Col: 1}, "encoding", utf16Message)
		return nil
	}
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		d.diags.Errorf(diag.Pos{File: d.file, Line: line + d.lineOffset, Col: col}, "encoding", notUTF8Message)
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := lineCol(data, i)
		d.diags.Errorf(diag.Pos{File: d.file, Line: line + d.lineOffset, Col: col}, "encoding",
			"the file contains a NUL byte; it is not a text file")
		return nil
	}
	d.src, d.lines = data, nil
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
		}
		d.yamlError(err, data)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.errorf(&extra, "yaml-syntax", "a second YAML document starts here; a record is one document (remove the \"---\" line)")
		return nil
	} else if !errors.Is(err, io.EOF) {
		d.yamlError(err, data)
		return nil
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		root := doc.Content[0]
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return &yaml.Node{Kind: yaml.MappingNode, Line: root.Line, Column: root.Column}
		}
		return root
	}
	return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
}

// The messages of a file that is not UTF-8 text: saved as UTF-16 (what
// Notepad once called "Unicode"), or in an older encoding such as
// Windows-1258 or TCVN3.
const (
	utf16Message   = "the file is saved as UTF-16 (\"Unicode\"); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8"
	notUTF8Message = "the file is not UTF-8 text (it may be saved in an older Vietnamese encoding, such as Windows-1258 or TCVN3); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8"
)

// utf16Text reports whether data is text saved as UTF-16: it starts with
// UTF-16's byte-order mark, or every other byte of its start is 0.
func utf16Text(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return true
	}
	if len(data) < 4 {
		return false
	}
	return data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0 ||
		data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0
}

// yamlError reports a syntax error from the YAML parser at its position;
// data is the text parsed, to look at the character the error is at. The
// mistakes that editors make most are said in their words, at the line
// they are on: a missing space after a colon ("stars:3") or after the
// dash of a list item ("-gift"), a quote never closed, curly quotes
// (“…”) taken for quotes.
func (d *decoder) yamlError(err error, data []byte) {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		if d.slip(le, data) {
			return
		}
		at := charAt(data, le.Mark.Line, le.Mark.Column)
		var context diag.Msg
		if le.ContextMsg != "" && le.ContextMark.Line > 0 && le.ContextMark != le.Mark {
			context = diag.M(" (%s at line %d, column %d)", yamlMessage(le.ContextMsg), le.ContextMark.Line+d.lineOffset, le.ContextMark.Column)
		}
		hint := yamlHint(le.Message, le.ContextMsg, at)
		if curlyQuotes(lineOf(data, le.Mark.Line)) || le.ContextMark.Line > 0 && curlyQuotes(lineOf(data, le.ContextMark.Line)) {
			hint = diag.M(" (“ and ” are not quotes for YAML: to put a text in quotes, use straight ones, \"…\")")
		}
		d.diags.Errorf(diag.Pos{File: d.file, Line: le.Mark.Line + d.lineOffset, Col: le.Mark.Column},
			"yaml-syntax", "YAML syntax: %s%s%s", yamlMessage(le.Message), hint, context)
		return
	}
	var les *yaml.LoadErrors
	if errors.As(err, &les) {
		for _, e := range les.Errors {
			d.yamlError(e, data)
		}
		return
	}
	d.diags.Errorf(diag.Pos{File: d.file, Line: 1 + d.lineOffset, Col: 1}, "yaml-syntax", "YAML: %v", err)
}

// charAt returns the first byte of the character at line and col (both
// from 1, col in characters) of data, or 0. (The parser's Index counts
// characters, not bytes.)
func charAt(data []byte, line, col int) byte {
	if line < 1 || col < 1 {
		return 0
	}
	for ; line > 1; line-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 0
		}
		data = data[i+1:]
	}
	for ; col > 1 && len(data) > 0 && data[0] != '\n'; col-- {
		_, size := utf8.DecodeRune(data)
		data = data[size:]
	}
	if col > 1 || len(data) == 0 {
		return 0
	}
	return data[0]
}

// yamlHint says, in an editor's words, what usually causes a YAML error;
// at is the character the parser stopped at.
func yamlHint(msg, context string, at byte) diag.Msg {
	switch {
	case strings.Contains(msg, "tab character") || at == '\t':
		return diag.M(" (a tab? YAML indents with spaces only: replace the tab with spaces)")
	case strings.Contains(msg, "cannot start any token"):
		return diag.M(" (a text starting with @ or `? put it in quotes)")
	case strings.Contains(msg, "mapping values are not allowed"):
		return diag.M(" (a colon and a space inside a text? put the text in quotes; or a line indented more than the one above it?)")
	case strings.Contains(msg, "did not find expected key"):
		return diag.M(" (is this line indented like the ones above it? or does a text start with a quote and go on after it? put the whole text in quotes)")
	case strings.Contains(msg, "did not find expected '-' indicator"):
		return diag.M(" (a list item without its \"- \", or a line indented differently from the items above?)")
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return diag.M(" (a list opened with [ and not closed with ]? a text with a comma in it? put the text in quotes)")
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		return diag.M(" (a {…} opened and not closed with }? a text with a comma in it? put the text in quotes)")
	case strings.Contains(msg, "found unexpected end of stream") && strings.Contains(context, "quoted"):
		return diag.M(" (a quote opened and never closed?)")
	case strings.Contains(msg, "unknown anchor") || strings.Contains(context, "alias") || strings.Contains(context, "anchor"):
		return diag.M(" (a text starting with * or &? put it in quotes)")
	case strings.Contains(msg, "exceeded max depth"):
		return diag.M(" (lists or mappings inside each other, deeper than any record needs)")
	}
	return diag.Msg{}
}

// yamlMessage returns a message of the YAML parser as a message to
// translate, when it is one of those editors meet; others stay as the
// parser says them.
func yamlMessage(s string) any {
	if m, ok := yamlMessages[s]; ok {
		return m
	}
	return s
}

// yamlMessages are the YAML parser's messages that editors meet.
var yamlMessages = map[string]diag.Msg{
	"mapping values are not allowed in this context":               diag.M("mapping values are not allowed in this context"),
	"found character that cannot start any token":                  diag.M("found character that cannot start any token"),
	"did not find expected key":                                    diag.M("did not find expected key"),
	"did not find expected '-' indicator":                          diag.M("did not find expected '-' indicator"),
	"did not find expected ',' or ']'":                             diag.M("did not find expected ',' or ']'"),
	"did not find expected ',' or '}'":                             diag.M("did not find expected ',' or '}'"),
	"found unexpected end of stream":                               diag.M("found unexpected end of stream"),
	"did not find expected alphabetic or numeric character":        diag.M("did not find expected alphabetic or numeric character"),
	"could not find expected ':'":                                  diag.M("could not find expected ':'"),
	"did not find expected node content":                           diag.M("did not find expected node content"),
	"found a tab character that violates indentation":              diag.M("found a tab character that violates indentation"),
	"found a tab character where an indentation space is expected": diag.M("found a tab character where an indentation space is expected"),
	"block sequence entries are not allowed in this context":       diag.M("block sequence entries are not allowed in this context"),
	"found unknown escape character":                               diag.M("found unknown escape character"),
	"found unexpected ':'":                                         diag.M("found unexpected ':'"),
	"while parsing a block mapping":                                diag.M("while parsing a block mapping"),
	"while parsing a block collection":                             diag.M("while parsing a block collection"),
	"while parsing a flow sequence":                                diag.M("while parsing a flow sequence"),
	"while parsing a flow mapping":                                 diag.M("while parsing a flow mapping"),
	"while scanning a quoted scalar":                               diag.M("while scanning a quoted scalar"),
	"while scanning a simple key":                                  diag.M("while scanning a simple key"),
	"while scanning an alias":                                      diag.M("while scanning an alias"),
	"while scanning an anchor":                                     diag.M("while scanning an anchor"),
	"while scanning a plain scalar":                                diag.M("while scanning a plain scalar"),
	"while scanning a block scalar":                                diag.M("while scanning a block scalar"),
	"while parsing a block node":                                   diag.M("while parsing a block node"),
	"while parsing a flow node":                                    diag.M("while parsing a flow node"),
}

// field describes one key of a mapping.
type field struct {
	name     string
	required bool
	decode   func(key, value *yaml.Node)
}

// mapping checks that n is a mapping whose keys are all among fields, each
// once, and that the required ones are present; then it decodes each value
// in the order of the file. what names the mapping in messages.
func (d *decoder) mapping(n *yaml.Node, what any, fields []field) bool {
	if !d.noAlias(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		if n.Kind == yaml.ScalarNode && n.Style == 0 {
			if _, key, value, ok := colonSlip(n.Value); ok {
				d.errorf(n, "yaml-syntax", "add a space after the colon: write \"%s: %s\", not \"%s:%s\"", key, value, key, value)
				return false
			}
		}
		d.errorf(n, "type", "%s must be a mapping of keys to values, not %s", what, describe(n))
		return false
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.noAlias(k) {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "type", "a key in %s must be a plain name", what)
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate-key", "%q is given twice in %s (first at line %d); keep only one", k.Value, what, prev.Line+d.lineOffset)
			continue
		}
		seen[k.Value] = k
		if !d.noAlias(v) {
			continue
		}
		f := lookupField(fields, k.Value)
		if f == nil {
			names := make([]string, len(fields))
			for i, f := range fields {
				names[i] = f.name
			}
			hint := diag.DidYouMean(k.Value, names)
			if _, key, value, ok := colonSlip(k.Value); ok && lookupField(fields, key) != nil {
				hint = diag.M(" (add a space after the colon: %s: %s)", key, value)
			} else if hint.IsZero() {
				hint = diag.M("; known keys: %s", strings.Join(names, ", "))
			}
			d.errorf(k, "unknown-key", "unknown key %q in %s%s", k.Value, what, hint)
			continue
		}
		if !f.required && isEmpty(v) {
			continue // a field left empty is not given
		}
		if f.decode != nil {
			f.decode(k, v)
		}
	}
	for _, f := range fields {
		if f.required && seen[f.name] == nil {
			d.errorf(n, "missing-field", "%s has no %q; it is required", what, f.name)
		}
	}
	return true
}

func lookupField(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

// noAlias reports an alias node as an error: records are small and plain,
// and refusing aliases rules out exponential "billion laughs" documents.
func (d *decoder) noAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		d.errorf(n, "yaml-alias", "YAML aliases (*%s) are not supported; write the value out", n.Value)
		return false
	}
	return true
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// describe names a node's kind for messages.
func describe(n *yaml.Node) diag.Msg {
	switch n.Kind {
	case yaml.MappingNode:
		return diag.M("a mapping")
	case yaml.SequenceNode:
		return diag.M("a list")
	case yaml.ScalarNode:
		if isNull(n) {
			return diag.M("empty")
		}
		return diag.M("%q", n.Value)
	}
	return diag.M("that")
}

// str decodes a scalar as a string in NFC form; what names the field.
// An empty value gives "" and false.
func (d *decoder) str(n *yaml.Node, what any) (string, bool) {
	if !d.noAlias(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "type", "%s must be text, not %s", what, describe(n))
		return "", false
	}
	if isNull(n) {
		return "", false
	}
	d.invisible(n, what)
	if n.Style == 0 && strings.HasPrefix(n.LineComment, "#") && len(n.LineComment) > 1 && n.LineComment[1] != ' ' {
		// "Mật ong loại #1": YAML takes " #" as the start of a comment.
		d.diags.Warnf(d.pos(n), "comment", "%s stops at \" %s\": YAML takes \" #\" as the start of a comment; put the text in quotes to keep it whole",
			what, n.LineComment)
	}
	return d.nfc(n, strings.TrimSpace(n.Value)), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// invisible reports the first invisible character in n's value that
// changes how it shows: a bidirectional control is an error (it can make
// a name show in another order than it is written), a zero-width or
// control character a warning. Zero-width joiners, which emoji and some
// scripts need, and soft hyphens are left alone.
func (d *decoder) invisible(n *yaml.Node, what any) {
	i, r := firstInvisible(n.Value)
	if i < 0 {
		return
	}
	if _, bidi := vntext.Invisible(r); bidi {
		d.diags.Errorf(d.at(n, i), "invisible", "%s has an invisible bidirectional control character (%s), which can make the text show in another order than it is written; delete it",
			what, vntext.CharName(r))
	} else {
		d.diags.Warnf(d.at(n, i), "invisible", "%s has an invisible character (%s), perhaps copied with the text; delete it",
			what, vntext.CharName(r))
	}
}

// firstInvisible returns the index of the first invisible character in s
// worth a word (vntext.Invisible), and the character; -1 when there is
// none. Line breaks, tabs, zero-width joiners (which emoji and some
// scripts need) and soft hyphens are not.
func firstInvisible(s string) (int, rune) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= ' ' && c < 0x7f || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0xa0 && r < 0x600 && r != 0xad || r >= 0x1e00 && r < 0x2000 || r >= 0x3000 && r < 0xfe00 {
			continue // the letters of Vietnamese and Chinese, quickly
		}
		if inv, _ := vntext.Invisible(r); inv && r != '\u200c' && r != '\u200d' && r != '\u00ad' {
			return i - size, r
		}
	}
	return -1, 0
}

// at returns the position of byte off of n's value in the file where the
// file writes the value as it is (on one line, plain or quoted, or as a
// literal block, "|"), and n's own position elsewhere.
func (d *decoder) at(n *yaml.Node, off int) diag.Pos {
	pos := d.pos(n)
	if off < 0 || off > len(n.Value) || n.Line < 1 {
		return pos
	}
	if d.lines == nil {
		d.lines = bytes.Split(d.src, []byte("\n"))
	}
	lines := d.lines
	exact := func(line int, start int, before string) diag.Pos {
		if line >= len(lines) || start > len(lines[line]) || !bytes.HasPrefix(lines[line][start:], []byte(before)) {
			return pos
		}
		return diag.Pos{File: d.file, Line: line + 1 + d.lineOffset, Col: utf8.RuneCount(lines[line][:start]) + utf8.RuneCountInString(before) + 1}
	}
	switch n.Style {
	case yaml.LiteralStyle:
		// The block's lines are the file's, under its first line's indentation.
		indent := -1
		for _, l := range lines[min(n.Line, len(lines)):] {
			if t := bytes.TrimLeft(l, " "); len(bytes.TrimSpace(t)) > 0 {
				indent = len(l) - len(t)
				break
			}
		}
		if indent < 0 {
			return pos
		}
		lineStart := strings.LastIndexByte(n.Value[:off], '\n') + 1
		return exact(n.Line+strings.Count(n.Value[:off], "\n"), indent, n.Value[lineStart:off])
	case 0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		if n.Line > len(lines) {
			return pos
		}
		line := lines[n.Line-1]
		start, col := 0, 1
		for start < len(line) && col < n.Column {
			_, size := utf8.DecodeRune(line[start:])
			start += size
			col++
		}
		if n.Style == 0 {
			if strings.Contains(n.Value, "\n") {
				return pos // folded over lines
			}
			return exact(n.Line-1, start, n.Value[:off])
		}
		// In quotes: read the line after the opening quote as the parser
		// does, escapes and all, up to byte off of the value.
		i, v := start+1, 0
		col++
		for v < off {
			if i >= len(line) {
				return pos // folded over lines
			}
			c := line[i]
			switch {
			case n.Style == yaml.SingleQuotedStyle && c == '\'':
				if i+1 >= len(line) || line[i+1] != '\'' {
					return pos
				}
				v, i, col = v+1, i+2, col+2
			case n.Style == yaml.DoubleQuotedStyle && c == '"':
				return pos
			case n.Style == yaml.DoubleQuotedStyle && c == '\\':
				width, size := yamlEscape(line[i+1:])
				if size == 0 {
					return pos
				}
				v, i, col = v+width, i+1+size, col+1+size
			default:
				_, size := utf8.DecodeRune(line[i:])
				v, i, col = v+size, i+size, col+1
			}
		}
		if v != off {
			return pos
		}
		return diag.Pos{File: d.file, Line: n.Line + d.lineOffset, Col: col}
	}
	return pos
}

// yamlEscape reads the escape after a backslash in a double-quoted YAML
// string: it returns the number of bytes it stands for, and the number of
// bytes it takes (0 for one this does not know, or a line break).
func yamlEscape(b []byte) (width, size int) {
	if len(b) == 0 {
		return 0, 0
	}
	digits := 0
	switch b[0] {
	case '0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\':
		return 1, 1
	case 'N', '_':
		return 2, 1
	case 'L', 'P':
		return 3, 1
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return 0, 0
	}
	if len(b) < 1+digits {
		return 0, 0
	}
	r, err := strconv.ParseUint(string(b[1:1+digits]), 16, 32)
	if err != nil || utf8.RuneLen(rune(r)) < 0 {
		return 0, 0
	}
	return utf8.RuneLen(rune(r)), 1 + digits
}

// markdown decodes a text field written in Markdown, and reports what in
// each language's text would not be shown as written (markdown.Check):
// links to addresses that are not allowed, raw HTML, texts too long or
// too deeply nested.
func (d *decoder) markdown(n *yaml.Node, what any) Text {
	t := d.text(n, what)
	if len(d.langs) == 0 {
		return t
	}
	check := func(v *yaml.Node, what any) {
		if v.Kind != yaml.ScalarNode || isNull(v) {
			return
		}
		for _, p := range d.markdownChecker().Check(v.Value, d.html) {
			if p.Warning {
				d.diags.Warnf(d.at(v, p.Offset), p.Code, "%s: %s", what, p.Message)
			} else {
				d.diags.Errorf(d.at(v, p.Offset), p.Code, "%s: %s", what, p.Message)
			}
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		check(n, what)
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; indexOf(d.langs, k.Value) >= 0 {
				check(n.Content[i+1], sub(what, k.Value))
			}
		}
	}
	return t
}

// nfc returns s in NFC form, warning when the editor typed it otherwise.
func (d *decoder) nfc(n *yaml.Node, s string) string {
	if vntext.IsNFC(s) {
		return s
	}
	d.diags.Warnf(d.pos(n), "nfc", "text is not in Unicode NFC form (letters typed with combining marks); it is normalised")
	return vntext.NFC(s)
}

// requiredStr is str for a field that must not be empty.
func (d *decoder) requiredStr(n *yaml.Node, what any) string {
	s, _ := d.str(n, what)
	if s == "" && n.Kind == yaml.ScalarNode {
		d.errorf(n, "missing-field", "%s is empty", what) // "", "  " or nothing
	}
	return s
}

// text decodes a field given per language: a mapping of language codes to
// text, or a plain string that is the default language's text.
func (d *decoder) text(n *yaml.Node, what any) Text {
	t := Text{Pos: d.pos(n), Values: make([]string, len(d.langs))}
	if !d.noAlias(n) || len(d.langs) == 0 {
		return t
	}
	switch n.Kind {
	case yaml.ScalarNode:
		d.plainSlips(n, what)
		if s, ok := d.str(n, what); ok {
			t.Values[d.plainLang] = s
		}
	case yaml.MappingNode:
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !d.noAlias(k) || !d.noAlias(v) {
				continue
			}
			li := indexOf(d.langs, k.Value)
			if li < 0 {
				hint := diag.DidYouMean(k.Value, d.langs)
				if hint.IsZero() && (strings.ContainsAny(k.Value, " ") || !isASCII(k.Value)) {
					hint = diag.M(" (a comma inside a text in {…}? put the text in quotes)")
				}
				d.errorf(k, "unknown-language", "%q in %s is not one of the site's languages (%s)%s",
					k.Value, what, strings.Join(d.langs, ", "), hint)
				continue
			}
			if line, dup := seen[k.Value]; dup {
				d.errorf(k, "duplicate-key", "%q is given twice in %s (first at line %d); keep only one", k.Value, what, line+d.lineOffset)
				continue
			}
			seen[k.Value] = k.Line
			d.plainSlips(v, sub(what, k.Value))
			if s, ok := d.str(v, sub(what, k.Value)); ok {
				t.Values[li] = s
			}
		}
	default:
		d.errorf(n, "type", "%s must be text or a mapping of languages to text (%s: …), not %s",
			what, strings.Join(d.langs, ": …, "), describe(n))
	}
	return t
}

// requiredText is text for a field that must have the default language's text.
func (d *decoder) requiredText(n *yaml.Node, what any) Text {
	t := d.text(n, what)
	if t.Values != nil && t.Values[0] == "" && (n.Kind == yaml.ScalarNode || n.Kind == yaml.MappingNode) {
		d.errorf(n, "missing-translation", "%s has no text in %s, the site's default language", what, d.langs[0])
	}
	return t
}

// integer decodes a whole number.
func (d *decoder) integer(n *yaml.Node, what any) (int64, bool) {
	if n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode {
		d.errorf(n, "type", "%s must be a whole number, not %s", what, describe(n))
		return 0, false
	}
	s, ok := d.str(n, what)
	if !ok {
		if isNull(n) {
			d.errorf(n, "missing-field", "%s is empty", what)
		}
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		d.errorf(n, "type", "%s must be a whole number, not %q", what, s)
		return 0, false
	}
	return v, true
}

// date decodes a calendar date written YYYY-MM-DD.
func (d *decoder) date(n *yaml.Node, what any) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode {
		d.errorf(n, "type", "%s must be a date written YYYY-MM-DD, not %s", what, describe(n))
		return time.Time{}, false
	}
	s, ok := d.str(n, what)
	if !ok {
		if isNull(n) {
			d.errorf(n, "missing-field", "%s is empty", what)
		}
		return time.Time{}, false
	}
	t, err := ParseDate(s)
	if err != nil {
		d.errorf(n, "date", "%s: %v", what, err)
		return time.Time{}, false
	}
	return t, true
}

// ParseDate parses a date written YYYY-MM-DD, refusing dates that do not
// exist (2023-02-30).
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if fixed := dateSlip(s); fixed != "" {
			return time.Time{}, diag.M("%q is not a date written YYYY-MM-DD (year, month, day); write %s", s, fixed)
		}
		if len(s) == len(time.DateOnly) && s[4] == '-' && s[7] == '-' {
			return time.Time{}, diag.M("%q is not a real date", s)
		}
		return time.Time{}, diag.M("%q is not a date written YYYY-MM-DD", s)
	}
	return t, nil
}

// boolean decodes true or false.
func (d *decoder) boolean(n *yaml.Node, what any) bool {
	if n.Kind != yaml.ScalarNode && n.Kind != yaml.AliasNode {
		d.errorf(n, "type", "%s must be true or false, not %s", what, describe(n))
		return false
	}
	s, ok := d.str(n, what)
	if !ok {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "yes":
		return true
	case "false", "no":
		return false
	}
	d.errorf(n, "type", "%s must be true or false, not %q", what, s)
	return false
}

// list calls item for every element of a sequence; a single scalar counts
// as a list of one.
func (d *decoder) list(n *yaml.Node, what any, item func(*yaml.Node)) {
	if !d.noAlias(n) {
		return
	}
	switch {
	case n.Kind == yaml.SequenceNode:
		for _, c := range n.Content {
			if d.noAlias(c) && !isEmpty(c) && !d.listSlip(c) {
				item(c)
			}
		}
	case isEmpty(n):
	case n.Kind == yaml.ScalarNode:
		if !d.listSlip(n) {
			item(n)
		}
	default:
		d.errorf(n, "type", "%s must be a list, not %s", what, describe(n))
	}
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

// firstInvalidUTF8 returns the line and column of the first byte of data
// that is not UTF-8.
func firstInvalidUTF8(data []byte) (line, col int) {
	i := 0
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return lineCol(data, i)
}

// lineCol converts a byte offset into a line and a column in characters.
// Lines end in LF, CR LF or CR alone, as YAML, CommonMark and editors
// read them.
func lineCol(data []byte, off int) (line, col int) {
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n")) + bytes.Count(before, []byte("\r")) - bytes.Count(before, []byte("\r\n"))
	if len(before) > 0 && before[len(before)-1] == '\r' && off < len(data) && data[off] == '\n' {
		// Inside a CR LF: where the line it ends ends.
		line--
		before = before[:len(before)-1]
	}
	start := bytes.LastIndexAny(before, "\r\n") + 1
	return line, 1 + utf8.RuneCount(before[start:])
}

// markdownChecker returns the decoder's Markdown checker.
func (d *decoder) markdownChecker() *markdown.Checker {
	if d.md == nil {
		d.md = markdown.NewChecker()
	}
	return d.md
}
