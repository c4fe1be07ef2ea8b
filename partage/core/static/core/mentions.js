// @mention suggestions in comment boxes: <textarea data-mentions="URL"> gets a list of the real handles
// of the agents whose name starts with what follows "@" (JSON from core/mentions.py).
// Accessible autocomplete: the textarea keeps its role (a textbox) with aria-autocomplete="list",
// aria-controls and aria-activedescendant; the list is a listbox of options; a polite status says how
// many suggestions there are. Arrow keys move, Enter or Tab inserts, Escape closes; a click inserts too.
// The French messages come from the textarea's data-mentions-* attributes (translated by the server).
(function () {
  "use strict";
  var TOKEN = /(?:^|[\s(\[«"'])@([^\s@]{1,40})$/;
  var counter = 0;

  function setup(area) {
    if (area.dataset.mentionsReady) return;
    area.dataset.mentionsReady = "1";
    counter += 1;
    var listId = (area.id || "commentaire-" + counter) + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", area.dataset.mentionsLabel || "");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    area.insertAdjacentElement("afterend", status);
    area.insertAdjacentElement("afterend", list);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", listId);
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
      results = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }
    function query() {
      var before = area.value.slice(0, area.selectionStart);
      var match = TOKEN.exec(before);
      return match ? match[1] : null;
    }
    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && options[index]) {
        area.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        area.removeAttribute("aria-activedescendant");
      }
    }
    function insert(index) {
      var chosen = results[index];
      var typed = query();
      if (!chosen || typed === null) return close();
      var start = area.selectionStart - typed.length - 1;
      var after = area.value.slice(area.selectionStart);
      var text = chosen.handle + " ";
      area.value = area.value.slice(0, start) + text + after;
      var caret = start + text.length;
      area.setSelectionRange(caret, caret);
      status.textContent = (area.dataset.mentionsInserted || "").replace("%s", chosen.handle);
      close();
      area.focus();
    }
    function show(items, typed) {
      results = items;
      list.textContent = "";
      if (!items.length) {
        close();
        status.textContent = (area.dataset.mentionsNone || "").replace("%s", "@" + typed);
        return;
      }
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.name + " — " + item.handle;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the textarea
          insert(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      highlight(0);
      var message = items.length === 1 ? area.dataset.mentionsOne : area.dataset.mentionsMany;
      status.textContent = (message || "").replace("%s", String(items.length));
    }
    function ask() {
      var typed = query();
      if (typed === null) return close();
      var ticket = ++asked;
      fetch(area.dataset.mentions + "?q=" + encodeURIComponent(typed), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (ticket === asked && query() === typed) show(data.results || [], typed);
        })
        .catch(close);
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });
    area.addEventListener("keydown", function (event) {
      if (list.hidden || !results.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    area.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }
  function init() {
    document.querySelectorAll("textarea[data-mentions]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
