// Keeps a "Preparing your document" page up to date without reloading it: asks the page's
// JSON view for the job's progress every few seconds, moves the progress bar and rewrites the
// stage (a polite live region, so a screen reader hears each new stage once, not every poll).
// When the job has finished, the page is loaded again, now showing the file or what went wrong.
//
// Without JavaScript the page refreshes itself instead (a <meta> refresh inside <noscript>),
// and offers a link to stop it; that paragraph is hidden here, as it does not apply.

export function initJobProgress(root) {
  if (!root || !window.fetch) return;
  const bar = root.querySelector("progress");
  const stage = root.querySelector("[role=status]");
  const seconds = Number(root.dataset.seconds) || 3;
  root.querySelectorAll("[data-no-js-only]").forEach((element) => {
    element.hidden = true;
  });

  async function check() {
    let state;
    try {
      const response = await fetch(root.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      state = await response.json();
    } catch (error) {
      // A missed answer (the network, a restart): try again at the next tick.
      window.setTimeout(check, seconds * 1000);
      return;
    }
    if (state.finished) {
      window.location.reload();
      return;
    }
    if (state.percent === null) {
      bar.removeAttribute("value"); // the total is not known yet: the bar shows work going on
      bar.textContent = "";
    } else {
      bar.value = state.percent;
      bar.textContent = `${state.percent}%`;
    }
    const text = state.status === "queued" ? root.dataset.waiting : state.stage;
    if (text && stage.textContent.trim() !== text) stage.textContent = text;
    window.setTimeout(check, seconds * 1000);
  }

  window.setTimeout(check, seconds * 1000);
}
