// Starts GOV.UK Frontend. Loaded with <script type="module">, so it runs only in
// browsers that support ES modules, which are the browsers GOV.UK Frontend 5
// supports; older browsers keep the plain, working HTML.
//
// This replaces the inline script in GOV.UK's page template: the site's
// Content-Security-Policy allows no inline script.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initJobProgress } from "./job-progress.js";
import { initSessionTimeout } from "./session-timeout.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
initSessionTimeout(document.getElementById("session-timeout"));
initJobProgress(document.querySelector("[data-module=app-job-progress]"));
