package serve

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var screenshots = flag.String("screenshots", "", "write the CMS browser test's screenshots into this `folder` (the guides' are docs/images)")

// cmsSite copies the repository's site (site.yaml and content/) into a
// fresh folder and serves it as ocop serve does, CMS included.
func cmsSite(t *testing.T) (dir, base string, srv *Server) {
	t.Helper()
	dir = t.TempDir()
	if out, err := exec.Command("cp", "-R", "../../content", "../../site.yaml", dir).CombinedOutput(); err != nil {
		t.Fatalf("copying the site: %v %s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String() + "/"
	srv = New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: base, Now: now})
	if res := srv.Rebuild(nil); errorsOnly(res.Diagnostics) != nil {
		t.Fatalf("the site has errors: %v", res.Diagnostics)
	}
	hs := srv.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return dir, base, srv
}

// browser drives the CMS in headless Chromium.
type browser struct {
	t   *testing.T
	ctx context.Context
}

// eval runs a script that returns "" when it did what it should, else
// what went wrong.
func (b *browser) eval(js string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		return err.Error()
	}
	return msg
}

// step runs actions, for at most a minute: one that cannot happen (an
// element that never comes) fails the test with what the page shows,
// rather than waiting for the test's own deadline.
func (b *browser) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	err := chromedp.Do(ctx, actions...)
	cancel()
	if err != nil {
		b.fail(fmt.Sprintf("%s: %v", what, err))
	}
}

// fail ends the test with msg, a screenshot and the page's text.
func (b *browser) fail(msg string) {
	b.t.Helper()
	b.shot("failed")
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 3000) : ""`))
	b.t.Fatalf("%s; the page says:\n%s", msg, text)
}

// wait waits until js (an expression) is true.
func (b *browser) wait(what, js string) {
	b.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.fail(fmt.Sprintf("waiting for %s: %v", what, err))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// textShows is a script that is true when an element shows text.
func textShows(css, text string) string {
	return fmt.Sprintf(`[...document.querySelectorAll(%q)].some(e => e.textContent.trim() === %q && e.offsetParent !== null)`, css, text)
}

// click clicks the first visible element matching css whose text is text.
func (b *browser) click(css, text string) {
	b.t.Helper()
	b.wait(css+" "+text, textShows(css, text))
	b.press(fmt.Sprintf("%s %q", css, text),
		fmt.Sprintf(`[...document.querySelectorAll(%q)].find(e => e.textContent.trim() === %q && e.offsetParent !== null)`, css, text))
}

// press clicks the element that the JavaScript expression elem gives,
// once the evaluation has returned: what a click sets off (the CMS's
// routing, a whole form drawn) can take long on a loaded machine, and it
// is the waits that follow that say whether it happened.
func (b *browser) press(what, elem string) {
	b.t.Helper()
	if msg := b.eval(fmt.Sprintf(`(() => {
		const el = %s;
		if (!el) return "not found";
		el.scrollIntoView({block: "center"});
		setTimeout(() => el.click(), 0);
		return "";
	})()`, elem)); msg != "" {
		b.fail(fmt.Sprintf("clicking %s: %s", what, msg))
	}
}

// control marks the form control of the nth (from 0) label whose text
// starts with label, and returns a selector for it.
func (b *browser) control(label string, nth int) string {
	b.t.Helper()
	id := fmt.Sprintf("x%d", time.Now().UnixNano())
	find := fmt.Sprintf(`[...document.querySelectorAll("label")].filter(l => l.textContent.trim().startsWith(%q))[%d]`, label, nth)
	b.wait(fmt.Sprintf("the field %q (%d)", label, nth), find)
	if msg := b.eval(fmt.Sprintf(`(() => {
		const l = %s;
		let el = l.htmlFor ? document.getElementById(l.htmlFor) : null;
		if (!el) el = l.parentElement.parentElement.querySelector("textarea, input, [contenteditable=true]");
		if (!el) return "no control";
		el.setAttribute("data-x", %q);
		el.scrollIntoView({block: "center"});
		return "";
	})()`, find, id)); msg != "" {
		b.t.Fatalf("the field %q (%d): %s", label, nth, msg)
	}
	return `[data-x="` + id + `"]`
}

// typeInto puts text into the field as typing it would (the form sees an
// input event with the new value).
func (b *browser) typeInto(label string, nth int, text string) {
	b.t.Helper()
	sel := b.control(label, nth)
	if msg := b.eval(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
		Object.getOwnPropertyDescriptor(proto, "value").set.call(el, %q);
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return "";
	})()`, sel, text)); msg != "" {
		b.t.Fatalf("typing into %q (%d): %s", label, nth, msg)
	}
}

