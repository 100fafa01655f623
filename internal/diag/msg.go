package diag

import (
	"fmt"
	"reflect"
)

// Msg is a message for a person: an English format, as fmt.Sprintf takes
// it, and its arguments. It prints in English (String, Error); a Printer
// prints it in another language, looking the format up in that
// language's catalogue, and prints the arguments that are messages in
// that language too. The English format is the message's key: it is
// written once, in the code, and the catalogue (messages.vi.po) says it
// in Vietnamese.
//
// A Msg is made of plain values (its arguments are kept as Args), so
// that it survives encoding/gob and JSON: diagnostics are kept in the
// build's cache.
type Msg struct {
	Format string
	Args   []Arg `json:",omitempty"`
}

// M returns the message format with its arguments. An argument that is a
// Msg (or an error that is one) stays a message, translated when printed;
// a number stays a number; any other value is kept as the text that fmt
// prints for it.
func M(format string, args ...any) Msg {
	if vetCheck {
		// Never run: it makes go vet check the calls of M (and of
		// List.Errorf and Warnf) as it checks those of fmt.Sprintf.
		_ = fmt.Sprintf(format, args...)
	}
	return Msg{Format: format, Args: toArgs(format, args)}
}

const vetCheck = false

// String returns the message in English.
func (m Msg) String() string { return english.Msg(m) }

// Error returns the message in English: a Msg is also an error.
func (m Msg) Error() string { return m.String() }

// IsZero reports whether m is no message at all (which prints as "").
func (m Msg) IsZero() bool { return m.Format == "" && len(m.Args) == 0 }

// ArgKind says what an Arg holds.
type ArgKind uint8

// The kinds of Arg.
const (
	ArgText ArgKind = iota
	ArgInt
	ArgUint
	ArgFloat
	ArgBool
	ArgMsg
)

// Arg is one argument of a message, in a form that encodes as it is
// (gob, JSON): a text, a number, a truth value, or a message of its own.
type Arg struct {
	Kind ArgKind `json:",omitempty"`
	Text string  `json:",omitempty"`
	Int  int64   `json:",omitempty"`
	Uint uint64  `json:",omitempty"`
	Flt  float64 `json:",omitempty"`
	Bool bool    `json:",omitempty"`
	Msg  *Msg    `json:",omitempty"`
}

// value returns the argument for fmt, with a message printed by p.
func (a Arg) value(p Printer) any {
	switch a.Kind {
	case ArgInt:
		return a.Int
	case ArgUint:
		return a.Uint
	case ArgFloat:
		return a.Flt
	case ArgBool:
		return a.Bool
	case ArgMsg:
		if a.Msg == nil {
			return ""
		}
		return p.Msg(*a.Msg)
	}
	return a.Text
}

// toArgs converts the arguments of format. A value that fmt prints by its
// String or Error method (with %v, %s, %q, %x or %X) is kept as that text,
// as fmt would print it; numbers by their kind, so that %d, %5.1f, %c or
// %x print them the same.
func toArgs(format string, args []any) []Arg {
	if len(args) == 0 {
		return nil
	}
	verbs := argVerbs(format, len(args))
	out := make([]Arg, len(args))
	for i, x := range args {
		out[i] = toArg(x, verbs[i])
	}
	return out
}

func toArg(x any, verb rune) Arg {
	switch v := x.(type) {
	case Msg:
		return Arg{Kind: ArgMsg, Msg: &v}
	case *Msg:
		if v == nil {
			return Arg{}
		}
		c := *v
		return Arg{Kind: ArgMsg, Msg: &c}
	case string:
		return Arg{Text: v}
	case nil:
		return Arg{Text: fmt.Sprint(x)}
	}
	switch verb {
	case 'v', 's', 'q', 'x', 'X':
		switch v := x.(type) {
		case error:
			return Arg{Text: v.Error()}
		case fmt.Stringer:
			return Arg{Text: v.String()}
		}
	}
	r := reflect.ValueOf(x)
	switch r.Kind() {
	case reflect.String:
		return Arg{Text: r.String()}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Arg{Kind: ArgInt, Int: r.Int()}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return Arg{Kind: ArgUint, Uint: r.Uint()}
	case reflect.Float32, reflect.Float64:
		return Arg{Kind: ArgFloat, Flt: r.Float()}
	case reflect.Bool:
		return Arg{Kind: ArgBool, Bool: r.Bool()}
	}
	return Arg{Text: fmt.Sprint(x)}
}

// argVerbs returns the verb format applies to each of its n arguments
// (0 for one it does not use), reading explicit indexes (%[2]s) as fmt
// does.
func argVerbs(format string, n int) []rune {
	verbs := make([]rune, n)
	for _, v := range Verbs(format) {
		if v.Arg < n {
			verbs[v.Arg] = v.Verb
		}
	}
	return verbs
}

// Verb is one verb of a format: the argument it prints (from 0), the
// verb itself, and how it is written (such as "%5.1f" or "%[2]q").
type Verb struct {
	Arg  int
	Verb rune
	Text string
}

// Verbs returns the verbs of format in the order they are written; "%%"
// is not one. A width or precision given as "*" takes an argument of its
// own, as in fmt.
func Verbs(format string) []Verb {
	var out []Verb
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		start := i
		i++
		// flags
		for i < len(format) && (format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ' || format[i] == '0') {
			i++
		}
		index := func() {
			if i < len(format) && format[i] == '[' {
				j := i + 1
				k := 0
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					k = k*10 + int(format[j]-'0')
					j++
				}
				if j < len(format) && format[j] == ']' && k > 0 {
					arg = k - 1
					i = j + 1
				}
			}
		}
		number := func() {
			index()
			if i < len(format) && format[i] == '*' {
				arg++
				i++
				return
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		number() // width
		if i < len(format) && format[i] == '.' {
			i++
			number() // precision
		}
		index()
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		r := rune(format[i])
		if r >= 0x80 {
			r = []rune(format[i:])[0]
			i += len(string(r)) - 1
		}
		out = append(out, Verb{Arg: arg, Verb: r, Text: format[start : i+1]})
		arg++
	}
	return out
}

// Plural returns the message one when n is 1 and other otherwise, each
// given n: Plural(n, "%d error", "%d errors"). (Vietnamese says both the
// same way.)
func Plural(n int, one, other string) Msg {
	if n == 1 {
		return M(one, n)
	}
	return M(other, n)
}

// And joins items with "and": "a and b and c" (Vietnamese "a và b và c").
func And(items ...string) Msg {
	if len(items) == 0 {
		return Msg{}
	}
	m := M("%s", items[0])
	for _, s := range items[1:] {
		m = M("%s and %s", m, s)
	}
	return m
}
