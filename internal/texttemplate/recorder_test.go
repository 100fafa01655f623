package template

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type recInner struct{ Name string }

type recOuter struct {
	*recInner
	Count int
	Tags  map[string]string
	Next  *recOuter
}

func (o *recOuter) Twice(n int) int { return 2 * n }

// logRecorder writes down what it is told, one line a read or call.
type logRecorder struct{ lines []string }

func (l *logRecorder) Read(recv reflect.Value, name string, args []reflect.Value, result reflect.Value) {
	res := "<invalid>"
	if result.IsValid() {
		res = fmt.Sprint(result.Interface())
	}
	l.lines = append(l.lines, fmt.Sprintf("read %s.%s%v = %s", recv.Type(), name, values(args), res))
}

func (l *logRecorder) Call(name string, args []reflect.Value, result reflect.Value) {
	l.lines = append(l.lines, fmt.Sprintf("call %s%v = %v", name, values(args), result.Interface()))
}

func values(vs []reflect.Value) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v.Interface()
	}
	return out
}

func TestRecorder(t *testing.T) {
	data := &recOuter{recInner: &recInner{Name: "chè"}, Count: 3, Tags: map[string]string{"a": "x"},
		Next: &recOuter{recInner: &recInner{Name: "mật ong"}}}
	tmpl := Must(New("t").Funcs(FuncMap{"upper": strings.ToUpper}).Parse(
		`{{.Name}} {{.Count}} {{.Tags.a}} {{.Tags.b}} {{.Twice 4}} {{upper .Next.Name}} {{len .Tags}} {{index .Tags "a"}}`))
	var rec logRecorder
	if err := tmpl.ExecuteRecorded(io.Discard, data, &rec); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"read *template.recOuter.Name[] = chè",
		"read *template.recOuter.Count[] = 3",
		"read *template.recOuter.Tags[] = map[a:x]",
		"read map[string]string.a[] = x",
		"read *template.recOuter.Tags[] = map[a:x]",
		"read map[string]string.b[] = <invalid>",
		"read *template.recOuter.Twice[4] = 8",
		"read *template.recOuter.Next[] = " + fmt.Sprint(data.Next),
		"read *template.recOuter.Name[] = mật ong",
		"call upper[mật ong] = MẬT ONG",
		"read *template.recOuter.Tags[] = map[a:x]",
		"read *template.recOuter.Tags[] = map[a:x]",
	}
	if !slices.Equal(rec.lines, want) {
		t.Errorf("recorded:\n%s\nwant:\n%s", strings.Join(rec.lines, "\n"), strings.Join(want, "\n"))
	}
	// Without a Recorder, the same output.
	var a, b strings.Builder
	tmpl.Execute(&a, data)
	tmpl.ExecuteRecorded(&b, data, &rec)
	if a.String() != b.String() {
		t.Errorf("Execute gave %q, ExecuteRecorded %q", a.String(), b.String())
	}
}
