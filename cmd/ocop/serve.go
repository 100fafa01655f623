package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/serve"
	"github.com/hagiang-ocop/ocop/internal/watch"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flagSet("serve", "serve [-site DIR] [-addr 127.0.0.1:1313] [-open] [-now YYYY-MM-DD] [-drafts] [-cache DIR]", stderr)
	site := fs.String("site", ".", "the site's `folder`")
	addr := fs.String("addr", "127.0.0.1:1313", "the `address` to listen on; another than 127.0.0.1 makes the preview reachable from other machines")
	open := fs.Bool("open", false, "open the site in the web browser")
	var now dateFlag
	fs.Var(&now, "now", "judge certificates as of this `date` (YYYY-MM-DD; default: today)")
	drafts := fs.Bool("drafts", false, "include stories marked draft: true")
	cache := cacheFlag(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if now.t.IsZero() {
		now.t = today()
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "ocop serve: %v\n", err)
		return exitFail
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := serve.New(serve.Options{SiteDir: *site, Theme: ocop.Theme(), BaseURL: url, Now: now.t, Drafts: *drafts, CacheDir: cache.dir(*site)})
	return serveSite(ctx, srv, ln, *site, *open, stdout, stderr)
}

// serveSite builds the site, serves it on ln and rebuilds on every change
// until ctx ends. Bad content never stops it.
func serveSite(ctx context.Context, srv *serve.Server, ln net.Listener, site string, open bool, stdout, stderr io.Writer) int {
	url := "http://" + ln.Addr().String() + "/"
	w, err := watch.New(site, watch.Options{Read: srv.Read})
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "ocop serve: cannot watch %s: %v\n", site, err)
		return exitFail
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go w.Run(ctx)

	res := srv.Rebuild(nil)
	printRebuild(stdout, stderr, res, true)
	fmt.Fprintf(stdout, "ocop: serving %s — editing a file of the site updates the pages; Ctrl+C stops\n", url)

	hs := srv.HTTPServer()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	if open {
		openBrowser(url)
	}
	for {
		select {
		case <-ctx.Done():
			shutdown, done := context.WithTimeout(context.Background(), 2*time.Second)
			hs.Shutdown(shutdown)
			done()
			fmt.Fprintln(stdout, "ocop: stopped")
			return exitOK
		case err := <-served:
			if errors.Is(err, http.ErrServerClosed) {
				return exitOK
			}
			fmt.Fprintf(stderr, "ocop serve: %v\n", err)
			return exitFail
		case err := <-w.Errors():
			fmt.Fprintf(stderr, "ocop serve: watching: %v\n", err)
		case batch, ok := <-w.Batches():
			if !ok {
				continue
			}
			printRebuild(stdout, stderr, srv.Rebuild(batch), false)
		}
	}
}

// printRebuild prints a rebuild's outcome: its problems, then one line.
func printRebuild(stdout, stderr io.Writer, res serve.Result, first bool) {
	for _, d := range res.Diagnostics {
		fmt.Fprintln(stderr, d.WithSeverity())
	}
	errs, warns := res.Diagnostics.Count()
	ms := res.Duration.Round(100 * time.Microsecond)
	switch {
	case errs > 0 && res.Shown:
		fmt.Fprintf(stderr, "ocop: %s; the pages show them, over the last good version (%s)\n", plural(errs, "error", "errors"), ms)
	case errs > 0:
		fmt.Fprintf(stderr, "ocop: %s; the pages list them until they are fixed (%s)\n", plural(errs, "error", "errors"), ms)
	case first:
		fmt.Fprintf(stdout, "ocop: built %d pages in %s%s\n", res.Pages, ms, warningNote(warns))
	default:
		var parts []string
		if n := len(res.Rendered); n > 0 {
			parts = append(parts, plural(n, "page", "pages")+" re-rendered")
		}
		if res.Reloaded > 0 {
			parts = append(parts, plural(res.Reloaded, "browser", "browsers")+" reloaded")
		}
		if len(parts) == 0 {
			parts = append(parts, "no page that is open changed")
		}
		fmt.Fprintf(stdout, "ocop: rebuilt in %s: %s%s\n", ms, strings.Join(parts, ", "), warningNote(warns))
	}
}

func warningNote(n int) string {
	if n == 0 {
		return ""
	}
	return "; " + plural(n, "warning", "warnings")
}

// openBrowser opens url in the system's web browser, if it can.
func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
