// Package diag holds the diagnostics that the stages of a build report about
// the site's files: errors and warnings, each at a position
// (path:line:col, the path relative to the site, slash-separated).
//
// Every stage collects all of its diagnostics into a List instead of
// stopping at the first, so that an editor sees every mistake at once.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a position in a site file. Line and Col count from 1; a zero Line
// means the whole file, a zero Col the whole line. Col counts characters
// (Unicode code points), as text editors do.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as path:line:col, leaving out what is unknown. A
// path with characters that do not show, or that would break the line
// (control, format and bidirectional characters: a file named with a
// right-to-left override would print the rest of the line backwards),
// has them written as \u escapes.
func (p Pos) String() string {
	s := visible(p.File)
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// visible writes the characters of s that do not show as \u escapes.
func visible(s string) string {
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hidden(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build: nothing is written.
	Error Severity = iota
	// Warning is reported, and the build goes on.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the site.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Code names the kind of problem (for example "unknown-key"), so that
	// tools can tell problems apart without reading the message. It is
	// the same in every language.
	Code string
	// Message is the message in English.
	Message string
	// Format and Args are the message as the code wrote it (Message is
	// fmt.Sprintf of them), so that a Printer can say it in another
	// language; Format is "" for a diagnostic made with its Message alone.
	Format string
	Args   []Arg
}

// New returns a diagnostic at pos whose message is m.
func New(pos Pos, severity Severity, code string, m Msg) Diagnostic {
	return Diagnostic{Pos: pos, Severity: severity, Code: code, Message: m.String(), Format: m.Format, Args: m.Args}
}

// Msg returns the message of d, to print in any language.
func (d Diagnostic) Msg() Msg {
	if d.Format == "" {
		return Msg{Format: "%s", Args: []Arg{{Text: d.Message}}}
	}
	return Msg{Format: d.Format, Args: d.Args}
}

// Text returns the message of d in lang ("vi" or "en"; English for any
// other).
func (d Diagnostic) Text(lang string) string { return NewPrinter(lang).Text(d) }

// WithSeverity formats d as "path:line:col: error: message" (or
// "warning: "), as ocop check and ocop serve print it.
func (d Diagnostic) WithSeverity() string {
	if d.Pos.File == "" {
		return d.Severity.String() + ": " + d.Message
	}
	return d.Pos.String() + ": " + d.Severity.String() + ": " + d.Message
}

// String formats d as "path:line:col: message", with "warning: " before the
// message of a warning. A diagnostic without a file is its message alone
// (template errors carry their position in it).
func (d Diagnostic) String() string {
	prefix := ""
	if d.Pos.File != "" {
		prefix = d.Pos.String() + ": "
	}
	if d.Severity == Warning {
		return prefix + "warning: " + d.Message
	}
	return prefix + d.Message
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at pos. format is an English format, as
// fmt.Sprintf takes it, which the catalogues translate (see Msg).
func (l *List) Errorf(pos Pos, code, format string, args ...any) {
	*l = append(*l, New(pos, Error, code, M(format, args...)))
}

// Warnf adds a warning at pos, as Errorf adds an error.
func (l *List) Warnf(pos Pos, code, format string, args ...any) {
	*l = append(*l, New(pos, Warning, code, M(format, args...)))
}

// HasErrors reports whether l holds at least one error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and of warnings in l.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders l by file, line and column, then by message, so that reports
// read from the top of each file down and are the same on every run.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
}

// Err returns nil when l holds no errors, and otherwise an error whose
// message lists every error, one per line.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ErrorList{List: l}
}

// ErrorList is the error a failed stage returns: all of its diagnostics.
type ErrorList struct {
	List List
}

func (e *ErrorList) Error() string {
	var b strings.Builder
	for _, d := range e.List {
		if d.Severity != Error {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Suggest returns the candidate closest to s, for a "did you mean" hint, or
// "" when none is close enough to be a likely typo. A candidate that is a
// path ending in s ("food/honey" for "honey") is the answer.
func Suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.HasSuffix(c, "/"+s) {
			return c
		}
	}
	n := utf8.RuneCountInString(s)
	limit := min(max(n/3, 1), 3)
	best, bestDist := "", -1
	lower := strings.ToLower(s)
	for _, c := range candidates {
		// Names whose lengths differ by more than the limit are further
		// apart than it: not worth measuring (a long value checked against
		// thousands of slugs would take minutes).
		if m := utf8.RuneCountInString(c); m > n+limit || m < n-limit {
			continue
		}
		d := editDistance(lower, strings.ToLower(c))
		if bestDist < 0 || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// DidYouMean returns ` (did you mean "x"?)` for the closest candidate, or
// no message (which prints as "").
func DidYouMean(s string, candidates []string) Msg {
	if c := Suggest(s, candidates); c != "" && c != s {
		return M(" (did you mean %q?)", c)
	}
	return Msg{}
}

// editDistance is the Levenshtein distance between a and b, in code points,
// counting a swap of two neighbours as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
