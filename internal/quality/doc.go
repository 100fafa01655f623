// Package quality holds the tests that prove the built sample site is
// good, with the tools the web's standards bodies and browsers provide: the
// Nu HTML Checker for valid HTML and CSS, axe-core in headless Chromium for
// accessibility, a crawl for broken links and hreflang, the sitemap and
// feed formats, pages that work without JavaScript and do not overflow a
// phone's screen, and a weight budget with no third-party resources.
//
// The tools come from npm (vnu-jar, axe-core: `npm ci` in the repository)
// and Debian (chromium); Java runs the checker. A test that needs a missing
// tool skips, saying what to install, and fails instead when the
// environment variable CI is set.
//
// Screenshots of the main pages at phone and desktop widths:
//
//	OCOP_SCREENSHOTS=/tmp/shots go test ./internal/quality -run TestScreenshots
package quality
