package serve

import (
	"bufio"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

const secret = "TOPSECRET-outside-the-site"

// startSafe builds sitetest.Base in dir/site, beside dir/secret.txt and
// a folder dir/outside that holds what a link out of the site would
// reach, and serves it with the server's own limits.
func startSafe(t *testing.T) (dir string, srv *Server, hs *httptest.Server) {
	t.Helper()
	top := t.TempDir()
	dir = filepath.Join(top, "site")
	sitetest.Write(t, dir, sitetest.Base)
	if err := os.WriteFile(filepath.Join(top, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(top, "outside"), 0o755)
	os.WriteFile(filepath.Join(top, "outside", "honey.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><text>`+secret+`</text></svg>`), 0o644)
	srv = New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now})
	if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
		t.Fatalf("first build: %v", res.Diagnostics)
	}
	hs = httptest.NewUnstartedServer(nil)
	hs.Config = srv.HTTPServer()
	hs.Start()
	t.Cleanup(hs.Close)
	return dir, srv, hs
}

// raw sends request (a request line and headers, without the blank line
// that ends them) as it is, over TCP: http.Client would clean the path
// first. It returns the response, its body read.
func raw(t *testing.T, addr, request string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func get1(target string) string {
	return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close"
}

// TestNoPathLeavesTheSite sends paths that try to leave the output, in
// every spelling, as raw request lines. None reads anything but the
// site's own files: the secret beside the site, the site's sources and
// the system's files all stay unread.
func TestNoPathLeavesTheSite(t *testing.T) {
	dir, srv, hs := startSafe(t)
	addr := hs.Listener.Addr().String()
	// Links appear in the site after it was read: one to the secret among
	// the theme's files, and one in place of a district's folder.
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	os.Symlink(filepath.Join(dir, "..", "secret.txt"), filepath.Join(dir, "static", "leak.txt"))
	os.Symlink(filepath.Join(dir, "..", "secret.txt"), filepath.Join(dir, "leak.txt"))
	for _, c := range []struct {
		target string
		status int
	}{
		{"/../secret.txt", 404},
		{"/../../../../../../etc/passwd", 404},
		{"/%2e%2e/secret.txt", 404},
		{"/%2E%2E/%2E%2E/secret.txt", 404},
		{"/.%2e/secret.txt", 404},
		{"/..%2fsecret.txt", 404},
		{"/..%2Fsecret.txt", 404},
		{"/vi/..%2f..%2f..%2fsecret.txt", 404},
		{"/%2f..%2f..%2fsecret.txt", 404},
		{"//secret.txt", 404},
		{"/./../secret.txt", 404},
		{"/vi/products/mat-ong-bac-ha/../../../../secret.txt", 404},
		{"/..\\secret.txt", 400},
		{"/vi\\..\\..\\secret.txt", 400},
		{"/..%5csecret.txt", 400},
		{"/..%5C..%5Csecret.txt", 400},
		{"/%252e%252e/secret.txt", 404},
		{"/%252e%252e%252fsecret.txt", 404},
		{"/%25252e%25252e/secret.txt", 404},
		{"/%00", 400},
		{"/secret.txt%00.html", 400},
		{"/vi/%00/../../secret.txt", 400},
		{"/%c0%ae%c0%ae/secret.txt", 404}, // overlong UTF-8 for "."
		{"/%e0%80%ae%e0%80%ae/secret.txt", 404},
		{"/..;/secret.txt", 404},
		{"http://127.0.0.1/../secret.txt", 404},
		{"http://127.0.0.1/%2e%2e/%2e%2e/secret.txt", 404},
		{"/leak.txt", 404},
		{"/static/leak.txt", 404},
		{"/assets/leak.txt", 404},
		{"/site.yaml", 404},
		{"/content/products/dong-van/mat-ong-bac-ha.yaml", 404},
		{"/content/products/dong-van/honey.svg", 404},
		{"/templates/base.html", 404},
		{"/.ocop-cache/", 404},
		{"/_ocop/", 404},
		{"*", 400},
		{"../secret.txt", 400},
		{"%2e%2e/secret.txt", 400},
	} {
		resp, body := raw(t, addr, get1(c.target))
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.target, resp.StatusCode, c.status)
		}
		for _, leak := range []string{secret, "root:", "certificate:", "{{"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: the answer has %q", c.target, leak)
			}
		}
	}
	// A photo's folder replaced by a link to a folder outside, with a
	// file of the photo's name there: the server does not follow it.
	_, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	img := body[strings.Index(body, "/media/honey."):]
	img = img[:strings.IndexAny(img, " \">")]
	district := filepath.Join(dir, "content", "products", "dong-van")
	if err := os.Rename(district, district+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "..", "outside"), district); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	resp, body := raw(t, addr, get1(img))
	if resp.StatusCode == 200 || strings.Contains(body, secret) {
		t.Errorf("%s through a linked folder: %d %q", img, resp.StatusCode, body)
	}
	// Nor does a rebuild read through it: the link is an error of the
	// content, and the last good site stays.
	res := srv.Rebuild([]string{"content/products/dong-van"})
	if !res.Diagnostics.HasErrors() {
		t.Error("a linked district folder gave no error")
	}
	resp, body = raw(t, addr, get1(img))
	if strings.Contains(body, secret) {
		t.Errorf("%s after the rebuild: %d %q", img, resp.StatusCode, body)
	}
}

