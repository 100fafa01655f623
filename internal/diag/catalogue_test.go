package diag

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite messages.vi.po: add the messages the code has (with an empty translation) and drop those it no longer has")

// skipped are the folders whose code says nothing to an editor in
// ocop's words: copies of Go's template packages (their errors are for
// the theme's authors, and Go's own), and test helpers.
var skipped = []string{"internal/htmltemplate", "internal/texttemplate", "internal/sitetest", "internal/browsertest", "internal/quality", "internal/differential", "internal/cms"}

// message is a format the code passes to be printed in the editor's
// language, and where.
type message struct {
	format string
	file   string
	line   int
}

// wrappers says which arguments of which functions are message
// formats: a function with a string parameter named format (diag.M,
// diag.List.Errorf, a decoder's errorf, a closure such as fail) takes a
// message there, and diag.Plural takes two (one, other). The exported
// ones of package diag are called from everywhere, others from their own
// folder.
type wrappers map[string]map[string][]int // by folder ("" for everywhere), by name

func (w wrappers) add(dir, name string, params *ast.FieldList) {
	if params == nil || len(params.List) == 0 {
		return
	}
	// A format is followed by its arguments (args ...any); Plural's one
	// and other take the number.
	_, variadic := params.List[len(params.List)-1].Type.(*ast.Ellipsis)
	var idx []int
	i := 0
	for _, f := range params.List {
		n := max(len(f.Names), 1)
		for j := 0; j < n; j++ {
			if len(f.Names) > 0 {
				t, ok := f.Type.(*ast.Ident)
				ok = ok && t.Name == "string"
				switch name := f.Names[j].Name; {
				case ok && name == "format" && variadic,
					ok && (name == "one" || name == "other") && dir == "internal/diag":
					idx = append(idx, i)
				}
			}
			i++
		}
	}
	if len(idx) == 0 {
		return
	}
	if dir == "internal/diag" && ast.IsExported(name) {
		dir = ""
	}
	if w[dir] == nil {
		w[dir] = map[string][]int{}
	}
	w[dir][name] = idx
}

// consts are the string constants of each folder, by name: a message
// written once and used in two places is a constant.
type consts map[string]map[string]string

// find records the wrappers and string constants declared in f, a file
// of dir.
func (w wrappers) find(dir string, f *ast.File, c consts) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok != token.CONST {
				break
			}
			for _, spec := range n.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if s, ok := constString(vs.Values[i]); ok {
							if c[dir] == nil {
								c[dir] = map[string]string{}
							}
							c[dir][name.Name] = s
						}
					}
				}
			}
		case *ast.FuncDecl:
			w.add(dir, n.Name.Name, n.Type.Params)
		case *ast.AssignStmt:
			// fail := func(format string, args ...any) …
			for i, rhs := range n.Rhs {
				if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						w.add(dir, id.Name, lit.Type.Params)
					}
				}
			}
		}
		return true
	})
}

// formatArgs says which arguments of call, in a file of dir, are message
// formats.
func (w wrappers) formatArgs(dir string, call *ast.CallExpr) []int {
	name, recv := "", ""
	switch f := call.Fun.(type) {
	case *ast.Ident:
		name = f.Name
	case *ast.SelectorExpr:
		name = f.Sel.Name
		if x, ok := f.X.(*ast.Ident); ok {
			recv = x.Name
		}
	}
	if recv == "fmt" || recv == "errors" || recv == "log" || recv == "t" {
		return nil
	}
	idx := w[dir][name]
	if idx == nil {
		idx = w[""][name]
	}
	var out []int
	for _, i := range idx {
		if i < len(call.Args) {
			out = append(out, i)
		}
	}
	return out
}

// constString returns the value of a constant string expression: a
// literal, or literals joined with +.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := constString(e.X)
		b, ok2 := constString(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}

