// Kiosk mode at a reception desk: after the thank-you page, start again for the next person.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-kiosk-url]");
    if (!box) return;
    var left = parseInt(box.dataset.kioskDelay, 10) || 15;
    var label = box.querySelector(".kiosk-countdown");
    var tick = function () {
      if (label) label.textContent = "(" + left + " s)";
      if (left-- <= 0) { window.location.assign(box.dataset.kioskUrl); return; }
      window.setTimeout(tick, 1000);
    };
    tick();
  });
})();