// TestNoDirectoryListings: a folder of the output without a page of its
// own is the 404 page, never a list of what it holds.
func TestNoDirectoryListings(t *testing.T) {
	_, _, hs := startSafe(t)
	for _, p := range []string{"/assets/", "/media/", "/vi/products/", "/data/", "/assets", "/media"} {
		code, body, _ := get(t, hs, p)
		if code != 404 || !strings.Contains(body, "Không tìm thấy trang") {
			t.Errorf("%s: %d", p, code)
		}
		if strings.Contains(body, "style.") && strings.Contains(body, ".css\"") && strings.Contains(body, "<pre>") {
			t.Errorf("%s lists files:\n%s", p, body)
		}
	}
}

// TestRequestLimits: other methods than GET and HEAD, bodies, oversized
// headers and headers that never end are all refused.
func TestRequestLimits(t *testing.T) {
	srv, hs := func() (*Server, *httptest.Server) { _, s, h := startSafe(t); return s, h }()
	addr := hs.Listener.Addr().String()
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "FOO"} {
		resp, _ := raw(t, addr, m+" /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close")
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, resp.StatusCode, resp.Header.Get("Allow"))
		}
	}
	if resp, _ := raw(t, addr, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22"); resp.StatusCode != 405 {
		t.Errorf("CONNECT: %d", resp.StatusCode)
	}
	// A body, said by its length or in chunks.
	resp, _ := raw(t, addr, "GET /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello")
	if resp.StatusCode != 413 {
		t.Errorf("GET with a body: %d", resp.StatusCode)
	}
	resp, _ = raw(t, addr, "GET /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n")
	if resp.StatusCode != 413 {
		t.Errorf("GET with a chunked body: %d", resp.StatusCode)
	}
	// Headers past the limit.
	resp, _ = raw(t, addr, get1("/vi/")+"\r\nX-Big: "+strings.Repeat("a", MaxHeaderBytes+8<<10))
	if resp.StatusCode != 431 {
		t.Errorf("oversized headers: %d", resp.StatusCode)
	}
	resp, _ = raw(t, addr, get1("/vi/")+strings.Repeat("\r\nX-Many: a", 4000))
	if resp.StatusCode != 431 {
		t.Errorf("too many headers: %d", resp.StatusCode)
	}
	// A request line past it.
	resp, _ = raw(t, addr, get1("/"+strings.Repeat("a", MaxHeaderBytes+8<<10)))
	if resp.StatusCode != 431 && resp.StatusCode != 414 {
		t.Errorf("an oversized request line: %d", resp.StatusCode)
	}
	// Headers within it are fine.
	if resp, _ := raw(t, addr, get1("/vi/")+"\r\nX-Fine: "+strings.Repeat("a", 4<<10)); resp.StatusCode != 200 {
		t.Errorf("ordinary headers: %d", resp.StatusCode)
	}

	// The server's limits, and no write timeout (the events stream).
	h := srv.HTTPServer()
	if h.MaxHeaderBytes != MaxHeaderBytes || h.ReadHeaderTimeout <= 0 || h.ReadHeaderTimeout > time.Minute || h.IdleTimeout <= 0 || h.WriteTimeout != 0 {
		t.Errorf("limits: %d bytes, header %v, idle %v, write %v", h.MaxHeaderBytes, h.ReadHeaderTimeout, h.IdleTimeout, h.WriteTimeout)
	}
	// Headers that never end: the connection is closed when the header
	// timeout (shortened here) has passed.
	h.ReadHeaderTimeout = 50 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go h.Serve(ln)
	t.Cleanup(func() { h.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /vi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	data, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || strings.Contains(string(data), " 200 ") {
		t.Errorf("a request whose headers never end was not cut off: %q, %v", data, err)
	}
}

// TestOnlyThisComputer: a server on 127.0.0.1 answers requests for this
// computer's names only (a page elsewhere whose name is made to lead to
// 127.0.0.1 cannot read it); one on another address answers all.
func TestOnlyThisComputer(t *testing.T) {
	_, _, hs := startSafe(t)
	addr := hs.Listener.Addr().String()
	for host, want := range map[string]int{
		"127.0.0.1:1313": 200, "localhost:1313": 200, "LOCALHOST": 200, "[::1]:1313": 200, "127.0.0.2": 200,
		"ocop.localhost:1313": 200, "localhost.": 200,
		"evil.example": 403, "evil.example:1313": 403, "127.0.0.1.evil.example": 403, "localhost.evil.example": 403,
		"192.168.1.10:1313": 403, "[::ffff:8.8.8.8]": 403,
	} {
		resp, body := raw(t, addr, "GET /vi/ HTTP/1.1\r\nHost: "+host+"\r\nConnection: close")
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
		if want == 403 && strings.Contains(body, "<html") {
			t.Errorf("Host %s: a page was sent", host)
		}
	}
	// The events too.
	resp, _ := raw(t, addr, "GET /_ocop/events?path=/vi/&fp=1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close")
	if resp.StatusCode != 403 {
		t.Errorf("events for another host: %d", resp.StatusCode)
	}

	open := New(Options{SiteDir: t.TempDir(), Theme: ocop.Theme(), BaseURL: "http://0.0.0.0:1313/", Now: now})
	if !open.hostAllowed("evil.example") {
		t.Error("a server on all addresses refused a name")
	}
	lan := New(Options{SiteDir: t.TempDir(), Theme: ocop.Theme(), BaseURL: "http://192.168.1.10:1313/", Now: now})
	if !lan.hostAllowed("192.168.1.10:1313") {
		t.Error("a server on a network address refused its address")
	}
}

// TestRedirectsStayOnTheSite: the final-slash redirect goes to a path of
// this site, whatever the path asked for looked like.
func TestRedirectsStayOnTheSite(t *testing.T) {
	_, _, hs := startSafe(t)
	addr := hs.Listener.Addr().String()
	for _, target := range []string{
		"/vi/products/che-shan-tuyet",
		"//evil.example/../vi/products/che-shan-tuyet",
		"///evil.example/../vi/products/che-shan-tuyet",
		"/%2fevil.example/%2e%2e/vi/products/che-shan-tuyet",
		"//evil.example/%2e%2e/vi/products/che-shan-tuyet",
		"/./vi/products/che-shan-tuyet",
	} {
		resp, _ := raw(t, addr, get1(target))
		if loc := resp.Header.Get("Location"); resp.StatusCode != 301 || loc != "/vi/products/che-shan-tuyet/" {
			t.Errorf("%s: %d to %q", target, resp.StatusCode, loc)
		}
	}
}

// TestNoOutboundRequests: the server never fetches anything. Its code
// (and the watcher's, and the command's) has no HTTP client and dials
// nothing; and a request in proxy form, for another server, is answered
// from this site without a connection to that server.
func TestNoOutboundRequests(t *testing.T) {
	banned := map[string][]string{
		"http": {"Get", "Head", "Post", "PostForm", "NewRequest", "NewRequestWithContext", "Client", "DefaultClient", "Transport", "DefaultTransport", "ProxyFromEnvironment", "ProxyURL"},
		"net":  {"Dial", "DialTimeout", "DialTCP", "DialUDP", "DialIP", "DialUnix", "Dialer", "LookupHost", "LookupIP", "LookupAddr", "Resolver"},
	}
	files := []string{filepath.Join("..", "..", "cmd", "ocop", "serve.go")}
	for _, d := range []string{".", filepath.Join("..", "watch")} {
		m, _ := filepath.Glob(filepath.Join(d, "*.go"))
		files = append(files, m...)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		checked++
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok {
				for _, name := range banned[pkg.Name] {
					if sel.Sel.Name == name {
						t.Errorf("%s uses %s.%s", f, pkg.Name, name)
					}
				}
			}
			return true
		})
	}
	if checked < 3 {
		t.Fatalf("checked only %d files", checked)
	}

	_, _, hs := startSafe(t)
	decoy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer decoy.Close()
	var dialled atomic.Int32
	go func() {
		for {
			c, err := decoy.Accept()
			if err != nil {
				return
			}
			dialled.Add(1)
			c.Close()
		}
	}()
	other := decoy.Addr().String()
	resp, body := raw(t, hs.Listener.Addr().String(), "GET http://"+other+"/vi/ HTTP/1.1\r\nHost: "+other+"\r\nConnection: close")
	if resp.StatusCode != 200 || !strings.Contains(body, "Sản phẩm OCOP Thử") {
		t.Errorf("a request in proxy form: %d", resp.StatusCode)
	}
	if n := dialled.Load(); n != 0 {
		t.Errorf("the server connected to the other server %d times", n)
	}
}

