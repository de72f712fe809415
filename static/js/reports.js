// The report list: the "write summary" link follows the period chosen in the select.
(function () {
  "use strict";
  const select = document.querySelector(".js-period");
  const link = document.querySelector(".js-summary-link");
  if (!select || !link) {
    return;
  }
  const update = () => {
    link.href = link.dataset.base.replace("PERIOD", encodeURIComponent(select.value));
  };
  select.addEventListener("change", update);
  update();
})();
