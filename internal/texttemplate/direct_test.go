package template

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestDirectCall checks that the functions directCall calls without
// reflection give what reflect.Value.Call gives, errors and panics
// included, and that it leaves other shapes to Call.
func TestDirectCall(t *testing.T) {
	boom := errors.New("boom")
	funcs := []any{
		func(xs ...any) string { return strings.Repeat("x", len(xs)) },
		eq, ne, lt, not, length,
		func(s string) string { return "<" + s + ">" },
		func(s string) (string, error) {
			if s == "" {
				return "", boom
			}
			return s + "!", nil
		},
		func(x any) (string, error) {
			if x == nil {
				panic("nil")
			}
			return reflect.TypeOf(x).String(), nil
		},
	}
	v := reflect.ValueOf
	rv := func(x any) reflect.Value { return v(v(x)) }
	calls := [][]reflect.Value{
		{}, {v(1), v("a")},
		{rv(1), rv(1)}, {rv(1), rv(2)}, {rv(1), rv(2)}, {rv(true)}, {rv("abc")},
		{v("a")},
		{v("a")}, {v("")},
		{v(3)},
	}
	fn := func(i int) reflect.Value {
		switch {
		case i < 2:
			return v(funcs[0])
		case i < 7:
			return v(funcs[i-1])
		case i < 8:
			return v(funcs[6])
		case i < 10:
			return v(funcs[7])
		default:
			return v(funcs[8])
		}
	}
	for i, args := range calls {
		f := fn(i)
		got, gotErr, ok := directCall(f, args, nil)
		if !ok {
			t.Errorf("call %d (%s): not called directly", i, f.Type())
			continue
		}
		// With the escapers' scratch, the same, and the scratch is left
		// empty.
		scratch := make([]any, 4)
		got2, gotErr2, _ := directCall(f, args, scratch[:0])
		if fmt.Sprint(got2, gotErr2) != fmt.Sprint(got, gotErr) {
			t.Errorf("call %d (%s): with scratch %v, %v; without %v, %v", i, f.Type(), got2, gotErr2, got, gotErr)
		}
		if slices.ContainsFunc(scratch, func(x any) bool { return x != nil }) {
			t.Errorf("call %d (%s): the scratch keeps %v", i, f.Type(), scratch)
		}
		want, wantErr := safeCall(f, args, false, nil)
		if gotErr != nil || wantErr != nil {
			if (gotErr == nil) != (wantErr == nil) || gotErr.Error() != wantErr.Error() {
				t.Errorf("call %d (%s): error %v, Call's %v", i, f.Type(), gotErr, wantErr)
			}
			continue
		}
		if got.Type() != want.Type() || !reflect.DeepEqual(got.Interface(), want.Interface()) {
			t.Errorf("call %d (%s): %v (%s), Call gives %v (%s)", i, f.Type(), got, got.Type(), want, want.Type())
		}
	}
	// A panic in a directly called function is an error, as with Call:
	// safeCall recovers it.
	if _, err := safeCall(v(funcs[8]), []reflect.Value{reflect.Zero(reflect.TypeFor[any]())}, true, nil); err == nil || err.Error() != "nil" {
		t.Errorf("a panic gives %v, want the error nil", err)
	}
	// Other shapes, and a string function given a value of another kind,
	// are Call's.
	for _, c := range []struct {
		f    any
		args []reflect.Value
	}{
		{func(int) string { return "" }, []reflect.Value{v(1)}},
		{func(string) string { return "" }, []reflect.Value{v(1)}},
		{func(string, string) string { return "" }, []reflect.Value{v("a"), v("b")}},
	} {
		if _, _, ok := directCall(v(c.f), c.args, nil); ok {
			t.Errorf("%T called directly", c.f)
		}
	}
}

// TestDirectCallTemplate runs a template through the direct calls.
func TestDirectCallTemplate(t *testing.T) {
	tmpl := Must(New("t").Funcs(FuncMap{
		"up":  strings.ToUpper,
		"err": func(s string) (string, error) { return "", errors.New("no " + s) },
	}).Parse(`{{ up "a" }} {{ if eq 1 1 2 }}eq{{ end }} {{ if not false }}not{{ end }} {{ len "abc" }} {{ print 1 "b" }} {{ "c" | up }}`))
	var b strings.Builder
	if err := tmpl.Execute(&b, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "A eq not 3 1b C"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	err := Must(tmpl.New("e").Parse(`{{ err "x" }}`)).Execute(&b, nil)
	if err == nil || !strings.Contains(err.Error(), "error calling err: no x") {
		t.Errorf("got %v, want the function's error", err)
	}
}

// TestDirectCallGivesBack: a function of ...any that gives back the string
// it was given (an escaper with nothing to escape) gives what Call gives,
// of type string, also when it was given a string of another named type.
func TestDirectCallGivesBack(t *testing.T) {
	type named string
	same := func(xs ...any) string {
		switch x := xs[0].(type) {
		case string:
			return x
		case named:
			return string(x)
		}
		return ""
	}
	for _, arg := range []any{"a&b", named("a&b"), ""} {
		args := []reflect.Value{reflect.ValueOf(arg)}
		got, _, ok := directCall(reflect.ValueOf(same), args, make([]any, 0, 1))
		want, _ := safeCall(reflect.ValueOf(same), args, false, nil)
		if !ok || got.Type() != want.Type() || got.Interface() != want.Interface() {
			t.Errorf("%#v: %#v (%s), Call gives %#v (%s)", arg, got.Interface(), got.Type(), want.Interface(), want.Type())
		}
	}
}
