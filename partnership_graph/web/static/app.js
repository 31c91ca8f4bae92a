/* partnership-graph serve: search suggestions as you type, and the date picker.
   Every piece of text from the server goes in through textContent: names are data, never markup. */
(function () {
  "use strict";
  var input = document.getElementById("pg-q");
  var list = document.getElementById("pg-suggestions");
  var params = new URLSearchParams(window.location.search);
  var keep = {};
  ["on", "scenario"].forEach(function (k) { if (params.get(k)) { keep[k] = params.get(k); } });

  function withKeep(url) {
    var u = new URL(url, window.location.origin);
    Object.keys(keep).forEach(function (k) { u.searchParams.set(k, keep[k]); });
    return u.pathname + u.search;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var timer = null, latest = 0, active = -1;
  function show(items) {
    list.replaceChildren();
    active = -1;
    items.forEach(function (s) {
      var li = el("li");
      var a = el("a");
      a.href = withKeep(s.url);
      a.dataset.kind = s.kind;
      a.dataset.key = s.key;
      a.appendChild(el("span", "kind", s.kind));
      a.appendChild(el("span", "name", s.name));
      if (s.derived) { a.appendChild(el("span", "badge derived", "DERIVED")); }
      a.appendChild(el("span", "detail", s.detail + (s.match === "near miss" ? " (did you mean?)" : "")));
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }
  function ask() {
    var q = input.value.trim();
    if (!q) { show([]); return; }
    var ticket = ++latest;
    var url = new URL("/api/search", window.location.origin);
    url.searchParams.set("q", q);
    url.searchParams.set("limit", "12");
    Object.keys(keep).forEach(function (k) { url.searchParams.set(k, keep[k]); });
    fetch(url.pathname + url.search, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (ticket === latest) { show(items); } })
      .catch(function () { if (ticket === latest) { show([]); } });
  }
  if (input && list) {
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("keydown", function (ev) {
      var links = list.querySelectorAll("a");
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!links.length) { return; }
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : -1) + links.length) % links.length;
        links.forEach(function (a, i) { a.parentNode.classList.toggle("active", i === active); });
      } else if (ev.key === "Enter" && active >= 0 && links[active]) {
        ev.preventDefault();
        window.location.href = links[active].href;
      } else if (ev.key === "Escape") {
        show([]);
      }
    });
    document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) { list.hidden = true; } });
  }
  var when = document.getElementById("pg-when");
  var on = document.getElementById("pg-on");
  var scenario = document.getElementById("pg-scenario");
  function submitWhen() {
    // Empty fields are left out of the address, so "today" keeps clean URLs.
    [on, scenario].forEach(function (f) { if (f) { f.disabled = !f.value; } });
    when.submit();
  }
  if (when && on) { on.addEventListener("change", submitWhen); }
  if (when && scenario) { scenario.addEventListener("change", submitWhen); }
  if (when) { when.addEventListener("submit", function (ev) { ev.preventDefault(); submitWhen(); }); }
}());

/* The network page's downloads hold what the network shows: the legend switches and the page's own
   filters, read from the network frame (same origin) when a link is followed. */
(function () {
  "use strict";
  var frame = document.getElementById("pg-network-frame");
  ["pg-download-gexf", "pg-download-graphml"].forEach(function (id) {
    var a = document.getElementById(id);
    if (!a || !frame) { return; }
    a.addEventListener("click", function () {
      var doc = frame.contentDocument, raw = doc && doc.body && doc.body.dataset.pgHidden;
      if (!raw) { return; }
      var state = JSON.parse(raw), url = new URL(a.getAttribute("href"), window.location.origin);
      url.searchParams.set("hide", state.groups.join(","));
      url.searchParams.set("hide_rel", state.types.join(","));
      ["within", "within_issue"].forEach(function (k) { url.searchParams.delete(k); });
      if (state.area) { url.searchParams.set("within", state.area); }
      if (state.issue) { url.searchParams.set("within_issue", state.issue); }
      a.href = url.pathname + url.search;
    });
  });
}());
