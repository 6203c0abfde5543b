// Swagger UI over this server's OpenAPI description; no online validator, nothing fetched
// from elsewhere.
(function () {
  "use strict";
  var root = document.getElementById("swagger");
  if (!root || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({ url: root.dataset.spec, domNode: root, validatorUrl: null, deepLinking: false,
                    presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout" });
})();
