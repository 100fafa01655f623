package browsertest

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"rsc.io/pdf"
)

// PDF is what a test reads of a PDF that Chromium printed.
type PDF struct {
	// Pages are the text of each page, a line per run of text at one
	// height.
	Pages []string
	// Width and Height are the first page's size in points (A4 is about
	// 595 × 842).
	Width, Height float64
}

// Text is the text of all the pages.
func (p *PDF) Text() string { return strings.Join(p.Pages, "\f") }

// ReadPDF reads the pages and text of a PDF printed by Chromium. Chromium
// writes text in two-byte glyph codes (Identity-H) that each font's
// ToUnicode map turns into characters; rsc.io/pdf reads the file and the
// maps are applied here.
func ReadPDF(data []byte) (doc *PDF, err error) {
	defer func() {
		// rsc.io/pdf panics on some malformed input.
		if r := recover(); r != nil {
			err = fmt.Errorf("reading the PDF: %v", r)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	doc = &PDF{}
	for i := 1; i <= r.NumPage(); i++ {
		page := r.Page(i)
		if i == 1 {
			box := page.V.Key("MediaBox")
			doc.Width = box.Index(2).Float64() - box.Index(0).Float64()
			doc.Height = box.Index(3).Float64() - box.Index(1).Float64()
		}
		maps := map[string]map[string]string{}
		for _, name := range page.Fonts() {
			maps[name] = toUnicode(page.Font(name).V.Key("ToUnicode"))
		}
		rc := page.V.Key("Contents").Reader()
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		doc.Pages = append(doc.Pages, pageText(content, maps))
	}
	return doc, nil
}

// pageText reads the text that a page's content stream shows: the
// strings of its Tj and TJ operators, decoded with the map of the font
// chosen by Tf, a new line where the text moves to another line.
func pageText(content []byte, maps map[string]map[string]string) string {
	var b strings.Builder
	var args []string
	font, y := "", ""
	newline := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
	for _, tok := range tokens(content) {
		switch tok {
		case "Tf":
			if len(args) >= 2 {
				font = strings.TrimPrefix(args[len(args)-2], "/")
			}
		case "Tm":
			if len(args) >= 6 && args[len(args)-1] != y {
				newline()
				y = args[len(args)-1]
			}
		case "Td", "TD":
			if len(args) >= 2 && args[len(args)-1] != "0" {
				newline()
			}
		case "T*":
			newline()
		case "Tj", "TJ", "'", "\"":
			for _, a := range args {
				if strings.HasPrefix(a, "<") {
					b.WriteString(decode(string(hexBytes(a)), maps[font]))
				} else if strings.HasPrefix(a, "(") {
					b.WriteString(a[1 : len(a)-1])
				}
			}
		}
		if isOperator(tok) {
			args = args[:0]
		} else {
			args = append(args, tok)
		}
	}
	return b.String()
}

// isOperator reports whether a content stream token is an operator (a
// word), not an operand (a number, name, string or bracket).
func isOperator(tok string) bool {
	c := tok[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"' || c == '*'
}

// tokens splits a content stream or CMap: <hex> and (literal) strings,
// names, numbers, brackets, dictionaries' << >> and operators.
func tokens(data []byte) []string {
	var toks []string
	s := string(data)
	for s != "" {
		c := s[0]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			s = s[1:]
		case strings.HasPrefix(s, "<<") || strings.HasPrefix(s, ">>"):
			toks, s = append(toks, s[:2]), s[2:]
		case c == '<':
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return toks
			}
			toks, s = append(toks, s[:end+1]), s[end+1:]
		case c == '(':
			depth, i := 0, 0
			for ; i < len(s); i++ {
				if s[i] == '\\' {
					i++
					continue
				}
				if s[i] == '(' {
					depth++
				} else if s[i] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			end := min(i+1, len(s))
			toks, s = append(toks, s[:end]), s[end:]
		case c == '[' || c == ']' || c == '{' || c == '}':
			toks, s = append(toks, s[:1]), s[1:]
		default:
			end := strings.IndexAny(s[1:], " \t\r\n\f<>[](){}/")
			if end < 0 {
				end = len(s) - 1
			}
			toks, s = append(toks, s[:end+1]), s[end+1:]
		}
	}
	return toks
}

func hexBytes(tok string) []byte {
	b, _ := hex.DecodeString(strings.Trim(tok, "<>"))
	return b
}

// decode turns two-byte codes into text with a ToUnicode map; without a
// map, the bytes are taken as they are.
func decode(raw string, m map[string]string) string {
	if m == nil {
		return raw
	}
	var b strings.Builder
	for i := 0; i+1 < len(raw); i += 2 {
		if s, ok := m[raw[i:i+2]]; ok {
			b.WriteString(s)
		}
	}
	return b.String()
}

// toUnicode reads a ToUnicode CMap's bfchar and bfrange entries into a
// map from two-byte codes to text.
func toUnicode(v pdf.Value) map[string]string {
	if v.Kind() != pdf.Stream {
		return nil
	}
	rc := v.Reader()
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil
	}
	m := map[string]string{}
	toks := tokens(data)
	code := hexBytes
	text := func(tok string) string {
		b := code(tok)
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	section := ""
	for i := 0; i < len(toks); i++ {
		switch tok := toks[i]; {
		case tok == "beginbfchar" || tok == "beginbfrange":
			section = tok
		case tok == "endbfchar" || tok == "endbfrange":
			section = ""
		case section == "beginbfchar" && i+1 < len(toks):
			m[string(code(tok))] = text(toks[i+1])
			i++
		case section == "beginbfrange" && i+2 < len(toks):
			lo, hi := code(tok), code(toks[i+1])
			if len(lo) != 2 || len(hi) != 2 {
				i += 2
				continue
			}
			from, to := int(lo[0])<<8|int(lo[1]), int(hi[0])<<8|int(hi[1])
			if toks[i+2] == "[" {
				j := i + 3
				for c := from; c <= to && j < len(toks) && toks[j] != "]"; c, j = c+1, j+1 {
					m[string([]byte{byte(c >> 8), byte(c)})] = text(toks[j])
				}
				for j < len(toks) && toks[j] != "]" {
					j++
				}
				i = j
				continue
			}
			dst := []rune(text(toks[i+2]))
			for c := from; c <= to && len(dst) > 0; c++ {
				m[string([]byte{byte(c >> 8), byte(c)})] = string(dst)
				dst = append([]rune(nil), dst...)
				dst[len(dst)-1]++
			}
			i += 2
		}
	}
	return m
}
