/* The checkout page's card form (templates/marketplace/checkout.html, docs/decisions/0044-checkout-page.md).
   Everything comes from data- attributes of #checkout-form, words included (no inline script: strict CSP; no
   English here: the page is translated). Steps:
   1. Stripe.js saves the card on the SetupIntent (confirmCardSetup; 3-D Secure happens there when the bank asks).
   2. POST card-saved: the server checks the SetupIntent with Stripe and answers {kind, client_secret, error, redirect}.
      kind "authenticate": the held payment needs 3-D Secure: confirmCardPayment, then POST authenticated.
      kind "card": try again (error says why) with a fresh card form for the new client secret.
      kind "done": go to the receipt.
   A Stripe.js error (a declined card...) is shown as Stripe words it, and the server is asked for the form to use
   next: a declined SetupIntent may be finished, and the server then starts a new one. */
(function () {
  "use strict";

  var form = document.getElementById("checkout-form");
  if (!form) { return; }
  var data = form.dataset;
  var button = document.getElementById("checkout-submit");
  var spinner = document.getElementById("checkout-spinner");
  var status = document.getElementById("checkout-status");
  var alertBox = document.getElementById("checkout-error");
  var mountPoint = document.getElementById("card-element");
  var clientSecret = data.clientSecret;
  var stripe = null;
  var card = null;

  function showError(message) {
    alertBox.textContent = message || data.textError;
    alertBox.hidden = false;
  }

  function clearError() {
    alertBox.hidden = true;
    alertBox.textContent = "";
  }

  function busy(isBusy, message) {
    button.disabled = isBusy;
    spinner.hidden = !isBusy;
    form.setAttribute("aria-busy", isBusy ? "true" : "false");
    status.textContent = message || "";
  }

  /* Stripe Elements takes its colours from the page, so the field reads well in dark mode too. */
  function cardStyle() {
    var css = window.getComputedStyle(mountPoint);
    return {
      base: { color: css.color, fontFamily: css.fontFamily, fontSize: "16px", "::placeholder": { color: css.color } },
      invalid: { color: "#dc3545" }
    };
  }

  function mountCard() {
    if (card) { card.destroy(); }
    mountPoint.textContent = "";
    card = stripe.elements().create("card", { style: cardStyle(), hidePostalCode: false });
    card.mount(mountPoint);
    // localstripe's offline shim draws plain inputs; give them the page's look (real Stripe.js uses an iframe).
    Array.prototype.forEach.call(mountPoint.querySelectorAll("input"), function (input) {
      input.classList.add("netfix-card-input");
      input.setAttribute("aria-label", input.getAttribute("placeholder") || "");
    });
  }

  function setupIntentId(secret) {
    return (secret || "").split("_secret_")[0];
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrfToken, "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return { kind: "error", error: data.textError }; });
    });
  }

  /* Act on the server's answer; ``stripeMessage`` (if any) is shown instead of the server's generic words. */
  function follow(answer, stripeMessage) {
    if (answer.kind === "done") {
      busy(true, data.textDone);
      window.location.assign(answer.redirect || data.receiptUrl);
      return null;
    }
    if (answer.kind === "authenticate") {
      busy(true, data.textAuthenticating);
      return stripe.confirmCardPayment(answer.client_secret).then(function () {
        // Whatever Stripe.js says, the server reads the PaymentIntent itself and decides.
        return post(data.authenticatedUrl).then(function (next) { return follow(next); });
      });
    }
    if (answer.kind === "card") {
      if (answer.client_secret && answer.client_secret !== clientSecret) {
        clientSecret = answer.client_secret;
        mountCard();
      }
      busy(false);
      showError(stripeMessage || answer.error);
      return null;
    }
    busy(false);
    showError(answer.error || stripeMessage);
    if (answer.redirect) { window.location.assign(answer.redirect); }
    return null;
  }

  function submit(event) {
    event.preventDefault();
    if (button.disabled) { return; }
    clearError();
    busy(true, data.textProcessing);
    stripe.confirmCardSetup(clientSecret, { payment_method: { card: card } })
      .then(function (result) {
        var message = result && result.error ? (result.error.message || data.textError) : "";
        var id = result && result.setupIntent ? result.setupIntent.id : setupIntentId(clientSecret);
        return post(data.cardSavedUrl, { setup_intent: id }).then(function (answer) { return follow(answer, message); });
      })
      .catch(function () {
        busy(false);
        showError(data.textError);
      });
  }

  if (typeof window.Stripe !== "function") {
    showError(data.textLoadError);
    return;
  }
  stripe = window.Stripe(data.publishableKey);
  mountCard();
  form.addEventListener("submit", submit);
  busy(false);
})();
