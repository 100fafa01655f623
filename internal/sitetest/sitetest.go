// Package sitetest helps tests build whole sites: it writes a site given as
// a txtar archive into a folder, and finds elements in the HTML pages
// built from it.
package sitetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// Write writes the files of the txtar archive into dir.
func Write(t testing.TB, dir, archive string) {
	t.Helper()
	a := txtar.Parse([]byte(archive))
	if len(a.Files) == 0 {
		t.Fatal("sitetest: the archive has no files")
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ReadFile returns the content of the file at dir/name (slash-separated).
func ReadFile(t testing.TB, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Page parses the HTML file at dir/name.
func Page(t testing.TB, dir, name string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(ReadFile(t, dir, name)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// Find returns the elements under n that match sel, in document order. A
// selector is a tag name (or *) followed by attribute tests: [name] (has
// it), [name=value] (equals), [name~=value] (has the word), [name*=value]
// (contains); selectors separated by spaces match descendants.
func Find(n *html.Node, sel string) []*html.Node {
	parts := strings.Fields(sel)
	nodes := []*html.Node{n}
	for _, part := range parts {
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, root := range nodes {
			walk(root, func(c *html.Node) {
				if c != root && !seen[c] && matches(c, part) {
					seen[c] = true
					next = append(next, c)
				}
			})
		}
		nodes = next
	}
	return nodes
}

// First returns the first element under n that matches sel, failing the
// test when there is none.
func First(t testing.TB, n *html.Node, sel string) *html.Node {
	t.Helper()
	found := Find(n, sel)
	if len(found) == 0 {
		t.Fatalf("no element matches %q", sel)
	}
	return found[0]
}

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func matches(n *html.Node, sel string) bool {
	tag, rest, _ := strings.Cut(sel, "[")
	if tag != "" && tag != "*" && n.Data != tag {
		return false
	}
	if rest == "" {
		return true
	}
	for _, cond := range strings.Split(strings.TrimSuffix(rest, "]"), "][") {
		name, want, hasValue := strings.Cut(cond, "=")
		op := ""
		if hasValue && (strings.HasSuffix(name, "~") || strings.HasSuffix(name, "*")) {
			op, name = name[len(name)-1:], name[:len(name)-1]
		}
		v, ok := attr(n, name)
		switch {
		case !ok:
			return false
		case !hasValue:
		case op == "~":
			if !contains(strings.Fields(v), want) {
				return false
			}
		case op == "*":
			if !strings.Contains(v, want) {
				return false
			}
		case v != want:
			return false
		}
	}
	return true
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// Attr returns the value of n's attribute name, or "".
func Attr(n *html.Node, name string) string {
	v, _ := attr(n, name)
	return v
}

// Text returns the text inside n with runs of white space made one space.
func Text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Texts returns the Text of each node.
func Texts(nodes []*html.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = Text(n)
	}
	return out
}

// Beside returns the names in the folder that holds out other than out's
// own: what a build left next to its output (temporary or old folders).
func Beside(t testing.TB, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			names = append(names, e.Name())
		}
	}
	return names
}
