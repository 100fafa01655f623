// Package cms answers the local-backend API of Decap CMS, so that the CMS
// served at /admin/ by ocop serve edits the site's own folder: no Git
// host, no network, no Node.js.
//
// Decap CMS, with local_backend in its config.yml (or its backend named
// proxy), sends every read and write as a POST of a JSON object
// {"action": …, "params": {…}} to one address; the npm package
// decap-server answers it with Node.js (its "fs" mode). This package
// answers the same actions, with the same parameters and replies, in Go:
//
//	info                 the backend's name and publish modes
//	entriesByFolder      the records of a folder, to a depth
//	entriesByFiles       the records named
//	getEntry             one record
//	persistEntry         write records, with their new photos
//	getMedia             the photos of a folder, in base64
//	getMediaFile         one photo, in base64
//	persistMedia         write one photo
//	deleteFile(s)        remove files
//	getDeployPreview     none: null
//
// A record travels as its text ("raw" in, "data" out) and a photo as
// base64 ({"content", "encoding": "base64"}). The "branch" that every
// request names is the Git branch decap-server's Git mode works on; like
// its file-system mode, this package works on the folder as it is and
// ignores the branch. The editorial workflow (unpublishedEntries and the
// actions after it) is decap-server's Git mode only: info offers the
// "simple" publish mode alone, and those actions are refused.
//
// What the handler guards, whatever the page that calls it sends:
//
//   - Every file is reached through an os.Root: no path leaves the site's
//     folder, whatever it holds.
//   - Reads and writes are of files under content/ only, named by clean
//     relative paths: a path with "..", ".", an empty part, a leading "/",
//     a backslash, a NUL or another control character, a name that starts
//     with ".", or a name that Windows cannot hold (< > : " | ? *, a final
//     dot or space, CON, NUL, COM1…) is refused, as is one with an
//     invisible character. No symbolic link is followed: a path through
//     one is refused, and listings leave them out.
//   - A record is a .yaml, .yml or .md file of at most 2 MB; a photo is a
//     .jpg, .jpeg, .png, .webp, .gif or .svg file of at most 30 MB (the
//     limits of ocop's loader). The request body is limited too.
//   - A file is written to a temporary file beside it, then renamed over
//     it: a write that fails leaves the old file as it was. A request is
//     checked whole before anything is written.
//   - A new file may not take a name that differs from an existing one's
//     only in capitals (one file on Windows and macOS), and a new entry
//     never overwrites a file.
//   - A photo that a record names is neither replaced with other bytes
//     nor deleted except with that record: a district's folder holds the
//     photos of all its products, and an upload of the same name for
//     another product must not take the place of one.
//   - The handler answers only on this computer, to the server's own
//     pages: the Host must be a name of this computer (localhost,
//     127.0.0.1, [::1]) with the server's port, and an Origin, when the
//     browser sends one, must be the server's own. A web page elsewhere,
//     or one whose name is made to lead here, cannot write into the site.
//     Requests must be JSON (which a form on another site cannot send
//     without asking first, and the handler never answers that question).
//
// Decap CMS writes a record's YAML anew at every save; KeepStyle, given as
// Options.Format, writes its data in the style of the file it replaces.
package cms

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// The largest files the handler reads and writes: those of ocop's loader.
const (
	// MaxRecordBytes is the largest record or story.
	MaxRecordBytes = load.MaxRecordBytes
	// MaxMediaBytes is the largest photo.
	MaxMediaBytes = load.MaxImageBytes
)

// ContentDir is the folder, relative to the site, that the handler reads
// and writes: nothing outside it.
const ContentDir = "content"

// Options configure the handler.
type Options struct {
	// BaseURL is the address the server is reached at, such as
	// http://127.0.0.1:1313/. It must name this computer: on another
	// address the handler refuses every request (the CMS writes without
	// asking who is there).
	BaseURL string
	// Origins are further origins (scheme://host:port) whose pages may
	// call the handler, beyond the server's own.
	Origins []string
	// Repo is the name info gives for the repository; the site folder's
	// name when "".
	Repo string
	// MaxRecordBytes, MaxMediaBytes and MaxRequestBytes override the
	// limits (for tests); 0 keeps the default. A request may carry a
	// record and a few photos, in base64: MaxRequestBytes is by default
	// room for three photos of the largest size.
	MaxRecordBytes, MaxMediaBytes, MaxRequestBytes int64
	// Format, when set, is called with each record (.yaml, .yml, .md) the
	// CMS sends, before it is checked and written: its path, the bytes of
	// the file it replaces (nil for a new file) and the bytes sent. What
	// it returns is written instead; an error refuses the request.
	// KeepStyle is one.
	Format func(path string, prev, next []byte) ([]byte, error)
	// Check, when set, is called with each file about to be written (its
	// path relative to the site, slash-separated, and its bytes) once the
	// whole request has been checked; an error refuses the request, with
	// its message, and nothing is written.
	Check func(path string, data []byte) error
	// Logf, when set, is told of refused requests and failed writes.
	Logf func(format string, args ...any)
}

