/* Checkout on a phone: focus the error summary after a failed submit, and fill the
   commune list as soon as the province changes. Without this file the summary is
   still first on the page and the "Show communes" button reloads the form. */
(function () {
  "use strict";

  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  var form = document.querySelector("form.checkout-form");
  if (!form || !window.fetch) {
    return;
  }
  var summaryUrl = form.getAttribute("data-summary-url");
  var communeButton = form.querySelector("button[name=pick_commune]");
  var placeButton = form.querySelector("button[name=place]");

  function busy(on) {
    // No order is placed on fees the buyer has not seen yet.
    if (placeButton) {
      placeButton.disabled = on;
    }
  }

  // Fetch the order summary priced for the chosen commune and delivery choices, and
  // swap it in; on failure keep the page as it is (the button still works).
  function refreshSummary() {
    var communeSelect = form.querySelector("select[name=commune]");
    var current = document.getElementById("checkout-summary");
    if (!summaryUrl || !current || !communeSelect || !communeSelect.value) {
      return;
    }
    var query = ["commune=" + encodeURIComponent(communeSelect.value)];
    current.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      query.push(encodeURIComponent(radio.name) + "=" + encodeURIComponent(radio.value));
    });
    current.setAttribute("aria-busy", "true");
    busy(true);
    fetch(summaryUrl + "?" + query.join("&"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#checkout-summary");
        if (fresh) {
          current.replaceWith(fresh);
        }
        busy(false);
      })
      .catch(function () {
        current.removeAttribute("aria-busy");
        busy(false);
        if (communeButton) {
          communeButton.hidden = false;
        }
      });
  }

  if (communeButton) {
    communeButton.hidden = true;
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "commune") {
      refreshSummary();
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "radio" && target.name.indexOf("delivery-") === 0) {
      refreshSummary();
    }
  });

  var province = form.querySelector("select[name=province]");
  var commune = form.querySelector("select[name=commune]");
  var button = form.querySelector("button[name=pick_province]");
  var url = form.getAttribute("data-communes-url");
  if (!province || !commune || !url) {
    return;
  }
  if (button) {
    button.hidden = true;
  }

  function fill(communes) {
    var empty = commune.options[0] && commune.options[0].value === "" ? commune.options[0] : null;
    commune.textContent = "";
    if (empty) {
      commune.appendChild(empty);
    }
    communes.forEach(function (item) {
      var option = document.createElement("option");
      option.value = String(item.id);
      option.textContent = item.name;
      commune.appendChild(option);
    });
    commune.value = "";
    commune.disabled = false;
    commune.removeAttribute("aria-busy");
  }

  province.addEventListener("change", function () {
    if (!province.value) {
      fill([]);
      return;
    }
    commune.disabled = true;
    commune.setAttribute("aria-busy", "true");
    fetch(url + "?province=" + encodeURIComponent(province.value), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        fill(data.communes || []);
      })
      .catch(function () {
        // The network failed: give the buyer the button that works without this script.
        commune.disabled = false;
        commune.removeAttribute("aria-busy");
        if (button) {
          button.hidden = false;
        }
      });
  });
})();
