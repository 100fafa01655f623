// Package browsertest starts headless Chromium for tests, driven with
// chromedp. A test that needs it skips, saying why, when Chromium is not
// installed, and fails instead when the environment variable CI is set:
// CI installs Chromium, so a missing one there is a broken setup.
package browsertest

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hagiang-ocop/ocop/internal/pdf"
)

// Path returns the Chromium command, or "" when there is none (see
// pdf.Chromium).
func Path() string { return pdf.Chromium() }

// Need skips the test when Chromium is missing (fails it under CI) and
// returns its path.
func Need(t testing.TB) string {
	t.Helper()
	p := Path()
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed, and CI is set: .ci/run must install it (apt-get install -y chromium)")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium, or set OCOP_CHROMIUM); skipping the browser test")
	}
	return p
}

// Options tune the browser.
type Options struct {
	Width, Height int  // the page's viewport; 1280×900 by default
	NoJavaScript  bool // start with JavaScript disabled
}

// Start starts a fresh headless Chromium (its own profile folder) and
// returns a chromedp context for one tab, whose viewport is Width ×
// Height: the window is made that size, and the viewport set to it too,
// since a headless window is never narrower than 500 pixels (a phone's
// 375 would be 500). It is closed when the test ends.
func Start(t testing.TB, opt Options) context.Context {
	t.Helper()
	path := Need(t)
	if opt.Width == 0 {
		opt.Width, opt.Height = 1280, 900
	}
	flags := append(pdf.Flags(path, t.TempDir()),
		chromedp.WindowSize(opt.Width, opt.Height),
	)
	if opt.NoJavaScript {
		flags = append(flags, chromedp.Flag("blink-settings", "scriptEnabled=false"))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), flags...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// Start the browser now, so that a failure to start shows here. (The
	// first run's context must have no timeout: it would stop the browser.)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting Chromium (%s): %v", path, err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(opt.Width), int64(opt.Height))); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("setting the viewport to %d × %d: %v", opt.Width, opt.Height, err)
	}
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}