// TestTemplatePanics: templates that fail at execution time in the worst
// ways (a function that panics, a fragment that calls itself until the
// stack would overflow, a count that would exhaust the memory) are
// errors on the page, with status 500 and the reload script, and the
// server goes on; fixed, the page is back.
func TestTemplatePanics(t *testing.T) {
	dir, srv, hs := start(t)
	cards, err := os.ReadFile(filepath.Join("..", "..", "templates", "partials", "cards.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ photo nil }}</span>`,
			"error calling photo: runtime error: invalid memory address or nil pointer dereference"},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ card . }}</span>`,
			"the template &#34;card&#34; is nested in itself too deeply"},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ range seq 2000000000000 }}{{ end }}</span>`,
			"error calling seq: seq 2000000000000: the count must be from 0 to 10000"},
		{`<span class="card-title">{{ tr .Name }}</span>`, `<span class="card-title">{{ tr .Name }}{{ range seq -1 }}{{ end }}</span>`,
			"error calling seq: seq -1: the count must be from 0 to 10000"},
	} {
		if !strings.Contains(string(cards), c.from) {
			t.Fatalf("cards.html has no %q", c.from)
		}
		edit(t, dir, "templates/partials/cards.html", strings.Replace(string(cards), c.from, c.to, 1))
		if res := srv.Rebuild([]string{"templates/partials/cards.html"}); res.Diagnostics.HasErrors() {
			t.Fatalf("%s: %v", c.to, res.Diagnostics)
		}
		code, body, _ := get(t, hs, "/en/districts/dong-van/")
		if code != 500 || !strings.Contains(body, c.want) || !strings.Contains(body, "<script data-fp=") {
			t.Errorf("%s: %d\n%.600s", c.to, code, body)
		}
		if code, _, _ := get(t, hs, "/robots.txt"); code != 200 {
			t.Errorf("%s: the server stopped serving: %d", c.to, code)
		}
	}
	edit(t, dir, "templates/partials/cards.html", string(cards))
	srv.Rebuild([]string{"templates/partials/cards.html"})
	if code, body, _ := get(t, hs, "/en/districts/dong-van/"); code != 200 || !strings.Contains(body, "Lung Cu Mint Honey") {
		t.Errorf("fixed: %d", code)
	}
}

