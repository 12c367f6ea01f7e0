// The console's small scripts: a progress bar that polls a JSON address while a long action
// runs (grading). Every page works without them; they only spare the facilitator reloading.
"use strict";

function consoleXsrf() {
  const meta = document.querySelector('meta[name="xsrf"]');
  return meta ? meta.content : "";
}

// <div data-progress-url="..."> with a <progress> and a <p role="status"> inside: asks the
// address every second and shows {done, total, message, finished} until finished.
function consolePoll(box) {
  const bar = box.querySelector("progress");
  const status = box.querySelector("[role=status]");
  const url = box.dataset.progressUrl;
  async function ask() {
    let data;
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-XSRFToken": consoleXsrf() },
      });
      data = await response.json();
    } catch (error) {
      setTimeout(ask, 2000);
      return;
    }
    if (bar && data.total) { bar.max = data.total; bar.value = data.done; }
    if (status && data.message) { status.textContent = data.message; }
    if (data.finished) {
      box.dataset.finished = "true";
      if (data.report_html) {
        const report = document.createElement("div");
        report.className = "report";
        report.innerHTML = data.report_html;
        box.appendChild(report);
      }
      return;
    }
    setTimeout(ask, 1000);
  }
  ask();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-progress-url]").forEach(consolePoll);
  const alert = document.querySelector("main [role=alert], main .report");
  if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
});