// keys types text into the field key by key.
// The CMS may draw a field again between finding it and typing into it
// (on a slow machine): the field is then found again, up to three times.
func (b *browser) keys(label string, nth int, text string) {
	b.t.Helper()
	for attempt := 1; ; attempt++ {
		sel := b.control(label, nth)
		ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
		err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel)))
		cancel()
		if err == nil {
			b.step(fmt.Sprintf("typing into %q (%d)", label, nth), chromedp.SendKeys(chromedp.CSS(sel), text))
			return
		}
		if attempt == 3 || b.eval(fmt.Sprintf(`document.querySelector(%q) ? "there" : ""`, sel)) == "there" {
			b.fail(fmt.Sprintf("clicking the field %q (%d): %v", label, nth, err))
		}
	}
}

// choose picks an option of a select field, typing its start.
func (b *browser) choose(label string, nth int, text string) {
	b.t.Helper()
	b.keys(label, nth, text)
	b.wait("the option "+text, fmt.Sprintf(`[...document.querySelectorAll("[class*=option]")].some(e => e.textContent.includes(%q))`, text))
	b.step("choosing "+text, chromedp.KeyEvent("\r"))
}

// date sets the browser's date picker of the field, as picking a day
// does (typing into it depends on the browser's locale).
func (b *browser) date(label string, nth int, day string) {
	b.t.Helper()
	sel := b.control(label, nth)
	if msg := b.eval(fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, %q);
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return el.value === %q ? "" : "the date is " + el.value;
	})()`, sel, day, day)); msg != "" {
		b.t.Fatalf("the date %q: %s", label, msg)
	}
}

// publish saves the entry: the Publish menu, then "Publish now".
func (b *browser) publish() {
	b.t.Helper()
	b.click("[role=button]", "Công bố")
	b.click("[role=menuitem]", "Công bố ngay")
}

// open follows the link to a collection.
func (b *browser) open(collection string) {
	b.t.Helper()
	sel := `a[href="#/collections/` + collection + `"]`
	b.wait("the link to "+collection, "document.querySelector('"+sel+"')")
	b.press("the link to "+collection, "document.querySelector('"+sel+"')")
}

// top shows the top of the page.
func (b *browser) top() {
	b.t.Helper()
	b.eval(`(document.querySelector("label").scrollIntoView({block: "end"}), window.scrollTo(0, 0), "")`)
}

func (b *browser) shot(name string) {
	b.t.Helper()
	dir := *screenshots
	if dir == "" {
		dir = b.t.TempDir()
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// waitFile waits until the file at p (relative to dir) exists and gives
// its content.
func waitFile(t *testing.T, b *browser, dir, p string) string {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err == nil {
			return string(data)
		}
		if time.Now().After(deadline) {
			b.shot("failed")
			text, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 2000)`))
			t.Fatalf("%s was not written; the page says:\n%s", p, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCMSBrowser drives /admin/ in Chromium against ocop serve, as an
// editor would: it creates a product with a photo in a district, which
// ocop check accepts and the preview shows; then changes one English
// sentence of an existing product, which changes that line of its file
// and no other.
func TestCMSBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test")
	}
	dir, base, srv := cmsSite(t)
	ctx := browsertest.Start(t, browsertest.Options{Width: 1280, Height: 1000})
	// A dialog of the page (the CMS asking whether to leave unsaved
	// changes) would hold every step after it: it is said in the log.
	chromedp.Listen(ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			t.Logf("the page opened a %s dialog: %q", d.Type, d.Message)
		}
	})
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	b := &browser{t: t, ctx: ctx}

	photo := filepath.Join(t.TempDir(), "mat-ong-lung-cu.jpg")
	if err := os.WriteFile(photo, sitetest.PhotoJPEG(t, 800, 600, 1), 0o644); err != nil {
		t.Fatal(err)
	}

	b.step("opening "+base+"admin/", chromedp.Navigate(base+"admin/"))
	b.click("button", "Đăng nhập")
	b.wait("the collections", textShows("a, h2, span", "Sản phẩm · Đồng Văn"))
	b.shot("cms-collections")

	// A new product in Đồng Văn, with a photo.
	b.step("opening "+base+"admin/#/collections/products-dong-van/new", chromedp.Navigate(base+"admin/#/collections/products-dong-van/new"))
	b.typeInto("Tiếng Việt", 0, "Mật ong bạc hà Lũng Cú")
	b.typeInto("English", 0, "Lung Cu Mint Honey")
	b.typeInto("Tiếng Việt", 1, "Mật ong vít nắp, quay tháng Mười Một.")
	b.typeInto("English", 1, "Capped honey, spun in November.")
	b.typeInto("Tiếng Việt", 2, "Mật **thơm** mùi bạc hà.\n\n- hoa bạc hà\n- ong nội\n")
	b.choose("Hạng sao", 0, "4 sao")
	b.choose("Nhóm sản phẩm", 0, "Mật ong")
	b.choose("Chủ thể", 0, "Hợp tác xã")
	b.top()
	b.shot("cms-new-product")
	b.typeInto("Số quyết định", 0, "1234/QĐ-UBND")
	b.date("Ngày ký", 0, "2025-09-21")
	b.typeInto("Tiếng Việt", 4, "UBND tỉnh Tuyên Quang")
	b.click("button", "Thêm ảnh")
	b.click("button", "Chọn một hình")
	b.wait("the media library", `document.querySelector("input[type=file]")`)
	b.step("uploading the photo", chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{photo}))
	// The upload shows among the district's photos, chosen.
	b.wait("the uploaded photo", textShows("p", "mat-ong-lung-cu.jpg"))
	b.wait("the photo chosen", `[...document.querySelectorAll("button")].some(e => e.textContent.trim() === "Lấy những cái đã chọn" && !e.disabled)`)
	b.shot("cms-photo")
	b.click("button", "Lấy những cái đã chọn")
	b.wait("the media library to close", `!`+textShows("button", "Lấy những cái đã chọn"))
	b.typeInto("Tiếng Việt", 5, "Hũ mật ong trên bàn gỗ")
	b.click("button", "Thêm thông số")
	b.choose("Thông số", 1, "Khối lượng tịnh")
	b.typeInto("Giá trị", 0, "500 g")
	b.typeInto("Giá thấp nhất", 0, "350000")
	b.typeInto("Nhãn", 0, "gift,organic")
	b.publish()

	const created = "content/products/dong-van/mat-ong-bac-ha-lung-cu.yaml"
	text := waitFile(t, b, dir, created)
	b.wait("the saved entry", `!location.hash.endsWith("/new")`)
	b.top()
	b.shot("cms-saved")
	t.Logf("%s:\n%s", created, text)
	for _, want := range []string{"vi: Mật ong bạc hà Lũng Cú", "stars: 4", "group: food/honey", "issued: 2025-09-21",
		"mat-ong-lung-cu.jpg", "net_weight: 500 g", "min: 350000"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q", created, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/products/dong-van/mat-ong-lung-cu.jpg")); err != nil {
		t.Errorf("the photo is not beside the record: %v", err)
	}
	res := srv.Rebuild(nil)
	for _, d := range res.Diagnostics {
		if strings.HasPrefix(d.Pos.File, created) {
			t.Errorf("ocop check: %s", d)
		}
	}
	if errorsOnly(res.Diagnostics) != nil {
		t.Fatalf("the site has errors after the save: %v", res.Diagnostics)
	}
	page := fetchPage(t, base+"vi/products/mat-ong-bac-ha-lung-cu/")
	for _, want := range []string{"Mật ong bạc hà Lũng Cú", "Mật <strong>thơm</strong> mùi bạc hà", "<li>hoa bạc hà"} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview of the new product lacks %q", want)
		}
	}

	// One English sentence of an existing product.
	const edited = "content/products/dong-van/banh-tam-giac-mach-dong-van.yaml"
	before, err := os.ReadFile(filepath.Join(dir, edited))
	if err != nil {
		t.Fatal(err)
	}
	// Back to the district's products, and into one of them (as an
	// editor does: Decap keeps the form of one entry when the address
	// alone changes to another's).
	b.open("products-dong-van")
	b.wait("the list of products", `[...document.querySelectorAll("a")].some(e => e.textContent.includes("Bánh tam giác mạch Đồng Văn"))`)
	b.press("the product", `[...document.querySelectorAll("a")].find(e => e.textContent.includes("Bánh tam giác mạch Đồng Văn"))`)
	b.wait("the product", `[...document.querySelectorAll("input")].some(e => e.value === "Dong Van Buckwheat Cakes")`)
	b.typeInto("English", 1, "Cakes of stone-ground buckwheat, steamed then toasted.")
	b.shot("cms-edit")
	b.publish()
	deadline := time.Now().Add(60 * time.Second)
	var after []byte
	for {
		after, _ = os.ReadFile(filepath.Join(dir, edited))
		if string(after) != string(before) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("the file has %d lines after the save, %d before:\n%s", len(al), len(bl), after)
	}
	changed := 0
	for i := range bl {
		if bl[i] != al[i] {
			changed++
			if al[i] != "  en: Cakes of stone-ground buckwheat, steamed then toasted." {
				t.Errorf("line %d changed:\n-%s\n+%s", i+1, bl[i], al[i])
			}
		}
	}
	if changed != 1 {
		t.Errorf("%d lines changed, want the summary's English line", changed)
	}
	if _, diags := load.CheckRecord(mustConfig(t, dir), edited, after); errorsOnly(diags) != nil {
		t.Errorf("ocop check: %v", diags)
	}

	// A story: a file per language, the Vietnamese one and its English
	// translation side by side. Changing the English title changes that
	// line of the English file, and no other file.
	stories := map[string][]byte{}
	for _, l := range []string{"vi", "en", "zh"} {
		p := "content/stories/mua-che-xuan-phin-ho." + l + ".md"
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		stories[p] = data
	}
	b.open("products-dong-van")
	b.open("stories")
	b.wait("the stories", `[...document.querySelectorAll("a")].some(e => e.textContent.includes("Mùa chè xuân"))`)
	b.press("the story", `[...document.querySelectorAll("a")].find(e => e.textContent.includes("Mùa chè xuân"))`)
	b.wait("the story", `[...document.querySelectorAll("input")].some(e => e.value === "Mùa chè xuân trên những cây Shan tuyết cổ thụ Phìn Hồ")`)
	b.wait("the English version", `[...document.querySelectorAll("input")].some(e => e.value === "Spring harvest among the ancient Shan Tuyet trees of Phin Ho")`)
	b.top()
	if msg := b.eval(`(() => {
		const el = [...document.querySelectorAll("input")].find(e => e.value === "Spring harvest among the ancient Shan Tuyet trees of Phin Ho");
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, "Spring harvest among the old Shan Tuyet trees of Phin Ho");
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return "";
	})()`); msg != "" {
		t.Fatal(msg)
	}
	b.publish()
	const en = "content/stories/mua-che-xuan-phin-ho.en.md"
	deadline = time.Now().Add(60 * time.Second)
	for {
		after, _ = os.ReadFile(filepath.Join(dir, en))
		if string(after) != string(stories[en]) || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.wait("the story saved", textShows("div", "Thay đổi đã được lưu"))
	for p, before := range stories {
		now, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		want := string(before)
		if p == en {
			want = strings.Replace(want, "title: Spring harvest among the ancient", "title: Spring harvest among the old", 1)
		}
		if string(now) != want {
			t.Errorf("%s once saved:\n%s\nwant:\n%s", p, now, want)
		}
	}
}

func mustConfig(t *testing.T, dir string) *load.Config {
	t.Helper()
	cfg, diags := load.ReadConfig(os.DirFS(dir))
	if cfg == nil {
		t.Fatal(diags)
	}
	return cfg
}

func fetchPage(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	return sb.String()
}
