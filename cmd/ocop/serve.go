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
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/serve"
	"github.com/hagiang-ocop/ocop/internal/watch"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	fs := flagSet("serve", "serve [-site DIR] [-addr 127.0.0.1:1313] [-open] [-now YYYY-MM-DD] [-drafts] [-cache DIR] [-lang vi|en]", p, stderr)
	site := fs.String("site", ".", p.Sprintf("the site's `folder`"))
	addr := fs.String("addr", "127.0.0.1:1313", p.Sprintf("the `address` to listen on; another than 127.0.0.1 makes the preview reachable from other machines"))
	open := fs.Bool("open", false, p.Sprintf("open the site in the web browser"))
	var now dateFlag
	fs.Var(&now, "now", p.Sprintf("judge certificates as of this `date` (YYYY-MM-DD; default: today)"))
	drafts := fs.Bool("drafts", false, p.Sprintf("include stories marked draft: true"))
	cache := cacheFlag(fs, p)
	lang := langFlag(fs, p)
	if code, ok := parseFlags(fs, p, args); !ok {
		return code
	}
	if !validLang(*lang) {
		fmt.Fprintln(stderr, p.Sprintf("ocop %s: -lang %q: use vi or en", "serve", *lang))
		return exitUsage
	}
	if now.t.IsZero() {
		now.t = today()
	}
	p = printer(*lang, *site)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, p.Sprintf("ocop serve: %v", err))
		return exitFail
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := serve.New(serve.Options{SiteDir: *site, Theme: ocop.Theme(), BaseURL: url, Now: now.t, Drafts: *drafts, CacheDir: cache.dir(*site), Lang: p.Lang()})
	return serveSite(ctx, srv, ln, *site, *open, p, stdout, stderr)
}

// serveSite builds the site, serves it on ln and rebuilds on every change
// until ctx ends. Bad content never stops it.
func serveSite(ctx context.Context, srv *serve.Server, ln net.Listener, site string, open bool, p diag.Printer, stdout, stderr io.Writer) int {
	url := "http://" + ln.Addr().String() + "/"
	w, err := watch.New(site, watch.Options{Read: srv.Read})
	if err != nil {
		ln.Close()
		fmt.Fprintln(stderr, p.Sprintf("ocop serve: cannot watch %s: %v", site, err))
		return exitFail
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go w.Run(ctx)

	res := srv.Rebuild(nil)
	printRebuild(stdout, stderr, p, res, true)
	fmt.Fprintln(stdout, p.Sprintf("ocop: serving %s — editing a file of the site updates the pages; Ctrl+C stops", url))

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
			fmt.Fprintln(stdout, p.Sprintf("ocop: stopped"))
			return exitOK
		case err := <-served:
			if errors.Is(err, http.ErrServerClosed) {
				return exitOK
			}
			fmt.Fprintln(stderr, p.Sprintf("ocop serve: %v", err))
			return exitFail
		case err := <-w.Errors():
			fmt.Fprintln(stderr, p.Sprintf("ocop serve: watching: %v", err))
		case batch, ok := <-w.Batches():
			if !ok {
				continue
			}
			printRebuild(stdout, stderr, p, srv.Rebuild(batch), false)
		}
	}
}

// printRebuild prints a rebuild's outcome: its problems, then one line.
func printRebuild(stdout, stderr io.Writer, p diag.Printer, res serve.Result, first bool) {
	for _, d := range res.Diagnostics {
		fmt.Fprintln(stderr, p.WithSeverity(d))
	}
	errs, warns := res.Diagnostics.Count()
	ms := res.Duration.Round(100 * time.Microsecond)
	switch {
	case errs > 0 && res.Shown:
		fmt.Fprintln(stderr, p.Sprintf("ocop: %s; the pages show them, over the last good version (%s)", errorCount(errs), ms))
	case errs > 0:
		fmt.Fprintln(stderr, p.Sprintf("ocop: %s; the pages list them until they are fixed (%s)", errorCount(errs), ms))
	case first:
		fmt.Fprintln(stdout, p.Sprintf("ocop: built %d pages in %s%s", res.Pages, ms, warningNote(warns)))
	default:
		var parts []string
		if n := len(res.Rendered); n > 0 {
			parts = append(parts, p.Msg(diag.Plural(n, "%d page re-rendered", "%d pages re-rendered")))
		}
		if res.Reloaded > 0 {
			parts = append(parts, p.Msg(diag.Plural(res.Reloaded, "%d browser reloaded", "%d browsers reloaded")))
		}
		if len(parts) == 0 {
			parts = append(parts, p.Sprintf("no page that is open changed"))
		}
		fmt.Fprintln(stdout, p.Sprintf("ocop: rebuilt in %s: %s%s", ms, strings.Join(parts, ", "), warningNote(warns)))
	}
}

func warningNote(n int) diag.Msg {
	if n == 0 {
		return diag.Msg{}
	}
	return diag.M("; %s", warningCount(n))
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
