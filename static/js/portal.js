// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js-enabled");
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.classList && el.classList.contains("js-autosubmit") && el.form) {
    el.form.submit();
  }
});
// htmx sends Django's CSRF token with every request.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.value;
  }
});
// A form marked data-busy="…" that takes a while (a report rendered in-process on the
// embedded defaults): its button says so and cannot be pressed twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const text = form.dataset ? form.dataset.busy : "";
  const button = event.submitter || form.querySelector("[type=submit]");
  if (!text || !button || event.defaultPrevented) {
    return;
  }
  const spinner = document.createElement("span");
  spinner.className = "spinner-border spinner-border-sm me-1";
  spinner.setAttribute("aria-hidden", "true");
  button.replaceChildren(spinner, document.createTextNode(text));
  button.setAttribute("aria-busy", "true");
  form.setAttribute("aria-busy", "true");
  // The button has no name, so disabling it takes nothing from the form's data.
  button.disabled = true;
});
