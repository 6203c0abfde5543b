// The query editor: YASGUI pointed at this server's /sparql, with nothing fetched from
// elsewhere (no endpoint catalogue, no LOV or prefix.cc completion, no stored tabs).
// A ?query=... in the page URL is loaded into the editor and run at once.
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") { return; }
  var endpoint = root.dataset.endpoint;
  var requested = new URLSearchParams(window.location.search).get("query");
  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { autocompleters: ["prefixes", "variables"], value: requested || root.dataset.defaultQuery },
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(requested || root.dataset.defaultQuery);
  if (requested) { tab.query(); }
  window.s3kgYasgui = yasgui;

  // Result links to the graph's own IRIs open on this server (see /id/..., /ontology).
  var BASE = "https://w3id.org/s3kg/";
  var LOCAL = [["id/", "/id/"], ["ontology#", "/ontology#"], ["graph/", "/graph/"]];
  function localise(event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    var href = link ? link.getAttribute("href") : "";
    LOCAL.forEach(function (pair) {
      if (href.indexOf(BASE + pair[0]) === 0) {
        link.setAttribute("href", pair[1] + href.slice(BASE.length + pair[0].length));
      }
    });
  }
  root.addEventListener("mousedown", localise, true);
  root.addEventListener("click", localise, true);
})();
