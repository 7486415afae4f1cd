/* Renders report-check results (the JSON contract, each report with its "text") into the
   page. Every piece of report text is set with textContent: nothing a report contains can
   become markup or script. */
var ReportView = (function () {
  "use strict";
  var STATUS = { ok: "已具备", weak: "较薄弱", misplaced: "位置不当", missing: "缺失", absent: "未写（可选）" };
  var LEVEL = { error: "错误", warning: "警告", info: "提示" };
  var ROUND = { unfixed: "未整改", new: "新问题" };
  var ORDER = { error: 0, warning: 1, info: 2 };
  var LONG_LINE = 80;   // as checker/model.py: deeper into a line than this, the place gives the character too

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function gradeClass(score) { return score >= 75 ? "grade-good" : score >= 60 ? "grade-mid" : "grade-bad"; }

  /* Scroll to a marked passage and outline every piece of it (overlapping findings split
     a passage into several marks). */
  function flash(box, id, first) {
    if (!first) { return; }
    first.scrollIntoView({ behavior: "auto", block: "center" });
    var pieces = box.querySelectorAll("mark");
    Array.prototype.forEach.call(pieces, function (piece) {
      if ((" " + piece.dataset.ids + " ").indexOf(" " + id + " ") < 0) { return; }
      piece.classList.add("flash");
      setTimeout(function () { piece.classList.remove("flash"); }, 1600);
    });
  }

  /* Where a part was found, as a reviewer would say it. */
  function placeOf(s) {
    if (!s.line) { return ""; }
    if (s.themes && s.themes.length) {
      return "按主题分列：" + s.themes.map(function (t) { return t.heading; }).join("；");
    }
    if (s.found_by === "content") { return "没有标题写明，内容写在“" + s.where.join(" › ") + "”中"; }
    if (s.where && s.where.length) { return s.where.join(" › "); }
    if (s.found_by === "position") { return (s.heading || "") + "（标题没有写明，按所在位置认定）"; }
    return s.heading || "";
  }

  /* The report text with findings and part headings marked; returns id → element. */
  function renderText(box, text, marks, prefix) {
    var cuts = [0, text.length];
    marks.forEach(function (m) { cuts.push(m.start, m.end); });
    cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    var anchors = {};
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1];
      if (from >= to) { continue; }
      var covering = marks.filter(function (m) { return m.start <= from && m.end >= to; });
      var piece = text.slice(from, to);
      if (!covering.length) { box.appendChild(document.createTextNode(piece)); continue; }
      var mark = el("mark", covering.map(function (m) { return m.cls; }).join(" "), piece);
      mark.dataset.ids = covering.map(function (m) { return m.id; }).join(" ");
      covering.forEach(function (m) {
        if (!anchors[m.id]) { anchors[m.id] = mark; mark.id = prefix + m.id; }
      });
      box.appendChild(mark);
    }
    return anchors;
  }

  function renderReport(root, report, pack, index) {
    var card = el("section", "card report");
    root.appendChild(card);
    card.appendChild(el("div", "pack", "文件：" + report.path));
    if (report.status !== "checked") {
      card.appendChild(el("div", "error-box", "无法读取：" + report.error));
      return;
    }
    var head = el("div", "report-head");
    var score = el("div", "score", report.score);
    score.appendChild(el("small", null, " / 100"));
    head.appendChild(score);
    head.appendChild(el("div", "grade " + gradeClass(report.score), report.grade));
    var meta = el("div", "meta");
    var m = report.meta;
    [["报告单位", m.issuer], ["报告年度", m.year], ["落款日期", m.signed_date], ["标题", m.title]].forEach(function (pair) {
      var line = el("div");
      line.appendChild(el("b", null, pair[0] + "："));
      line.appendChild(document.createTextNode(pair[1] === null || pair[1] === undefined ? "未识别" : pair[1]));
      meta.appendChild(line);
    });
    meta.appendChild(el("div", "hint", "以上由工具从报告中识别，如有误请检查报告的标题、开头和落款。"));
    (m.notices || []).forEach(function (notice) {
      meta.appendChild(el("div", "hint notice", "注意：" + notice));
    });
    head.appendChild(meta);
    card.appendChild(head);
    (report.score_caps || []).forEach(function (cap) {
      card.appendChild(el("div", "error-box cap", "得分封顶 " + cap.max + " 分：" + cap.reason));
    });
    if (pack) { card.appendChild(el("div", "pack", "规则包：" + pack.title + "（" + pack.id + " " + pack.version + "）")); }
    if (report.since) {   // --since: what became of the last round's findings
      var since = report.since;
      var round = el("div", "round-box", "与上次相比：上次 " + since.previous + " 条，已整改 " + since.fixed.length +
        " 条，未整改 " + since.unfixed + " 条，新问题 " + since.new + " 条");
      since.fixed.forEach(function (e) {
        round.appendChild(el("div", "fixed", "已整改：" + e.message + (e.excerpt ? "「" + e.excerpt + "」" : "")));
      });
      card.appendChild(round);
    }

    var partsCard = el("section", "card");
    partsCard.appendChild(el("h2", null, "五项内容"));
    var list = el("ul", "checklist");
    report.sections.forEach(function (s) {
      var item = el("li", "st-" + s.status);
      item.dataset.section = s.id;
      item.appendChild(el("span", "status", STATUS[s.status]));
      item.appendChild(document.createTextNode(s.name));
      if (s.heading_span) { item.dataset.target = "h-" + s.id; item.title = "点击查看原文位置"; }
      var place = placeOf(s);
      if (place) { item.appendChild(el("div", "place", place)); }
      list.appendChild(item);
    });
    (report.extra_parts || []).forEach(function (x) {
      var owner = report.sections.filter(function (s) { return s.id === x.taken_as; })[0];
      var item = el("li", "st-absent");
      item.appendChild(el("span", "status", "其他标题"));
      item.appendChild(document.createTextNode(x.heading));
      item.appendChild(el("div", "place", "第" + x.line + "行，" + (owner ? "计入“" + owner.name + "”" : "未归入规定的任何一项内容")));
      list.appendChild(item);
    });
    partsCard.appendChild(list);
    Object.keys(report.coverage || {}).forEach(function (ruleId) {
      var table = report.coverage[ruleId];
      var names = Object.keys(table.areas);
      var hits = names.filter(function (n) { return table.areas[n]; }).length;
      partsCard.appendChild(el("h2", "coverage-title", table.title + "（提及 " + hits + "/" + names.length + " 个方面）"));
      var areas = el("ul", "checklist coverage");
      names.forEach(function (n) {
        var item = el("li", table.areas[n] ? "st-ok" : "st-absent");
        item.appendChild(el("span", "status", table.areas[n] ? "✓" : "✗"));
        item.appendChild(document.createTextNode(n));
        areas.appendChild(item);
      });
      partsCard.appendChild(areas);
    });
    root.appendChild(partsCard);

    var columns = el("div", "columns");
    var left = el("section", "card");
    var right = el("section", "card");
    columns.appendChild(left);
    columns.appendChild(right);
    root.appendChild(columns);

    var findings = report.findings.slice().sort(function (a, b) {
      return (ORDER[a.level] - ORDER[b.level]) || ((a.line || 0) - (b.line || 0));
    });
    var counts = { error: 0, warning: 0, info: 0 };
    findings.forEach(function (f) { counts[f.level] += 1; });
    left.appendChild(el("h2", null, "问题（错误 " + counts.error + "，警告 " + counts.warning + "，提示 " + counts.info + "）"));
    var unit = m.line_unit || "行";
    var marks = [];
    var ol = el("ol", "findings");
    if (!findings.length) { left.appendChild(el("p", "empty", "没有发现问题。")); }
    findings.forEach(function (f, i) {
      var item = el("li", "finding lvl-" + f.level);
      item.appendChild(el("span", "badge", LEVEL[f.level]));
      if (f.certainty === "judgment") { item.appendChild(el("span", "badge judgment", "推断，请核对")); }
      if (f.round) { item.appendChild(el("span", "badge round-" + f.round, ROUND[f.round])); }
      if (f.line) { item.appendChild(el("span", "where", "第" + f.line + unit + (f.column > LONG_LINE ? "第" + f.column + "字" : ""))); }
      item.appendChild(document.createTextNode(f.message));
      (f.items || []).forEach(function (it) {
        item.appendChild(el("div", "excerpt", "第" + it.line + unit + "：「" + it.excerpt + "」"));
      });
      if (f.excerpt && !f.items) { item.appendChild(el("div", "excerpt", "原文：「" + f.excerpt + "」")); }
      if (f.looked_for) { item.appendChild(el("div", "basis", "查找的是：" + f.looked_for)); }
      if (f.basis && f.basis.text) { item.appendChild(el("div", "basis", "依据：" + f.basis.text + "（规则 " + f.rule + "）")); }
      if (f.span) {
        (f.items || []).slice(1).forEach(function (it, j) {   // a grouped finding marks each item it names
          marks.push({ start: it.span[0], end: it.span[1], id: "f" + i + "-" + (j + 1), cls: "lvl-" + f.level });
        });
        marks.push({ start: f.span[0], end: f.span[1], id: "f" + i, cls: "lvl-" + f.level });
        item.dataset.target = "f" + i;
        item.title = "点击查看原文位置";
      }
      ol.appendChild(item);
    });
    left.appendChild(ol);
    report.sections.forEach(function (s) {
      if (s.heading_span) { marks.push({ start: s.heading_span[0], end: s.heading_span[1], id: "h-" + s.id, cls: "heading" }); }
    });

    right.appendChild(el("h2", null, "报告原文（" + (report.meta.chars || 0) + " 字）"));
    var textBox = el("div", "report-text");
    textBox.id = "text-" + index;
    right.appendChild(textBox);
    var prefix = "r" + index + "-";
    var anchors = renderText(textBox, report.text || "", marks, prefix);
    root.querySelectorAll("[data-target]").forEach(function (node) {
      node.addEventListener("click", function () { flash(textBox, node.dataset.target, anchors[node.dataset.target]); });
    });
  }

  function renderAll(root, data) {
    while (root.firstChild) { root.removeChild(root.firstChild); }
    (data.reports || []).forEach(function (report, i) {
      var holder = el("div", "report-holder");
      root.appendChild(holder);
      renderReport(holder, report, data.rule_pack, i);
    });
  }

  return { renderAll: renderAll };
})();
