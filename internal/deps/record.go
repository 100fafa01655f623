package deps

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
)

// Recorder records what one rendering reads (a page, or a fragment that
// pages share): give it to ExecuteRecorded, then take its Record. It
// implements package texttemplate's Recorder.
type Recorder struct {
	t    *Table
	w    World
	lang string
	self reflect.Value // the page's own data; invalid for a fragment
	h    *hasher
	ids  []int32
	// selfSum sums up the reads of the page's own data (selfTerm).
	selfSum uint64
	selfIDs map[int32]bool
	never   bool
}

// NewRecorder returns a Recorder of a rendering in language lang, whose
// own data is self (nil for a fragment, whose data is a record or is
// named by the call that made it), into t.
func NewRecorder(t *Table, w World, lang string, self any) *Recorder {
	r := &Recorder{t: t, w: w, lang: lang, h: newHasher(w, t)}
	if self != nil {
		r.self = reflect.ValueOf(self)
	}
	return r
}

// Read records a field, method result or map entry read from recv.
func (r *Recorder) Read(recv reflect.Value, name string, args []reflect.Value, result reflect.Value) {
	for recv.Kind() == reflect.Interface && !recv.IsNil() {
		recv = recv.Elem()
	}
	if recv.Kind() != reflect.Pointer || recv.IsNil() {
		// A value that is not a record: the read that gave it summed up
		// all of it.
		return
	}
	if r.self.IsValid() && recv.UnsafePointer() == r.self.UnsafePointer() && recv.Type() == r.self.Type() {
		r.readSelf(name, args, result)
		return
	}
	key, ok := keyOf(r.w, r.t, recv)
	if !ok {
		return
	}
	r.add(Read, key, name, args, result)
}

// Call records a call of a template function.
func (r *Recorder) Call(name string, args []reflect.Value, result reflect.Value) {
	_, class := r.w.Func(r.lang, name)
	switch class {
	case Pure:
	case Reads:
		r.add(Call, r.lang, name, args, result)
	case Derived:
		for _, a := range args {
			r.whole(a)
		}
	case Fragment:
		ids, ok := r.w.Fragment(result)
		if !ok {
			r.never = true
			return
		}
		r.ids = append(r.ids, ids...)
	default:
		r.never = true
	}
}

// add records the dep of kind read from of (a record's key or a
// language), with its value result.
func (r *Recorder) add(kind Kind, of, name string, args []reflect.Value, result reflect.Value) {
	a, ok := encodeArgs(r.w, r.t, args)
	if !ok {
		r.never = true
		return
	}
	if i, ok := r.t.lookup(kind, of, name, a); ok {
		r.ids = append(r.ids, i)
		return
	}
	h, ok := r.h.sum(result)
	if !ok {
		r.never = true
		return
	}
	r.ids = append(r.ids, r.t.add(kind, of, name, a, h))
}

// whole records the records that v is or holds as a list, each whole.
func (r *Recorder) whole(v reflect.Value) {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if key, ok := keyOf(r.w, r.t, v); ok {
			r.add(Read, key, Whole, nil, v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.whole(v.Index(i))
		}
	}
}

// readSelf records a read of the page's own data: a dep whose value is
// the page's, summed up into the Record's Self.
func (r *Recorder) readSelf(name string, args []reflect.Value, result reflect.Value) {
	a, ok := encodeArgs(r.w, r.t, args)
	if !ok {
		r.never = true
		return
	}
	i, ok := r.t.lookup(Read, Self, name, a)
	if !ok {
		i = r.t.add(Read, Self, name, a, 0)
	}
	if r.selfIDs[i] {
		return
	}
	h, ok := r.h.sum(result)
	if !ok {
		r.never = true
		return
	}
	if r.selfIDs == nil {
		r.selfIDs = map[int32]bool{}
	}
	r.selfIDs[i] = true
	r.ids = append(r.ids, i)
	r.selfSum += selfTerm(name, a, h)
}

// selfTerm is one read of the page's own data, to be added into Self: the
// sum of the terms does not depend on the order of the reads.
func selfTerm(name, args string, h uint64) uint64 {
	f := fnv.New64a()
	f.Write([]byte(name))
	f.Write([]byte{0})
	f.Write([]byte(args))
	x := f.Sum64() ^ h*0x9e3779b97f4a7c15
	// A finalizer, so that terms do not cancel out.
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// Record returns what was recorded.
func (r *Recorder) Record() *Record {
	ids := slices.Clone(r.ids)
	slices.Sort(ids)
	return &Record{Deps: slices.Compact(ids), Self: r.selfSum, Never: r.never}
}

// IDs returns the deps recorded so far, for a fragment whose deps become
// those of the pages that show it.
func (r *Recorder) IDs() ([]int32, bool) {
	rec := r.Record()
	return rec.Deps, !rec.Never
}

// GobEncode writes a record compactly, for the build cache's manifest (a
// big catalogue's pages read millions of deps).
func (r *Record) GobEncode() ([]byte, error) {
	flags := uint64(0)
	if r.Never {
		flags = 1
	}
	b := binary.AppendUvarint(nil, flags)
	b = binary.LittleEndian.AppendUint64(b, r.Self)
	return IDs(r.Deps).append(b), nil
}

// GobDecode reads what GobEncode wrote.
func (r *Record) GobDecode(b []byte) error {
	flags, n := binary.Uvarint(b)
	if n <= 0 || len(b) < n+8 {
		return errMalformed
	}
	r.Never = flags&1 != 0
	b = b[n:]
	r.Self = binary.LittleEndian.Uint64(b)
	ids, rest, err := readIDs(b[8:])
	if err != nil || len(rest) != 0 {
		return errMalformed
	}
	r.Deps = ids
	return nil
}

var errMalformed = errors.New("deps: a malformed record")

// append writes ids as their count and the varint differences between
// consecutive ones, which are sorted.
func (ids IDs) append(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(ids)))
	prev := int32(0)
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(id-prev))
		prev = id
	}
	return b
}

// readIDs reads what append wrote, and returns the rest of b.
func readIDs(b []byte) ([]int32, []byte, error) {
	count, n := binary.Uvarint(b)
	if n <= 0 || count > uint64(len(b)) {
		return nil, nil, errMalformed
	}
	b = b[n:]
	ids := make([]int32, count)
	prev := uint64(0)
	for i := range ids {
		d, n := binary.Uvarint(b)
		if n <= 0 || prev+d > math.MaxInt32 || (i > 0 && d == 0) {
			return nil, nil, errMalformed
		}
		prev += d
		ids[i] = int32(prev)
		b = b[n:]
	}
	return ids, b, nil
}

// GobEncode writes ids compactly (see append).
func (ids IDs) GobEncode() ([]byte, error) { return ids.append(nil), nil }

// GobDecode reads what GobEncode wrote.
func (ids *IDs) GobDecode(b []byte) error {
	x, rest, err := readIDs(b)
	if err != nil || len(rest) != 0 {
		return errMalformed
	}
	*ids = x
	return nil
}
