// Client-side search over search.json with MiniSearch; names compare under the same
// Turkish-aware folding as ittifak.core.text.match_key (TİKA = Tika = tika).
(function () {
  "use strict";
  var ASCII = { "ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u" };
  function fold(text) {
    var lowered = text.normalize("NFC").replace(/I/g, "ı").replace(/İ/g, "i").toLowerCase();
    var ascii = lowered.replace(/[ışğçöüâîû]/g, function (c) { return ASCII[c]; });
    return ascii.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  window.ittifakFold = fold;
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    var list = document.getElementById("results");
    var status = document.getElementById("status");
    fetch(input.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (docs) {
      var search = new MiniSearch({
        fields: ["names"], storeFields: ["tr", "en", "type_tr", "type_en", "names"],
        processTerm: function (term) { return fold(term); }
      });
      search.addAll(docs);
      function show() {
        var query = input.value.trim();
        list.textContent = "";
        if (!query) { status.textContent = ""; return; }
        var folded = fold(query).split(/\s+/).join(" ");
        var hits = search.search(query, { prefix: true, fuzzy: 0.15, combineWith: "AND" });
        // a resource one of whose names is exactly what was typed comes first
        var exact = function (hit) { return hit.names.split(" | ").indexOf(folded) >= 0 ? 0 : 1; };
        hits = hits.map(function (hit, i) { return [exact(hit), i, hit]; })
          .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
          .map(function (x) { return x[2]; }).slice(0, 50);
        status.textContent = String(hits.length);
        hits.forEach(function (hit) {
          var item = document.createElement("li");
          var a = document.createElement("a");
          a.href = hit.id;
          ["tr", "en"].forEach(function (lang) {
            var span = document.createElement("span");
            span.className = "l-" + lang;
            span.lang = lang;
            span.textContent = hit[lang] + " · " + hit["type_" + lang];
            a.appendChild(span);
          });
          item.appendChild(a);
          list.appendChild(item);
        });
      }
      input.addEventListener("input", show);
      document.documentElement.setAttribute("data-search-ready", "true");
      show();
    });
  });
})();
