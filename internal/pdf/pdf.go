// Package pdf prints pages of a built site to PDF with headless Chromium,
// as a reader's browser would with "Save as PDF": A4, with the page size,
// margins and page numbers of the site's print stylesheet.
//
// Chromium is shown the pages at the site's own address (its baseURL),
// but nothing goes to the network: every request is answered from the
// output folder, and a request for anything else fails. So the links and
// QR codes in the PDF lead to the published site, and printing works
// offline, before the site is online.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// commands are the names Chromium is installed under.
var commands = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// Chromium returns the Chromium command: $OCOP_CHROMIUM, or the first of
// the usual names on the PATH; "" when there is none.
func Chromium() string {
	if p := os.Getenv("OCOP_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range commands {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// ErrNoChromium is returned when no Chromium is installed.
var ErrNoChromium = errors.New("printing to PDF needs Chromium, which is not installed (on Debian or Ubuntu: apt-get install chromium; or set OCOP_CHROMIUM to its path)")

// Flags are the command-line flags headless Chromium is started with: no
// sandbox (it runs as the user, on local files), no GPU, nothing that
// reaches the network on its own.
func Flags(chromium, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
}

// Printer prints pages of one built site.
type Printer struct {
	// Dir is the output folder of the build.
	Dir string
	// BaseURL is the site's address, ending in "/".
	BaseURL string
	// Chromium is the command to run; "" finds it (see Chromium).
	Chromium string
}

// Print prints each page (a path from the site's root, such as
// "vi/print/" or "en/labels/districts/dong-van/") and returns the PDFs in
// order.
func (p *Printer) Print(ctx context.Context, pages ...string) ([][]byte, error) {
	chromium := p.Chromium
	if chromium == "" {
		chromium = Chromium()
	}
	if chromium == "" {
		return nil, ErrNoChromium
	}
	base, err := url.Parse(p.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("the site's address %q is not an absolute URL", p.BaseURL)
	}
	profile, err := os.MkdirTemp("", "ocop-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)

	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, Flags(chromium, profile)...)
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(bctx); err != nil {
		return nil, fmt.Errorf("starting Chromium (%s): %w", chromium, err)
	}
	// Answer every request from the output folder.
	err = chromedp.Listen(bctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			go p.answer(bctx, base, e)
		}
	})
	if err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(bctx, fetch.Enable, fetch.EnableParams{}); err != nil {
		return nil, err
	}
	var out [][]byte
	for _, page := range pages {
		u := base.ResolveReference(&url.URL{Path: strings.TrimPrefix(page, "/")}).String()
		data, err := p.print(bctx, u)
		if err != nil {
			return nil, fmt.Errorf("printing %s: %w", page, err)
		}
		out = append(out, data)
	}
	return out, nil
}

// print loads the page at u, waits for its pictures and prints it.
func (p *Printer) print(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady("body")); err != nil {
		return nil, err
	}
	// Photos and QR codes must be there before printing.
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Promise.all([document.fonts.ready,
		...[...document.images].map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; }))]).then(() => true)`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	return chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground(), chromedp.PDFOutlineAndTagged()))
}

// answer answers a request Chromium paused: a file of the output folder,
// the site's 404 page, or a failure for an address outside the site.
func (p *Printer) answer(ctx context.Context, base *url.URL, e *fetch.EventRequestPaused) {
	u, err := url.Parse(e.Request.URL)
	rel, inSite := "", err == nil && u.Scheme == base.Scheme && u.Host == base.Host && strings.HasPrefix(u.Path, base.Path)
	if inSite {
		rel = strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(u.Path, base.Path)), "/")
		if strings.HasSuffix(u.Path, "/") || rel == "" {
			rel = path.Join(rel, "index.html")
		}
	}
	if !inSite {
		chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		return
	}
	status := int64(200)
	data, err := os.ReadFile(filepath.Join(p.Dir, filepath.FromSlash(rel)))
	if err != nil {
		status, rel = 404, "404.html"
		data, _ = os.ReadFile(filepath.Join(p.Dir, rel))
	}
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID: e.RequestID, ResponseCode: status, Body: data,
		ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: ctype}},
	})
}
