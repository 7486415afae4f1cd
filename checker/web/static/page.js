/* The upload page: sends the file or pasted text to /api/check and shows the result with
   ReportView (the same renderer as the downloadable result file). */
(function () {
  "use strict";
  var results = document.getElementById("results");
  var message = document.getElementById("message");
  var exportRow = document.getElementById("export-row");
  var packSelect = document.getElementById("pack");
  var drop = document.getElementById("drop");
  var last = null;
  var source = null;   // what was checked last (a file or pasted text): checked again when the pack changes

  function say(text, busy) {
    message.textContent = text || "";
    message.className = "message" + (busy ? " busy" : "");
  }

  /* The report (file or pasted text) and the chosen pack, as the server's upload routes take them. */
  function formOf(fill) {
    var form = new FormData();
    fill(form);
    form.append("pack", packSelect.value);
    return form;
  }

  function send(fill) {
    source = fill;
    say("正在检查……", true);
    fetch("/api/check", { method: "POST", body: formOf(fill) })
      .then(function (response) {
        return response.json()
          .catch(function () {   /* the server refused before the application saw the request */
            return { error: response.status === 413 ? "文件过大（上限 " + maxMB() + " MB）" : "检查失败（HTTP " + response.status + "）" };
          })
          .then(function (data) { return [response, data]; });
      })
      .then(function (pair) {
        var data = pair[1];
        if (data.reports) {
          last = data;
          ReportView.renderAll(results, data);
          var report = data.reports[0];
          say(report.status === "checked" ? "" : "无法读取：" + report.error);
          exportRow.hidden = report.status !== "checked";
          results.scrollIntoView({ behavior: "auto", block: "start" });
        } else {
          say(data.error || "检查失败");
        }
      })
      .catch(function () { say("检查失败：无法连接本机服务，请确认 report-check serve 仍在运行"); });
  }

  function maxMB() { return Math.round(Number(drop.dataset.maxBytes) / 1048576); }

  function sendFile(file) {
    if (!file) { return; }
    if (file.size > Number(drop.dataset.maxBytes)) { say("文件过大（上限 " + maxMB() + " MB）：" + file.name); return; }
    send(function (form) { form.append("file", file, file.name); });
  }

  document.getElementById("file").addEventListener("change", function (event) {
    sendFile(event.target.files[0]);
    event.target.value = "";
  });
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) { sendFile(event.dataTransfer.files[0]); });
  document.getElementById("check").addEventListener("click", function () {
    var text = document.getElementById("text").value;
    if (!text.trim()) { say("请先粘贴报告文字"); return; }
    send(function (form) { form.append("text", text); });
  });
  packSelect.addEventListener("change", function () {
    document.getElementById("template-pack").value = packSelect.value;
    if (source) { send(source); }
  });
  /* The name the server gives a download (报告-检查结果.html), or `fallback`. */
  function nameOf(response, fallback) {
    var named = /filename\*=UTF-8''([^;]+)/.exec(response.headers.get("Content-Disposition") || "");
    return named ? decodeURIComponent(named[1]) : fallback;
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.getElementById("export").addEventListener("click", function () {
    if (!last) { return; }
    fetch("/api/export", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(last) })
      .then(function (response) {
        return response.blob().then(function (blob) { save(blob, nameOf(response, "检查结果.html")); });
      });
  });
  document.getElementById("annotated").addEventListener("click", function () {
    if (!source) { return; }
    say("正在生成批注版 Word……", true);
    fetch("/api/annotated", { method: "POST", body: formOf(source) })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (data) { throw new Error(data.error || "生成失败"); });
        }
        return response.blob().then(function (blob) {
          save(blob, nameOf(response, "检查意见.docx"));
          say("");
        });
      })
      .catch(function (error) { say(error.message || "生成失败"); });
  });
})();
