package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// smallDisk is a tiny file system (tmpfs) of its own, mounted in a mount
// namespace of a user namespace, which needs no privileges where the
// system lets users have namespaces. A shell holds the namespace open and
// runs the commands it is sent there; the tests reach the file system
// through the shell's view of the files (/proc/<pid>/root).
type smallDisk struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	out   *bufio.Reader
	mount string // where it is mounted, in the namespace
	path  string // the same folder, as the tests see it
}

// newSmallDisk mounts a tmpfs of size bytes on a new folder; it skips the
// test where the system does not allow it.
func newSmallDisk(t *testing.T, size int) *smallDisk {
	t.Helper()
	mount := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(mount, 0o755); err != nil {
		t.Fatal(err)
	}
	script := `mount -t tmpfs -o size=` + fmt.Sprint(size) + ` ocop-test "$1" || exit 1
echo mounted
while read -r line; do eval "$line" >&2; echo "done $?"; done`
	cmd := exec.Command("sh", "-c", script, "sh", mount)
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	in, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Skipf("no user and mount namespaces here, so no small file system to fill: %v", err)
	}
	d := &smallDisk{cmd: cmd, in: in, out: bufio.NewReader(stdout), mount: mount}
	t.Cleanup(func() {
		in.Close()
		cmd.Wait()
	})
	if line, _ := d.out.ReadString('\n'); line != "mounted\n" {
		in.Close()
		cmd.Wait()
		t.Skipf("cannot mount a small file system here: %s", strings.TrimSpace(stderr.String()))
	}
	d.path = fmt.Sprintf("/proc/%d/root%s", cmd.Process.Pid, mount)
	if _, err := os.Stat(d.path); err != nil {
		t.Skipf("cannot reach the small file system from outside its namespace: %v", err)
	}
	return d
}

// run runs a shell command in the namespace.
func (d *smallDisk) run(t *testing.T, command string) {
	t.Helper()
	fmt.Fprintln(d.in, command)
	if line, err := d.out.ReadString('\n'); line != "done 0\n" {
		t.Fatalf("%s: %q %v", command, line, err)
	}
}

// free is the space left on the disk.
func (d *smallDisk) free(t *testing.T) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(d.path, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// TestBuildDiskFull builds a site onto a small disk, fills the disk, and
// builds a changed site: the build fails in one line that says the disk
// is full and names the folder, the old output is as it was and nothing
// is left beside it. With space again, the build succeeds. Then the disk
// is made read-only: the same, with that said.
func TestBuildDiskFull(t *testing.T) {
	bin := ocopBinary(t)
	disk := newSmallDisk(t, 16<<20)
	site := filepath.Join(t.TempDir(), "site")
	sitetest.Write(t, site, sitetest.Base)
	out := filepath.Join(disk.path, "public")
	build := func() (int, string) {
		code, _, stderr := runCmd(t, exec.Command(bin, "build", "-site", site, "-out", out, "-now", "2026-11-29", "-cache", "off"))
		return code, stderr
	}
	start := time.Now()
	if code, stderr := build(); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	before, _ := hashListing(t, out)
	var size int64
	filepath.Walk(out, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			size += (info.Size() + 4095) &^ 4095
		}
		return nil
	})

	// Fill the disk but for half of what the output takes.
	filler := filepath.Join(disk.path, "filler")
	if err := os.WriteFile(filler, make([]byte, disk.free(t)-size/2), 0o644); err != nil {
		t.Fatal(err)
	}
	sitetest.Write(t, site, "-- content/products/meo-vac/thang-co.yaml --\nname: {vi: Thắng cố, en: Thang Co}\nstars: 3\ngroup: food\nproducer: ho-sung\ncertificate: {number: 5/QĐ-UBND, issued: 2025-05-05, issuer: UBND tỉnh Hà Giang}\n")
	code, stderr := build()
	want := "ocop: cannot write the output: the disk is full (no space left in " + disk.path + ")\nocop: the build failed; the previous output is unchanged\n"
	if code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to end:\n%s", code, stderr, want)
	}
	if after, _ := hashListing(t, out); after != before {
		t.Errorf("the old output changed:\n%s", listingDiff(after, before))
	}
	if left := sitetest.Beside(t, out); len(left) != 1 || left[0] != "filler" {
		t.Errorf("beside the output: %q", left)
	}

	// Space again.
	os.Remove(filler)
	if code, stderr := build(); code != 0 {
		t.Fatalf("with space: exit %d\n%s", code, stderr)
	}
	if page := sitetest.ReadFile(t, out, "en/products/thang-co/index.html"); !strings.Contains(page, "Thang Co") {
		t.Error("the new output is not in place")
	}
	before, _ = hashListing(t, out)

	// Read-only.
	disk.run(t, "mount -o remount,ro "+disk.mount)
	sitetest.Write(t, site, "-- content/products/meo-vac/thang-co.yaml --\nname: {vi: Thắng cố Mèo Vạc, en: Meo Vac Thang Co}\nstars: 3\ngroup: food\nproducer: ho-sung\ncertificate: {number: 5/QĐ-UBND, issued: 2025-05-05, issuer: UBND tỉnh Hà Giang}\n")
	code, stderr = build()
	want = "ocop: cannot write the output: the folder " + disk.path + " is on a read-only file system\nocop: the build failed; the previous output is unchanged\n"
	if code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to end:\n%s", code, stderr, want)
	}
	if after, _ := hashListing(t, out); after != before {
		t.Errorf("the old output changed:\n%s", listingDiff(after, before))
	}
	if left := sitetest.Beside(t, out); len(left) > 0 {
		t.Errorf("beside the output: %q", left)
	}
	t.Logf("an output of %d kB on a 16 MB disk; %v", size>>10, time.Since(start).Round(time.Millisecond))
}