// codeMessages returns every message format in the module's code (not
// its tests), in the order of the files, and the calls whose format is
// not a constant.
func codeMessages(t *testing.T) (msgs []message, problems []string) {
	t.Helper()
	root := moduleRoot(t)
	fset := token.NewFileSet()
	type file struct {
		dir, rel string
		f        *ast.File
	}
	var files []file
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, root+string(filepath.Separator)))
		if e.IsDir() {
			name := e.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || slices.Contains(skipped, rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, file{path.Dir(rel), rel, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w, c := wrappers{}, consts{}
	for _, f := range files {
		w.find(f.dir, f.f, c)
	}
	for _, f := range files {
		ast.Inspect(f.f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			for _, i := range w.formatArgs(f.dir, call) {
				arg := call.Args[i]
				pos := fset.Position(arg.Pos())
				if s, ok := constString(arg); ok {
					msgs = append(msgs, message{s, f.rel, pos.Line})
					continue
				}
				if id, ok := arg.(*ast.Ident); ok && c[f.dir][id.Name] != "" {
					msgs = append(msgs, message{c[f.dir][id.Name], f.rel, pos.Line})
					continue
				}
				if id, ok := arg.(*ast.Ident); ok && (id.Name == "format" || id.Name == "one" || id.Name == "other") {
					continue // a wrapper forwarding its own format
				}
				problems = append(problems, fmt.Sprintf("%s:%d: the message's format is not a constant string, so it cannot be translated; write it out, with the values as arguments (nested messages: diag.M)", f.rel, pos.Line))
			}
			return true
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	return msgs, problems
}

// neutral reports whether a format says nothing in words (such as
// "%s: %s"): it is the same in every language.
func neutral(format string) bool {
	rest := format
	for _, v := range Verbs(format) {
		rest = strings.Replace(rest, v.Text, "", 1)
	}
	return !strings.ContainsFunc(rest, unicode.IsLetter)
}

// verbSet returns the verbs of format by argument, written without
// their index: "%[2]q" and "%q" for the second argument are the same.
func verbSet(format string) []string {
	var out []string
	for _, v := range Verbs(format) {
		text := v.Text
		if i := strings.IndexByte(text, '['); i >= 0 {
			if j := strings.IndexByte(text[i:], ']'); j >= 0 {
				text = text[:i] + text[i+j+1:]
			}
		}
		out = append(out, fmt.Sprintf("%d:%s", v.Arg, text))
	}
	slices.Sort(out)
	return out
}

// TestCatalogue: every message the code can print has a Vietnamese
// translation with the same verbs for the same arguments, and the
// catalogue has nothing the code does not use.
func TestCatalogue(t *testing.T) {
	msgs, problems := codeMessages(t)
	for _, p := range problems {
		t.Error(p)
	}
	if len(msgs) < 100 {
		t.Fatalf("found only %d messages in the code: is the extraction still finding the calls?", len(msgs))
	}
	entries, err := ParsePO(viPO)
	if err != nil {
		t.Fatalf("messages.vi.po: %v", err)
	}
	inCode := map[string]message{}
	var order []string
	for _, m := range msgs {
		if neutral(m.format) {
			continue
		}
		if _, ok := inCode[m.format]; !ok {
			inCode[m.format] = m
			order = append(order, m.format)
		}
	}
	if *update {
		writeCatalogue(t, entries, order, inCode)
		return
	}
	have := map[string]Entry{}
	for _, e := range entries {
		have[e.ID] = e
	}
	for _, f := range order {
		m := inCode[f]
		e, ok := have[f]
		switch {
		case !ok:
			t.Errorf("%s:%d: %q has no Vietnamese translation in messages.vi.po (go test ./internal/diag -run TestCatalogue -update adds it, to translate)", m.file, m.line, f)
		case strings.TrimSpace(e.Str) == "":
			t.Errorf("messages.vi.po:%d: %q is not translated yet", e.Line, f)
		case !slices.Equal(verbSet(f), verbSet(e.Str)):
			t.Errorf("messages.vi.po:%d: the translation of %q has the verbs %v; the English has %v (the same verbs for the same arguments; %%[2]s puts the second one first)",
				e.Line, f, verbSet(e.Str), verbSet(f))
		case strings.Contains(e.Str, "%!"), strings.Contains(fmt.Sprintf(e.Str, make([]any, len(Verbs(f)))...), "%!(EXTRA"):
			t.Errorf("messages.vi.po:%d: the translation of %q does not use each argument once", e.Line, f)
		}
	}
	for _, e := range entries {
		if _, ok := inCode[e.ID]; !ok {
			t.Errorf("messages.vi.po:%d: %q is not a message of the code any more; delete it (or run with -update)", e.Line, e.ID)
		}
	}
}

// writeCatalogue rewrites messages.vi.po with the messages of the code,
// in the order the code has them, keeping the translations it has.
func writeCatalogue(t *testing.T, entries []Entry, order []string, inCode map[string]message) {
	old := map[string]string{}
	for _, e := range entries {
		old[e.ID] = e.Str
	}
	var b bytes.Buffer
	// The header: the comment lines at the top of the file, as written.
	for _, line := range strings.SplitAfter(string(viPO), "\n") {
		if !strings.HasPrefix(line, "#") || strings.HasPrefix(line, "#:") {
			break
		}
		b.WriteString(line)
	}
	b.WriteString("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Language: vi\\n\"\n")
	for _, f := range order {
		fmt.Fprintf(&b, "\n#: %s\n#, c-format\nmsgid %s\nmsgstr %s\n", inCode[f].file, QuotePO(f), QuotePO(old[f]))
	}
	if err := os.WriteFile("messages.vi.po", b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote messages.vi.po: %d messages", len(order))
}

func TestVerbs(t *testing.T) {
	for _, tc := range []struct {
		format string
		want   []string
	}{
		{"%s is %d", []string{"0:%s", "1:%d"}},
		{"100%% of %q", []string{"0:%q"}},
		{"%[2]s then %[1]s", []string{"0:%s", "1:%s"}},
		{"%.1f MB, %5d", []string{"0:%.1f", "1:%5d"}},
		{"no verbs", nil},
	} {
		if got := verbSet(tc.format); !slices.Equal(got, tc.want) {
			t.Errorf("verbSet(%q) = %q, want %q", tc.format, got, tc.want)
		}
	}
}
