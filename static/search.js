/*
 * search.js — instant search of the OCOP catalogue, without a server.
 *
 * `ocop build` writes, per language, a search index of static JSON files
 * (package internal/search; its documentation is the full description of
 * the format). This script reads the files a query needs, ranks, filters
 * and counts in the browser, and renders the results. Plain ES2019, no
 * dependencies, no build step; it also runs under Node for the tests
 * (module.exports), where it touches no DOM.
 *
 * THE PAGE
 *
 *   <form id="search" role="search" data-index="/vi/search/"
 *         data-msg-results="{n} kết quả" data-msg-result-one="{n} kết quả"
 *         data-msg-none="Không tìm thấy “{q}”" data-msg-error="Không tải được dữ liệu tìm kiếm."
 *         data-msg-more="Xem thêm" data-msg-stars="{n} sao" data-msg-count="{n}">
 *     <input type="search" name="q" autocomplete="off">
 *     <fieldset><legend>Huyện</legend>
 *       <label><input type="checkbox" name="district" value="3"> Đồng Văn <span data-count></span></label> …
 *     </fieldset>
 *     <fieldset><legend>Hạng sao</legend>
 *       <label><input type="radio" name="stars" value="" checked> Tất cả <span data-count></span></label>
 *       <label><input type="radio" name="stars" value="5"> 5 sao <span data-count></span></label> …
 *     </fieldset>
 *     <fieldset><legend>Nhóm</legend>
 *       <label><input type="checkbox" name="group" value="0"> Thực phẩm <span data-count></span></label> …
 *     </fieldset>
 *   </form>
 *   <p id="search-status" aria-live="polite"></p>
 *   <ul id="search-results"></ul>
 *   <button type="button" id="search-more" hidden>Xem thêm</button>   (optional: made when absent)
 *   <template id="search-card">
 *     <li class="card"><a data-field="url"><img data-field="image" alt="">
 *       <span data-field="title"></span></a>
 *       <span data-field="stars"></span> <span data-field="subtitle"></span></li>
 *   </template>
 *   <template id="search-story">…</template>      (optional: stories' cards; search-card otherwise)
 *   <script src="/assets/search.….js" defer></script>
 *
 * - data-index: the language's search folder, ending in "/".
 * - Facet inputs are checkboxes or radios named district, group (value: the
 *   facet's index, as in the manifest) and stars (3, 4, 5). Within a facet
 *   the selected values are alternatives (OR); facets combine with AND. A
 *   value "" (a radio "all") selects nothing. A facet's count goes into the
 *   [data-count] element inside the input's <label>, formatted with
 *   data-msg-count ("{n}" by default); the label gets data-zero when the
 *   count is 0 (for styling; the input stays usable). The count of a value
 *   is how many results choosing it would give with the other facets as
 *   they are; for "" it is the results with the facet cleared.
 * - Cards: the <template> is cloned for each result; its root element
 *   gets data-kind="product" or "story"; inside it (the root included),
 *   an element's data-field says what it shows:
 *     url       sets href (the page of the product or story)
 *     title     text: the product's name or the story's title
 *     subtitle  text: "Đồng Văn · Mật ong", a story's date…
 *     image     sets src, width, height and loading="lazy"; removed when there is no image
 *     stars     text from data-msg-stars ("{n}★" by default), data-stars="n"; removed for none
 *     district  text: the district's label; removed for none
 *   Text is set with textContent and attributes, never as HTML.
 * - #search-status gets "{n} results" (data-msg-results; data-msg-result-one
 *   when n is 1; data-msg-none for none, with {q}); numbers are formatted
 *   for <html lang>. It is empty while there is neither query nor filter.
 * - The top 50 results show; "show more" (#search-more, or a button made
 *   after the list, labelled data-msg-more) adds 50 and moves the focus to
 *   the first new result's link.
 * - On a page whose <html lang> is zh, ja or ko, text still being composed
 *   by an input method (pinyin) is not searched until it is committed.
 *
 * The address carries the state: ?q=mật+ong&district=3&stars=5&group=1
 * (repeated names for several values). It is read on load and on Back /
 * Forward. Each keystroke searches at once; typing replaces the history
 * entry once it pauses (300 ms), changing a filter adds one, so Back
 * undoes a filter. With no
 * query, the filters list every product that passes them (best rated
 * first).
 *
 * THE FILES (under data-index; compact JSON)
 *
 *   manifest.json  {"v":1, "lang", "hash", "n": documents, "chunk": documents per card file,
 *                   "facets": {"district": {"name", "labels"}, "group": {…}},
 *                   "docs": [[count, kind 0|1, district|-1, stars|0, [groups]], …]  (facet table, run-length),
 *                   "keys": ["", "an", "ba", …]}  (shard i holds the folded tokens from keys[i] to keys[i+1])
 *   t/<i>.json     [[folded, exact|"", titleDocs, otherDocs, exact, …], …]  (sorted tokens)
 *   u/<prefix>.json  [titleEq, titleLonger, otherEq, otherLonger]  (every token starting with prefix;
 *                  for prefixes spanning more than 2 shards; prefix a–z 0–9 as is, else "_<hex>_")
 *   d/<c>.json     [[url, title, subtitle, image, width, height], …]  (documents c·chunk …)
 *
 * Documents are numbered products first, most stars first. A document
 * list is a string of the gaps between ascending numbers (the first from
 * -1), minus one, each written in 5-bit groups, least significant first:
 * the group's value v is the character at v in A–Z a–z 0–9 - _, or at
 * v + 32 when more groups follow. The manifest is revalidated (no-cache);
 * the other files are fetched with ?v=<hash>.
 *
 * THE QUERY (the same in Go, internal/search: Terms, Index.Search)
 *
 * Tokens: text is normalised (NFD, each code point lower-cased, NFC), then
 * cut into runs of letters (and the marks after them), runs of digits (so
 * "500ml" is "500" and "ml"), and single Chinese characters, each followed
 * by the pair it makes with the next one if that is a Chinese character
 * too; anything else separates. A token keeps its first 40 code points;
 * its folded form drops every combining mark (after NFD), maps đ to d and
 * full-width ASCII to ASCII, and in English takes the plural off
 * ("berries" → "berry", "teas" → "tea").
 *
 * Every word of the query must match (any order); Chinese characters must
 * each match, and pairs of them add to the score. The last word, when the
 * query does not end with a space or punctuation, is still being typed:
 * it matches every token it begins ("mat o" finds "mật ong"). A word
 * matches on the folded form, so "dong van" finds "Đồng Văn"; a word typed
 * with marks scores more where the text is written the same way. Points
 * per word and document (the best of its matches): 40 in the title, 4 in
 * other fields; +20 / +2 when the accents agree (not for a short last
 * word answered by a union file); −10 / −1 when the last word matched a
 * longer token. A pair of Chinese characters adds 40 in the
 * title, 4 elsewhere. Results are sorted by points, then by the order of
 * the index (products first, most stars first).
 */
