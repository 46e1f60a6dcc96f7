// Renders the findings of the compliance report from the embedded data, a page of rows at a
// time, and filters them by severity, framework and file. No network, no dependencies.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var form = document.getElementById("filters");
  var rows = document.getElementById("rows");
  var shown = document.getElementById("shown");
  var pages = document.getElementById("pages");
  var PAGE = 200;
  var page = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function wanted() {
    var severities = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) {
      severities[box.value] = box.checked;
    });
    return {
      severities: severities,
      framework: form.elements.framework.value,
      control: form.elements.control.value,
      file: form.elements.file.value
    };
  }

  // The (file, finding) pairs the filters keep, in file order.
  function selected() {
    var w = wanted();
    var out = [];
    data.files.forEach(function (f) {
      if (w.file && f.file !== w.file) { return; }
      if (f.unreadable && !w.framework && !w.control) { out.push({ file: f, finding: null }); }
      f.findings.forEach(function (x) {
        var rule = data.rules[x.rule];
        if (!w.severities[x.severity]) { return; }
        if (w.framework && rule.frameworks.indexOf(w.framework) < 0) { return; }
        if (w.control && rule.controls.indexOf(w.control) < 0) { return; }
        out.push({ file: f, finding: x });
      });
    });
    return out;
  }

  function finding(x) {
    var rule = data.rules[x.rule];
    var box = el("div", "finding " + x.severity);
    var head = el("div", "head");
    head.appendChild(el("span", "sev", rule.enforcement === "warn" ? "warn" : x.severity));
    head.appendChild(el("code", null, x.rule));
    head.appendChild(document.createTextNode(" " + rule.title + " — " + x.object));
    box.appendChild(head);
    box.appendChild(el("div", "message", x.message));
    if (x.source) { box.appendChild(el("pre", null, x.line + " | " + x.source)); }
    var where = "line " + x.line + (x.path ? " · " + x.path : "");
    box.appendChild(el("div", "where", where));
    if (rule.controls.length) { box.appendChild(el("div", "controls", rule.controls.join(", "))); }
    if (rule.remediation) { box.appendChild(el("div", "fix", "Fix: " + rule.remediation)); }
    return box;
  }

  function render() {
    var all = selected();
    var count = Math.max(1, Math.ceil(all.length / PAGE));
    if (page >= count) { page = count - 1; }
    var slice = all.slice(page * PAGE, (page + 1) * PAGE);
    rows.textContent = "";
    var current = null;
    var group = null;
    slice.forEach(function (pair) {
      if (pair.file !== current) {
        current = pair.file;
        group = el("div", "file");
        group.appendChild(el("h3", null, pair.file.file));
        rows.appendChild(group);
      }
      if (pair.finding) {
        group.appendChild(finding(pair.finding));
      } else {
        group.appendChild(el("div", "finding high", "unreadable: " + pair.file.unreadable));
      }
    });
    shown.textContent = all.length + " findings match" + (count > 1 ? " · page " + (page + 1) + " of " + count : "");
    pages.textContent = "";
    if (count > 1) {
      for (var i = 0; i < count; i++) {
        var b = el("button", null, String(i + 1));
        b.type = "button";
        b.disabled = i === page;
        b.addEventListener("click", (function (n) { return function () { page = n; render(); }; })(i));
        pages.appendChild(b);
      }
    }
  }

  form.addEventListener("change", function () { page = 0; render(); });
  // A control's findings count shows that control's findings.
  document.querySelectorAll("a.show-control").forEach(function (link) {
    link.addEventListener("click", function () {
      form.elements.control.value = link.getAttribute("data-control");
      form.elements.framework.value = "";
      page = 0;
      render();
    });
  });
  render();
})();
