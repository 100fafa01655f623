// Package deps records what each page read while it was rendered, and
// tells a later build whether the page would read the same again: then it
// would come out the same, byte for byte, and need not be made.
//
// A template reads its data by name (package texttemplate's Recorder
// reports each field, method and map entry read, and each function called).
// A Recorder turns those reads into Deps: "name read from the object whose
// key is K" for the records of the catalogue (a World says which values are
// records and what their keys are), "function F of language L called with
// these arguments", and "name read from the page's own data". Values that
// are not records (a text, a date, a list of photos) are not recorded when
// they are read further: the read that gave them recorded a hash of all of
// them, down to the records they lead to, whose keys stand for them.
//
// A Table holds a build's deps with the hash of the value each gave.
// Later, a Checker takes the previous build's Table and evaluates each dep
// again, once, in the new catalogue: a page is unchanged when every dep it
// recorded gives the same hash. Templates, functions and the Go code that
// prepares a page's data are run exactly as they run when the page is
// made, so nothing here knows what a kind of page shows.
//
// The soundness argument is the usual one of recorded dependencies: a
// template's output is a function of its text (which is part of the
// build's theme, compared as a whole), of the functions' behaviour (part of
// the program) and of the values it reads. If every read gives the same
// value, the execution takes the same path, makes the same reads and
// writes the same bytes. Functions are of three classes (Class): pure ones
// depend only on their arguments and the theme, and are not recorded;
// those that read the catalogue are recorded with their arguments and
// result; and fragments (a product's card, made once and shared by many
// pages) bring the deps of their own rendering into the page's.
package deps

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Kind says what a Dep is.
type Kind uint8

const (
	// Read is a field, method result or map entry read by name from an
	// object.
	Read Kind = iota + 1
	// Call is a function of a language's set, called with arguments.
	Call
	// Group is what a fragment read: a product's card, say, made once
	// and shown on many pages, each of which reads it as one dep. It is
	// unchanged when every dep of it is (Table.Group).
	Group
)

// Whole is the name under which a record is read whole: all that it
// holds, down to the records it leads to, which count by their keys.
const Whole = "*"

// Self is the key of the page's own data: what a page's root data holds
// is worked out again for the page itself (Checker.Unchanged's self).
const Self = "."

// Dep is one thing a rendering read: Name read from the object Of (a
// field, a method called with Args, a map entry), or the function Name of
// language Of's functions called with Args. Of, Name and Args index the
// strings of the Table.
type Dep struct {
	Kind Kind
	Of   int32
	Name int32
	Args int32
}

// Record is what one page read.
type Record struct {
	// Deps index the Table's deps, sorted and without repeats.
	Deps []int32
	// Self sums up the values of the page's own data read (the deps of
	// Deps whose object is Self), in the order of Deps.
	Self uint64
	// Never reports that the page read something no later build can read
	// again in the same way (an argument that cannot be written down, a
	// value that cannot be hashed, a function of no class): it is made
	// every time.
	Never bool
}

// Table is the deps of one build, each with the hash of the value it
// gave. A build's table starts as the previous build's (NewTableFrom),
// with the same indexes, so that the record of a page kept from the
// previous build stays as it is; a dep found unchanged (Checker) or
// recorded again takes this build's value. It is safe for concurrent use.
type Table struct {
	mu     sync.RWMutex
	strs   []string
	strIdx map[string]int32
	deps   []Dep
	hashes []uint64
	// fresh[i] reports that hashes[i] is this build's value: recorded in
	// it, or found the same as the previous build's. Until then it is the
	// previous build's.
	fresh   []bool
	depIdx  map[Dep]int32
	objKeys map[unsafe.Pointer]int32 // a record's pointer → its key's string
	// members are the deps of each group, by the group's index.
	members map[int32]IDs
}

// IDs are indexes of deps, sorted and without repeats.
type IDs []int32

// NewTable returns an empty Table.
func NewTable() *Table {
	return &Table{strIdx: map[string]int32{}, depIdx: map[Dep]int32{}, objKeys: map[unsafe.Pointer]int32{}, members: map[int32]IDs{}}
}

