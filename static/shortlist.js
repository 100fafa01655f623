// The shortlist: the "Add to shortlist" buttons on products, the count in
// the menu, the shortlist page (a mini-catalogue, booth labels, a CSV
// download and a link to share) and the print buttons of print editions.
//
// The list is kept in this browser's localStorage, as product slugs and,
// for each, what its button carries in each language it was seen in
// (data-pick: see internal/render/trade.go): the page shows, prints and
// exports the list without the network. A product page's button carries
// the whole record; a card's carries nothing (cards are many, and the
// record is the same on the product's page): its card's link gives the
// product's address and slug, and a product picked from a card has its
// record read from its page at once, in the background. A shared link (…/shortlist/#p=a,b) carries slugs
// only; what is missing is read from the products' pages too.
// Without JavaScript none of this appears: the buttons are hidden.
(function () {
  "use strict";
  var KEY = "ocop-shortlist";
  var SLUG = /^[a-z0-9][a-z0-9-]{0,199}$/;
  var MAX = 500;

  function read() {
    var st;
    try { st = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { st = null; }
    if (!st || !Array.isArray(st.slugs) || typeof st.items !== "object" || !st.items) {
      st = { slugs: [], items: {} };
    }
    st.slugs = st.slugs.filter(function (s) { return typeof s === "string" && SLUG.test(s); }).slice(0, MAX);
    return st;
  }

  function write(st) {
    // Keep only the items of listed products.
    var items = {};
    st.slugs.forEach(function (s) { if (st.items[s]) items[s] = st.items[s]; });
    st.items = items;
    try { localStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* full or off: the page still works */ }
    refresh();
  }

  // named says whether r names a product: its slug and its page's
  // address, all a card's button carries.
  function named(r) {
    return r && typeof r === "object" && typeof r.s === "string" && SLUG.test(r.s) &&
      typeof r.u === "string" && r.u.charAt(0) === "/";
  }

  // valid says whether r is a product's whole record.
  function valid(r) {
    return named(r) && typeof r.n === "string";
  }

  // pageRecord reads the whole record of the product whose page is at
  // url from the page's own button (null if it cannot).
  function pageRecord(url) {
    if (!window.fetch) return Promise.resolve(null);
    return fetch(url, { credentials: "same-origin" }).then(function (res) {
      if (!res.ok) return { missing: res.status === 404 };
      return res.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var b = doc.querySelector("button.pick[data-pick]");
        var r = b ? parse(b.getAttribute("data-pick")) : null;
        return valid(r) ? r : null;
      });
    }).catch(function () { return null; });
  }

  // remember stores a product's record in its language.
  function remember(st, lang, r) {
    var byLang = st.items[r.s];
    if (!byLang || typeof byLang !== "object") byLang = st.items[r.s] = {};
    byLang[lang] = r;
  }

  // record is a product's record in lang, else in any language known.
  function record(st, lang, slug) {
    var byLang = st.items[slug];
    if (!byLang) return null;
    if (valid(byLang[lang])) return byLang[lang];
    for (var l in byLang) if (valid(byLang[l])) return byLang[l];
    return null;
  }

  var pageLang = document.documentElement.lang;

  // The buttons on cards and product pages.
  function refresh() {
    var st = read();
    document.querySelectorAll("button.pick").forEach(function (b) {
      var r = pickOf(b);
      if (!r) return;
      b.hidden = false;
      b.setAttribute("aria-pressed", st.slugs.indexOf(r.s) >= 0 ? "true" : "false");
    });
    document.querySelectorAll(".print-tools button[data-print]").forEach(function (b) { b.hidden = false; });
    document.querySelectorAll(".shortlist-item").forEach(function (li) { li.hidden = false; });
    document.querySelectorAll(".shortlist-link").forEach(function (a) {
      var n = a.querySelector(".shortlist-count");
      if (n) n.textContent = st.slugs.length ? "(" + st.slugs.length + ")" : "";
    });
  }

  function parse(json) {
    try { var r = JSON.parse(json); return named(r) ? r : null; } catch (e) { return null; }
  }

  var PAGE = /\/products\/([a-z0-9][a-z0-9-]{0,199})\/$/;

  // pickOf is what button b names: its data-pick (a product page's
  // whole record), else the slug and address of its card's link (null if
  // neither).
  function pickOf(b) {
    if (b.hasAttribute("data-pick")) return parse(b.getAttribute("data-pick"));
    var card = b.closest("li");
    var a = card && card.querySelector("a[href]");
    var u = a && a.getAttribute("href");
    var m = u && PAGE.exec(u);
    return m && u.charAt(0) === "/" ? { s: m[1], u: u } : null;
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("button.pick");
    if (b) {
      var r = pickOf(b);
      if (!r) return;
      var st = read();
      var i = st.slugs.indexOf(r.s);
      if (i >= 0) {
        st.slugs.splice(i, 1);
      } else if (st.slugs.length < MAX) {
        st.slugs.push(r.s);
        if (valid(r)) {
          remember(st, pageLang, r);
        } else {
          // A card's button: the record is on the product's page.
          pageRecord(r.u).then(function (full) {
            if (!full || full.s !== r.s) return;
            var now = read();
            if (now.slugs.indexOf(r.s) < 0) return;
            remember(now, pageLang, full);
            write(now);
          });
        }
      }
      write(st);
      return;
    }
    var p = ev.target.closest && ev.target.closest("[data-print]");
    if (p && !document.getElementById("shortlist")) window.print();
  });

  // Another tab changed the list.
  window.addEventListener("storage", function (ev) {
    if (ev.key === KEY) { refresh(); if (page) page.show(); }
  });

  var page = null;
  var root = document.getElementById("shortlist");
  if (root) page = shortlistPage(root);
  refresh();

  function shortlistPage(root) {
    var d = root.dataset;
    var lang = d.lang;
    var $ = function (sel) { return root.querySelector(sel); };
    var status = $(".shortlist-status");
    var shared = null; // the slugs of a shared link, while it is shown
    var missing = 0;
    root.hidden = false;

    function fill(s, n) { return s.replace("{n}", String(n)); }

    function hashSlugs() {
      var m = /^#p=([a-z0-9,-]*)$/.exec(location.hash);
      if (!m) return null;
      var seen = {};
      return m[1].split(",").filter(function (s) {
        if (!SLUG.test(s) || seen[s]) return false;
        seen[s] = true;
        return true;
      }).slice(0, MAX);
    }

    // fetchRecords reads the records of slugs this browser does not know
    // in this language from the products' pages, then calls done.
    function fetchRecords(slugs, done) {
      var st = read();
      var need = slugs.filter(function (s) {
        var byLang = st.items[s];
        return !(byLang && valid(byLang[lang]));
      });
      if (!need.length || !window.fetch) { done(); return; }
      missing = 0;
      Promise.all(need.map(function (s) {
        return pageRecord(d.products + s + "/").then(function (r) {
          if (r && r.missing) { missing++; return null; }
          return r;
        });
      })).then(function (records) {
        var st = read();
        records.forEach(function (r) { if (valid(r)) remember(st, lang, r); });
        // Records are kept even for a shared list not (yet) kept: they
        // are dropped at the next write unless the slugs are listed.
        try { localStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* ignore */ }
        done();
      });
    }

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    }

    // stars is the badge of a star level, as the pages write it: its
    // words; the style sheet draws the stars.
    function stars(n) {
      return el("span", "stars s" + n, fill(d.stars, n));
    }

    function qr(r) {
      var img = el("img", "sl-qr");
      // One code per product (qr/<slug>.svg at the site's root); a list
      // kept before the codes moved has no r.q: the same address, made
      // from the page's (<base><lang>/products/<slug>/).
      img.src = r.q || r.u.replace(/[^/]+\/products\/([^/]+)\/$/, "qr/$1.svg");
      img.alt = d.qr;
      img.width = img.height = 96;
      return img;
    }

    function item(r, removable) {
      var li = el("li", "sl-item");
      if (r.i) {
        var img = el("img", "sl-photo");
        img.src = r.i;
        img.alt = "";
        img.loading = "lazy";
        li.appendChild(img);
      }
      var body = el("div", "sl-body");
      var h = el("h2");
      var a = el("a", null, r.n);
      a.href = r.u;
      h.appendChild(a);
      body.appendChild(h);
      var meta = el("p", "sl-meta");
      meta.appendChild(stars(r.st));
      meta.appendChild(document.createTextNode(" · " + r.d + " · " + r.g));
      body.appendChild(meta);
      var who = el("p", "sl-producer", r.p);
      if (r.ph) {
        who.appendChild(document.createTextNode(" · "));
        var tel = el("a", null, "☎ " + r.ph);
        tel.href = r.t || "tel:" + r.ph.replace(/[^0-9+]/g, "");
        who.appendChild(tel);
      }
      body.appendChild(who);
      body.appendChild(el("p", "sl-cert", d.certificate + ": " + r.c + " · " + d.expires + " " + (r.ed || r.e)));
      if (removable) {
        var rm = el("button", "button alt sl-remove", d.remove + " ");
        rm.type = "button";
        rm.appendChild(el("span", "vh", r.n));
        rm.setAttribute("data-remove", r.s);
        body.appendChild(rm);
      }
      li.appendChild(body);
      li.appendChild(qr(r));
      return li;
    }

    function label(r) {
      var li = el("li", "label");
      li.appendChild(el("p", "label-name", r.n));
      var s = el("p", "label-stars");
      s.appendChild(stars(r.st));
      li.appendChild(s);
      li.appendChild(el("p", "label-producer", r.p));
      if (r.ph) li.appendChild(el("p", "label-phone", "☎ " + r.ph));
      li.appendChild(el("p", "label-district", r.d));
      var img = qr(r);
      img.className = "label-qr";
      img.width = img.height = 120;
      li.appendChild(img);
      return li;
    }

    // show draws the list: the shared one while a shared link is open,
    // else the browser's own.
    function show() {
      var st = read();
      var slugs = shared || st.slugs;
      var records = slugs.map(function (s) { return record(st, lang, s); }).filter(Boolean);
      var list = $(".shortlist-items"), labels = $(".shortlist-labels");
      list.textContent = "";
      labels.textContent = "";
      records.forEach(function (r) {
        list.appendChild(item(r, !shared));
        labels.appendChild(label(r));
      });
      $(".shortlist-empty").hidden = records.length > 0;
      $(".shortlist-tools").hidden = records.length === 0;
      var sharing = shared && shared.join(",") !== st.slugs.join(",");
      $(".shortlist-shared").hidden = !sharing;
      var msg = sharing ? fill(d.shared, records.length) : (records.length ? fill(d.count, records.length) : "");
      if (missing) msg += " " + fill(d.missing, missing);
      status.textContent = msg;
      $("#share-link").value = location.origin + location.pathname + "#p=" + records.map(function (r) { return r.s; }).join(",");
      current = records;
    }
    var current = [];

    function csv() {
      var cols = d.columns.split("|");
      var rows = [cols].concat(current.map(function (r) {
        return [r.n, String(r.st), r.d, r.g, r.p, r.ph || "", r.c, r.e, new URL(r.u, location.href).href];
      }));
      return "\ufeff" + rows.map(function (row) {
        return row.map(function (v, i) {
          // A cell a spreadsheet would run as a formula is kept as text.
          if (i !== 1 && /^[=+\-@\t\r]/.test(v)) v = "'" + v;
          return '"' + v.replace(/"/g, '""') + '"';
        }).join(",");
      }).join("\r\n") + "\r\n";
    }

    root.addEventListener("click", function (ev) {
      var t = ev.target.closest("button");
      if (!t) return;
      var st = read();
      if (t.hasAttribute("data-remove")) {
        var i = st.slugs.indexOf(t.getAttribute("data-remove"));
        if (i >= 0) st.slugs.splice(i, 1);
        write(st);
        show();
        var next = root.querySelector(".sl-remove") || $(".shortlist-empty");
        if (next.tagName !== "BUTTON") next.setAttribute("tabindex", "-1");
        next.focus();
      } else if (t.hasAttribute("data-keep")) {
        shared.forEach(function (s) { if (st.slugs.indexOf(s) < 0 && st.slugs.length < MAX) st.slugs.push(s); });
        write(st);
        shared = null;
        history.replaceState(null, "", location.pathname);
        show();
        status.textContent = d.kept + " " + status.textContent;
      } else if (t.hasAttribute("data-print")) {
        document.documentElement.setAttribute("data-print", t.getAttribute("data-print"));
        window.print();
      } else if (t.hasAttribute("data-csv")) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
        a.download = "shortlist-" + lang + ".csv";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      } else if (t.hasAttribute("data-clear")) {
        st.slugs = [];
        write(st);
        show();
      } else if (t.hasAttribute("data-copy")) {
        var input = $("#share-link");
        var done = function () { status.textContent = d.copied; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
        } else {
          input.select();
          try { if (document.execCommand("copy")) done(); } catch (e) { /* the link stays selected */ }
        }
      }
    });
    window.addEventListener("afterprint", function () {
      document.documentElement.removeAttribute("data-print");
    });

    function open() {
      shared = hashSlugs();
      var st = read();
      if (shared && !st.slugs.length && shared.length) {
        // Nothing kept here yet: the shared list becomes this browser's.
        fetchRecords(shared, function () {
          var kept = read();
          kept.slugs = shared.slice();
          write(kept);
          shared = null;
          show();
        });
        return;
      }
      show();
      fetchRecords(shared || st.slugs, show);
    }
    window.addEventListener("hashchange", open);
    open();
    return { show: show };
  }
})();
