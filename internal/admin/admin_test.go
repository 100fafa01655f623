package admin

import (
	"encoding/json"
	"html"
	"os"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/load"
)

func testSite() *Site {
	return &Site{
		Title: "Sản phẩm OCOP", BaseURL: "https://ocop.example.vn/", BasePath: "/",
		Languages: []Language{{"vi", "Tiếng Việt"}, {"en", "English"}},
		Districts: []Choice{{"dong-van", "Đồng Văn"}, {"meo-vac", "Mèo Vạc"}},
		Groups:    []Choice{{"food", "Thực phẩm"}, {"food/tea", "Chè"}},
		Specs:     []Choice{{"net_weight", "Khối lượng tịnh"}},
	}
}

// siteData returns window.OCOP of site.js.
func siteData(t *testing.T, files []File) map[string]any {
	t.Helper()
	for _, f := range files {
		if f.Path == "admin/site.js" {
			_, js, _ := strings.Cut(string(f.Data), "window.OCOP = ")
			var v map[string]any
			if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(js), ";")), &v); err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatal("no admin/site.js")
	return nil
}

func file(t *testing.T, files []File, p string) string {
	t.Helper()
	for _, f := range files {
		if f.Path == p {
			return string(f.Data)
		}
	}
	t.Fatalf("no %s", p)
	return ""
}

// TestBackends checks where the CMS saves: without site.yaml's cms, only
// through ocop serve (the proxy backend at the site's admin/api/v1); with
// it, to GitHub, whose API and sign-in service the page's policy then
// allows, and nothing else.
func TestBackends(t *testing.T) {
	s := testSite()
	s.BasePath = "/ocop/"
	files, err := Files(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := siteData(t, files)
	backend := d["config"].(map[string]any)["backend"].(map[string]any)
	if backend["name"] != "proxy" || backend["proxy_url"] != "/ocop/admin/api/v1" || d["github"] != false || d["api"] != "/ocop/admin/api/v1" {
		t.Errorf("without cms: backend %v, github %v, api %v", backend, d["github"], d["api"])
	}
	index := html.UnescapeString(file(t, files, "admin/index.html"))
	if strings.Contains(index, "github") || !strings.Contains(index, "connect-src 'self' blob:;") {
		t.Errorf("without cms, the policy names more than the site:\n%s", index)
	}

	s.CMS = load.CMS{Repo: "hagiang-ocop/ocop", AuthURL: "https://auth.example.vn"}
	files, err = Files(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	d = siteData(t, files)
	backend = d["config"].(map[string]any)["backend"].(map[string]any)
	if backend["name"] != "github" || backend["repo"] != "hagiang-ocop/ocop" || backend["branch"] != "main" || backend["base_url"] != "https://auth.example.vn" || d["github"] != true {
		t.Errorf("with cms: backend %v, github %v", backend, d["github"])
	}
	index = html.UnescapeString(file(t, files, "admin/index.html"))
	for _, want := range []string{
		"script-src 'self' 'unsafe-eval';",
		"connect-src 'self' blob: https://api.github.com https://auth.example.vn;",
		"img-src 'self' blob: https://avatars.githubusercontent.com;",
		"frame-ancestors 'none'",
		`<meta name="robots" content="noindex">`,
		`<script src="decap-cms-3.16.3/decap-cms.js"></script>`,
		`<html lang="vi">`,
	} {
		if !strings.Contains(index, want) {
			t.Errorf("admin/index.html lacks %q:\n%s", want, index)
		}
	}
}

// TestFilesDeterministic checks that /admin/ is the same for the same
// site, and holds Decap's chunks beside its main file.
func TestFilesDeterministic(t *testing.T) {
	a, err := Files(testSite(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Files(testSite(), nil)
	if len(a) != len(b) {
		t.Fatal("different files")
	}
	chunks := 0
	for i := range a {
		if a[i].Path != b[i].Path || string(a[i].Data) != string(b[i].Data) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
		if i > 0 && a[i-1].Path >= a[i].Path {
			t.Errorf("not sorted: %s before %s", a[i-1].Path, a[i].Path)
		}
		if strings.HasPrefix(a[i].Path, "admin/decap-cms-3.16.3/") && strings.HasSuffix(a[i].Path, ".decap-cms.js") {
			chunks++
		}
	}
	if chunks < 50 {
		t.Errorf("%d of Decap's chunks", chunks)
	}
}

// TestSiteCMS checks site.yaml's cms as the loader reads it.
func TestSiteCMS(t *testing.T) {
	base := "title: T\nbaseURL: https://a.vn/\nlanguages: [{code: vi, name: V}]\ndistricts: [{slug: d, name: D}]\ngroups: [{key: g, name: G}]\n"
	for _, tc := range []struct{ cms, want string }{
		{"cms: {repo: hagiang-ocop/ocop, auth_url: https://auth.a.vn/}", ""},
		{"cms: {repo: hagiang-ocop}", `site.yaml:6:13: cms.repo "hagiang-ocop" must be a GitHub repository written owner/name`},
		{"cms: {repo: a/b, auth_url: http://auth.a.vn}", `site.yaml:6:28: cms.auth_url "http://auth.a.vn" must be an https:// address with no query, such as https://auth.example.vn`},
		{"cms: {branch: main}", `site.yaml:6:6: `},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(dir+"/site.yaml", []byte(base+tc.cms+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, diags := load.ReadConfig(os.DirFS(dir))
		var msgs []string
		for _, d := range diags {
			msgs = append(msgs, d.String())
		}
		got := strings.Join(msgs, "\n")
		if tc.want == "" {
			if got != "" || cfg == nil || cfg.CMS.Repo != "hagiang-ocop/ocop" || cfg.CMS.AuthURL != "https://auth.a.vn" {
				t.Errorf("%s: %q, %+v", tc.cms, got, cfg)
			}
			continue
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q…", tc.cms, got, tc.want)
		}
	}
}
