// Layout behaviour shared by every page (loaded in <head> without defer, so that the `js` class is on
// <html> before the first paint and a phone never sees the menu open then close).
// - The phone menu: the button [data-menu-toggle] discloses #site-menu (aria-expanded); Escape closes
//   it and gives the focus back to the button. Without JavaScript the menu is simply always shown.
// - Scrolling boxes (.table-scroll, .chart-scroll): focusable (tabindex="0", so that a keyboard user can
//   scroll them) only while their content is wider than the box; the template writes tabindex="0",
//   which stays as it is without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setupMenu() {
    var button = document.querySelector("[data-menu-toggle]");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    var label = button.querySelector("[data-menu-label]");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
      if (label) label.textContent = open ? button.dataset.labelClose : button.dataset.labelOpen;
    }
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  function updateScrollBoxes() {
    document.querySelectorAll(".table-scroll, .chart-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  function init() {
    setupMenu();
    updateScrollBoxes();
    var timer;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(updateScrollBoxes, 150);
    });
    // Content swapped in by htmx may bring new tables.
    document.body.addEventListener("htmx:afterSettle", updateScrollBoxes);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
