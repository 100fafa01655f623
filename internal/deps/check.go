package deps

import (
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// Checker tells which pages of a previous build are unchanged in a new
// one. It evaluates each of the previous build's deps at most once, in the
// new build's World. It is safe for concurrent use.
type Checker struct {
	old  *Saved
	w    World
	t    *Table // the new build's, which pages that are kept join
	self int32  // the index of Self in old's strings; -1 when none
	memo []atomic.Uint32
	hs   sync.Pool
}

const (
	unknown = iota
	same
	changed
)

// NewChecker returns a Checker of the deps old (of the previous build)
// against w, the new build, whose deps are t; nil when old is not a table
// that Save wrote.
func NewChecker(old *Saved, w World, t *Table) *Checker {
	if !old.valid() {
		return nil
	}
	c := &Checker{old: old, w: w, t: t, self: -1, memo: make([]atomic.Uint32, len(old.Deps))}
	for i, s := range old.Strings {
		if s == Self {
			c.self = int32(i)
		}
	}
	c.hs.New = func() any { return newHasher(w, t) }
	return c
}

// Keep reports whether a page that read rec in the previous build would
// read the same now, and so come out the same; self returns the page's
// own data as it is now (called only when the rest is unchanged). When
// it would, Keep returns the page's record in the new build's table.
func (c *Checker) Keep(rec *Record, self func() any) (*Record, bool) {
	if c == nil || rec == nil || rec.Never {
		return nil, false
	}
	n := int32(len(c.old.Deps))
	hasSelf := false
	for _, id := range rec.Deps {
		if id < 0 || id >= n {
			return nil, false
		}
		if c.old.Deps[id].Of == c.self {
			hasSelf = true
			continue
		}
		if !c.same(id) {
			return nil, false
		}
	}
	if hasSelf {
		x := self()
		if x == nil {
			return nil, false
		}
		v := reflect.ValueOf(x)
		h := c.hs.Get().(*hasher)
		defer c.hs.Put(h)
		var sum uint64
		for _, id := range rec.Deps {
			d := c.old.Deps[id]
			if d.Of != c.self {
				continue
			}
			name, args := c.old.Strings[d.Name], c.old.Strings[d.Args]
			res, ok := c.read(v, name, args)
			if !ok {
				return nil, false
			}
			hv, ok := h.sum(res)
			if !ok {
				return nil, false
			}
			sum += selfTerm(name, args, hv)
		}
		if sum != rec.Self {
			return nil, false
		}
	}
	return c.adopt(rec), true
}

// adopt returns rec with its deps in the new build's table.
func (c *Checker) adopt(rec *Record) *Record {
	out := &Record{Deps: make([]int32, len(rec.Deps)), Self: rec.Self}
	s := c.old.Strings
	for i, id := range rec.Deps {
		d := c.old.Deps[id]
		h := c.old.Hashes[id]
		if d.Of == c.self {
			h = 0
		}
		out.Deps[i] = c.t.add(d.Kind, s[d.Of], s[d.Name], s[d.Args], h)
	}
	slices.Sort(out.Deps)
	return out
}

// same reports whether the previous build's dep id gives the same value
// now.
func (c *Checker) same(id int32) bool {
	switch c.memo[id].Load() {
	case same:
		return true
	case changed:
		return false
	}
	ok := c.evaluate(id)
	if ok {
		c.memo[id].Store(same)
	} else {
		c.memo[id].Store(changed)
	}
	return ok
}

func (c *Checker) evaluate(id int32) bool {
	d := c.old.Deps[id]
	s := c.old.Strings
	of, name, args := s[d.Of], s[d.Name], s[d.Args]
	var res reflect.Value
	switch d.Kind {
	case Read:
		x, ok := c.w.Object(of)
		if !ok {
			return false
		}
		if res, ok = c.read(reflect.ValueOf(x), name, args); !ok {
			return false
		}
	case Call:
		fn, class := c.w.Func(of, name)
		if class != Reads || fn == nil {
			return false
		}
		f := reflect.ValueOf(fn)
		if f.Kind() != reflect.Func {
			return false
		}
		argv, ok := decodeArgs(c.w, f.Type(), args)
		if !ok {
			return false
		}
		if res, ok = call(f, argv); !ok {
			return false
		}
	default:
		return false
	}
	h := c.hs.Get().(*hasher)
	defer c.hs.Put(h)
	hv, ok := h.sum(res)
	return ok && hv == c.old.Hashes[id]
}

// read reads name from recv as a template does (package texttemplate's
// evalField): a method of the value or of a pointer to it, else a field
// of the struct it points to (also a promoted one), else a map entry.
func (c *Checker) read(recv reflect.Value, name, args string) (reflect.Value, bool) {
	if name == Whole && args == "" {
		if recv.Kind() != reflect.Pointer || recv.IsNil() {
			return reflect.Value{}, false
		}
		return recv.Elem(), true
	}
	v := recv
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		if v.Kind() == reflect.Pointer {
			if m := v.MethodByName(name); m.IsValid() {
				return c.callMethod(m, args)
			}
		}
		v = v.Elem()
	}
	ptr := v
	if ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	if m := ptr.MethodByName(name); m.IsValid() {
		return c.callMethod(m, args)
	}
	if args != "" {
		return reflect.Value{}, false
	}
	switch v.Kind() {
	case reflect.Struct:
		f, ok := v.Type().FieldByName(name)
		if !ok || !f.IsExported() {
			return reflect.Value{}, false
		}
		field, err := v.FieldByIndexErr(f.Index)
		if err != nil {
			return reflect.Value{}, false
		}
		return field, true
	case reflect.Map:
		k := reflect.ValueOf(name)
		if !k.Type().AssignableTo(v.Type().Key()) {
			return reflect.Value{}, false
		}
		return v.MapIndex(k), true
	}
	return reflect.Value{}, false
}

func (c *Checker) callMethod(m reflect.Value, args string) (reflect.Value, bool) {
	argv, ok := decodeArgs(c.w, m.Type(), args)
	if !ok {
		return reflect.Value{}, false
	}
	return call(m, argv)
}

var errorType = reflect.TypeFor[error]()

// call calls fn as a template calls a function: a second result that is
// a non-nil error, or a panic, is a failure.
func call(fn reflect.Value, argv []reflect.Value) (res reflect.Value, ok bool) {
	t := fn.Type()
	if t.NumOut() == 0 || t.NumOut() > 2 || (t.NumOut() == 2 && t.Out(1) != errorType) {
		return reflect.Value{}, false
	}
	if t.IsVariadic() {
		if len(argv) < t.NumIn()-1 {
			return reflect.Value{}, false
		}
	} else if len(argv) != t.NumIn() {
		return reflect.Value{}, false
	}
	defer func() {
		if recover() != nil {
			res, ok = reflect.Value{}, false
		}
	}()
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, false
	}
	return out[0], true
}
