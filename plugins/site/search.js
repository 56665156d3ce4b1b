/* carepack: search for the local offer website, with no server. Each language folder has a
   search-index.js that sets window.carepackSearchIndex to a list of {u: address, t: title,
   p: page, x: text}. This script reads ?q= on the search page, scores every entry by the words
   it contains, and lists the best. Without scripts the search page still lists every page. */
(function () {
  "use strict";
  function fold(s) {
    return (s || "").toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "");
  }
  function words(s) {
    return fold(s).split(/[\s.,;:!?()\[\]"'«»،؛؟።፣፧\/\-]+/).filter(function (w) { return w.length > 1; });
  }
  function run() {
    var results = document.getElementById("search-results");
    if (!results || !window.carepackSearchIndex) return;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = document.getElementById("site-search-words");
    if (input) input.value = query;
    var wanted = words(query);
    if (!wanted.length) return;
    var scored = [];
    window.carepackSearchIndex.forEach(function (entry) {
      var title = fold(entry.t), text = fold(entry.x), score = 0, all = true;
      wanted.forEach(function (w) {
        var inTitle = title.indexOf(w) !== -1, inText = text.indexOf(w) !== -1;
        if (inTitle) score += 5;
        if (inText) score += 1;
        if (!inTitle && !inText) all = false;
      });
      if (score > 0) scored.push({ entry: entry, score: score + (all ? 10 : 0) });
    });
    scored.sort(function (a, b) { return b.score - a.score; });
    results.classList.add("ready");
    var none = results.querySelector(".search-none");
    if (!scored.length) return;
    if (none) none.hidden = true;
    var list = document.createElement("ol");
    scored.slice(0, 30).forEach(function (s) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = s.entry.u;
      link.textContent = s.entry.t;
      item.appendChild(link);
      if (s.entry.p && s.entry.p !== s.entry.t) {
        var page = document.createElement("span");
        page.className = "search-page";
        page.textContent = " (" + s.entry.p + ")";
        item.appendChild(page);
      }
      list.appendChild(item);
    });
    results.appendChild(list);
    var heading = results.querySelector("h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
