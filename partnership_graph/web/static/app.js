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
    // an address that names its own date (an area that starts later) keeps it
    Object.keys(keep).forEach(function (k) { if (!u.searchParams.has(k)) { u.searchParams.set(k, keep[k]); } });
    return u.pathname + u.search;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var timer = null, latest = 0, active = -1;
  var status = document.getElementById("pg-q-status");
  // A combobox with a listbox (WAI-ARIA APG "list autocomplete"): the options are links, the
  // input keeps focus, the active option is named by aria-activedescendant, and how many
  // suggestions there are is said in a live region.
  function setActive(i) {
    var options = list.querySelectorAll("[role=option]");
    active = i;
    options.forEach(function (o, j) { o.setAttribute("aria-selected", String(j === i)); });
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function open(isOpen) {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) { setActive(-1); }
  }
  function show(items, q) {
    list.replaceChildren();
    items.forEach(function (s, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      li.id = "pg-suggestion-" + i;
      li.setAttribute("aria-selected", "false");
      // an option holds no link (its children are presentational): choosing it follows its address
      li.dataset.href = withKeep(s.url);
      li.dataset.kind = s.kind;
      li.dataset.key = s.key;
      li.appendChild(el("span", "kind", s.kind));
      li.appendChild(el("span", "name", s.name));
      if (s.derived) { li.appendChild(el("span", "badge derived", "DERIVED")); }
      li.appendChild(el("span", "detail", s.detail + (s.match === "near miss" ? " (did you mean?)" : "")));
      li.addEventListener("click", function () { window.location.href = li.dataset.href; });
      list.appendChild(li);
    });
    open(items.length > 0);
    if (status && q !== undefined) {
      status.textContent = items.length ? items.length + (items.length === 1 ? " suggestion" : " suggestions") +
        " for " + q + ": use the up and down arrows to choose" : "No suggestions for " + q;
    }
  }
  function ask() {
    var q = input.value.trim();
    if (!q) { show([]); if (status) { status.textContent = ""; } return; }
    var ticket = ++latest;
    var url = new URL("/api/search", window.location.origin);
    url.searchParams.set("q", q);
    url.searchParams.set("limit", "12");
    Object.keys(keep).forEach(function (k) { url.searchParams.set(k, keep[k]); });
    fetch(url.pathname + url.search, {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (ticket === latest) { show(items, q); } })
      .catch(function () { if (ticket === latest) { show([], q); } });
  }
  if (input && list) {
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("keydown", function (ev) {
      var options = list.querySelectorAll("[role=option]");
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!options.length) { return; }
        ev.preventDefault();
        if (list.hidden) { open(true); }
        setActive((active + (ev.key === "ArrowDown" ? 1 : -1) + options.length) % options.length);
      } else if (ev.key === "Enter" && active >= 0 && options[active]) {
        ev.preventDefault();
        window.location.href = options[active].dataset.href;
      } else if (ev.key === "Escape") {
        open(false);
      }
    });
    document.addEventListener("click", function (ev) { if (!list.contains(ev.target) && ev.target !== input) { open(false); } });
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
