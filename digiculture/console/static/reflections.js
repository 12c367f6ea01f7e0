// The reflection page's keys (digiculture/console/reflections.py lists them): digits for the
// score, Enter saves and goes on, J/K next/previous, C the comment bank, Ctrl+Enter saves from
// the comment, Esc leaves it. Without this script the page is a plain form.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("grade");
  if (!form) { return; }
  const score = document.getElementById("score");
  const comment = document.getElementById("comment");
  const bank = document.getElementById("bank");
  const saved = document.getElementById("saved");
  const problem = document.getElementById("problem");

  // Said after the page is drawn, so that screen readers announce it.
  if (saved && saved.dataset.saved) {
    setTimeout(() => { saved.textContent = saved.dataset.saved; }, 100);
  }
  if (problem) { problem.setAttribute("tabindex", "-1"); }
  score.focus();
  score.select();

  function go(id) {
    const link = document.getElementById(id);
    if (link) { link.click(); }
  }

  let fromBank = "";
  function useBankComment() {
    const text = bank.value;
    if (!text) { return; }
    // The chosen comment replaces an empty comment or one chosen from the bank before.
    if (!comment.value.trim() || comment.value === fromBank) {
      comment.value = text;
    } else if (!comment.value.includes(text)) {
      comment.value = comment.value.trimEnd() + " " + text;
    }
    fromBank = comment.value;
  }
  bank.addEventListener("change", useBankComment);

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.metaKey || event.isComposing) { return; }
    const target = event.target;
    const key = event.key;
    if (target === comment) {
      if (key === "Enter" && event.ctrlKey) { event.preventDefault(); form.requestSubmit(); }
      else if (key === "Escape") { event.preventDefault(); score.focus(); }
      return;
    }
    if (event.ctrlKey) { return; }
    if (target === bank) {
      if (key === "Enter") { event.preventDefault(); useBankComment(); form.requestSubmit(); }
      else if (key === "Escape") { event.preventDefault(); score.focus(); }
      return;
    }
    const typing = target === score;
    const elsewhere = !typing && target.closest && target.closest("input, textarea, select");
    if (elsewhere) { return; }
    const lower = key.length === 1 ? key.toLowerCase() : key;
    if (lower === "j") { event.preventDefault(); go("next"); }
    else if (lower === "k") { event.preventDefault(); go("prev"); }
    else if (lower === "c") { event.preventDefault(); bank.focus(); }
    else if (!typing && /^[0-9]$/.test(key)) {
      event.preventDefault();
      score.value = key;
      score.focus();
    } else if (!typing && key === "Enter" && !target.closest("a, button, summary")) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
});