// NewTableFrom returns a table that holds the deps of old (a previous
// build's), under the same indexes, none of them yet of this build; nil
// or a malformed old gives an empty table.
func NewTableFrom(old *Saved) *Table {
	t := NewTable()
	if !old.valid() {
		return t
	}
	t.strs = slices.Clone(old.Strings)
	for i, s := range t.strs {
		t.strIdx[s] = int32(i)
	}
	t.deps = slices.Clone(old.Deps)
	t.hashes = slices.Clone(old.Hashes)
	t.fresh = make([]bool, len(t.deps))
	for i, d := range t.deps {
		t.depIdx[d] = int32(i)
		if d.Kind == Group {
			t.members[int32(i)] = old.Members[i]
		}
	}
	return t
}

// Len is the number of deps in the table.
func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.deps)
}

// str returns the index of s, adding it; t.mu is held for writing.
func (t *Table) str(s string) int32 {
	if i, ok := t.strIdx[s]; ok {
		return i
	}
	i := int32(len(t.strs))
	t.strs = append(t.strs, s)
	t.strIdx[s] = i
	return i
}

// add interns the dep of strings of, name and args with the value hash h
// (of this build), and returns its index. A dep of this build already
// there keeps its hash: within one build a dep's value is one.
func (t *Table) add(kind Kind, of, name, args string, h uint64) int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := Dep{Kind: kind, Of: t.str(of), Name: t.str(name), Args: t.str(args)}
	if i, ok := t.depIdx[d]; ok {
		if !t.fresh[i] {
			t.hashes[i], t.fresh[i] = h, true
		}
		return i
	}
	i := int32(len(t.deps))
	t.deps = append(t.deps, d)
	t.hashes = append(t.hashes, h)
	t.fresh = append(t.fresh, true)
	t.depIdx[d] = i
	return i
}

// lookup returns the index of a dep of this build already interned.
func (t *Table) lookup(kind Kind, of, name, args string) (int32, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	o, ok1 := t.strIdx[of]
	n, ok2 := t.strIdx[name]
	a, ok3 := t.strIdx[args]
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	i, ok := t.depIdx[Dep{Kind: kind, Of: o, Name: n, Args: a}]
	return i, ok && t.fresh[i]
}

// Group interns the group of deps members that a fragment read, named by
// the language, the fragment's template and its key, and returns its
// index. A group made in this build keeps the members it was first made
// with.
func (t *Table) Group(lang, name, key string, members []int32) int32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := Dep{Kind: Group, Of: t.str(lang), Name: t.str(name), Args: t.str(key)}
	i, ok := t.depIdx[d]
	if !ok {
		i = int32(len(t.deps))
		t.deps = append(t.deps, d)
		t.hashes = append(t.hashes, 0)
		t.fresh = append(t.fresh, false)
		t.depIdx[d] = i
	}
	if !t.fresh[i] {
		t.members[i] = IDs(slices.Clone(members))
		t.fresh[i] = true
	}
	return i
}

// confirm marks dep i as of this build: its previous value is its value
// now.
func (t *Table) confirm(i int32) {
	t.mu.Lock()
	t.fresh[i] = true
	t.mu.Unlock()
}

// Saved is a Table as written down between builds.
type Saved struct {
	Strings []string
	Deps    []Dep
	Hashes  []uint64
	// Members are the members of each group (nil for other deps), by
	// the group's index.
	Members []IDs
}

