package search

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// digits is the alphabet of posting lists: 64 characters that JSON strings
// and URLs carry as they are. A digit below 32 ends a number; 32 and up
// carry 5 more bits, least significant first.
const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

var digitValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(digits); i++ {
		t[digits[i]] = int8(i)
	}
	return t
}()

// appendVarint appends v in the posting digits.
func appendVarint(b []byte, v uint32) []byte {
	for v >= 32 {
		b = append(b, digits[32+(v&31)])
		v >>= 5
	}
	return append(b, digits[v])
}

// appendList appends the ascending document numbers docs as a JSON string
// of gaps: each number is written as its distance from the previous one
// (the first from -1) minus one.
func appendList(b []byte, docs []uint32) []byte {
	b = append(b, '"')
	prev := int64(-1)
	for _, d := range docs {
		b = appendVarint(b, uint32(int64(d)-prev-1))
		prev = int64(d)
	}
	return append(b, '"')
}

// decodeList is appendList's inverse (without the quotes).
func decodeList(s string) ([]int, error) {
	var out []int
	prev, v, shift := -1, 0, 0
	for i := 0; i < len(s); i++ {
		d := digitValue[s[i]]
		if d < 0 || shift > 30 {
			return nil, fmt.Errorf("search: bad posting list %q", s)
		}
		if d >= 32 {
			v |= int(d-32) << shift
			shift += 5
			continue
		}
		v |= int(d) << shift
		prev += v + 1
		out = append(out, prev)
		v, shift = 0, 0
	}
	if shift != 0 {
		return nil, fmt.Errorf("search: truncated posting list %q", s)
	}
	return out, nil
}

// appendString appends s as a compact JSON string: only what JSON requires
// is escaped, and < and >, so that no tag (a "</script>") is ever in the
// file, whatever reads it; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>':
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\ufffd"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// keyFile is the file name (without extension) of shard key or union
// prefix k: ASCII letters and digits as they are, any other code point as
// "_" + its hexadecimal number + "_" ("茶" → "_8336_").
func keyFile(k string) string {
	b := make([]byte, 0, len(k)+8)
	for _, r := range k {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b = append(b, byte(r))
			continue
		}
		b = append(b, '_')
		b = strconv.AppendInt(b, int64(r), 16)
		b = append(b, '_')
	}
	return string(b)
}
