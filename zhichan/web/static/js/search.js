// Search page: the query builder appends a clause; changing the mode re-renders the form.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  if (!form) return;
  const mode = document.getElementById("mode");
  mode.addEventListener("change", function () {
    const q = document.getElementById("q");
    const url = new URL(window.location.href);
    url.searchParams.set("mode", mode.value);
    url.searchParams.set("q", q.value);
    window.location.assign(url.toString());
  });
  const add = document.getElementById("b-add");
  if (!add) return;
  add.addEventListener("click", function () {
    const q = document.getElementById("q");
    const field = document.getElementById("b-field").value;
    const cmp = document.getElementById("b-cmp").value;
    const op = document.getElementById("b-op").value;
    let value = document.getElementById("b-value").value.trim();
    if (!value) return;
    if (/\s/.test(value) && !/^[("]/.test(value)) value = "(" + value + ")";
    const clause = field + cmp + value;
    const current = q.value.trim();
    q.value = current ? current + " " + op + " " + clause : (op === "NOT" ? "NOT " : "") + clause;
    document.getElementById("b-value").value = "";
    q.focus();
  });
})();
