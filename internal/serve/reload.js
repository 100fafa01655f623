// ocop serve: live reload and the error overlay. Served pages carry this
// script; ocop build never puts it in the site.
(() => {
  const me = document.currentScript;
  const path = location.pathname;
  const key = "ocop-scroll:" + path;

  // Back where the reader was before the reload.
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x, y);
    restore();
    addEventListener("load", restore, { once: true });
  }

  // The overlay's words, in the editor's language (ocop serve -lang).
  const words = {
    en: {
      title: (n) => "ocop: " + n + (n === 1 ? " problem" : " problems") +
        " — fix the file and this page updates by itself; until then it shows the last good version.",
      hide: "Hide",
    },
    vi: {
      title: (n) => "ocop: " + n + " lỗi — hãy sửa tệp, trang này sẽ tự cập nhật; trong lúc chờ, trang vẫn hiện bản đúng gần nhất.",
      hide: "Ẩn",
    },
  };
  const say = words[me.dataset.lang] || words.en;

  let overlay = null;
  function showErrors(list) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "ocop-errors";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText =
      "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff5f3;color:#3d0c02;border-top:4px solid #b3261e;box-shadow:0 -4px 16px rgba(0,0,0,.25);" +
      "padding:12px 16px;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    const head = document.createElement("p");
    head.style.cssText = "margin:0 0 6px;font:600 15px/1.4 system-ui,sans-serif;display:flex;gap:12px;align-items:center;justify-content:space-between";
    const title = document.createElement("span");
    title.textContent = say.title(list.length);
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", say.hide);
    close.style.cssText = "font:20px/1 system-ui,sans-serif;border:1px solid #b3261e;background:#fff;color:#3d0c02;border-radius:4px;padding:2px 8px;cursor:pointer";
    close.onclick = hideErrors;
    head.append(title, close);
    const ul = document.createElement("ul");
    ul.style.cssText = "margin:0;padding-left:18px";
    for (const m of list) {
      const li = document.createElement("li");
      li.textContent = m;
      li.style.cssText = "white-space:pre-wrap;word-break:break-word;margin:2px 0";
      ul.append(li);
    }
    overlay.append(head, ul);
    document.body.append(overlay);
  }
  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }
  if (me.dataset.errors) showErrors(JSON.parse(me.dataset.errors));

  const es = new EventSource("/_ocop/events?path=" + encodeURIComponent(path) + "&fp=" + me.dataset.fp);
  es.addEventListener("reload", () => {
    sessionStorage.setItem(key, scrollX + "," + scrollY);
    es.close();
    location.reload();
  });
  // A changed stylesheet: swap it in place, without reloading.
  es.addEventListener("css", (e) => {
    const urls = JSON.parse(e.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const name = new URL(link.href).pathname.replace(/\.[0-9a-f]{10}(\.css)$/, "$1");
      if (urls[name]) link.href = urls[name];
    }
  });
  es.addEventListener("errors", (e) => showErrors(JSON.parse(e.data)));
  es.addEventListener("ok", hideErrors);
  // EventSource reconnects by itself when the server restarts; the server
  // then compares the page's fingerprint and sends "reload" if it changed.
})();
