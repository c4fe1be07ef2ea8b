/* The participant screen (PROTOCOL.md §3, §4, §6, §7): renders the state, sends answers with a client id,
   keeps un-acked answers and resends them after a reconnection, falls back to polling. */
(function () {
  "use strict";
  var Live = window.Live, el = Live.el;
  var root = document.getElementById("live");
  var T = JSON.parse(document.getElementById("live-texts").textContent);
  var state = JSON.parse(document.getElementById("live-state").textContent);
  var answered = (state.you && state.you.answered) || {};
  var me = state.you || {}; // the personal part (extra time), kept across shared states
  var clockOffset = state.now ? state.now - Date.now() / 1000 : 0; // server clock − this phone's, in seconds
  var timerHandle = null, announced = {};
  var pending = {}; // client id -> message, until acked
  var shownKey = null, pickedActivity = null;
  var connection = document.getElementById("live-connection");
  var feedback = document.getElementById("live-feedback");
  var section = document.getElementById("live-activity");
  var resultsBox = document.getElementById("live-results");
  var contributionsBox = document.getElementById("live-contributions");
  var pollTimer = null, lastFeedback = "";

  function say(text) {
    // Polite live region: the same text twice would not be read again, so it is cleared first.
    if (text === lastFeedback) feedback.textContent = "";
    lastFeedback = text;
    window.setTimeout(function () { feedback.textContent = text; }, 30);
  }

  function current() {
    if (state.session.pacing === "participant") {
      var list = state.activities || [];
      return list.filter(function (a) { return a.id === pickedActivity; })[0] || null;
    }
    return state.activity;
  }

  function send(message) {
    pending[message.id] = message;
    if (!socket.send(message)) postFallback(message);
  }

  function postFallback(message) {
    fetch(root.dataset.sendUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": Live.csrf() },
      body: JSON.stringify(message),
    }).then(function (r) { return r.json(); }).then(handle).catch(function () {
      say(T.retrying);
    });
  }

  function handle(message) {
    if (message.type === "state") {
      if (message.seq < state.seq && !message.you) return;
      state = message;
      if (message.now) clockOffset = message.now - Date.now() / 1000;
      if (message.you) {
        answered = message.you.answered || {};
        if (me.extra_time !== undefined && message.you.extra_time !== me.extra_time) {
          say(message.you.extra_time === "untimed" ? T.untimedGranted : message.you.extra_time === "half" ? T.halfGranted : T.normalTime);
        }
        me = message.you;
      }
      render();
    } else if (message.type === "ack") {
      var sent = pending[message.id];
      delete pending[message.id];
      if (message.activity && sent && sent.type === "answer") answered[String(message.activity)] = message.id;
      if (sent && sent.type === "contribute") say(message.pending ? T.contributionPending : T.contributionSent);
      else if (sent && sent.type === "vote") say(T.voteCounted);
      else if (sent && sent.type === "answer") say(T.answerSaved);
      else if (sent && sent.type === "more_time") { me.wants_more_time = true; shownKey = null; render(); say(T.moreTimeAsked); }
      if (sent && sent.type === "answer") { shownKey = null; render(); }
    } else if (message.type === "error") {
      if (message.code === "rate_limited" && pending[message.id]) {
        var again = pending[message.id];
        window.setTimeout(function () { send(again); }, message.retry_after || 1000);
        return;
      }
      if (message.id) delete pending[message.id];
      if (message.code === "already_answered") { shownKey = null; }
      say(message.message);
      render();
    }
  }

  var socket = Live.socket(root.dataset.ws, {
    onOpen: function () {
      stopPolling();
      connection.textContent = T.connected;
      connection.className = "live-connection live-ok";
      socket.send({ type: "hello", seq: state.seq });
      Object.keys(pending).forEach(function (id) { socket.send(pending[id]); });
    },
    onMessage: handle,
    onDown: function (failures) {
      connection.textContent = T.reconnecting;
      connection.className = "live-connection live-down";
      if (failures >= 3) startPolling();
    },
    onEnd: function (code) {
      connection.textContent = code === 4403 ? T.banned : code === 4410 ? T.closed : T.unknown;
      connection.className = "live-connection live-down";
    },
  });

  function startPolling() {
    if (pollTimer) return;
    connection.textContent = T.polling;
    var tick = function () {
      fetch(root.dataset.stateUrl + "?since=" + state.seq, { credentials: "same-origin" }).then(function (r) {
        if (r.status === 200) return r.json().then(handle);
      }).catch(function () {}).then(function () {
        Object.keys(pending).forEach(function (id) { postFallback(pending[id]); });
      });
      pollTimer = window.setTimeout(tick, 1500 + Math.random() * 1000);
    };
    tick();
    window.setTimeout(function () { socket.retryNow(); }, 60000);
  }
  function stopPolling() { if (pollTimer) { window.clearTimeout(pollTimer); pollTimer = null; } }

  // --- rendering ------------------------------------------------------------------------------

  function render() {
    var activity = current();
    var key = JSON.stringify([state.session.status, state.session.pacing, activity && activity.id,
      activity && activity.closed, activity && activity.revealed, activity && answered[String(activity.id)] ? 1 : 0,
      me.extra_time || "", me.wants_more_time ? 1 : 0, activity && activity.opened_at,
      state.session.pacing === "participant" ? (state.activities || []).map(function (a) { return a.id; }) : 0]);
    // Never rebuild the form someone is filling: only when the activity or its status changed.
    if (key !== shownKey) {
      shownKey = key;
      renderActivity(activity);
    }
    renderResults(activity);
    renderContributions(activity);
  }

  function heading(text) {
    return el("h2", { id: "live-activity-title", tabindex: "-1", text: text });
  }

  // --- the countdown of a timed question (RGAA 2.2.1) ---------------------------------------------
  // The figure ticks every second in a role="timer" element, which screen readers do not announce by itself;
  // the polite live region says the time left at a few milestones only, and when the time is up. A participant
  // may ask for more time; the host grants +50 % or no limit, which this phone's countdown follows.

  var MILESTONES = [60, 30, 10];

  function limitFor(activity) {
    if (!activity.time_limit || me.extra_time === "untimed") return null;
    return activity.time_limit * (me.extra_time === "half" ? 1.5 : 1);
  }

  function minutes(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function stopTimer() { if (timerHandle) { window.clearInterval(timerHandle); timerHandle = null; } }

  function timer(activity) {
    var box = el("div", { className: "live-timer-box" });
    var limit = limitFor(activity);
    if (limit === null) {
      box.appendChild(el("p", { className: "live-timer", text: me.extra_time === "untimed" ? T.untimedForYou : T.timer.replace("%s", activity.time_limit) }));
    } else {
      var ends = (activity.opened_at || (Date.now() / 1000 + clockOffset)) + limit;
      var figure = el("p", { className: "live-timer", role: "timer", "aria-atomic": "true" });
      box.appendChild(figure);
      if (me.extra_time === "half") box.appendChild(el("p", { className: "live-help", text: T.halfForYou }));
      var last = null, started = null;
      var tick = function () {
        var left = Math.max(0, Math.ceil(ends - (Date.now() / 1000 + clockOffset)));
        if (started === null) started = left;
        if (left === last) return;
        last = left;
        figure.textContent = left > 0 ? T.timeLeft.replace("%s", minutes(left)) : T.timeUp;
        figure.classList.toggle("live-timer-low", left <= 10);
        MILESTONES.forEach(function (m) {
          var key = activity.id + ":" + m;
          if (left <= m && left > 0 && started > m && !announced[key]) { announced[key] = true; say(T.timeLeftSay.replace("%s", m)); }
        });
        if (left === 0) {
          stopTimer();
          if (started > 0 && !announced[activity.id + ":0"]) { announced[activity.id + ":0"] = true; say(T.timeUp); }
        }
      };
      stopTimer();
      tick();
      if (last > 0) timerHandle = window.setInterval(tick, 250);
    }
    if (me.extra_time !== "untimed") {
      if (me.wants_more_time) box.appendChild(el("p", { className: "live-help", text: T.moreTimeAsked }));
      else {
        var ask = el("button", { type: "button", className: "live-more-time", text: T.askMoreTime });
        ask.addEventListener("click", function () { ask.disabled = true; send({ type: "more_time", id: Live.uuid() }); });
        box.appendChild(ask);
      }
    }
    return box;
  }

  function renderActivity(activity) {
    stopTimer();
    section.textContent = "";
    if (state.session.status === "closed") { section.appendChild(heading(T.sessionClosed)); return; }
    if (state.session.pacing === "participant") section.appendChild(picker());
    if (!activity) {
      section.appendChild(heading(state.session.pacing === "participant" ? T.pick : T.waiting));
      return;
    }
    section.appendChild(heading(activity.prompt));
    var done = answered[String(activity.id)];
    if (activity.time_limit && !done && !activity.closed) section.appendChild(timer(activity));
    if (["qa", "wall", "board"].indexOf(activity.kind) >= 0) { section.appendChild(contributionForm(activity)); return; }
    if (done) { section.appendChild(el("p", { className: "live-done", text: T.answered })); return; }
    if (activity.closed) { section.appendChild(el("p", { text: T.activityClosed })); return; }
    section.appendChild(answerForm(activity));
  }

  function picker() {
    var nav = el("nav", { "aria-label": T.activities, className: "live-picker" });
    var list = el("ol");
    (state.activities || []).forEach(function (a) {
      var button = el("button", { type: "button", text: a.prompt + (answered[String(a.id)] ? " ✓" : ""), "aria-current": a.id === pickedActivity ? "step" : null });
      button.addEventListener("click", function () { pickedActivity = a.id; shownKey = null; render(); document.getElementById("live-activity-title").focus(); });
      list.appendChild(el("li", null, button));
    });
    nav.appendChild(list);
    return nav;
  }

  function answerForm(activity) {
    var form = el("form", { className: "live-form", novalidate: true });
    var error = el("p", { className: "live-error", id: "live-form-error", role: "alert" });
    var collect;
    if (activity.kind === "poll" || activity.kind === "quiz") {
      var multiple = activity.max_choices > 1;
      var fieldset = el("fieldset", null, el("legend", { text: multiple ? T.chooseUpTo.replace("%s", activity.max_choices) : T.chooseOne }));
      activity.choices.forEach(function (c, i) {
        var id = "live-choice-" + i;
        fieldset.appendChild(el("div", { className: "live-choice" },
          el("input", { type: multiple ? "checkbox" : "radio", name: "choice", value: c.id, id: id }),
          el("label", { for: id, text: c.label })));
      });
      form.appendChild(fieldset);
      collect = function () {
        var chosen = Array.prototype.map.call(form.querySelectorAll("input[name=choice]:checked"), function (i) { return i.value; });
        return chosen.length ? { choices: chosen } : null;
      };
    } else if (activity.kind === "wordcloud") {
      for (var i = 0; i < activity.max_words; i++) {
        form.appendChild(el("div", { className: "live-field" },
          el("label", { for: "live-word-" + i, text: T.word.replace("%s", i + 1) }),
          el("input", { type: "text", id: "live-word-" + i, name: "word", maxlength: "40", autocomplete: "off" })));
      }
      collect = function () {
        var words = Array.prototype.map.call(form.querySelectorAll("input[name=word]"), function (i) { return i.value.trim(); }).filter(Boolean);
        return words.length ? { words: words } : null;
      };
    } else if (activity.kind === "scale") {
      var low = activity.scale === "nps" ? 0 : 1, high = activity.scale === "nps" ? 10 : parseInt(activity.scale, 10);
      var scale = el("fieldset", { className: "live-scale" }, el("legend", { text: T.scaleLegend.replace("%1", low).replace("%2", high) }));
      for (var n = low; n <= high; n++) {
        scale.appendChild(el("span", { className: "live-scale-item" },
          el("input", { type: "radio", name: "score", value: String(n), id: "live-score-" + n }),
          el("label", { for: "live-score-" + n, text: String(n) })));
      }
      form.appendChild(scale);
      collect = function () {
        var picked = form.querySelector("input[name=score]:checked");
        return picked ? { score: parseInt(picked.value, 10) } : null;
      };
    } else if (activity.kind === "ranking") {
      var order = activity.choices.map(function (c) { return c.id; });
      var list = el("ol", { className: "live-ranking" });
      var drawRanking = function (focusId, focusDir) {
        list.textContent = "";
        order.forEach(function (id, index) {
          var label = Live.choiceLabel(activity, id);
          var up = el("button", { type: "button", text: "↑", "aria-label": T.moveUp.replace("%s", label), "data-id": id, "data-dir": "up", disabled: index === 0 });
          var down = el("button", { type: "button", text: "↓", "aria-label": T.moveDown.replace("%s", label), "data-id": id, "data-dir": "down", disabled: index === order.length - 1 });
          [up, down].forEach(function (b) {
            b.addEventListener("click", function () {
              var at = order.indexOf(id), to = b.dataset.dir === "up" ? at - 1 : at + 1;
              order.splice(at, 1); order.splice(to, 0, id);
              drawRanking(id, b.dataset.dir);
              say(T.rankNow.replace("%1", label).replace("%2", to + 1));
            });
          });
          list.appendChild(el("li", null, el("span", { text: label }), up, down));
        });
        if (focusId) {
          var again = list.querySelector('button[data-id="' + focusId + '"][data-dir="' + focusDir + '"]:not([disabled])') || list.querySelector('button[data-id="' + focusId + '"]:not([disabled])');
          if (again) again.focus();
        }
      };
      drawRanking();
      form.appendChild(el("p", { id: "live-ranking-help", text: T.rankingHelp }));
      form.appendChild(list);
      collect = function () { return { order: order.slice() }; };
    } else if (activity.kind === "points") {
      var totalLine = el("p", { role: "status", "aria-live": "polite", className: "live-points-total" });
      var update = function () {
        var sum = 0;
        form.querySelectorAll("input[name=points]").forEach(function (i) { sum += parseInt(i.value || "0", 10) || 0; });
        totalLine.textContent = T.pointsLeft.replace("%s", 100 - sum);
      };
      activity.choices.forEach(function (c, i) {
        var input = el("input", { type: "number", min: "0", max: "100", step: "1", name: "points", id: "live-points-" + i, "data-id": c.id, value: "0", inputmode: "numeric" });
        input.addEventListener("input", update);
        form.appendChild(el("div", { className: "live-field" }, el("label", { for: "live-points-" + i, text: c.label }), input));
      });
      form.appendChild(totalLine);
      update();
      collect = function () {
        var points = {};
        form.querySelectorAll("input[name=points]").forEach(function (i) { var v = parseInt(i.value || "0", 10) || 0; if (v) points[i.dataset.id] = v; });
        return { points: points };
      };
    }
    form.appendChild(error);
    form.appendChild(el("button", { type: "submit", className: "live-submit", text: T.send }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = collect();
      if (!value) { error.textContent = T.pickSomething; return; }
      error.textContent = "";
      form.querySelector("button[type=submit]").disabled = true;
      say(T.sending);
      send({ type: "answer", id: Live.uuid(), activity: activity.id, value: value });
    });
    return form;
  }

  function contributionForm(activity) {
    var form = el("form", { className: "live-form", novalidate: true });
    var labelText = activity.kind === "qa" ? T.yourQuestion : activity.kind === "board" ? T.yourCard : T.yourMessage;
    form.appendChild(el("div", { className: "live-field" },
      el("label", { for: "live-text", text: labelText }),
      el("textarea", { id: "live-text", name: "text", maxlength: "280", rows: "3" })));
    if (activity.kind === "board" && activity.columns.length > 1) {
      var select = el("select", { id: "live-column", name: "column" });
      activity.columns.forEach(function (c) { select.appendChild(el("option", { value: c.id, text: c.label })); });
      form.appendChild(el("div", { className: "live-field" }, el("label", { for: "live-column", text: T.column }), select));
    }
    if (activity.allow_anonymous) {
      form.appendChild(el("div", { className: "live-choice" },
        el("input", { type: "checkbox", id: "live-anonymous", name: "anonymous" }),
        el("label", { for: "live-anonymous", text: T.anonymous })));
    }
    if (activity.moderation === "pre") form.appendChild(el("p", { className: "live-help", text: T.premoderated }));
    var error = el("p", { className: "live-error", role: "alert" });
    form.appendChild(error);
    form.appendChild(el("button", { type: "submit", className: "live-submit", text: T.send }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.querySelector("#live-text").value.trim();
      if (text.length < 2) { error.textContent = T.tooShort; return; }
      error.textContent = "";
      var column = form.querySelector("#live-column");
      var anonymous = form.querySelector("#live-anonymous");
      send({ type: "contribute", id: Live.uuid(), activity: activity.id, text: text, anonymous: !!(anonymous && anonymous.checked), column: column ? column.value : "" });
      form.querySelector("#live-text").value = "";
    });
    return form;
  }

  function renderResults(activity) {
    var data = state.results;
    if (!activity || !data || state.session.pacing === "participant") { resultsBox.hidden = true; resultsBox.textContent = ""; return; }
    resultsBox.hidden = false;
    resultsBox.textContent = "";
    resultsBox.appendChild(el("h2", { text: T.results }));
    var body = el("div");
    resultsBox.appendChild(body);
    Live.renderResults(body, activity, data, T);
  }

  function renderContributions(activity) {
    var items = state.contributions || [];
    if (!activity || ["qa", "wall", "board"].indexOf(activity.kind) < 0) { contributionsBox.hidden = true; contributionsBox.textContent = ""; return; }
    var focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.vote : null;
    contributionsBox.hidden = false;
    contributionsBox.textContent = "";
    contributionsBox.appendChild(el("h2", { text: activity.kind === "qa" ? T.questions : activity.kind === "board" ? T.cards : T.messages }));
    if (!items.length) { contributionsBox.appendChild(el("p", { text: T.nothingYet })); return; }
    var list = el("ul", { className: "live-contribution-list" });
    items.forEach(function (item) {
      var meta = [];
      if (item.pinned) meta.push(T.pinned);
      if (item.answered) meta.push(T.answeredQ);
      if (item.column && activity.columns.length > 1) {
        var col = activity.columns.filter(function (c) { return c.id === item.column; })[0];
        if (col) meta.push(col.label);
      }
      var vote = el("button", { type: "button", "data-vote": String(item.id), text: "+1 (" + item.votes + ")", "aria-label": T.upvote.replace("%s", item.text).replace("%n", item.votes) });
      vote.addEventListener("click", function () { send({ type: "vote", id: Live.uuid(), contribution: item.id }); });
      list.appendChild(el("li", null,
        el("p", { className: "live-contribution-text", text: item.text }),
        el("p", { className: "live-contribution-meta", text: [item.author || T.anonymousAuthor].concat(meta).join(" · ") }),
        vote));
    });
    contributionsBox.appendChild(list);
    if (focused) { var again = contributionsBox.querySelector('[data-vote="' + focused + '"]'); if (again) again.focus(); }
  }

  connection.textContent = T.connecting;
  render();
})();
