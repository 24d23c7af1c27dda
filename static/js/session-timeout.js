// Warns a signed-in person before their session times out for lack of activity, and lets
// them stay signed in (ioi_planner/sessions.py ends the session on the server whatever
// happens here). Without JavaScript the dialog is never shown and the page works as before.
//
// The dialog is a modal <dialog>: the browser keeps focus inside it and Escape closes it
// (closing counts as staying signed in, the choice that loses nothing). Its countdown is
// announced when its wording changes ("2 minutes", "1 minute", "less than a minute"), not
// every second.

function phrase(dialog, seconds) {
  if (seconds >= 120) return dialog.dataset.minutes.replace("%s", Math.ceil(seconds / 60));
  if (seconds >= 60) return dialog.dataset.oneMinute;
  return dialog.dataset.underAMinute;
}

export function initSessionTimeout(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  const countdown = dialog.querySelector("[data-countdown]");
  const warning = Number(dialog.dataset.warningSeconds);
  // A second's grace, so that the server has surely ended the session when this says it has.
  const GRACE = 1000;
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000 + GRACE;
  let timer = null;

  function tick() {
    const left = Math.round((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      dialog.querySelector("[data-warning]").hidden = true;
      dialog.querySelector("[data-signed-out]").hidden = false;
      dialog.setAttribute("aria-labelledby", "session-signed-out-heading");
      if (!dialog.open) dialog.showModal();
      dialog.querySelector("[data-signed-out] a").focus();
      return;
    }
    if (left <= warning && !dialog.open) dialog.showModal();
    const text = phrase(dialog, left);
    if (countdown.textContent !== text) countdown.textContent = text;
  }

  async function staySignedIn(event) {
    if (event) event.preventDefault();
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(response.statusText);
      const answer = await response.json();
      endsAt = Date.now() + answer.seconds_left * 1000 + GRACE;
      if (dialog.open) dialog.close();
    } catch (error) {
      form.submit(); // the same form without the script: the page reloads, still signed in
    }
  }

  form.addEventListener("submit", staySignedIn);
  dialog.addEventListener("cancel", (event) => {
    // Escape: stay signed in, unless the session has already ended.
    if (dialog.querySelector("[data-signed-out]").hidden) staySignedIn(event);
  });
  timer = setInterval(tick, 1000);
  tick();
}