// Save returns the deps that records read, for the next build, and
// renumbers the records' deps (in place) to match: the deps of the
// previous build that no page read any more are left out.
func (t *Table) Save(records []*Record) *Saved {
	t.mu.RLock()
	defer t.mu.RUnlock()
	used := make([]int32, len(t.deps)) // new index + 1; 0 when not used
	out := &Saved{}
	strIdx := map[int32]int32{}
	str := func(i int32) int32 {
		if j, ok := strIdx[i]; ok {
			return j
		}
		j := int32(len(out.Strings))
		out.Strings = append(out.Strings, t.strs[i])
		strIdx[i] = j
		return j
	}
	// keep gives dep id its new index, and its members theirs first.
	visiting := map[int32]bool{}
	var keep func(id int32) int32
	keep = func(id int32) int32 {
		if used[id] != 0 {
			return used[id] - 1
		}
		d := t.deps[id]
		var members IDs
		if d.Kind == Group {
			visiting[id] = true
			for _, m := range t.members[id] {
				if m >= 0 && int(m) < len(t.deps) && !visiting[m] {
					members = append(members, keep(m))
				}
			}
			delete(visiting, id)
			slices.Sort(members)
		}
		out.Deps = append(out.Deps, Dep{Kind: d.Kind, Of: str(d.Of), Name: str(d.Name), Args: str(d.Args)})
		out.Hashes = append(out.Hashes, t.hashes[id])
		out.Members = append(out.Members, members)
		used[id] = int32(len(out.Deps))
		return used[id] - 1
	}
	for _, r := range records {
		if r == nil {
			continue
		}
		for k, id := range r.Deps {
			if id < 0 || int(id) >= len(t.deps) {
				r.Never = true
				continue
			}
			r.Deps[k] = keep(id)
		}
		slices.Sort(r.Deps)
	}
	return out
}

// Snapshot returns the table as it is, every dep under its index (ocop
// serve starts the next state's table from it, so that the pages it keeps
// keep their records).
func (t *Table) Snapshot() *Saved {
	t.mu.RLock()
	defer t.mu.RUnlock()
	s := &Saved{Strings: slices.Clone(t.strs), Deps: slices.Clone(t.deps), Hashes: slices.Clone(t.hashes), Members: make([]IDs, len(t.deps))}
	for i, m := range t.members {
		s.Members[i] = m
	}
	return s
}

// valid reports whether s is well formed: every index in range.
func (s *Saved) valid() bool {
	if s == nil || len(s.Deps) != len(s.Hashes) || len(s.Members) != len(s.Deps) {
		return false
	}
	n := int32(len(s.Strings))
	for i, d := range s.Deps {
		if d.Of < 0 || d.Of >= n || d.Name < 0 || d.Name >= n || d.Args < 0 || d.Args >= n || (d.Kind != Read && d.Kind != Call && d.Kind != Group) {
			return false
		}
		for _, m := range s.Members[i] {
			if m < 0 || int(m) >= len(s.Deps) || m == int32(i) {
				return false
			}
		}
	}
	return true
}

// Class is how a Recorder treats a call of a template function.
type Class uint8

const (
	// Unknown functions make the page be made every time.
	Unknown Class = iota
	// Pure functions depend only on their arguments, the page's language
	// and the theme (its templates, strings and static files): a call is
	// not recorded, since its arguments were.
	Pure
	// Reads functions read the catalogue: a call is recorded with its
	// arguments and the hash of its result, and made again to check it.
	Reads
	// Derived functions depend on their arguments, the language, the
	// theme and what the records among their arguments (or in a list
	// given as an argument) hold: each of those records is recorded
	// whole (Whole).
	Derived
	// Fragment functions give a fragment made once and shared by pages:
	// the deps of the fragment's own rendering are the page's
	// (World.Fragment).
	Fragment
)

// World is what a Recorder and a Checker need from the renderer of one
// build: which values are the catalogue's records, and the records and
// functions by name.
type World interface {
	// Key returns the key of the record x (a pointer to one of the
	// catalogue's records, such as "product/che-shan-tuyet"), or false
	// when x is not a record.
	Key(x any) (string, bool)
	// Object returns the record of key, as a pointer; false when there is
	// none now.
	Object(key string) (any, bool)
	// Func returns the template function name of language lang's
	// functions, and its class.
	Func(lang, name string) (any, Class)
	// Fragment returns the deps of the fragment a Fragment function gave
	// as result (recorded in the same Table).
	Fragment(result reflect.Value) ([]int32, bool)
}

