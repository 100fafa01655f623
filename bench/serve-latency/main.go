// Command serve-latency measures ocop serve from the editor's side: the
// time from saving a product's file to its rebuilt page being served.
//
// It starts `ocop serve` on a copy-free site folder (it edits one product
// file and puts it back at the end), opens the product page and its
// reload stream as a browser would, then saves the file with a new name
// many times; each time it waits for the server's reload event, fetches
// the page again and checks the new name. It prints each time and the
// median.
//
//	go build -o /tmp/ocop ./cmd/ocop
//	go run ./bench/serve-latency -ocop /tmp/ocop -site DIR -product content/products/dong-van/x.yaml -n 30
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

func main() {
	ocopBin := flag.String("ocop", "ocop", "the ocop binary")
	site := flag.String("site", ".", "the site's folder")
	product := flag.String("product", "", "the product file to edit, relative to the site (default: the first one found)")
	n := flag.Int("n", 30, "how many saves")
	now := flag.String("now", "2026-11-29", "the -now date for ocop serve")
	flag.Parse()
	if err := run(*ocopBin, *site, *product, *n, *now); err != nil {
		fmt.Fprintln(os.Stderr, "serve-latency:", err)
		os.Exit(1)
	}
}

func run(ocopBin, site, product string, n int, now string) error {
	if product == "" {
		matches, _ := filepath.Glob(filepath.Join(site, "content", "products", "*", "*.yaml"))
		if len(matches) == 0 {
			return fmt.Errorf("no product in %s", site)
		}
		slices.Sort(matches)
		product, _ = filepath.Rel(site, matches[0])
	}
	file := filepath.Join(site, product)
	original, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	defer os.WriteFile(file, original, 0o644)
	// The Vietnamese name: "name: X" or "name:\n  vi: X"; only X changes.
	nameLine := regexp.MustCompile(`(?m)^name:(?: |\n  vi: )(.*)$`)
	m := nameLine.FindSubmatchIndex(original)
	if m == nil {
		return fmt.Errorf("%s: no name line", product)
	}
	loc := m[2:4]

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// In English: the line that says it is ready is read below.
	cmd := exec.CommandContext(ctx, ocopBin, "serve", "-site", site, "-addr", addr, "-now", now, "-lang", "en")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "serving") {
			break
		}
	}
	// The server's own figure for each rebuild ("rebuilt in 41.2ms: …"),
	// to tell its work from the watcher's, the reload's and the fetch's.
	rebuilt := make(chan time.Duration, 64)
	go func() {
		re := regexp.MustCompile(`rebuilt in ([0-9.]+[µm]?s)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				if d, err := time.ParseDuration(m[1]); err == nil {
					select {
					case rebuilt <- d:
					default:
					}
				}
			}
		}
	}()
	fmt.Printf("ocop serve ready in %v\n", time.Since(start).Round(time.Millisecond))

	slug := strings.TrimSuffix(filepath.Base(product), ".yaml")
	page := "/vi/products/" + slug + "/"
	base := "http://" + addr
	var times, rebuilds []time.Duration
	for i := 1; i <= n; i++ {
		body, err := get(base + page)
		if err != nil {
			return err
		}
		fp := regexp.MustCompile(`data-fp="(\d+)"`).FindStringSubmatch(body)
		if fp == nil {
			return fmt.Errorf("%s: no reload script", page)
		}
		events, stop, err := listen(base + "/_ocop/events?path=" + page + "&fp=" + fp[1])
		if err != nil {
			return err
		}
		name := fmt.Sprintf("Sản phẩm đo lần %d", i)
		edited := slices.Concat(original[:loc[0]], []byte(name), original[loc[1]:])
		t0 := time.Now()
		if err := os.WriteFile(file, edited, 0o644); err != nil {
			return err
		}
		select {
		case <-events:
		case <-time.After(10 * time.Second):
			stop()
			return fmt.Errorf("save %d: no reload event within 10 s", i)
		}
		body, err = get(base + page)
		d := time.Since(t0)
		stop()
		if err != nil {
			return err
		}
		if !strings.Contains(body, name) {
			return fmt.Errorf("save %d: the page does not show %q", i, name)
		}
		times = append(times, d)
		fmt.Printf("save %2d → served: %v\n", i, d.Round(100*time.Microsecond))
		time.Sleep(150 * time.Millisecond)
		// The rebuilds of this save (one, unless the save came as two
		// batches of events).
		for more := true; more; {
			select {
			case r := <-rebuilt:
				rebuilds = append(rebuilds, r)
			default:
				more = false
			}
		}
	}
	fmt.Printf("median %v, min %v, max %v over %d saves (%s)\n", median(times), slices.Min(times).Round(100*time.Microsecond),
		slices.Max(times).Round(100*time.Microsecond), len(times), product)
	if len(rebuilds) > 0 {
		fmt.Printf("of which the server's rebuild: median %v over %d rebuilds\n", median(rebuilds), len(rebuilds))
	}
	return nil
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Sorted(slices.Values(ds))
	return ds[len(ds)/2].Round(100 * time.Microsecond)
}

func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("%s: %s", url, resp.Status)
	}
	return b.String(), err
}

// listen opens the page's event stream and signals the first reload event.
func listen(url string) (<-chan struct{}, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	reload := make(chan struct{}, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if sc.Text() == "event: reload" {
				reload <- struct{}{}
				return
			}
		}
	}()
	return reload, cancel, nil
}