// TestPanicWhileMaking: a panic while a file is made (outside the
// templates, which catch their own) is the file's error.
func TestPanicWhileMaking(t *testing.T) {
	srv := New(Options{SiteDir: t.TempDir(), Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now})
	_, err := srv.content(render.File{Path: "vi/x/index.html", Render: func(io.Writer) error {
		var m map[string]int
		m["x"]++
		return nil
	}})
	if want := "vi/x/index.html: ocop failed while making this file: assignment to entry in nil map"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

// faultFS is the site, with hooks run when a file is read whole (as the
// loader reads records once it has listed them, and the server photos):
// before the file is opened, and once it is open.
type faultFS struct {
	fs.FS
	before, after func(name string)
}

func (f faultFS) ReadFile(name string) ([]byte, error) {
	if f.before != nil {
		f.before(name)
	}
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if f.after != nil {
		f.after(name)
	}
	return io.ReadAll(file)
}

// TestPanicWhileRebuilding: a panic in a rebuild (here, reading the site
// panics) is an error shown on the pages over the last good site, and
// the next rebuild reads the whole site afresh.
func TestPanicWhileRebuilding(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	var panicking atomic.Bool
	site := faultFS{FS: os.DirFS(dir), before: func(name string) {
		if panicking.Load() && name == "site.yaml" {
			panic("the disk caught fire")
		}
	}}
	srv := newServer(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now}, site)
	if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	panicking.Store(true)
	res := srv.Rebuild([]string{"site.yaml"})
	if !res.Diagnostics.HasErrors() || !strings.Contains(res.Diagnostics[0].Message, "ocop failed while building the site: the disk caught fire") || !res.Shown {
		t.Errorf("rebuild: %v, shown %v", res.Diagnostics, res.Shown)
	}
	code, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	if code != 200 || !strings.Contains(body, "Mật ong bạc hà Lũng Cú") || !strings.Contains(body, "the disk caught fire") {
		t.Errorf("the last good page with the error: %d", code)
	}
	panicking.Store(false)
	edit(t, dir, honey, honeyRecord("Mật ong sau sự cố"))
	if res := srv.Rebuild([]string{honey}); res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	if _, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/"); !strings.Contains(body, "Mật ong sau sự cố") || strings.Contains(body, "data-errors") {
		t.Error("the site did not recover")
	}
}

