package diag

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Printer prints messages and diagnostics in one language: English, the
// language of the code, or Vietnamese, from the catalogue
// messages.vi.po. A format the catalogue does not have prints in
// English. The zero Printer prints English.
type Printer struct {
	lang string
	cat  map[string]string
}

// english prints every message as the code writes it.
var english = Printer{lang: "en"}

// Languages are the languages messages are written in, English first.
var Languages = []string{"en", "vi"}

// NewPrinter returns the Printer for lang: Vietnamese for "vi", English
// for any other.
func NewPrinter(lang string) Printer {
	if lang == "vi" {
		return Printer{lang: "vi", cat: Catalogue("vi")}
	}
	return english
}

// Lang returns the printer's language: "en" or "vi".
func (p Printer) Lang() string {
	if p.lang == "" {
		return "en"
	}
	return p.lang
}

// Msg returns m in the printer's language.
func (p Printer) Msg(m Msg) string {
	format := m.Format
	if t, ok := p.cat[format]; ok && t != "" {
		format = t
	}
	if len(m.Args) == 0 && !strings.Contains(format, "%") {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = a.value(p)
	}
	return fmt.Sprintf(format, args...)
}

// Sprintf is p.Msg(M(format, args...)): format, an English format that the
// catalogue translates, with its arguments.
func (p Printer) Sprintf(format string, args ...any) string {
	return p.Msg(M(format, args...))
}

// Text returns the message of d in the printer's language.
func (p Printer) Text(d Diagnostic) string {
	if p.cat == nil || d.Format == "" {
		return d.Message
	}
	return p.Msg(d.Msg())
}

// Severity names s in the printer's language.
func (p Printer) Severity(s Severity) string {
	if s == Warning {
		return p.Sprintf("warning")
	}
	return p.Sprintf("error")
}

// String formats d as Diagnostic.String does, in the printer's language:
// "path:line:col: message", with "warning: " before a warning's message.
func (p Printer) String(d Diagnostic) string {
	prefix := ""
	if d.Pos.File != "" {
		prefix = d.Pos.String() + ": "
	}
	if d.Severity == Warning {
		return prefix + p.Severity(Warning) + ": " + p.Text(d)
	}
	return prefix + p.Text(d)
}

// WithSeverity formats d as Diagnostic.WithSeverity does, in the
// printer's language: "path:line:col: error: message" (or "warning: ").
func (p Printer) WithSeverity(d Diagnostic) string {
	if d.Pos.File == "" {
		return p.Severity(d.Severity) + ": " + p.Text(d)
	}
	return d.Pos.String() + ": " + p.Severity(d.Severity) + ": " + p.Text(d)
}

//go:embed messages.vi.po
var viPO []byte

var (
	catalogueOnce sync.Once
	catalogueVI   map[string]string
	catalogueErr  error
)

// Catalogue returns the translations of lang ("vi"), by English format.
// It panics if the embedded catalogue cannot be read: the tests read it
// too, so that is a mistake that never reaches a release.
func Catalogue(lang string) map[string]string {
	if lang != "vi" {
		return nil
	}
	catalogueOnce.Do(func() {
		var entries []Entry
		entries, catalogueErr = ParsePO(viPO)
		catalogueVI = map[string]string{}
		for _, e := range entries {
			catalogueVI[e.ID] = e.Str
		}
	})
	if catalogueErr != nil {
		panic("diag: messages.vi.po: " + catalogueErr.Error())
	}
	return catalogueVI
}

// CatalogueSource returns the embedded catalogue of lang, as written.
func CatalogueSource(lang string) []byte {
	if lang == "vi" {
		return viPO
	}
	return nil
}

// Entry is one message of a catalogue: the English format (msgid) and its
// translation (msgstr), and the line the entry starts on.
type Entry struct {
	ID, Str string
	Line    int
}

// ParsePO reads a catalogue in the gettext PO format, as translators'
// tools (Poedit, Lokalize, Weblate) write it: comments (#…), then msgid
// "…" and msgstr "…", each string possibly continued on the next lines.
// The header (the entry whose msgid is "") is left out; plural forms,
// contexts and obsolete entries are refused, as ocop does not use them.
func ParsePO(data []byte) ([]Entry, error) {
	var entries []Entry
	var cur *Entry
	var field *string
	seen := map[string]int{}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.ID != "" {
			if line, dup := seen[cur.ID]; dup {
				return fmt.Errorf("line %d: msgid %q is given twice (first at line %d)", cur.Line, cur.ID, line)
			}
			seen[cur.ID] = cur.Line
			entries = append(entries, *cur)
		}
		cur, field = nil, nil
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRightFunc(sc.Text(), unicode.IsSpace)
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		switch {
		case trimmed == "":
			if err := finish(); err != nil {
				return nil, err
			}
		case strings.HasPrefix(trimmed, "#~"):
			return nil, fmt.Errorf("line %d: obsolete entries (#~) are not used; delete it", n)
		case strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(trimmed, "msgid "):
			if err := finish(); err != nil {
				return nil, err
			}
			cur = &Entry{Line: n}
			s, err := poString(strings.TrimPrefix(trimmed, "msgid "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			cur.ID, field = s, &cur.ID
		case strings.HasPrefix(trimmed, "msgstr "):
			if cur == nil || field != &cur.ID {
				return nil, fmt.Errorf("line %d: msgstr without its msgid", n)
			}
			s, err := poString(strings.TrimPrefix(trimmed, "msgstr "))
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			cur.Str, field = s, &cur.Str
		case strings.HasPrefix(trimmed, `"`):
			if field == nil {
				return nil, fmt.Errorf("line %d: a string outside msgid or msgstr", n)
			}
			s, err := poString(trimmed)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			*field += s
		default:
			return nil, fmt.Errorf("line %d: %q is not msgid, msgstr, a string or a comment (plural forms and contexts are not used)", n, trimmed)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return entries, nil
}

// poString reads one quoted string of a PO file.
func poString(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("%s: want a string in double quotes", s)
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		return "", fmt.Errorf("%s: a string with a quote or backslash not written \\\" or \\\\", s)
	}
	return u, nil
}

// QuotePO writes s as a PO string.
func QuotePO(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