// New returns a handler of Decap CMS's local-backend API that works on the
// site folder root. Mount it at the address the CMS's config names (its
// local_backend url, or the proxy_url of its backend):
//
//	root, err := os.OpenRoot(siteDir)
//	…
//	mux.Handle("/admin/api/v1", cms.New(root, cms.Options{BaseURL: "http://127.0.0.1:1313/"}))
func New(root *os.Root, opt Options) http.Handler {
	h := &handler{root: root, opt: opt}
	if h.opt.MaxRecordBytes <= 0 {
		h.opt.MaxRecordBytes = MaxRecordBytes
	}
	if h.opt.MaxMediaBytes <= 0 {
		h.opt.MaxMediaBytes = MaxMediaBytes
	}
	if h.opt.MaxRequestBytes <= 0 {
		// Base64 makes 3 bytes 4; a record and some room for the JSON.
		h.opt.MaxRequestBytes = 3*(h.opt.MaxMediaBytes/3*4+4) + 2*h.opt.MaxRecordBytes + 64<<10
	}
	if h.opt.Repo == "" {
		h.opt.Repo = path.Base(strings.ReplaceAll(root.Name(), `\`, "/"))
	}
	h.base, h.baseErr = parseBase(opt.BaseURL)
	h.origins = map[string]bool{}
	for _, o := range opt.Origins {
		if n, ok := normalOrigin(o); ok {
			h.origins[n] = true
		}
	}
	return h
}

type handler struct {
	root    *os.Root
	opt     Options
	base    base
	baseErr error
	origins map[string]bool // normalised

	// mu lets reads run together and a write run alone, so that a reader
	// never sees half of a request's files, and two writes never race.
	mu sync.RWMutex

	// afterTemp, in tests, is called once a temporary file is written and
	// before it is renamed over the file; an error fails the write there.
	afterTemp func(tmp string) error
}

// base is the server's own address: its scheme and port.
type base struct {
	scheme, port string
}

func parseBase(baseURL string) (base, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return base{}, fmt.Errorf("the server's address %q is not an http(s) address", baseURL)
	}
	if !loopbackName(u.Hostname()) {
		return base{}, fmt.Errorf("the server listens at %s, not on this computer only: the CMS writes into the site only from this computer", u.Host)
	}
	return base{scheme: u.Scheme, port: portOf(u.Scheme, u.Port())}, nil
}

func portOf(scheme, port string) string {
	if port != "" {
		return port
	}
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// loopbackName reports whether host (without a port) names this computer:
// localhost, a name under .localhost, 127.x.x.x or ::1, as ocop serve's
// own check.
func loopbackName(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostAllowed reports whether the Host header hostport names this server:
// a name of this computer with the server's port.
func (h *handler) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	return host != "" && loopbackName(host) && portOf(h.base.scheme, port) == h.base.port
}

// normalOrigin returns an origin as scheme://host:port in lower case, the
// port always written; ok is false for anything that is not an origin
// ("null", a path, a user).
func normalOrigin(o string) (string, bool) {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + net.JoinHostPort(u.Hostname(), portOf(u.Scheme, u.Port()))), true
}

// originAllowed reports whether a page of origin o may call the handler:
// a page of this server, under any of this computer's names, or one of
// Options.Origins.
func (h *handler) originAllowed(o string) bool {
	n, ok := normalOrigin(o)
	if !ok {
		return false
	}
	if h.origins[n] {
		return true
	}
	u, _ := url.Parse(n)
	return u.Scheme == h.base.scheme && loopbackName(u.Hostname()) && u.Port() == h.base.port
}

// request is what the CMS posts.
type request struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

// apiError is a refused or failed request: its status and its message,
// which the CMS shows to the editor.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers one action.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.allowed(r); err != nil {
		if err.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", "POST")
		}
		h.logf("cms: refused %s %s from %q (Origin %q): %s", r.Method, r.URL.Path, r.Host, r.Header.Get("Origin"), err.msg)
		h.reply(w, err.status, map[string]string{"error": err.msg})
		return
	}
	body := http.MaxBytesReader(w, r.Body, h.opt.MaxRequestBytes)
	var req request
	dec := json.NewDecoder(body)
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.reply(w, http.StatusRequestEntityTooLarge, map[string]string{"error": fmt.Sprintf(
				"the request is larger than %s: a photo may be at most %s", size(h.opt.MaxRequestBytes), size(h.opt.MaxMediaBytes))})
			return
		}
		h.reply(w, http.StatusBadRequest, map[string]string{"error": "the request is not a JSON object: " + err.Error()})
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		h.reply(w, http.StatusBadRequest, map[string]string{"error": "the request has more than one JSON value"})
		return
	}
	out, err := h.do(req)
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) {
			ae = errorf(http.StatusInternalServerError, "%v", err)
		}
		h.logf("cms: %s: %s", req.Action, ae.msg)
		h.reply(w, ae.status, map[string]string{"error": ae.msg})
		return
	}
	h.reply(w, http.StatusOK, out)
}

// allowed checks a request before its body is read.
func (h *handler) allowed(r *http.Request) *apiError {
	if r.Method != http.MethodPost {
		return errorf(http.StatusMethodNotAllowed, "the CMS's local backend answers POST requests only")
	}
	if h.baseErr != nil {
		return errorf(http.StatusForbidden, "%v", h.baseErr)
	}
	if !h.hostAllowed(r.Host) {
		return errorf(http.StatusForbidden, "the CMS's local backend answers only to this computer, at port %s: open the CMS at http://127.0.0.1:%s/admin/", h.base.port, h.base.port)
	}
	if o, ok := r.Header["Origin"]; ok && (len(o) != 1 || !h.originAllowed(o[0])) {
		return errorf(http.StatusForbidden, "the CMS's local backend answers only to the server's own pages, not to %q", strings.Join(o, ", "))
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		if len(h.origins) == 0 {
			return errorf(http.StatusForbidden, "the CMS's local backend answers only to the server's own pages")
		}
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errorf(http.StatusUnsupportedMediaType, "the CMS's local backend takes JSON (Content-Type: application/json)")
	}
	return nil
}

func (h *handler) reply(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"the reply could not be made"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

func (h *handler) logf(format string, args ...any) {
	if h.opt.Logf != nil {
		h.opt.Logf(format, args...)
	}
}

// size writes a number of bytes for people: "2 MB", "30 MB", "512 kB".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
