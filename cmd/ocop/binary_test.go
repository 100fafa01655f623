package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// binDir holds the ocop command built for the tests that run it as a
// program of its own (to kill it, or to run it as another user).
var (
	binDir  string
	binOnce sync.Once
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	// The tests read what ocop says in English, as an editor whose
	// computer is set to English does (the sites of the tests are
	// Vietnamese first, so ocop would speak Vietnamese); the tests of
	// the Vietnamese messages set the language themselves (lang_test.go).
	os.Setenv("LC_ALL", "en_US.UTF-8")
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// ocopBinary builds the ocop command once for the test run and returns
// its path; it skips the test where there is no go command to build it.
func ocopBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		var gocmd string
		if gocmd, binErr = exec.LookPath("go"); binErr != nil {
			return
		}
		if binDir, binErr = os.MkdirTemp("", "ocop-bin-"); binErr != nil {
			return
		}
		// Others may run it (a test runs it as another user).
		os.Chmod(binDir, 0o755)
		binPath = filepath.Join(binDir, "ocop")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		out, err := exec.Command(gocmd, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = &buildError{err, string(out)}
		}
	})
	var be *buildError
	switch {
	case binErr == nil:
		return binPath
	case errors.As(binErr, &be):
		t.Fatalf("go build: %v\n%s", be.err, be.out)
	default:
		t.Skipf("cannot build the ocop command here: %v", binErr)
	}
	return ""
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() }

// hashListing describes every file and folder under dir, one line each,
// sorted: its path, kind and permissions, and for a file the hash of its
// bytes. The second listing adds each file's modification time.
func hashListing(t *testing.T, dir string) (content, withTimes string) {
	t.Helper()
	var lines, timed []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		line := filepath.ToSlash(rel) + " " + info.Mode().String()
		when := ""
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			line += " " + hex.EncodeToString(sum[:12])
			when = " " + info.ModTime().UTC().Format("2006-01-02T15:04:05.999999999")
		}
		lines = append(lines, line)
		timed = append(timed, line+when)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	sort.Strings(timed)
	return strings.Join(lines, "\n"), strings.Join(timed, "\n")
}

// listingDiff is the first lines where two listings differ.
func listingDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	gs, ws := map[string]bool{}, map[string]bool{}
	for _, l := range g {
		gs[l] = true
	}
	for _, l := range w {
		ws[l] = true
	}
	var out []string
	for _, l := range w {
		if !gs[l] && len(out) < 6 {
			out = append(out, "- "+l)
		}
	}
	for _, l := range g {
		if !ws[l] && len(out) < 12 {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
