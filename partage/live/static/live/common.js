/* Shared by the participant, presenter and remote screens (PROTOCOL.md).
   Everything a participant wrote is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var Live = (window.Live = {});

  Live.el = function (tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  };

  Live.uuid = function () {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  };

  Live.csrf = function () {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  /* A socket that reconnects by itself with "full jitter" backoff; onOpen, onMessage, onDown callbacks. */
  Live.socket = function (path, handlers) {
    var attempt = 0, ws = null, stopped = false, failures = 0;
    function url() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    }
    function open() {
      if (stopped) return;
      try { ws = new WebSocket(url()); } catch (e) { schedule(); return; }
      ws.onopen = function () { attempt = 0; failures = 0; handlers.onOpen && handlers.onOpen(); };
      ws.onmessage = function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        handlers.onMessage(message);
      };
      ws.onclose = function (event) {
        ws = null;
        if (event.code === 4403 || event.code === 4404 || event.code === 4410) {
          stopped = true;
          handlers.onEnd && handlers.onEnd(event.code);
          return;
        }
        failures += 1;
        handlers.onDown && handlers.onDown(failures);
        schedule();
      };
    }
    function schedule() {
      var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
      attempt += 1;
      setTimeout(open, Math.random() * ceiling);
    }
    open();
    return {
      send: function (message) {
        if (ws && ws.readyState === 1) { ws.send(JSON.stringify(message)); return true; }
        return false;
      },
      isOpen: function () { return !!(ws && ws.readyState === 1); },
      retryNow: function () { if (!ws && !stopped) { attempt = 0; open(); } },
    };
  };

  function choiceLabel(activity, id) {
    var found = (activity.choices || []).filter(function (c) { return c.id === id; })[0];
    return found ? found.label : id;
  }

  /* Results: a visual (bars or a word cloud, hidden from screen readers) and a table with the same figures. */
  Live.renderResults = function (container, activity, data, texts) {
    container.textContent = "";
    if (!activity || !data) return;
    var kind = data.kind, rows = [], max = 0;
    if (kind === "poll" || kind === "quiz") {
      (activity.choices || []).forEach(function (c) {
        var n = (data.counts || {})[c.id] || 0;
        var correct = data.correct && data.correct.indexOf(c.id) >= 0;
        rows.push([c.label + (correct ? " ✓ " + texts.correct : ""), n, correct]);
        max = Math.max(max, n);
      });
    } else if (kind === "scale") {
      Object.keys(data.counts || {}).forEach(function (k) { rows.push([k, data.counts[k]]); max = Math.max(max, data.counts[k]); });
    } else if (kind === "points") {
      (activity.choices || []).forEach(function (c) {
        var n = (data.points || {})[c.id] || 0;
        rows.push([c.label, n]); max = Math.max(max, n);
      });
    } else if (kind === "ranking") {
      (activity.choices || []).forEach(function (c) { rows.push([c.label, (data.scores || {})[c.id]]); });
      rows.sort(function (a, b) { return (a[1] || 99) - (b[1] || 99); });
    } else if (kind === "wordcloud") {
      (data.words || []).forEach(function (w) { rows.push([w.label, w.count, false, w.word]); max = Math.max(max, w.count); });
    }
    var total = Live.el("p", { className: "live-total", text: texts.total.replace("%s", data.total || 0) });
    container.appendChild(total);
    if (data.average !== undefined && data.average !== null && kind !== "points") {
      container.appendChild(Live.el("p", { text: texts.average.replace("%s", data.average) }));
    }
    if (data.nps !== undefined) container.appendChild(Live.el("p", { text: "NPS : " + data.nps }));
    if (kind === "wordcloud") {
      var cloud = Live.el("ul", { className: "live-cloud", "aria-hidden": "true" });
      rows.forEach(function (row) {
        var item = Live.el("li", { text: row[0] });
        item.style.fontSize = (1 + 2.5 * (max ? row[1] / max : 0)).toFixed(2) + "em";
        cloud.appendChild(item);
      });
      container.appendChild(cloud);
    } else if (kind !== "ranking") {
      var bars = Live.el("div", { className: "live-bars", "aria-hidden": "true" });
      rows.forEach(function (row) {
        var bar = Live.el("div", { className: "live-bar" + (row[2] ? " live-bar-correct" : "") });
        var fill = Live.el("span", { className: "live-bar-fill" });
        fill.style.width = (max ? (100 * row[1]) / max : 0) + "%";
        bar.appendChild(Live.el("span", { className: "live-bar-label", text: row[0] }));
        bar.appendChild(fill);
        bar.appendChild(Live.el("span", { className: "live-bar-value", text: String(row[1]) }));
        bars.appendChild(bar);
      });
      container.appendChild(bars);
    }
    var table = Live.el("table", { className: "live-table" },
      Live.el("caption", { text: texts.caption }),
      Live.el("thead", null, Live.el("tr", null,
        Live.el("th", { scope: "col", text: kind === "wordcloud" ? texts.word : texts.answer }),
        Live.el("th", { scope: "col", text: kind === "ranking" ? texts.rank : kind === "points" ? texts.points : texts.count }))));
    var body = Live.el("tbody");
    rows.forEach(function (row) {
      body.appendChild(Live.el("tr", null, Live.el("th", { scope: "row", text: row[0] }), Live.el("td", { text: row[1] === null || row[1] === undefined ? "—" : String(row[1]) })));
    });
    table.appendChild(body);
    container.appendChild(table);
    if (data.leaderboard && data.leaderboard.length) {
      var board = Live.el("ol", { className: "live-leaderboard", "aria-label": texts.leaderboard });
      data.leaderboard.forEach(function (entry) { board.appendChild(Live.el("li", { text: entry.name + " — " + entry.points + " " + texts.pts })); });
      container.appendChild(Live.el("h3", { text: texts.leaderboard }));
      container.appendChild(board);
    }
    return rows;
  };

  Live.choiceLabel = choiceLabel;
})();