(function () {
  'use strict';

  var MAX_TOKEN = 40;
  var MAX_TERMS = 10;
  var MAX_PREFIX_SHARDS = 2;
  var SHOWN = 50;
  var VERSION = 1;
  var P_TITLE = 40, P_FIELD = 4, P_ACCENT_TITLE = 20, P_ACCENT_FIELD = 2, P_LONGER_TITLE = 10, P_LONGER_FIELD = 1;

  // ---- Tokens ---------------------------------------------------------

  var OTHER = 0, LETTER = 1, NUMBER = 2, MARK = 3, HAN = 4;
  var RE_HAN = /^\p{Script=Han}$/u, RE_L = /^\p{L}$/u, RE_N = /^\p{N}$/u, RE_M = /^\p{M}$/u;
  var RE_ASCII = /^[\x00-\x7f]*$/;

  function classOf(ch) {
    var c = ch.codePointAt(0);
    if (c < 128) {
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return LETTER;
      if (c >= 48 && c <= 57) return NUMBER;
      return OTHER;
    }
    if (RE_HAN.test(ch)) return HAN;
    if (RE_L.test(ch)) return LETTER;
    if (RE_N.test(ch)) return NUMBER;
    if (RE_M.test(ch)) return MARK;
    return OTHER;
  }

  // normalize: NFD, each code point lower-cased (simple mapping), NFC.
  function normalize(s) {
    s = String(s);
    if (RE_ASCII.test(s)) return s.toLowerCase();
    var out = '';
    for (var ch of s.normalize('NFD')) {
      var l = ch.toLowerCase();
      if (l.length > ch.length) l = String.fromCodePoint(l.codePointAt(0));
      out += l;
    }
    return out.normalize('NFC');
  }

  // fold: a normalised string without combining marks, đ → d, full-width
  // ASCII letters and digits → ASCII.
  function fold(s) {
    if (RE_ASCII.test(s)) return s;
    var out = '';
    for (var ch of s.normalize('NFD')) {
      var c = ch.codePointAt(0);
      if (c >= 128 && RE_M.test(ch)) continue;
      if (c === 0x111 || c === 0x110) out += 'd';
      else if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(48 + c - 0xff10);
      else if (c >= 0xff21 && c <= 0xff3a) out += String.fromCharCode(97 + c - 0xff21);
      else if (c >= 0xff41 && c <= 0xff5a) out += String.fromCharCode(97 + c - 0xff41);
      else out += ch;
    }
    return out.normalize('NFC');
  }

  function stems(lang) {
    return lang === 'en' || lang.indexOf('en-') === 0;
  }

  function ends(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  // stem: the English plural rules of the index.
  function stem(w) {
    var n = w.length;
    if (n < 4 || !/^[a-z]+$/.test(w)) return w;
    if (n > 4 && ends(w, 'ies')) return w.slice(0, n - 3) + 'y';
    if (ends(w, 'sses')) return w.slice(0, n - 2);
    if (n > 4 && (ends(w, 'ches') || ends(w, 'shes') || ends(w, 'xes') || ends(w, 'zzes'))) return w.slice(0, n - 2);
    if (w[n - 1] === 's' && !ends(w, 'ss') && !ends(w, 'us') && !ends(w, 'is')) return w.slice(0, n - 1);
    return w;
  }

  // tokens returns [{folded, exact}] of s in lang, in order.
  function tokens(lang, s) {
    var rs = Array.from(normalize(s));
    var en = stems(lang);
    var out = [];
    function emit(a) {
      if (a.length > MAX_TOKEN) a = a.slice(0, MAX_TOKEN);
      var e = a.join('');
      var f = fold(e);
      if (en) f = stem(f);
      if (f !== '') out.push({ folded: f, exact: e });
    }
    var cls = rs.map(classOf);
    for (var i = 0; i < rs.length;) {
      var c = cls[i];
      if (c === HAN) {
        emit(rs.slice(i, i + 1));
        if (i + 1 < rs.length && cls[i + 1] === HAN) emit(rs.slice(i, i + 2));
        i++;
      } else if (c === LETTER || c === NUMBER) {
        var j = i + 1;
        while (j < rs.length && (cls[j] === c || cls[j] === MARK)) j++;
        emit(rs.slice(i, j));
        i = j;
      } else {
        i++;
      }
    }
    return out;
  }

  function isPair(f) {
    var a = Array.from(f);
    return a.length > 1 && classOf(a[0]) === HAN;
  }

  // terms: the words a query must match and the Chinese pairs that add.
  function terms(lang, q) {
    var toks = tokens(lang, q);
    var last = -1;
    toks.forEach(function (t, i) { if (!isPair(t.folded)) last = i; });
    var n = Array.from(normalize(q));
    var lc = n.length ? classOf(n[n.length - 1]) : OTHER;
    var open = lc === LETTER || lc === NUMBER || lc === MARK;
    var required = [], pairs = [], seen = new Set();
    toks.forEach(function (t, i) {
      if (isPair(t.folded)) {
        if (!seen.has('p' + t.folded) && pairs.length < MAX_TERMS) {
          seen.add('p' + t.folded);
          pairs.push(t.folded);
        }
        return;
      }
      var term = {
        folded: t.folded,
        exact: t.exact,
        accent: fold(t.exact) !== t.exact,
        prefix: i === last && open && classOf(Array.from(t.folded)[0]) !== HAN
      };
      var k = JSON.stringify([term.folded, term.exact, term.prefix]);
      if (!seen.has(k) && required.length < MAX_TERMS) {
        seen.add(k);
        required.push(term);
      }
    });
    return { required: required, pairs: pairs };
  }

  // ---- Index files ----------------------------------------------------

  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var DIGIT = {};
  for (var di = 0; di < DIGITS.length; di++) DIGIT[DIGITS.charCodeAt(di)] = di;

  // decodeList: a posting list string → ascending document numbers.
  function decodeList(s) {
    var out = [];
    var prev = -1, v = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d === undefined) throw new Error('search: bad posting list');
      if (d >= 32) {
        v += (d - 32) * Math.pow(2, shift);
        shift += 5;
        continue;
      }
      v += d * Math.pow(2, shift);
      prev += v + 1;
      out.push(prev);
      v = 0;
      shift = 0;
    }
    return out;
  }

  // cmp compares strings by code points, as Go compares UTF-8 bytes.
  function cmp(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    if (i < a.length) return 1;
    return j < b.length ? -1 : 0;
  }

  function startsWith(s, p) {
    return s.length >= p.length && s.slice(0, p.length) === p;
  }

  // spanOf: the shards i..j holding the tokens that start with p.
  function spanOf(keys, p) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var m = (lo + hi) >> 1;
      if (cmp(keys[m], p) > 0) hi = m; else lo = m + 1;
    }
    var i = lo - 1, j = i;
    while (j + 1 < keys.length && startsWith(keys[j + 1], p)) j++;
    return [i, j];
  }

  // keyFile: a prefix's file name ("茶" → "_8336_").
  function keyFile(k) {
    var out = '';
    for (var ch of k) {
      var c = ch.codePointAt(0);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += ch;
      else out += '_' + c.toString(16) + '_';
    }
    return out;
  }

  // Engine searches one index; load(path) returns a promise of the parsed
  // JSON file at path (relative to the index's folder).
  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.manifest = null;
  }

  Engine.prototype.get = function (path) {
    var p = this.files.get(path);
    if (!p) {
      p = Promise.resolve(this.load(path, this.manifest && this.manifest.hash));
      this.files.set(path, p);
      var files = this.files;
      p.catch(function () { files.delete(path); });
    }
    return p;
  };

  Engine.prototype.open = function () {
    var self = this;
    if (!this.opening) {
      this.opening = this.get('manifest.json').then(function (m) {
        if (m.v !== VERSION) throw new Error('search: index version ' + m.v);
        var n = m.n, kind = new Int8Array(n), district = new Int16Array(n), stars = new Int8Array(n), groups = new Array(n);
        var d = 0;
        m.docs.forEach(function (r) {
          for (var k = 0; k < r[0]; k++, d++) {
            kind[d] = r[1];
            district[d] = r[2];
            stars[d] = r[3];
            groups[d] = r[4];
          }
        });
        if (d !== n) throw new Error('search: bad manifest');
        m.kind = kind;
        m.district = district;
        m.stars = stars;
        m.groups = groups;
        self.manifest = m;
        return m;
      });
      this.opening.catch(function () { self.opening = null; });
    }
    return this.opening;
  };

  // plan: what term t reads: a union file, or shards lo..hi.
  Engine.prototype.plan = function (t) {
    var keys = this.manifest.keys;
    if (!keys.length) return { shards: [] };
    var s = spanOf(keys, t.folded), lo = s[0], hi = s[1];
    if (!t.prefix) hi = lo;
    else if (hi - lo + 1 > MAX_PREFIX_SHARDS) return { union: 'u/' + keyFile(t.folded) + '.json' };
    var shards = [];
    for (var i = lo; i <= hi; i++) shards.push('t/' + i + '.json');
    return { shards: shards };
  };

  function list(a, k) {
    if (typeof a[k] === 'string') a[k] = decodeList(a[k]);
    return a[k];
  }

  // score sets ts[d] to the points of document d for term t.
  function score(loaded, t, plan, ts) {
    function put(docs, p) {
      for (var i = 0; i < docs.length; i++) if (ts[docs[i]] < p) ts[docs[i]] = p;
    }
    if (plan.union) {
      var u = loaded.get(plan.union);
      var pts = [P_TITLE, P_TITLE - P_LONGER_TITLE, P_FIELD, P_FIELD - P_LONGER_FIELD];
      for (var c = 0; c < 4; c++) put(list(u, c), pts[c]);
      return;
    }
    plan.shards.forEach(function (path) {
      loaded.get(path).forEach(function (e) {
        var folded = e[0], longer = false;
        if (t.prefix) {
          if (!startsWith(folded, t.folded)) return;
          longer = folded !== t.folded;
        } else if (folded !== t.folded) return;
        for (var v = 1; v < e.length; v += 3) {
          var exact = e[v] === '' ? folded : e[v];
          var title = P_TITLE, field = P_FIELD;
          if (t.accent && (exact === t.exact || (t.prefix && startsWith(exact, t.exact)))) {
            title += P_ACCENT_TITLE;
            field += P_ACCENT_FIELD;
          }
          if (longer) {
            title -= P_LONGER_TITLE;
            field -= P_LONGER_FIELD;
          }
          put(list(e, v + 1), title);
          put(list(e, v + 2), field);
        }
      });
    });
  }

  // search runs query q with filter f ({district: [], stars: [], group: []})
  // and resolves to {docs, scores, counts}; an empty query matches every
  // product.
  Engine.prototype.search = function (q, f) {
    var self = this;
    f = f || {};
    return this.open().then(function (m) {
      var tq = terms(m.lang, q);
      var plans = tq.required.map(function (t) { return self.plan(t); });
      var pairPlans = tq.pairs.map(function (p) { return self.plan({ folded: p, exact: p }); });
      var paths = [];
      plans.concat(pairPlans).forEach(function (p) {
        if (p.union) paths.push(p.union); else paths.push.apply(paths, p.shards);
      });
      return Promise.all(paths.map(function (p) { return self.get(p); })).then(function (data) {
        var loaded = new Map();
        paths.forEach(function (p, i) { loaded.set(p, data[i]); });
        return rank(m, loaded, tq, plans, pairPlans, f);
      });
    });
  };

  function rank(m, loaded, tq, plans, pairPlans, f) {
    var n = m.n, d;
    var points = new Int32Array(n), matched = new Uint8Array(n);
    if (!tq.required.length) {
      for (d = 0; d < n; d++) matched[d] = m.kind[d] === 0 ? 1 : 0;
    } else {
      var count = new Int32Array(n), ts = new Int32Array(n);
      for (var t = 0; t < tq.required.length; t++) {
        ts.fill(0);
        score(loaded, tq.required[t], plans[t], ts);
        for (d = 0; d < n; d++) {
          if (ts[d] > 0) {
            count[d]++;
            points[d] += ts[d];
          }
        }
      }
      for (d = 0; d < n; d++) matched[d] = count[d] === tq.required.length ? 1 : 0;
      for (var p = 0; p < tq.pairs.length; p++) {
        ts.fill(0);
        score(loaded, { folded: tq.pairs[p], exact: tq.pairs[p] }, pairPlans[p], ts);
        for (d = 0; d < n; d++) points[d] += ts[d];
      }
    }
    var fd = new Set(f.district || []), fs = new Set(f.stars || []), fg = new Set(f.group || []);
    var counts = {
      district: new Array(m.facets.district.labels.length).fill(0),
      group: new Array(m.facets.group.labels.length).fill(0),
      stars: [0, 0, 0, 0, 0, 0],
      districtAll: 0, starsAll: 0, groupAll: 0
    };
    var docs = [];
    for (d = 0; d < n; d++) {
      if (!matched[d]) continue;
      var gs = m.groups[d];
      var pd = !fd.size || fd.has(m.district[d]);
      var ps = !fs.size || fs.has(m.stars[d]);
      var pg = !fg.size || gs.some(function (g) { return fg.has(g); });
      if (ps && pg) {
        counts.districtAll++;
        if (m.district[d] >= 0) counts.district[m.district[d]]++;
      }
      if (pd && pg) {
        counts.starsAll++;
        counts.stars[m.stars[d]]++;
      }
      if (pd && ps) {
        counts.groupAll++;
        for (var g = 0; g < gs.length; g++) counts.group[gs[g]]++;
      }
      if (pd && ps && pg) docs.push(d);
    }
    docs.sort(function (a, b) { return points[b] - points[a] || a - b; });
    return { docs: docs, scores: docs.map(function (x) { return points[x]; }), counts: counts };
  }

  // cards resolves to the cards of documents docs (fetching their chunks).
  Engine.prototype.cards = function (docs) {
    var self = this;
    return this.open().then(function (m) {
      var chunks = [];
      docs.forEach(function (d) {
        var c = Math.floor(d / m.chunk);
        if (chunks.indexOf(c) < 0) chunks.push(c);
      });
      return Promise.all(chunks.map(function (c) { return self.get('d/' + c + '.json'); })).then(function (data) {
        return docs.map(function (d) {
          var e = data[chunks.indexOf(Math.floor(d / m.chunk))][d % m.chunk];
          return {
            doc: d, kind: m.kind[d] === 1 ? 'story' : 'product',
            url: e[0], title: e[1], subtitle: e[2], image: e[3], imageW: e[4], imageH: e[5],
            stars: m.stars[d], district: m.district[d],
            districtLabel: m.district[d] >= 0 ? m.facets.district.labels[m.district[d]] : ''
          };
        });
      });
    });
  };

  var api = {
    normalize: normalize, fold: fold, stem: stem, tokens: tokens, terms: terms,
    decodeList: decodeList, spanOf: spanOf, keyFile: keyFile, Engine: Engine
  };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  // ---- The page -------------------------------------------------------

  var FACETS = ['district', 'stars', 'group'];

  function start() {
    var form = document.getElementById('search');
    if (!form || !form.dataset.index) return;
    var input = form.querySelector('input[name="q"]');
    var status = document.getElementById('search-status');
    var results = document.getElementById('search-results');
    var card = document.getElementById('search-card');
    var storyCard = document.getElementById('search-story') || card;
    if (!input || !results || !card) return;
    // The filters start open where there is room for them, and whenever
    // the address chooses some.
    var filters = form.querySelector('details');
    if (filters && (window.matchMedia('(min-width: 48rem)').matches || /[?&](district|stars|group)=/.test(location.search))) {
      filters.open = true;
    }
    var base = form.dataset.index;
    if (base.slice(-1) !== '/') base += '/';
    var msg = form.dataset;
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var more = document.getElementById('search-more');
    if (!more) {
      more = document.createElement('button');
      more.type = 'button';
      more.id = 'search-more';
      more.textContent = msg.msgMore || 'More';
      results.insertAdjacentElement('afterend', more);
    }
    more.hidden = true;

    var engine = new Engine(function (path, hash) {
      var url = base + path + (hash ? '?v=' + hash : '');
      return fetch(url, path === 'manifest.json' ? { cache: 'no-cache' } : {}).then(function (r) {
        if (!r.ok) throw new Error('search: ' + url + ': ' + r.status);
        return r.json();
      });
    });

    function format(s, n, q) {
      return String(s).replace(/\{n\}/g, numbers.format(n)).replace(/\{q\}/g, q || '');
    }

    function inputs(name) {
      return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
    }

    // The state: {q, district: [], stars: [], group: []}.
    function fromForm() {
      var s = { q: input.value };
      FACETS.forEach(function (name) {
        s[name] = inputs(name).filter(function (i) { return i.checked && i.value !== ''; })
          .map(function (i) { return Number(i.value); })
          .filter(function (v) { return Number.isInteger(v); });
      });
      return s;
    }

    function fromURL() {
      var p = new URLSearchParams(location.search);
      var s = { q: p.get('q') || '' };
      FACETS.forEach(function (name) {
        s[name] = p.getAll(name).filter(function (v) { return v !== ''; }).map(Number)
          .filter(function (v) { return Number.isInteger(v); });
      });
      return s;
    }

    function toForm(s) {
      input.value = s.q;
      FACETS.forEach(function (name) {
        inputs(name).forEach(function (i) {
          i.checked = i.value === '' ? !s[name].length : s[name].indexOf(Number(i.value)) >= 0;
        });
      });
    }

    function toURL(s) {
      var u = new URL(location.href);
      ['q'].concat(FACETS).forEach(function (name) { u.searchParams.delete(name); });
      if (s.q) u.searchParams.set('q', s.q);
      FACETS.forEach(function (name) {
        s[name].forEach(function (v) { u.searchParams.append(name, String(v)); });
      });
      return u.pathname + u.search + u.hash;
    }

    function showCounts(c) {
      var of = { district: c.district, stars: c.stars, group: c.group };
      var all = { district: c.districtAll, stars: c.starsAll, group: c.groupAll };
      FACETS.forEach(function (name) {
        inputs(name).forEach(function (i) {
          var n = i.value === '' ? all[name] : (of[name][Number(i.value)] || 0);
          var label = i.closest('label') || (i.id && form.querySelector('label[for="' + i.id + '"]'));
          if (!label) return;
          var el = label.querySelector('[data-count]');
          if (el) el.textContent = format(msg.msgCount || '{n}', n);
          if (n) label.removeAttribute('data-zero'); else label.setAttribute('data-zero', '');
        });
      });
    }

    function render(c) {
      var tpl = c.kind === 'story' ? storyCard : card;
      var frag = tpl.content.cloneNode(true);
      var root = frag.firstElementChild;
      if (!root) return frag;
      root.setAttribute('data-kind', c.kind);
      var fields = Array.prototype.slice.call(frag.querySelectorAll('[data-field]'));
      fields.forEach(function (el) {
        switch (el.getAttribute('data-field')) {
          case 'url':
            el.setAttribute('href', c.url);
            break;
          case 'title':
            el.textContent = c.title;
            break;
          case 'subtitle':
            el.textContent = c.subtitle;
            break;
          case 'image':
            if (!c.image) {
              el.remove();
              break;
            }
            el.setAttribute('src', c.image);
            if (c.imageW > 0 && c.imageH > 0) {
              el.setAttribute('width', String(c.imageW));
              el.setAttribute('height', String(c.imageH));
            }
            if (!el.hasAttribute('loading')) el.setAttribute('loading', 'lazy');
            break;
          case 'stars':
            if (!c.stars) {
              el.remove();
              break;
            }
            el.textContent = format(msg.msgStars || '{n}★', c.stars);
            el.setAttribute('data-stars', String(c.stars));
            break;
          case 'district':
            if (!c.districtLabel) el.remove(); else el.textContent = c.districtLabel;
            break;
        }
      });
      return frag;
    }

    var seq = 0, current = null, shown = 0;

    function setStatus(text) {
      if (status && status.textContent !== text) status.textContent = text;
    }

    function run(s) {
      var my = ++seq;
      results.setAttribute('aria-busy', 'true');
      return engine.search(s.q, s).then(function (res) {
        if (my !== seq) return;
        showCounts(res.counts);
        var active = tokens('', s.q).length || FACETS.some(function (name) { return s[name].length; });
        current = active ? res : null;
        shown = 0;
        if (!current) {
          results.textContent = '';
          more.hidden = true;
          setStatus('');
          return;
        }
        return showMore(my, true).then(function () {
          if (my !== seq) return;
          var n = res.docs.length, q = s.q.trim();
          if (!n) setStatus(format(msg.msgNone || msg.msgResults || '{n}', 0, q));
          else setStatus(format(n === 1 && msg.msgResultOne ? msg.msgResultOne : (msg.msgResults || '{n}'), n, q));
        });
      }).catch(function (err) {
        if (my !== seq) return;
        setStatus(msg.msgError || String(err.message || err));
        if (window.console) console.error(err);
      }).then(function () {
        if (my === seq) results.removeAttribute('aria-busy');
      });
    }

    // showMore renders the next results (the first ones when fresh).
    function showMore(my, fresh) {
      var res = current, from = shown, to = Math.min(shown + SHOWN, res.docs.length);
      return engine.cards(res.docs.slice(from, to)).then(function (cards) {
        if (my !== seq || current !== res) return;
        if (fresh) results.textContent = '';
        var first = null;
        cards.forEach(function (c) {
          var node = render(c);
          var el = node.firstElementChild;
          results.appendChild(node);
          if (!first) first = el;
        });
        shown = to;
        more.hidden = shown >= res.docs.length;
        return first;
      });
    }

    more.addEventListener('click', function () {
      if (!current) return;
      showMore(seq, false).then(function (first) {
        var link = first && (first.matches('a[href]') ? first : first.querySelector('a[href]'));
        if (link) link.focus();
      }).catch(function (err) {
        setStatus(msg.msgError || String(err.message || err));
      });
    });

    var timer = 0;
    // remember puts the form's state in the address: a new history entry
    // (push), or in place of the current one.
    function remember(push) {
      var url = toURL(fromForm());
      if (url !== location.pathname + location.search + location.hash) {
        if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
      }
    }

    function update(push) {
      remember(push);
      run(fromForm());
    }

    // Each keystroke searches at once (a later answer replaces an earlier
    // one); the address follows once typing pauses.
    function typed() {
      run(fromForm());
      clearTimeout(timer);
      timer = setTimeout(function () { remember(false); }, 300);
    }
    // On a Chinese, Japanese or Korean page, wait while an input method
    // composes (the pinyin typed is not the text meant); Vietnamese
    // input methods compose text worth searching already.
    var cjk = /^(zh|ja|ko)\b/i.test(document.documentElement.lang || '');
    form.addEventListener('input', function (e) {
      if (e.target === input && !(cjk && e.isComposing)) typed();
    });
    input.addEventListener('compositionend', typed);
    form.addEventListener('change', function (e) {
      if (e.target === input || FACETS.indexOf(e.target.name) < 0) return;
      clearTimeout(timer);
      update(true);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearTimeout(timer);
      update(false);
    });
    window.addEventListener('popstate', function () {
      var s = fromURL();
      toForm(s);
      run(s);
    });

    var initial = fromURL();
    toForm(initial);
    run(initial);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
