package deps

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"slices"
	"testing"
)

// item is a record of the fake world; page is a page's own data.
type item struct {
	Key   string
	Name  string
	Price int
	Next  *item
}

func (i *item) Label(prefix string) string { return prefix + i.Name }

type page struct {
	Title string
	Item  *item
}

// world is a catalogue of items, by key.
type world struct {
	items map[string]*item
	funcs map[string]any
}

func (w *world) Key(x any) (string, bool) {
	if i, ok := x.(*item); ok {
		return "item/" + i.Key, true
	}
	return "", false
}

func (w *world) Object(key string) (any, bool) {
	i, ok := w.items[key[len("item/"):]]
	return i, ok
}

func (w *world) Func(lang, name string) (any, Class) {
	if f, ok := w.funcs[name]; ok {
		return f, Reads
	}
	return nil, Unknown
}

func (w *world) Fragment(reflect.Value) ([]int32, bool) { return nil, false }

func newWorld(names map[string]string) *world {
	w := &world{items: map[string]*item{}}
	for k, n := range names {
		w.items[k] = &item{Key: k, Name: n, Price: len(n)}
	}
	w.funcs = map[string]any{"named": func(i *item) string { return "«" + i.Name + "»" }}
	return w
}

// render records what a rendering of p reads: its title, its item's name
// and label, the function named on it.
func render(t *Table, w *world, p *page) *Record {
	r := NewRecorder(t, w, "vi", p)
	r.Read(reflect.ValueOf(p), "Title", nil, reflect.ValueOf(p.Title))
	r.Read(reflect.ValueOf(p), "Item", nil, reflect.ValueOf(p.Item))
	r.Read(reflect.ValueOf(p.Item), "Name", nil, reflect.ValueOf(p.Item.Name))
	arg := []reflect.Value{reflect.ValueOf("x ")}
	r.Read(reflect.ValueOf(p.Item), "Label", arg, reflect.ValueOf(p.Item.Label("x ")))
	r.Call("named", []reflect.Value{reflect.ValueOf(p.Item)}, reflect.ValueOf("«"+p.Item.Name+"»"))
	return r.Record()
}

// TestKeep: a page is kept while what it read is the same, and not once
// any of it changed: a field of its record, the result of a method or a
// function, its own data; a field it did not read does not matter.
func TestKeep(t *testing.T) {
	w1 := newWorld(map[string]string{"a": "Chè", "b": "Mật ong"})
	t1 := NewTable()
	p1 := &page{Title: "Trang", Item: w1.items["a"]}
	rec := render(t1, w1, p1)
	if rec.Never || len(rec.Deps) == 0 {
		t.Fatalf("record %+v", rec)
	}
	saved := roundTrip(t, t1.Save([]*Record{rec}))
	rec = roundTripRecord(t, rec)

	for _, c := range []struct {
		what  string
		names map[string]string
		title string
		price bool
		keep  bool
	}{
		{"nothing changed", map[string]string{"a": "Chè", "b": "Mật ong"}, "Trang", false, true},
		{"a field not read", map[string]string{"a": "Chè", "b": "Mật ong"}, "Trang", true, true},
		{"another record", map[string]string{"a": "Chè", "b": "Rượu"}, "Trang", false, true},
		{"the name read", map[string]string{"a": "Chè xanh", "b": "Mật ong"}, "Trang", false, false},
		{"the record gone", map[string]string{"b": "Mật ong"}, "Trang", false, false},
		{"the page's own data", map[string]string{"a": "Chè", "b": "Mật ong"}, "Trang khác", false, false},
	} {
		w2 := newWorld(c.names)
		if c.price {
			w2.items["a"].Price = 99
		}
		t2 := NewTableFrom(saved)
		check := NewChecker(w2, t2)
		p2 := &page{Title: c.title, Item: w2.items["a"]}
		if got := check.Keep(rec, func() any { return p2 }); got != c.keep {
			t.Errorf("%s: kept %v, want %v", c.what, got, c.keep)
		}
	}
}

// TestGroups: a fragment's deps are one group; a page that reads the
// group is kept exactly while all of the group's deps are the same, and
// Save keeps only the deps that records read, renumbered.
func TestGroups(t *testing.T) {
	w := newWorld(map[string]string{"a": "Chè", "b": "Mật ong", "c": "Rượu"})
	tab := NewTable()
	frag := NewRecorder(tab, w, "vi", nil)
	frag.Read(reflect.ValueOf(w.items["b"]), "Name", nil, reflect.ValueOf("Mật ong"))
	ids, ok := frag.IDs()
	if !ok {
		t.Fatal("the fragment's record is not usable")
	}
	g := tab.Group("vi", "fragment/card", "item/b", ids)
	// A dep nobody reads any more: left out by Save.
	tab.add(Read, "item/c", "Name", "", 1)
	rec := &Record{Deps: []int32{g}}
	saved := roundTrip(t, tab.Save([]*Record{rec}))
	if len(saved.Deps) != 2 || saved.Deps[rec.Deps[0]].Kind != Group || !slices.Equal(saved.Members[rec.Deps[0]], IDs{0}) {
		t.Fatalf("saved %+v, record %v", saved, rec.Deps)
	}
	keep := func(w *world) bool { return NewChecker(w, NewTableFrom(saved)).Keep(rec, nil) }
	if !keep(newWorld(map[string]string{"a": "Chè", "b": "Mật ong"})) {
		t.Error("not kept with the group's record unchanged")
	}
	if keep(newWorld(map[string]string{"a": "Chè", "b": "Mật ong rừng"})) {
		t.Error("kept with the group's record changed")
	}
}

// TestMalformed: a table or record that is not what Save and GobEncode
// wrote gives an empty table and an error, never a panic.
func TestMalformed(t *testing.T) {
	for _, s := range []*Saved{
		nil,
		{Strings: []string{"a"}, Deps: []Dep{{Kind: Read, Of: 0, Name: 5}}, Hashes: []uint64{1}, Members: []IDs{nil}},
		{Strings: []string{"a"}, Deps: []Dep{{Kind: Group}}, Hashes: []uint64{1}, Members: []IDs{{0}}},
		{Strings: []string{"a"}, Deps: []Dep{{Kind: Read}}, Hashes: []uint64{1}},
	} {
		if n := NewTableFrom(s).Len(); n != 0 {
			t.Errorf("%+v: a table of %d deps", s, n)
		}
	}
	var r Record
	for _, b := range [][]byte{nil, {0}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 5, 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 2, 1, 0}} {
		if err := r.GobDecode(b); err == nil {
			t.Errorf("%v decoded as %+v", b, r)
		}
	}
}

func roundTrip(t *testing.T, s *Saved) *Saved {
	t.Helper()
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(s); err != nil {
		t.Fatal(err)
	}
	var out Saved
	if err := gob.NewDecoder(&b).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func roundTripRecord(t *testing.T, r *Record) *Record {
	t.Helper()
	b, err := r.GobEncode()
	if err != nil {
		t.Fatal(err)
	}
	var out Record
	if err := out.GobDecode(b); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Deps, r.Deps) || out.Self != r.Self || out.Never != r.Never {
		t.Fatalf("record %+v came back %+v", r, out)
	}
	return &out
}
