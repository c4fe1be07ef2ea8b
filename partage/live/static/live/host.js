/* Presenter screen and host remote (PROTOCOL.md §5): state and result ticks in, controls out.
   Controls are plain forms (they work without the socket); when the socket is open they go through it. */
(function () {
  "use strict";
  var Live = window.Live, el = Live.el;
  var root = document.getElementById("live");
  var role = root.dataset.role;
  var T = JSON.parse(document.getElementById("live-texts").textContent);
  var connection = document.getElementById("live-connection");
  var counts = document.getElementById("live-counts");
  var section = document.getElementById("live-activity");
  var resultsBody = document.getElementById("live-results-body");
  var queueBody = document.getElementById("live-queue-body");
  var state = null, lastTick = null, lastCountsText = "", countsTimer = null, online = 0;

  var socket = Live.socket(root.dataset.ws, {
    onOpen: function () { connection.textContent = T.connected; connection.className = "live-connection live-ok"; },
    onMessage: function (message) {
      if (message.type === "state") { state = message; keepControls(renderState); }
      else if (message.type === "results") { lastTick = message; online = message.online; keepControls(renderTick); }
      else if (message.type === "online") { online = message.online; updateCounts(); }
    },
    onDown: function () { connection.textContent = T.reconnecting; connection.className = "live-connection live-down"; },
    onEnd: function () { connection.textContent = T.sessionClosed; },
  });

  // Controls: through the socket when it is open, else the form posts as usual.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !socket.isOpen()) return;
    var submitter = event.submitter;
    if (form.dataset.control) {
      var message = { type: "control", id: Live.uuid(), action: submitter ? submitter.value : form.dataset.control };
      var activity = form.querySelector("[name=activity]");
      if (activity) message.activity = activity.value ? parseInt(activity.value, 10) : null;
      event.preventDefault();
      socket.send(message);
    } else if (form.dataset.moderate) {
      event.preventDefault();
      var moderation = { type: "moderate", id: Live.uuid(), contribution: parseInt(form.dataset.moderate, 10), action: submitter.value };
      var column = form.querySelector("select[name=column]"), into = form.querySelector("select[name=into]");
      if (column) moderation.column = column.value;
      if (into) moderation.into = parseInt(into.value, 10);
      socket.send(moderation);
    } else if (form.dataset.extra) {
      event.preventDefault();
      socket.send({ type: "extra_time", id: Live.uuid(), participant: form.dataset.extra, grant: submitter ? submitter.value : "" });
    } else if (form.dataset.word) {
      event.preventDefault();
      socket.send({ type: "delete_word", id: Live.uuid(), activity: parseInt(form.dataset.activity, 10), word: form.dataset.word });
    }
  });

  var contrast = document.getElementById("live-contrast");
  if (contrast) {
    var on = window.localStorage && localStorage.getItem("live-contrast") === "1";
    var apply = function () { document.body.classList.toggle("live-high-contrast", on); contrast.setAttribute("aria-pressed", on ? "true" : "false"); };
    apply();
    contrast.addEventListener("click", function () { on = !on; try { localStorage.setItem("live-contrast", on ? "1" : "0"); } catch (e) {} apply(); });
  }

  function updateCounts() {
    var participants = lastTick ? lastTick.participants : state && state.host ? state.host.participants : 0;
    var answers = lastTick ? lastTick.answers : 0;
    var text = T.counts.replace("%1", participants).replace("%2", online).replace("%3", answers);
    // The visible figure follows every tick; screen readers hear it at most every 5 seconds.
    counts.dataset.text = text;
    if (!countsTimer) {
      counts.textContent = text;
      lastCountsText = text;
      countsTimer = window.setTimeout(function () {
        countsTimer = null;
        if (counts.dataset.text !== lastCountsText) updateCounts();
      }, 5000);
    }
  }

  // The remote's forms (moderation, extra time, words) are rebuilt at each state or tick. A rebuild must not
  // take the host's focus or choices away (keyboard users, RGAA 12.8 and 7.1): the focused control and each
  // select's value are put back on the rebuilt control of the same form, name and value.
  function controlKey(node) {
    var form = node.form || (node.closest && node.closest("form"));
    var owner = form && (form.dataset.moderate || form.dataset.extra || form.dataset.word);
    if (!owner) return null;
    return [owner, node.tagName, node.name || "", node.tagName === "BUTTON" ? node.value : ""].join("|");
  }

  function keepControls(rebuild) {
    var active = document.activeElement;
    var focusKey = active && root.contains(active) ? controlKey(active) : null;
    var values = {};
    root.querySelectorAll("form select").forEach(function (select) {
      var key = controlKey(select);
      if (key) values[key] = select.value;
    });
    rebuild();
    var refocus = null;
    root.querySelectorAll("form select, form button").forEach(function (node) {
      var key = controlKey(node);
      if (!key) return;
      if (node.tagName === "SELECT" && key in values &&
          Array.prototype.some.call(node.options, function (option) { return option.value === values[key]; })) {
        node.value = values[key];
      }
      if (key === focusKey && !refocus) refocus = node;
    });
    // Only when the rebuild removed the focused control (the focus fell back to the page's body).
    if (refocus && !root.contains(document.activeElement)) refocus.focus();
  }

  function renderState() {
    var activity = state.activity;
    if (lastTick && (!activity || lastTick.activity !== activity.id)) lastTick = null;
    // Rebuilt at each state (states are rare); keepControls puts the host's focus and choices back.
    section.textContent = "";
    if (state.session.status === "closed") section.appendChild(el("h2", { id: "live-activity-title", text: T.sessionClosed }));
    else if (!activity) section.appendChild(el("h2", { id: "live-activity-title", text: T.waiting }));
    else {
      section.appendChild(el("h2", { id: "live-activity-title", className: "live-prompt", text: activity.prompt }));
      if (activity.choices && activity.choices.length && role === "presenter") {
        var list = el("ol", { className: "live-choices-shown" });
        activity.choices.forEach(function (c) { list.appendChild(el("li", { text: c.label })); });
        section.appendChild(list);
      }
    }
    renderResults();
    renderContributions();
    renderTimeRequests();
    updateCounts();
  }

  // Extra time (RGAA 2.2.1): who asks, who has it; the host grants +50 % or no limit, or back to normal.
  // Only on the remote: names are not for the projector.
  var timeBody = document.getElementById("live-time-body");
  function renderTimeRequests() {
    if (!timeBody || !state || !state.host) return;
    var rows = state.host.time_requests || [];
    timeBody.textContent = "";
    if (!rows.length) { timeBody.appendChild(el("p", { text: T.noTimeRequest })); return; }
    var list = el("ul", { className: "live-time-list" });
    rows.forEach(function (row) {
      var status = row.asks ? T.asksMoreTime : row.extra_time === "untimed" ? T.untimed : T.half;
      var form = el("form", { method: "post", action: root.dataset.extraUrl, "data-extra": row.participant, className: "inline-form" },
        el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: Live.csrf() }),
        el("input", { type: "hidden", name: "participant", value: row.participant }),
        el("input", { type: "hidden", name: "next", value: location.pathname }));
      [["half", T.grantHalf], ["untimed", T.grantUntimed], ["", T.grantNormal]].forEach(function (pair) {
        if (pair[0] === row.extra_time && !row.asks) return;
        form.appendChild(el("button", { type: "submit", name: "grant", value: pair[0], text: pair[1], "aria-label": pair[1] + " — " + row.name }));
      });
      list.appendChild(el("li", null, el("span", { text: row.name + " (" + row.participant.slice(0, 4) + ") : " + status }), form));
    });
    timeBody.appendChild(list);
  }

  function renderTick() {
    if (state && state.activity && lastTick.activity === state.activity.id) {
      state.results = lastTick.data && lastTick.data.kind !== "qa" && lastTick.data.kind !== "wall" && lastTick.data.kind !== "board" ? lastTick.data : state.results;
      renderResults();
    }
    updateCounts();
  }

  function renderResults() {
    if (!resultsBody) return;
    var activity = state && state.activity;
    if (!activity || ["qa", "wall", "board"].indexOf(activity.kind) >= 0) { resultsBody.textContent = ""; return; }
    var visible = role === "remote" || activity.revealed || activity.results === "live";
    if (!visible) {
      resultsBody.textContent = "";
      resultsBody.appendChild(el("p", { className: "live-hidden-results", text: T.hiddenResults }));
      return;
    }
    Live.renderResults(resultsBody, activity, state.results, T);
    if (role === "remote" && activity.kind === "wordcloud" && state.results) {
      var words = el("ul", { className: "live-word-admin" });
      (state.results.words || []).forEach(function (w) {
        var form = el("form", { method: "post", action: root.dataset.wordUrl, "data-word": w.word, "data-activity": String(activity.id) },
          el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: Live.csrf() }),
          el("input", { type: "hidden", name: "activity", value: String(activity.id) }),
          el("input", { type: "hidden", name: "word", value: w.word }),
          el("input", { type: "hidden", name: "next", value: location.pathname }),
          el("button", { type: "submit", text: T.deleteWord.replace("%s", w.label) }));
        words.appendChild(el("li", null, form));
      });
      resultsBody.appendChild(words);
    }
  }

  function moderationForm(item, actions) {
    var form = el("form", { method: "post", action: root.dataset.moderateUrl, "data-moderate": String(item.id), className: "inline-form" },
      el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: Live.csrf() }),
      el("input", { type: "hidden", name: "contribution", value: String(item.id) }),
      el("input", { type: "hidden", name: "next", value: location.pathname }));
    actions.forEach(function (pair) { form.appendChild(el("button", { type: "submit", name: "action", value: pair[0], text: pair[1] })); });
    return form;
  }

  function renderContributions() {
    var activity = state && state.activity;
    var isWall = activity && ["qa", "wall", "board"].indexOf(activity.kind) >= 0;
    if (role === "presenter") {
      if (!isWall) return;
      var columns = activity.kind === "board" && activity.columns.length ? activity.columns : [null];
      var board = el("div", { className: columns.length > 1 ? "live-board" : "" });
      columns.forEach(function (column) {
        var box = el("div", { className: "live-board-column" });
        if (column) box.appendChild(el("h3", { text: column.label }));
        var list = el("ul", { className: "live-contribution-list live-big" });
        (state.contributions || []).filter(function (item) { return !column || item.column === column.id; }).forEach(function (item) {
          list.appendChild(el("li", { className: item.pinned ? "live-pinned" : "" },
            el("p", { className: "live-contribution-text", text: item.text }),
            el("p", { className: "live-contribution-meta", text: (item.author || T.anonymousAuthor) + " · " + T.votes.replace("%s", item.votes) })));
        });
        box.appendChild(list);
        board.appendChild(box);
      });
      section.appendChild(board);
      return;
    }
    if (!queueBody) return;
    queueBody.textContent = "";
    if (!isWall) { queueBody.appendChild(el("p", { text: T.queueEmpty })); return; }
    var queue = (state.host && state.host.queue) || [];
    queueBody.appendChild(el("h3", { text: T.pending + " (" + queue.length + ")" }));
    var pendingList = el("ul");
    queue.forEach(function (item) {
      pendingList.appendChild(el("li", null, el("p", { text: item.text }), moderationForm(item, [["publish", T.publish], ["hide", T.hide]])));
    });
    queueBody.appendChild(pendingList);
    queueBody.appendChild(el("h3", { text: T.published }));
    var published = el("ul");
    var items = state.contributions || [];
    items.forEach(function (item) {
      var li = el("li", null,
        el("p", { text: item.text + " — " + T.votes.replace("%s", item.votes) }),
        moderationForm(item, [[item.pinned ? "unpin" : "pin", item.pinned ? T.unpin : T.pin], ["answered", T.markAnswered], ["hide", T.hide]]));
      if (activity.kind === "board") {
        // Move a card to another column, or merge it into another card (votes carried over).
        if (activity.columns.length > 1) {
          var move = moderationForm(item, [["move", T.move]]);
          var columnSelect = el("select", { name: "column", id: "move-" + item.id });
          activity.columns.forEach(function (c) { columnSelect.appendChild(el("option", { value: c.id, text: c.label, selected: c.id === item.column })); });
          move.insertBefore(el("label", { for: "move-" + item.id, text: T.column }), move.lastChild);
          move.insertBefore(columnSelect, move.lastChild);
          li.appendChild(move);
        }
        var others = items.filter(function (o) { return o.id !== item.id; });
        if (others.length) {
          var merge = moderationForm(item, [["merge", T.merge]]);
          var intoSelect = el("select", { name: "into", id: "merge-" + item.id });
          others.forEach(function (o) { intoSelect.appendChild(el("option", { value: String(o.id), text: o.text })); });
          merge.insertBefore(el("label", { for: "merge-" + item.id, text: T.mergeInto }), merge.lastChild);
          merge.insertBefore(intoSelect, merge.lastChild);
          li.appendChild(merge);
        }
      }
      published.appendChild(li);
    });
    queueBody.appendChild(published);
  }
})();
