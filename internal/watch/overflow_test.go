package watch

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestOverflow: when the system drops events, the next batch names the
// whole site, the overflow is reported, and folders made while events
// were lost are watched from then on.
func TestOverflow(t *testing.T) {
	dir, w := start(t)
	// Events lost: a folder made while its parent was not watched.
	products := filepath.Join(dir, "content/products")
	w.w.Remove(products)
	write(t, filepath.Join(products, "meo-vac/a.yaml"), "name: a\n")
	w.w.Errors <- fsnotify.ErrEventOverflow

	got := next(t, w)
	for _, want := range []string{"content", "site.yaml", "static", "templates"} {
		if !slices.Contains(got, want) {
			t.Errorf("the batch after an overflow lacks %s: %q", want, got)
		}
	}
	select {
	case err := <-w.Errors():
		if !errors.Is(err, ErrOverflow) {
			t.Errorf("reported %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the overflow was not reported")
	}
	write(t, filepath.Join(products, "meo-vac/b.yaml"), "name: b\n")
	if got := next(t, w); !slices.Equal(got, []string{"content/products/meo-vac/b.yaml"}) {
		t.Errorf("a file in the folder made during the overflow: %q", got)
	}
}

// TestBurstWhileBusy: 12,000 files written while the batches are not
// taken (the site is being rebuilt) are all in the batches taken
// afterwards: the watcher reads the system's events all the while, so
// none are lost. (A watcher that stopped reading until its batch was
// taken lost thousands of them here, for good: the system's queue holds
// 16,384 events.) Were the queue to overflow all the same, the whole
// site is read again, which is also right.
func TestBurstWhileBusy(t *testing.T) {
	dir, w := start(t)
	const n = 12000
	want := map[string]bool{}
	for i := range n {
		name := fmt.Sprintf("content/products/dong-van/b-%d.yaml", i)
		write(t, filepath.Join(dir, filepath.FromSlash(name)), "name: x\n")
		want[name] = true
	}
	// Then the batches are taken.
	deadline := time.After(20 * time.Second)
	overflowed := false
	batches := 0
	for len(want) > 0 && !overflowed {
		select {
		case b := <-w.Batches():
			batches++
			for _, p := range b {
				delete(want, p)
				overflowed = overflowed || p == "site.yaml"
			}
		case <-deadline:
			t.Fatalf("%d of %d written files never reported", len(want), n)
		}
	}
	t.Logf("%d files written in %d batches; the system's queue overflowed: %v", n, batches, overflowed)
}