// keyOf returns the key of v when it is a pointer to a record.
func keyOf(w World, t *Table, v reflect.Value) (string, bool) {
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return "", false
	}
	p := v.UnsafePointer()
	t.mu.RLock()
	i, ok := t.objKeys[p]
	var s string
	if ok {
		s = t.strs[i]
	}
	t.mu.RUnlock()
	if ok {
		return s, s != ""
	}
	// A value read from an unexported field cannot be made an interface;
	// its pointer can.
	x := reflect.NewAt(v.Type().Elem(), p).Interface()
	key, isRecord := w.Key(x)
	if !isRecord {
		key = ""
	}
	t.mu.Lock()
	t.objKeys[p] = t.str(key)
	t.mu.Unlock()
	return key, isRecord
}

// hasher sums up values: it writes them out into a buffer, which it sums
// up at the end with two CRC-32s of different polynomials (made by the
// processor's own instructions).
type hasher struct {
	w     World
	t     *Table
	buf   []byte
	depth int
	bad   bool // a value that cannot be summed up was met
}

func newHasher(w World, t *Table) *hasher {
	return &hasher{w: w, t: t}
}

func (h *hasher) reset() {
	h.buf = h.buf[:0]
	h.bad = false
	h.depth = 0
}

func (h *hasher) num(x uint64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, x)
}

