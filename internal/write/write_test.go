package write

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// files returns n small pages in nested folders, their text marked with
// version.
func files(n int, version string) []render.File {
	var out []render.File
	for i := range n {
		f := render.File{Path: fmt.Sprintf("vi/p-%d/index.html", i)}
		text := fmt.Sprintf("<!doctype html><title>%d</title><p>%s %d", i, version, i)
		if i%2 == 0 {
			f.Data = []byte(text)
		} else {
			// Rendered straight into the file, as pages are.
			f.Render = func(w io.Writer) error { _, err := io.WriteString(w, text); return err }
		}
		out = append(out, f)
	}
	return out
}

// listing describes every file and folder under dir: its kind and
// permissions, and for a file its bytes' hash.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		entry := info.Mode().String()
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			entry += " " + hex.EncodeToString(sum[:])
		}
		out[filepath.ToSlash(rel)] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameListing(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if g, ok := got[p]; !ok {
			t.Errorf("%s: %s is missing", what, p)
		} else if g != w {
			t.Errorf("%s: %s is %s, was %s", what, p, g, w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}

// deadPID returns the process id of a process that has ended.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// faultAfter makes writing fail with errno once n files have been made,
// as the system does: a path error, and a partial file.
func faultAfter(t *testing.T, n int64, errno syscall.Errno) {
	t.Helper()
	var made atomic.Int64
	create := createFile
	createFile = func(name string) (io.WriteCloser, error) {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil || made.Add(1) <= n {
			return f, err
		}
		return &failing{File: f, errno: errno}, nil
	}
	t.Cleanup(func() { createFile = create })
}

// failing is a file whose first write puts half its bytes on the disk and
// then fails with errno, and every later one fails.
type failing struct {
	*os.File
	errno  syscall.Errno
	failed bool
}

func (f *failing) Write(p []byte) (int, error) {
	if !f.failed {
		f.failed = true
		n, _ := f.File.Write(p[:len(p)/2])
		return n, &fs.PathError{Op: "write", Path: f.Name(), Err: f.errno}
	}
	return 0, &fs.PathError{Op: "write", Path: f.Name(), Err: f.errno}
}

func build(t *testing.T, out string, fs []render.File) (Result, error) {
	t.Helper()
	return Site(context.Background(), out, fs, fstest.MapFS{}, nil, nil, nil)
}

// TestFaultsKeepTheOldOutput makes the disk fill up (or the quota, or a
// read-only file system) at every point of a build: each time the build
// fails with one line naming the folder, the previous output is as it
// was, and nothing is left beside it. Then a build succeeds.
func TestFaultsKeepTheOldOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(20, "old")); err != nil {
		t.Fatal(err)
	}
	before := listing(t, out)
	parent := filepath.Dir(out)
	original := createFile
	for _, c := range []struct {
		errno syscall.Errno
		want  string
	}{
		{syscall.ENOSPC, "cannot write the output: the disk is full (no space left in " + parent + ")"},
		{syscall.EDQUOT, "cannot write the output: the disk quota is used up (no space left in " + parent + ")"},
		{syscall.EROFS, "cannot write the output: the folder " + parent + " is on a read-only file system"},
		{syscall.EIO, "cannot write the output in " + parent + ": write " + parent + "/"},
	} {
		// 0 to 19 pages written, then the fault; at 20 the marker fails.
		for n := range int64(21) {
			if c.errno != syscall.ENOSPC && n%5 != 0 {
				continue
			}
			faultAfter(t, n, c.errno)
			_, err := build(t, out, files(20, "new"))
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%v after %d files: error %q, want %q", c.errno, n, err, c.want)
			}
			sameListing(t, fmt.Sprintf("%v after %d files", c.errno, n), listing(t, out), before)
			if l := sitetest.Beside(t, out); len(l) > 0 {
				t.Fatalf("%v after %d files: left beside the output: %q", c.errno, n, l)
			}
		}
	}
	createFile = original
	if _, err := build(t, out, files(20, "new")); err != nil {
		t.Fatal(err)
	}
	if got := listing(t, out)["vi/p-3/index.html"]; got == before["vi/p-3/index.html"] {
		t.Error("the build after the faults did not write the new output")
	}
}

// TestPanicWhileWriting: a file whose making panics fails the build with
// the file's name and the panic; the old output stays.
func TestPanicWhileWriting(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(5, "old")); err != nil {
		t.Fatal(err)
	}
	before := listing(t, out)
	bad := append(files(5, "new"), render.File{Path: "vi/broken/index.html", Render: func(io.Writer) error {
		var pages []string
		_ = pages[7] // index out of range
		return nil
	}})
	_, err := build(t, out, bad)
	want := "vi/broken/index.html: ocop failed while making this file: runtime error: index out of range [7] with length 0"
	if err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	sameListing(t, "after the panic", listing(t, out), before)
	if l := sitetest.Beside(t, out); len(l) > 0 {
		t.Errorf("left beside the output: %q", l)
	}
}

