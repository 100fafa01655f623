package deps

import (
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// Checker tells which pages of a previous build are unchanged in a new
// one. It evaluates each of the previous build's deps at most once, in the
// new build's World. It is safe for concurrent use.
type Checker struct {
	t       *Table // the new build's, started from the previous build's
	old     []uint64
	members map[int32]IDs // the previous build's groups
	w       World
	self    int32 // the index of Self in the table's strings; -1 when none
	memo    []atomic.Uint32
	hs      sync.Pool
}

const (
	unknown = iota
	same
	changed
	checking // a group being checked: met again, it is a cycle
)

// NewChecker returns a Checker of the deps that t started with (the
// previous build's, NewTableFrom) against w, the new build. Make it before
// anything is recorded into t: it keeps the previous values to compare
// with.
func NewChecker(w World, t *Table) *Checker {
	t.mu.RLock()
	defer t.mu.RUnlock()
	c := &Checker{t: t, old: slices.Clone(t.hashes), members: maps.Clone(t.members), w: w, self: -1, memo: make([]atomic.Uint32, len(t.hashes))}
	if i, ok := t.strIdx[Self]; ok {
		c.self = i
	}
	c.hs.New = func() any { return newHasher(w, t) }
	return c
}

// Keep reports whether a page that read rec in the previous build would
// read the same now, and so come out the same; self returns the page's
// own data as it is now (called only when the rest is unchanged). The
// record stays the page's: the table keeps its deps under their indexes.
func (c *Checker) Keep(rec *Record, self func() any) bool {
	if c == nil || rec == nil || rec.Never {
		return false
	}
	n := int32(len(c.old))
	hasSelf := false
	for _, id := range rec.Deps {
		if id < 0 || id >= n {
			return false
		}
		if c.dep(id).Of == c.self {
			hasSelf = true
			continue
		}
		if !c.same(id) {
			return false
		}
	}
	if hasSelf {
		x := self()
		if x == nil {
			return false
		}
		v := reflect.ValueOf(x)
		h := c.hs.Get().(*hasher)
		defer c.hs.Put(h)
		var sum uint64
		for _, id := range rec.Deps {
			d := c.dep(id)
			if d.Of != c.self {
				continue
			}
			name, args := c.str(d.Name), c.str(d.Args)
			res, ok := c.read(v, name, args)
			if !ok {
				return false
			}
			hv, ok := h.sum(res)
			if !ok {
				return false
			}
			sum += selfTerm(name, args, hv)
		}
		if sum != rec.Self {
			return false
		}
	}
	return true
}

// dep and str read the table (whose first len(c.old) deps do not change).
func (c *Checker) dep(id int32) Dep {
	c.t.mu.RLock()
	defer c.t.mu.RUnlock()
	return c.t.deps[id]
}

func (c *Checker) str(i int32) string {
	c.t.mu.RLock()
	defer c.t.mu.RUnlock()
	return c.t.strs[i]
}

// same reports whether the previous build's dep id gives the same value
// now.
func (c *Checker) same(id int32) bool {
	switch c.memo[id].Load() {
	case same:
		return true
	case changed, checking:
		return false
	}
	ok := c.evaluate(id)
	if ok {
		c.t.confirm(id)
		c.memo[id].Store(same)
	} else {
		c.memo[id].Store(changed)
	}
	return ok
}

func (c *Checker) evaluate(id int32) bool {
	d := c.dep(id)
	of, name, args := c.str(d.Of), c.str(d.Name), c.str(d.Args)
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
	case Group:
		// Its members, checked first (they may be groups too).
		c.memo[id].Store(checking)
		for _, m := range c.members[id] {
			if m < 0 || int(m) >= len(c.old) || !c.same(m) {
				return false
			}
		}
		return true
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
	return ok && hv == c.old[id]
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
