package build_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
	"golang.org/x/tools/txtar"
)

// TestHostile builds each site of the hostile corpus, testdata/hostile:
// bad and hostile content, one small site per case, each with the outcome
// it must have written in it. Whatever arrives, ocop either builds a site
// that is safe to publish, or says exactly what is wrong, at its
// path:line:col, and writes nothing.
//
// A case is a txtar archive. Its comment says what the case is about. Its
// files are laid over the small catalogue of sitetest.Base (those of the
// same name replaced): site.yaml and files under content/, templates/ and
// static/. Other sections say what else to make and what to expect:
//
//	-- want --             every diagnostic, one a line, as ocop build
//	                       prints them ("path:line:col: message", warnings
//	                       with "warning: "), in its order; empty for none.
//	                       Those of sitetest.Base itself (its expired
//	                       certificate) are left out. With an error among
//	                       them the build must fail and write nothing;
//	                       otherwise it must succeed.
//	-- contains FILE --    each line must be in the output file FILE (a line
//	                       go:"…" is the Go string literal after go:)
//	-- lacks FILE --       no line may be in FILE; FILE * is every file
//	-- delete --           sitetest.Base's files to leave out, one a line
//	-- quote FILE --       FILE's bytes as Go string literals, one a line,
//	                       joined: for bytes a text file would lose or hide
//	                       (non-UTF-8, a byte-order mark, CR, NFD, controls)
//	-- fill SIZE FILE --   FILE made SIZE bytes long (such as 50MB) when the
//	                       test runs, with the section repeated after
//	                       FILE's own section, if the case has one
//	-- symlink FILE --     FILE is a symbolic link to the section's path
//	-- outside NAME --     a file beside the site's folder (for links to
//	                       lead out); its text must be in no output file
//
// A FILE may be written as a Go string literal, for names with characters
// that do not show: -- "content/products/dong-van/mat\u200bong.yaml" --.
//
// Every site that builds is checked whole: no output file may be unsafe
// (sitetest.Unsafe: scripts, event handlers, javascript: and data:
// addresses in pages, feeds, pictures; "<" in JSON; formulas in CSV).
func TestHostile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := readHostile(t, file)
			c.run(t)
		})
	}
}

// updateHostile rewrites the want sections of the cases with what the
// build says (go test -run TestHostile ./internal/build -update-hostile):
// read the changes before committing them.
var updateHostile = flag.Bool("update-hostile", false, "rewrite the want sections of testdata/hostile")

// hostileOut keeps each case's site and output in a folder of its own
// under the folder given, to look at.
var hostileOut = flag.String("hostile-out", "", "keep the sites and outputs of testdata/hostile in this folder")

// hostileCase is one case of the corpus.
type hostileCase struct {
	file     string
	want     []string
	hasWant  bool
	files    map[string][]byte
	fills    map[string]fill
	deleted  []string
	symlinks map[string]string
	outside  map[string][]byte
	contains map[string][]string
	lacks    map[string][]string
}

type fill struct {
	size    int64
	pattern []byte
}

