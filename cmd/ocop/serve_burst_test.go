package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

func burstProduct(name string) string {
	return "name: {vi: " + name + ", en: " + name + "}\nstars: 4\ngroup: food/honey\nproducer: htx-lung-cu\n" +
		"certificate: {number: 9/QĐ-UBND, issued: 2025-04-04, issuer: UBND tỉnh Hà Giang}\n"
}

// TestServeBurst: while ocop serve runs and browsers keep asking for
// pages, thousands of files are written, written again and deleted as
// fast as the file system allows (over 10,000 file events), some of them
// while the server reads them. Every request is answered with the page
// all along, and in the end the pages show the files as they were left.
func TestServeBurst(t *testing.T) {
	dir, url, _, stderr := startServe(t)
	eventually(t, url+"/en/products/che-shan-tuyet/", "Shan", 200)

	// Browsers asking all the while.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var asked, failed atomic.Int64
	var firstFailure atomic.Value
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			paths := []string{"/en/products/che-shan-tuyet/", "/vi/", "/robots.txt", "/en/districts/meo-vac/"}
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(url + paths[i%len(paths)])
				asked.Add(1)
				if err != nil {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%s: %d", paths[i%len(paths)], resp.StatusCode))
				}
			}
		}()
	}

	const n = 3000
	start := time.Now()
	district := filepath.Join(dir, "content", "products", "dong-van")
	file := func(i int) string { return filepath.Join(district, fmt.Sprintf("burst-%d.yaml", i)) }
	for i := range n {
		if err := os.WriteFile(file(i), []byte(burstProduct(fmt.Sprintf("Burst %d", i))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		os.WriteFile(file(i), []byte(burstProduct(fmt.Sprintf("Burst again %d", i))), 0o644)
	}
	for i := range n {
		if i != 7 {
			os.Remove(file(i))
		}
	}
	// An editor saving one file over and over, in place.
	honey := filepath.Join(dir, filepath.FromSlash(honeyFile))
	for i := range 500 {
		os.WriteFile(honey, []byte(honeyYAML(fmt.Sprintf("Honey save %d", i))), 0o644)
	}
	os.WriteFile(file(7), []byte(burstProduct("Final Burst Name")), 0o644)
	written := time.Since(start)

	eventually(t, url+"/en/products/burst-7/", "Final Burst Name", 200)
	eventually(t, url+"/en/products/mat-ong-bac-ha/", "Honey save 499", 200)
	body := eventually(t, url+"/en/districts/dong-van/", "Final Burst Name", 200)
	if strings.Contains(body, "Burst again") || strings.Contains(body, "data-errors=") {
		t.Error("the district page shows deleted products or errors")
	}
	for _, i := range []int{0, 8, n - 1} {
		eventually(t, url+fmt.Sprintf("/en/products/burst-%d/", i), "Không tìm thấy trang", 404)
	}
	close(stop)
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests failed during the burst; the first: %v", failed.Load(), asked.Load(), firstFailure.Load())
	}
	if strings.Contains(stderr.String(), "panic") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	t.Logf("%d files written, rewritten and deleted, and 500 saves, in %v; %d requests answered meanwhile", n, written.Round(time.Millisecond), asked.Load())
}

// TestServeLoopbackByDefault: without -addr, ocop serve listens on
// 127.0.0.1:1313 only: not on this computer's other addresses.
func TestServeLoopbackByDefault(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve", "-site", dir}, &stdout, &stderr) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stdout.String(), "ocop: serving") {
		select {
		case code := <-done:
			cancel()
			if strings.Contains(stderr.String(), "address already in use") {
				t.Skipf("port 1313 is taken here: %s", stderr.String())
			}
			t.Fatalf("serve exited with %d:\n%s", code, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("serve never started")
		}
	}
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d", code)
		}
	}()
	if !strings.Contains(stdout.String(), "ocop: serving http://127.0.0.1:1313/ ") {
		t.Errorf("stdout: %s", stdout.String())
	}
	resp, err := http.Get("http://127.0.0.1:1313/vi/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/vi/: %d", resp.StatusCode)
	}
	// Not on the computer's other addresses.
	addrs, _ := net.InterfaceAddrs()
	tried := 0
	for _, a := range addrs {
		ip, ok := a.(*net.IPNet)
		if !ok || ip.IP.IsLoopback() || ip.IP.IsLinkLocalUnicast() {
			continue
		}
		tried++
		if c, err := net.DialTimeout("tcp", net.JoinHostPort(ip.IP.String(), "1313"), 2*time.Second); err == nil {
			c.Close()
			t.Errorf("ocop serve answers on %s", ip.IP)
		}
	}
	if tried == 0 {
		t.Log("this computer has no other address to try")
	}
}
