// The header's notification bell (core/partials/notification_bell.html): the button opens and closes
// its panel (aria-expanded), and each opening loads the newest notifications with htmx ("bell-open").
// Escape or a click outside closes it and gives focus back to the button. Without htmx, the button
// goes to the notifications page. After "mark as read" the panel's heading takes the focus (the button
// pressed is gone) and the polite status says what happened.
(function () {
  "use strict";
  function setup(root) {
    var button = root.querySelector(".bell-button");
    var panel = root.querySelector(".bell-panel");
    if (!button || !panel || button.dataset.ready) return;
    button.dataset.ready = "1";
    function close(giveFocus) {
      if (panel.hidden) return;
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (giveFocus) button.focus();
    }
    function open() {
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      window.htmx.trigger(button, "bell-open");
    }
    button.addEventListener("click", function () {
      if (!window.htmx) {
        window.location.href = button.dataset.href;
        return;
      }
      if (panel.hidden) open();
      else close(false);
    });
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        event.preventDefault();
        close(true);
      }
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) close(false);
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== panel) return;
      var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (trigger && trigger !== button) {
        var title = panel.querySelector(".bell-title");
        if (title) title.focus();
      }
    });
  }
  function init() {
    document.querySelectorAll("[data-bell]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
