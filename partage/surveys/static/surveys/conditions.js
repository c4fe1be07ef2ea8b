// Display conditions, mirrored in the browser (the server decides; this only spares a page reload):
// a question with data-condition-source is shown when the earlier question on this page satisfies it.
(function () {
  "use strict";
  function valuesOf(form, name) {
    var out = [];
    form.querySelectorAll('[name="' + name + '"], [name^="' + name + '_r"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      if (el.value !== "") out.push(el.value);
    });
    return out;
  }
  function holds(block, form) {
    var source = block.dataset.conditionSource;
    var present = form.querySelector('[name="' + source + '"], [name^="' + source + '_r"]');
    if (!present) return null; // the source is on another page: the server's decision stands
    var values = valuesOf(form, source);
    var op = block.dataset.conditionOperator, expected = (block.dataset.conditionValue || "").trim();
    if (op === "answered") return values.length > 0;
    if (!values.length) return false;
    if (op === "equals") return values.length === 1 && values[0].trim().toLowerCase() === expected.toLowerCase();
    if (op === "contains") return values.some(function (v) { return v === expected || v.toLowerCase().indexOf(expected.toLowerCase()) !== -1; });
    if (op === "in_range") {
      var n = parseFloat(values[0].replace(",", ".")), low = parseFloat(expected), high = parseFloat(block.dataset.conditionMax);
      return !isNaN(n) && (isNaN(low) || n >= low) && (isNaN(high) || n <= high);
    }
    return true;
  }
  function update(form) {
    form.querySelectorAll("[data-condition-source]").forEach(function (block) {
      var shown = holds(block, form);
      if (shown === null) return;
      block.hidden = !shown;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".survey-form");
    if (!form) return;
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
    update(form);
  });
})();