// TestFileDeletedWhileRead: files that go away while the server reads
// them — a record between its folder's listing and its reading, a record
// unlinked while open, a record cut short by an editor writing it in
// place, a photo while it is served — give errors at most, never a
// crash; the next rebuild sees the site as it is.
func TestFileDeletedWhileRead(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	var before, after atomic.Value // func(name string)
	none := func(string) {}
	before.Store(none)
	after.Store(none)
	site := faultFS{FS: os.DirFS(dir),
		before: func(name string) { before.Load().(func(string))(name) },
		after:  func(name string) { after.Load().(func(string))(name) }}
	srv := newServer(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now}, site)
	if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	const extra = "content/products/meo-vac/thang-co.yaml"
	record := "name: {vi: Thắng cố, en: Thang Co}\nstars: 3\ngroup: food\nproducer: ho-sung\ncertificate: {number: 5/QĐ-UBND, issued: 2025-05-05, issuer: UBND tỉnh Hà Giang}\n"
	// once runs do on the file target the first time it is opened, at
	// the moment hook says.
	once := func(hook *atomic.Value, target string, do func(p string)) {
		var done atomic.Bool
		hook.Store(func(name string) {
			if name == target && done.CompareAndSwap(false, true) {
				do(filepath.Join(dir, filepath.FromSlash(name)))
			}
		})
	}

	// Deleted between the listing and the reading.
	edit(t, dir, extra, record)
	once(&before, extra, func(p string) { os.Remove(p) })
	res := srv.Rebuild([]string{extra})
	if !res.Diagnostics.HasErrors() || !strings.Contains(lines(res.Diagnostics), extra+": error: cannot read") {
		t.Errorf("deleted before reading: %v", res.Diagnostics)
	}
	if code, _, _ := get(t, hs, "/vi/"); code != 200 {
		t.Errorf("home while the record is unreadable: %d", code)
	}
	// The watcher then reports the deletion: all is well again.
	if res := srv.Rebuild([]string{extra}); res.Diagnostics.HasErrors() {
		t.Errorf("after the deletion: %v", res.Diagnostics)
	}

	// Deleted once open: its bytes are still read whole; the watcher
	// then reports the deletion.
	edit(t, dir, extra, strings.Replace(record, "Thang Co", "Thang Co Soup", 1))
	once(&after, extra, func(p string) { os.Remove(p) })
	if res := srv.Rebuild([]string{extra}); res.Diagnostics.HasErrors() {
		t.Errorf("deleted while read: %v", res.Diagnostics)
	}
	if code, body, _ := get(t, hs, "/en/products/thang-co/"); code != 200 || !strings.Contains(body, "Thang Co Soup") {
		t.Errorf("the product read as it was deleted: %d", code)
	}
	if res := srv.Rebuild([]string{extra}); res.Diagnostics.HasErrors() {
		t.Errorf("after the deletion: %v", res.Diagnostics)
	}
	if code, _, _ := get(t, hs, "/en/products/thang-co/"); code != 404 {
		t.Errorf("the deleted product's page: %d", code)
	}

	// Cut short: an editor truncates the file to write it again in place,
	// and the server reads it in between.
	edit(t, dir, extra, record)
	once(&after, extra, func(p string) { os.Truncate(p, 20) })
	res = srv.Rebuild([]string{extra})
	if !res.Diagnostics.HasErrors() || !res.Shown {
		t.Errorf("a half-written record: %v", res.Diagnostics)
	}
	edit(t, dir, extra, record) // the editor's write ends; the watcher reports it
	if res := srv.Rebuild([]string{extra}); res.Diagnostics.HasErrors() {
		t.Errorf("the whole record: %v", res.Diagnostics)
	}
	if code, body, _ := get(t, hs, "/en/products/thang-co/"); code != 200 || !strings.Contains(body, "Thang Co") {
		t.Errorf("the record's page: %d", code)
	}

	// A photo deleted while it is asked for.
	_, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	img := body[strings.Index(body, "/media/honey."):]
	img = img[:strings.IndexAny(img, " \">")]
	once(&before, "content/products/dong-van/honey.svg", func(p string) { os.Remove(p) })
	code, body, _ := get(t, hs, img)
	if code != 500 || !strings.Contains(body, "content/products/dong-van/honey.svg") {
		t.Errorf("a photo deleted while served: %d\n%.300s", code, body)
	}
	// The rebuild the deletion brings says what is missing.
	res = srv.Rebuild([]string{"content/products/dong-van/honey.svg"})
	if !strings.Contains(lines(res.Diagnostics), "honey.svg") {
		t.Errorf("after the photo's deletion: %v", res.Diagnostics)
	}
	if code, _, _ := get(t, hs, "/vi/"); code != 200 {
		t.Errorf("home: %d", code)
	}
}

// TestLoopbackNames: which names are this computer's.
func TestLoopbackNames(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.0.0.1:1313": true, "[::1]:80": true, "::1": true, "localhost": true, "a.localhost:1": true,
		"": false, "0.0.0.0:1313": false, "[::]:1313": false, "10.0.0.1": false, "example.org": false, "localhost.example.org": false,
	} {
		if got := loopbackName(host); got != want {
			t.Errorf("loopbackName(%q) = %v", host, got)
		}
	}
}

// lines are the diagnostics as the terminal shows them.
func lines(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.WithSeverity() + "\n")
	}
	return b.String()
}
