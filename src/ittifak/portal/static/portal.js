// Switches the page between Turkish and English; both are in the page, one is shown.
(function () {
  "use strict";
  var root = document.documentElement;
  var saved = null;
  try { saved = window.localStorage.getItem("ittifak-lang"); } catch (e) { saved = null; }
  if (saved === "tr" || saved === "en") { root.setAttribute("data-lang", saved); root.lang = saved; }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("lang-switch");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var next = root.getAttribute("data-lang") === "tr" ? "en" : "tr";
      root.setAttribute("data-lang", next);
      root.lang = next;
      try { window.localStorage.setItem("ittifak-lang", next); } catch (e) { /* private mode */ }
    });
  });
})();