func (h *hasher) str(s string) {
	h.num(uint64(len(s)))
	h.buf = append(h.buf, s...)
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is the sum of what the hasher wrote.
func (h *hasher) checksum() uint64 {
	return uint64(crc32.Checksum(h.buf, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(h.buf))
}

var timeType = reflect.TypeFor[time.Time]()

// maxDepth is how deep a value may nest before it counts as one that
// cannot be summed up (a cycle that no record breaks).
const maxDepth = 64

// value adds v: its type and everything in it, down to the records it
// leads to, which count by their keys.
func (h *hasher) value(v reflect.Value) {
	if !v.IsValid() {
		h.num(0)
		return
	}
	h.depth++
	defer func() { h.depth-- }()
	if h.depth > maxDepth {
		h.bad = true
		return
	}
	h.str(v.Type().String())
	if v.Type() == timeType && v.CanInterface() {
		// The instant and the zone: not the monotonic reading, which
		// differs between two readings of the same date.
		t := v.Interface().(time.Time)
		h.num(uint64(t.UnixNano()))
		h.str(t.Location().String())
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.num(1)
		} else {
			h.num(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.num(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.num(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.num(math.Float64bits(real(c)))
		h.num(math.Float64bits(imag(c)))
	case reflect.String:
		h.str(v.String())
	case reflect.Pointer:
		if v.IsNil() {
			h.num(0)
			return
		}
		if key, ok := keyOf(h.w, h.t, v); ok {
			h.num(1)
			h.str(key)
			return
		}
		h.num(2)
		h.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			h.num(0)
			return
		}
		h.num(1)
		h.value(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			h.num(0)
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			h.num(uint64(v.Len()) + 1)
			h.buf = append(h.buf, v.Bytes()...)
			return
		}
		fallthrough
	case reflect.Array:
		h.num(uint64(v.Len()) + 1)
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			h.value(v.Field(i))
		}
	case reflect.Map:
		if v.IsNil() {
			h.num(0)
			return
		}
		// The entries in an order of their own: each summed up alone,
		// the sums sorted.
		sums := make([]uint64, 0, v.Len())
		sub := &hasher{w: h.w, t: h.t, depth: h.depth}
		it := v.MapRange()
		for it.Next() {
			sub.buf = sub.buf[:0]
			sub.value(it.Key())
			sub.value(it.Value())
			h.bad = h.bad || sub.bad
			sums = append(sums, sub.checksum())
		}
		slices.Sort(sums)
		h.num(uint64(len(sums)) + 1)
		for _, s := range sums {
			h.num(s)
		}
	default:
		// Functions, channels, unsafe pointers: what they would give is
		// not in them.
		if (v.Kind() == reflect.Func || v.Kind() == reflect.Chan) && v.IsNil() {
			h.num(0)
			return
		}
		h.bad = true
	}
}

// sum returns the hash of v, and false when v cannot be summed up.
func (h *hasher) sum(v reflect.Value) (uint64, bool) {
	h.reset()
	h.value(v)
	return h.checksum(), !h.bad
}

// encodeArgs writes down arguments so that a later build can pass the
// same ones again: records by their keys, strings, numbers and booleans
// with their type's name. It returns false for any other argument.
func encodeArgs(w World, t *Table, args []reflect.Value) (string, bool) {
	if len(args) == 0 {
		return "", true
	}
	var b strings.Builder
	for _, a := range args {
		if a.Kind() == reflect.Interface {
			if a.IsNil() {
				b.WriteString("n;")
				continue
			}
			a = a.Elem()
		}
		if !a.IsValid() {
			b.WriteString("n;")
			continue
		}
		typ := a.Type().String()
		var tag byte
		var val string
		switch a.Kind() {
		case reflect.Pointer:
			if a.IsNil() {
				b.WriteString("n;")
				continue
			}
			key, ok := keyOf(w, t, a)
			if !ok {
				return "", false
			}
			tag, val = 'k', key
		case reflect.String:
			tag, val = 's', a.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			tag, val = 'i', strconv.FormatInt(a.Int(), 10)
		case reflect.Bool:
			tag, val = 'b', strconv.FormatBool(a.Bool())
		default:
			return "", false
		}
		b.WriteByte(tag)
		b.WriteString(strconv.Itoa(len(typ)))
		b.WriteByte(':')
		b.WriteString(typ)
		b.WriteString(strconv.Itoa(len(val)))
		b.WriteByte(':')
		b.WriteString(val)
		b.WriteByte(';')
	}
	return b.String(), true
}

// decodeArgs makes the arguments that encodeArgs wrote down, for a
// function or method of type fn, from the records of w; false when they
// cannot be made (a record that is gone, a type that does not fit).
func decodeArgs(w World, fn reflect.Type, s string) ([]reflect.Value, bool) {
	var out []reflect.Value
	param := func(i int) reflect.Type {
		if fn.IsVariadic() && i >= fn.NumIn()-1 {
			return fn.In(fn.NumIn() - 1).Elem()
		}
		if i >= fn.NumIn() {
			return nil
		}
		return fn.In(i)
	}
	next := func() (string, bool) {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return "", false
		}
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || i+1+n > len(s) {
			return "", false
		}
		v := s[i+1 : i+1+n]
		s = s[i+1+n:]
		return v, true
	}
	for len(s) > 0 {
		pt := param(len(out))
		if pt == nil {
			return nil, false
		}
		tag := s[0]
		s = s[1:]
		if tag == 'n' {
			if !strings.HasPrefix(s, ";") || !canBeNil(pt) {
				return nil, false
			}
			s = s[1:]
			out = append(out, reflect.Zero(pt))
			continue
		}
		typ, ok1 := next()
		val, ok2 := next()
		if !ok1 || !ok2 || !strings.HasPrefix(s, ";") {
			return nil, false
		}
		s = s[1:]
		var v reflect.Value
		switch tag {
		case 'k':
			x, ok := w.Object(val)
			if !ok {
				return nil, false
			}
			v = reflect.ValueOf(x)
		case 's':
			v = reflect.ValueOf(val)
		case 'i':
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return nil, false
			}
			v = reflect.ValueOf(int(n))
		case 'b':
			v = reflect.ValueOf(val == "true")
		default:
			return nil, false
		}
		// The argument must be of the type it was: the parameter's own
		// type, or a plain string, int or bool passed as an interface.
		switch {
		case v.Type().String() == typ && v.Type().AssignableTo(pt):
		case pt.String() == typ && v.Type().ConvertibleTo(pt) && tag != 'k':
			v = v.Convert(pt)
		default:
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

func canBeNil(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}
