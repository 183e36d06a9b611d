// Starts Swagger UI on the app's OpenAPI document (an external script: the CSP forbids inline ones).
window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  if (!el || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: el.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
});
