// Copy buttons for secret links: <button data-copy="ID-of-input" hidden> next to a read-only input, and an
// element [data-copy-status="ID-of-input"] with aria-live="polite" that tells the result to screen readers.
// The button stays hidden without JavaScript (it would do nothing); the input can still be selected by hand.
(function () {
  "use strict";
  function fallbackCopy(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }
  function setup(button) {
    var input = document.getElementById(button.dataset.copy);
    var status = document.querySelector('[data-copy-status="' + button.dataset.copy + '"]');
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var say = function (ok) {
        if (status) status.textContent = ok ? button.dataset.copied : button.dataset.failed;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(
          function () { say(true); },
          function () { say(fallbackCopy(input)); }
        );
      } else {
        say(fallbackCopy(input));
      }
    });
  }
  function init() {
    document.querySelectorAll("button[data-copy]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
