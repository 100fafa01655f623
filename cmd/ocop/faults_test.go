//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// nobody is the user a test runs ocop as when the tests run as root, for
// whom the permissions of files mean nothing.
const nobody = 65534

// asUser returns a command that runs ocop with args as a user for whom a
// folder without write permission cannot be written: this user when it
// is not root, else nobody. It skips the test where neither can be.
func asUser(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	return cmd
}

// runCmd runs cmd and returns its exit status and its output.
func runCmd(t *testing.T, cmd *exec.Cmd) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatal(err)
		}
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// giveAway makes the folders of a test, from dir down, the other user's
// when the tests run as root (so that it may write them until told not
// to), and lets it reach them.
func giveAway(t *testing.T, dir string) {
	t.Helper()
	// Up to the test's temporary folders, which are only their owner's.
	for d := dir; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	if os.Geteuid() != 0 {
		return
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			os.Lchown(p, nobody, nobody)
		}
		return nil
	})
}

// TestBuildUnwritableOutput: when the folder that holds the output cannot
// be written, the build says so in one line naming the folder, and the
// old output stays as it was, with nothing beside it. An output folder
// that is itself read-only (but whose parent is writable) is replaced,
// and its old files do not stay behind.
func TestBuildUnwritableOutput(t *testing.T) {
	bin := ocopBinary(t)
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, sitetest.Base)
	holder := filepath.Join(dir, "out")
	out := filepath.Join(holder, "public")
	os.MkdirAll(holder, 0o755)
	giveAway(t, dir)
	build := func() (int, string, string) {
		return runCmd(t, asUser(t, bin, "build", "-site", site, "-out", out, "-now", "2026-11-29"))
	}
	if code, _, stderr := build(); code != 0 {
		if os.Geteuid() == 0 && strings.Contains(stderr, "permission denied") {
			t.Skipf("cannot run ocop as user %d here: %s", nobody, stderr)
		}
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	before, _ := hashListing(t, out)
	sitetest.Write(t, site, "-- content/products/dong-van/mat-ong-bac-ha.yaml --\n"+strings.Replace(
		strings.Split(strings.Split(sitetest.Base, "-- content/products/dong-van/mat-ong-bac-ha.yaml --\n")[1], "\n-- ")[0],
		"Lung Cu Mint Honey", "Lung Cu Winter Honey", 1)+"\n")
	giveAway(t, site)

	if err := os.Chmod(holder, 0o555); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := build()
	want := "ocop: cannot write the output: the folder " + holder + ", which holds public, is not writable (permission denied)\n" +
		"ocop: the build failed; the previous output is unchanged\n"
	if code != 1 || !strings.HasSuffix(stderr, want) || stdout != "" {
		t.Errorf("exit %d, stderr:\n%s\nwant it to end:\n%s", code, stderr, want)
	}
	if after, _ := hashListing(t, out); after != before {
		t.Errorf("the old output changed:\n%s", listingDiff(after, before))
	}
	if left := sitetest.Beside(t, out); len(left) > 0 {
		t.Errorf("left beside the output: %q", left)
	}

	// The output folder itself read-only, and a folder in it.
	os.Chmod(holder, 0o755)
	os.Chmod(filepath.Join(out, "vi", "products"), 0o555)
	os.Chmod(filepath.Join(out, "vi"), 0o555)
	os.Chmod(out, 0o555)
	if code, _, stderr := build(); code != 0 {
		t.Fatalf("a build over a read-only output: exit %d\n%s", code, stderr)
	}
	if page := sitetest.ReadFile(t, out, "en/products/mat-ong-bac-ha/index.html"); !strings.Contains(page, "Lung Cu Winter Honey") {
		t.Error("the new output is not in place")
	}
	if left := sitetest.Beside(t, out); len(left) > 0 {
		t.Errorf("left beside the output: %q", left)
	}
}

// TestBuildFileInTheWay: an output folder that would be inside a file is
// refused in one line that names the file.
func TestBuildFileInTheWay(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	file := filepath.Join(dir, "notes.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	code, _, stderr := runOcop(t, "build", "-site", dir, "-out", filepath.Join(file, "public"), "-now", "2026-11-29")
	want := "ocop: cannot create the output folder " + filepath.Join(file, "public") + ": " + file + " is a file, not a folder\n"
	if code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr %q, want it to start %q", code, stderr, want)
	}
}
