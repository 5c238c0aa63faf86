// Hovering a highlight's tag (or a summary link) shows the item's details: copy each panel
// entry's text into the title of what links to it. Safe to run again for every view on a page.
(function () {
  "use strict";
  document.querySelectorAll(".ce-view a[href^='#']").forEach(function (link) {
    var item = document.getElementById(link.getAttribute("href").slice(1));
    var target = link.closest(".ce-tag") || link;
    if (item && item.tagName === "LI" && !target.title) {
      target.title = item.innerText.trim();
    }
  });
})();