func readHostile(t *testing.T, file string) *hostileCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := &hostileCase{file: file, files: map[string][]byte{}, fills: map[string]fill{}, symlinks: map[string]string{},
		outside: map[string][]byte{}, contains: map[string][]string{}, lacks: map[string][]string{}}
	for _, f := range txtar.Parse(data).Files {
		kind, arg, _ := strings.Cut(f.Name, " ")
		if size, path, ok := strings.Cut(arg, " "); ok && kind == "fill" {
			arg = size + " " + unquoteName(t, path)
		} else {
			arg = unquoteName(t, arg)
		}
		switch kind {
		case "want":
			c.hasWant = true
			c.want = lines(f.Data)
		case "contains":
			c.contains[arg] = append(c.contains[arg], fragments(t, f.Data)...)
		case "lacks":
			c.lacks[arg] = append(c.lacks[arg], fragments(t, f.Data)...)
		case "delete":
			c.deleted = append(c.deleted, lines(f.Data)...)
		case "quote":
			var b []byte
			for _, l := range lines(f.Data) {
				s, err := strconv.Unquote(l)
				if err != nil {
					t.Fatalf("quote %s: %s: %v", arg, l, err)
				}
				b = append(b, s...)
			}
			c.files[arg] = b
		case "fill":
			sizeText, path, _ := strings.Cut(arg, " ")
			size, err := parseSize(sizeText)
			if err != nil || len(f.Data) == 0 {
				t.Fatalf("fill %s: %v", arg, err)
			}
			c.fills[path] = fill{size, f.Data}
		case "symlink":
			c.symlinks[arg] = strings.TrimSpace(string(f.Data))
		case "outside":
			c.outside[arg] = f.Data
		default:
			name := unquoteName(t, f.Name)
			if name != "site.yaml" && !strings.HasPrefix(name, "content/") && !strings.HasPrefix(name, "templates/") && !strings.HasPrefix(name, "static/") {
				t.Fatalf("unknown section %q", name)
			}
			c.files[name] = f.Data
		}
	}
	if !c.hasWant {
		t.Fatal("the case has no want section")
	}
	return c
}

// update rewrites the case's want section with got.
func (c *hostileCase) update(t *testing.T, got []string) {
	data, err := os.ReadFile(c.file)
	if err != nil {
		t.Fatal(err)
	}
	a := txtar.Parse(data)
	for i := range a.Files {
		if a.Files[i].Name == "want" {
			text := strings.Join(got, "\n")
			if text != "" {
				text += "\n"
			}
			a.Files[i].Data = []byte(text)
		}
	}
	if err := os.WriteFile(c.file, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("updated %s", c.file)
}

// unquoteName reads a file name written as a Go string literal, for
// names with characters that do not show ("content/\u200b.yaml").
func unquoteName(t *testing.T, name string) string {
	if !strings.HasPrefix(name, `"`) {
		return name
	}
	s, err := strconv.Unquote(name)
	if err != nil {
		t.Fatalf("file name %s: %v", name, err)
	}
	return s
}

// fragments returns the non-empty lines of data; one that starts with
// "go:" is the Go string literal that follows (go:"\r").
func fragments(t *testing.T, data []byte) []string {
	out := lines(data)
	for i, l := range out {
		if q, ok := strings.CutPrefix(l, "go:"); ok {
			s, err := strconv.Unquote(q)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			out[i] = s
		}
	}
	return out
}

// lines returns the non-empty lines of data.
func lines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"kB": 1 << 10, "MB": 1 << 20} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			s, mult = n, m
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}

// make writes the case's site into dir/site, and its outside files beside.
func (c *hostileCase) make(t *testing.T, dir string) string {
	site := filepath.Join(dir, "site")
	base := txtar.Parse([]byte(sitetest.Base))
	for _, f := range base.Files {
		_, replaced := c.files[f.Name]
		_, linked := c.symlinks[f.Name]
		if !replaced && !linked && !slices.Contains(c.deleted, f.Name) {
			writeFile(t, filepath.Join(site, filepath.FromSlash(f.Name)), f.Data)
		}
	}
	for name, data := range c.files {
		writeFile(t, filepath.Join(site, filepath.FromSlash(name)), data)
	}
	for name, fl := range c.fills {
		p := filepath.Join(site, filepath.FromSlash(name))
		writeFile(t, p, c.files[name])
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		chunk := bytes.Repeat(fl.pattern, int(1<<20)/len(fl.pattern)+1)
		for left := fl.size - int64(len(c.files[name])); left > 0; {
			n := min(left, int64(len(chunk)))
			if _, err := f.Write(chunk[:n]); err != nil {
				t.Fatal(err)
			}
			left -= n
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range c.symlinks {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.FromSlash(target), p); err != nil {
			t.Skipf("cannot make a symbolic link here: %v", err)
		}
	}
	for name, data := range c.outside {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), data)
	}
	return site
}

