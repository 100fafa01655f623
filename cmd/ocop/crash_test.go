package main

import (
	"flag"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var crashSeed = flag.Uint64("crash.seed", 0, "the seed of TestBuildKilled's kill times (default: from the clock, logged)")

// TestBuildKilled starts builds of a changed site and kills them
// (SIGKILL) at random moments spread over a build's whole duration. After
// each kill the output folder is, file for file, either the previous
// output exactly as it was (same bytes, same times) or, when the kill
// came after the new output was swapped in, the new output complete; and
// beside it is at most the temporary folder of the build just killed,
// since every build removes those of the killed builds before it. A
// normal build then gives the new output and leaves nothing beside it,
// and so does a build that finds nothing to do.
func TestBuildKilled(t *testing.T) {
	bin := ocopBinary(t)
	kills, minKills, products, budget := 40, 12, 100, 20*time.Second
	if testing.Short() {
		kills, minKills, products, budget = 8, 8, 40, 5*time.Second
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (go test -run TestBuildKilled -crash.seed %d repeats the kill times)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Catalogue(t, site, products)
	config, err := os.ReadFile(filepath.Join(site, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Two versions of the site: the title is on every page, and one
	// product is renamed.
	product := filepath.Join(site, "content", "products", "dong-van", "p-3.yaml")
	record, err := os.ReadFile(product)
	if err != nil {
		t.Fatal(err)
	}
	variants := [2][2]string{
		{string(config), string(record)},
		{strings.Replace(string(config), "OCOP Products", "OCOP Products of Ha Giang", 1),
			strings.Replace(string(record), "Shan Tuyet tea 3,", "Shan Tuyet tea number three,", 1)},
	}
	setSite := func(v int) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(site, "site.yaml"), []byte(variants[v][0]), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(product, []byte(variants[v][1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(out string, extra ...string) time.Duration {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(bin, append([]string{"build", "-site", site, "-out", out, "-now", "2026-06-01"}, extra...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
		return time.Since(start)
	}

	// The output, built as an editor would (with the cache): from
	// scratch in the first version, then rebuilt in the second and in the
	// first again, which must give the first output again. What each
	// version's output must be is known, and the longer of the rebuilds
	// is how long a killed build would take.
	out := filepath.Join(dir, "out", "public")
	var want [2]string
	setSite(0)
	full := build(out)
	want[0], _ = hashListing(t, out)
	setSite(1)
	longest := build(out)
	want[1], _ = hashListing(t, out)
	if want[0] == want[1] {
		t.Fatal("the two versions give the same output")
	}
	setSite(0)
	longest = max(longest, build(out))
	current := 0
	got, snapshot := hashListing(t, out)
	if got != want[current] {
		t.Fatalf("the rebuild differs from the first build:\n%s", listingDiff(got, want[current]))
	}
	t.Logf("%d products, %d files; the first build took %v, a rebuild up to %v", products, strings.Count(want[0], "\n")+1, full.Round(time.Millisecond), longest.Round(time.Millisecond))

	// At least minKills kills, and more while the time allowed lasts (a
	// slow machine kills fewer).
	start := time.Now()
	var kept, swapped, finished, i, lastPID int
	for i = 0; i < kills && (i < minKills || time.Since(start) < budget); i++ {
		next := 1 - current
		setSite(next)
		cmd := exec.Command(bin, "build", "-site", site, "-out", out, "-now", "2026-06-01")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(longest) * 11 / 10))
		time.Sleep(delay)
		cmd.Process.Kill() // SIGKILL
		err := cmd.Wait()
		lastPID = cmd.Process.Pid
		ended := err == nil // it finished before the kill

		got, timed := hashListing(t, out)
		switch {
		case got == want[current] && !ended:
			kept++
			if timed != snapshot {
				t.Fatalf("kill %d after %v: the previous output's files changed:\n%s", i, delay, listingDiff(timed, snapshot))
			}
		case got == want[next]:
			if ended {
				finished++
			} else {
				swapped++
			}
			current, snapshot = next, timed
		default:
			t.Fatalf("kill %d after %v (exit: %v): the output is neither the previous nor the new one:\n%s", i, delay, err, listingDiff(got, want[current]))
		}
		if left := sitetest.Beside(t, out); len(left) > 1 {
			t.Fatalf("kill %d after %v: temporary folders pile up beside the output: %q", i, delay, left)
		}
	}
	t.Logf("%d builds killed at random over %v: %d left the previous output, %d had swapped in the new one, %d had finished; %v in all",
		i, (longest * 11 / 10).Round(time.Millisecond), kept, swapped, finished, time.Since(start).Round(time.Millisecond))

	// A normal build gives the new output and cleans up.
	next := 1 - current
	setSite(next)
	build(out)
	if got, _ := hashListing(t, out); got != want[next] {
		t.Fatalf("the build after the kills:\n%s", listingDiff(got, want[next]))
	}
	if left := sitetest.Beside(t, out); len(left) > 0 {
		t.Errorf("left beside the output after a normal build: %q", left)
	}
	// A build killed, then the site as it was: the next build has
	// nothing to do, and still removes what the killed one left.
	stale := filepath.Join(filepath.Dir(out), ".public.ocop-new-"+strconv.Itoa(lastPID)+"-1", "vi")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "index.html"), []byte("half"), 0o644)
	if stdout, err := exec.Command(bin, "build", "-site", site, "-out", out, "-now", "2026-06-01").Output(); err != nil || !strings.Contains(string(stdout), "nothing changed") {
		t.Errorf("a build with nothing to do: %v\n%s", err, stdout)
	}
	if left := sitetest.Beside(t, out); len(left) > 0 {
		t.Errorf("left beside the output after a build with nothing to do: %q", left)
	}
	cache, _ := filepath.Glob(filepath.Join(site, ".ocop-cache", "*.tmp"))
	if len(cache) > 1 {
		t.Errorf("temporary files pile up in the cache: %q", cache)
	}
}
