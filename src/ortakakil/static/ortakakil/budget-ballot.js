// The participatory-budgeting ballot's running total, from a file so that the
// Content-Security-Policy needs no inline script. The form works without it: the server
// checks the ballot and shows the same totals after each submission.
(function () {
  "use strict";

  function format(number) {
    var lang = document.documentElement.lang || "tr";
    try {
      return new Intl.NumberFormat(lang).format(number);
    } catch (error) {
      return String(number);
    }
  }

  function points(input) {
    if (input.type === "number") {
      var value = parseInt(input.value, 10);
      return isNaN(value) || value < 0 ? 0 : value;
    }
    return input.checked ? 1 : 0;
  }

  function update(form) {
    var cost = 0;
    var used = 0;
    var count = 0;
    form.querySelectorAll("input[data-cost]").forEach(function (input) {
      var given = points(input);
      var card = input.closest(".ballot-project");
      if (card) {
        card.classList.toggle("is-chosen", given > 0);
      }
      if (given > 0) {
        cost += parseInt(input.dataset.cost, 10) || 0;
        used += given;
        count += 1;
      }
    });
    var budget = parseInt(form.dataset.budget, 10) || 0;
    var total = form.querySelector("[data-ballot-cost]");
    if (total) {
      total.textContent = format(cost);
    }
    var pointsShown = form.querySelector("[data-ballot-points]");
    if (pointsShown) {
      pointsShown.textContent = format(used);
    }
    var countShown = form.querySelector("[data-ballot-count]");
    if (countShown) {
      countShown.textContent = format(count);
    }
    var over = form.querySelector("[data-ballot-over]");
    if (over) {
      over.hidden = cost <= budget;
    }
    var bar = form.querySelector(".ballot-bar");
    if (bar) {
      var limit = parseInt(form.dataset.points, 10);
      bar.classList.toggle("is-over", (form.hasAttribute("data-budget-limit") && cost > budget) || (!isNaN(limit) && used > limit));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ballot]").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  });
})();