func writeFile(t *testing.T, p string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// baseDiagnostics are the diagnostics of sitetest.Base itself.
var baseDiagnostics = sync.OnceValues(func() ([]string, error) {
	dir, err := os.MkdirTemp("", "ocop-hostile-base")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	a := txtar.Parse([]byte(sitetest.Base))
	for _, f := range a.Files {
		p := filepath.Join(dir, "site", filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	rep, err := build.Build(context.Background(), build.Options{SiteDir: filepath.Join(dir, "site"), Theme: ocop.Theme(),
		Out: filepath.Join(dir, "public"), Now: buildDate})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, d := range rep.Diagnostics {
		out = append(out, d.String())
	}
	return out, nil
})

func (c *hostileCase) run(t *testing.T) {
	dir := t.TempDir()
	if *hostileOut != "" {
		dir = filepath.Join(*hostileOut, strings.TrimSuffix(filepath.Base(c.file), ".txtar"))
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	site := c.make(t, dir)
	out := filepath.Join(dir, "public")
	rep, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate})
	base, berr := baseDiagnostics()
	if berr != nil {
		t.Fatalf("the base site: %v", berr)
	}
	var got []string
	failed := false
	for _, d := range rep.Diagnostics {
		if d.Severity == diag.Error {
			failed = true
		}
		if s := d.String(); !slices.Contains(base, s) {
			got = append(got, s)
		}
	}
	if !slices.Equal(got, c.want) {
		if *updateHostile {
			c.update(t, got)
		} else {
			t.Errorf("diagnostics:\n%s", lineDiff(c.want, got))
		}
	}
	if failed {
		var list *diag.ErrorList
		if !errors.As(err, &list) {
			t.Errorf("the build failed with %v, want a list of the errors", err)
		}
		// Nothing written: no output, no temporary folder beside it.
		entries, _ := os.ReadDir(dir)
	next:
		for _, e := range entries {
			for name := range c.outside {
				if strings.Split(name, "/")[0] == e.Name() {
					continue next
				}
			}
			if e.Name() != "site" {
				t.Errorf("the failed build left %s", e.Name())
			}
		}
		if len(c.contains) > 0 {
			t.Errorf("the case has contains sections, but its site does not build")
		}
		return
	}
	if err != nil {
		t.Fatalf("the build failed without an error among its diagnostics: %v", err)
	}
	c.checkOutput(t, out)
}

// checkOutput checks every output file: safe, without the text of a file
// outside the site, and with what the case says it contains and lacks.
func (c *hostileCase) checkOutput(t *testing.T, out string) {
	for name, want := range c.contains {
		data := readOutput(t, out, name)
		for _, w := range want {
			if !strings.Contains(data, w) {
				t.Errorf("%s does not contain %s", name, w)
			}
		}
	}
	for name, lacks := range c.lacks {
		if name == "*" {
			continue
		}
		data := readOutput(t, out, name)
		for _, w := range lacks {
			if i := strings.Index(data, w); i >= 0 {
				t.Errorf("%s contains %s: …%s…", name, w, data[max(0, i-60):min(len(data), i+len(w)+20)])
			}
		}
	}
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, problem := range sitetest.Unsafe(rel, data) {
			t.Errorf("%s: unsafe: %s", rel, problem)
		}
		for name, secret := range c.outside {
			if s := bytes.TrimSpace(secret); len(s) > 0 && bytes.Contains(data, s) {
				t.Errorf("%s has the text of %s, a file outside the site", rel, name)
			}
		}
		for _, w := range c.lacks["*"] {
			if i := bytes.Index(data, []byte(w)); i >= 0 {
				t.Errorf("%s contains %s: …%s…", rel, w, data[max(0, i-60):min(len(data), i+len(w)+20)])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readOutput(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("output: %v", err)
	}
	return string(data)
}

// lineDiff shows want and got, line by line, marking the lines only in
// one of them.
func lineDiff(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}
	for _, g := range got {
		mark := " "
		if !slices.Contains(want, g) {
			mark = "+"
		}
		fmt.Fprintf(&b, "  %s %s\n", mark, g)
	}
	return b.String()
}
