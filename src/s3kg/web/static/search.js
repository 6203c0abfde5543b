// The search box on every page: suggestions from /api/search as the user types, as an ARIA
// 1.2 combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): arrow keys move through
// the suggestions, Enter opens the chosen one (or the results page when none is chosen),
// Escape closes the list.  Without JavaScript the form still goes to /search.
(function () {
  "use strict";
  var input = document.getElementById("site-search-q");
  var list = document.getElementById("site-search-list");
  if (!input || !list) { return; }
  var form = input.form, items = [], active = -1, timer = null, sent = 0;

  function close() {
    list.hidden = true; list.innerHTML = ""; items = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  // Closing also drops the answers still on their way, so a late one cannot reopen the list.
  function cancel() { sent++; clearTimeout(timer); close(); }

  function option(result, i) {
    var li = document.createElement("li");
    li.id = "site-search-option-" + i;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.url = result.url;
    var label = document.createElement("span");
    label.className = "label"; label.textContent = result.label;
    var kind = document.createElement("span");
    kind.className = "chip"; kind.textContent = result["class"];
    li.appendChild(label); li.appendChild(document.createTextNode(" ")); li.appendChild(kind);
    if (result.matched !== result.label) {
      var alias = document.createElement("span");
      alias.className = "tag"; alias.textContent = "“" + result.matched + "”";
      li.appendChild(alias);
    }
    li.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
    return li;
  }

  function show(results) {
    close();
    if (!results.length) { return; }
    results.forEach(function (result, i) { var li = option(result, i); items.push(li); list.appendChild(li); });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(i) {
    if (!items.length) { return; }
    if (active >= 0) { items[active].setAttribute("aria-selected", "false"); }
    active = (i + items.length) % items.length;
    items[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function go(i) { window.location.href = items[i].dataset.url; }

  function suggest() {
    var q = input.value.trim();
    if (!q) { cancel(); return; }
    var ticket = ++sent;  // only the answer to the latest keystroke is shown
    fetch("/api/search?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (ticket === sent) { show(data.results); } })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 120); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) { suggest(); } else { highlight(active + 1); }
    } else if (event.key === "ArrowUp") {
      event.preventDefault(); highlight(active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); go(active);
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); cancel(); } else { input.value = ""; }
    }
  });
  input.addEventListener("blur", function () { setTimeout(cancel, 150); });
  form.addEventListener("submit", function (event) { if (!input.value.trim()) { event.preventDefault(); } });
})();