// TestFirstErrorInOrder: with several files failing, the error is the
// first file's, whatever order the workers met them in.
func TestFirstErrorInOrder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	fs := files(50, "x")
	for i := 10; i < 50; i += 3 {
		fs[i].Data, fs[i].Render = nil, func(io.Writer) error { return fmt.Errorf("page %d fails", i) }
	}
	for range 5 {
		if _, err := build(t, out, fs); err == nil || err.Error() != "page 10 fails" {
			t.Fatalf("error %q, want page 10's", err)
		}
	}
}

// TestStaleFolders: the folders of killed builds are removed by the next
// build, even read-only ones; those of a build still running are not.
func TestStaleFolders(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(3, "old")); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(out)
	dead := strconv.Itoa(deadPID(t))
	running := strconv.Itoa(os.Getppid())
	for _, name := range []string{".public.ocop-new-" + dead + "-123", ".public.ocop-old-" + dead, ".public.ocop-new-" + running + "-456"} {
		sub := filepath.Join(parent, name, "vi", "p")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(sub, "index.html"), []byte("x"), 0o444)
		os.Chmod(sub, 0o555)
		os.Chmod(filepath.Dir(sub), 0o555)
	}
	t.Cleanup(func() { removeTree(filepath.Join(parent, ".public.ocop-new-"+running+"-456")) })
	if _, err := build(t, out, files(3, "new")); err != nil {
		t.Fatal(err)
	}
	if l := sitetest.Beside(t, out); len(l) != 1 || l[0] != ".public.ocop-new-"+running+"-456" {
		t.Errorf("beside the output: %q, want only the running build's folder", l)
	}
}

// TestKilledBetweenRenames: where the folder cannot be swapped in one
// step, a build killed between its two renames leaves the old output
// renamed aside; the next build puts it back, so that if it fails too the
// old output is there.
func TestKilledBetweenRenames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(5, "old")); err != nil {
		t.Fatal(err)
	}
	before := listing(t, out)
	aside := filepath.Join(filepath.Dir(out), ".public.ocop-old-"+strconv.Itoa(deadPID(t)))
	if err := os.Rename(out, aside); err != nil {
		t.Fatal(err)
	}
	faultAfter(t, 2, syscall.ENOSPC)
	if _, err := build(t, out, files(5, "new")); err == nil {
		t.Fatal("the build did not fail")
	}
	sameListing(t, "the output put back", listing(t, out), before)
	if l := sitetest.Beside(t, out); len(l) > 0 {
		t.Errorf("left beside the output: %q", l)
	}
}

// TestReadOnlyOldOutput: an old output made read-only is replaced, and
// removed; its folder does not stay beside the new one. (As root nothing
// is read-only, and this proves less.)
func TestReadOnlyOldOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(5, "old")); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(out, "vi", "p-1"), 0o555)
	os.Chmod(filepath.Join(out, "vi"), 0o555)
	os.Chmod(out, 0o555)
	if _, err := build(t, out, files(5, "new")); err != nil {
		t.Fatal(err)
	}
	if l := sitetest.Beside(t, out); len(l) > 0 {
		t.Errorf("left beside the output: %q", l)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "vi", "p-1", "index.html")); !strings.Contains(string(data), "new") {
		t.Errorf("the output is %q", data)
	}
}

// TestFileInTheWay: an output folder under a file says which file.
func TestFileInTheWay(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "site")
	os.WriteFile(file, []byte("x"), 0o644)
	out := filepath.Join(file, "public")
	_, err := build(t, out, files(1, "x"))
	if want := "cannot create the output folder " + out + ": " + file + " is a file, not a folder"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	_, err = build(t, file, files(1, "x"))
	if want := "refusing to replace " + file + ": it is a file, not a folder"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestContextCancelled: a build stopped by its context leaves the old
// output and nothing beside it.
func TestContextCancelled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, files(5, "old")); err != nil {
		t.Fatal(err)
	}
	before := listing(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Site(ctx, out, files(500, "new"), fstest.MapFS{}, nil, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v", err)
	}
	sameListing(t, "cancelled", listing(t, out), before)
	if l := sitetest.Beside(t, out); len(l) > 0 {
		t.Errorf("left beside the output: %q", l)
	}
}
