/* Payment page: opens Razorpay's checkout (checkout.js, loaded only on this page) and
   posts its result to the server, which verifies the signature and enrolls. */
(function () {
  "use strict";

  function start() {
    var root = document.getElementById("razorpay-checkout");
    if (!root) return;
    var button = root.querySelector("[data-razorpay-pay]");
    var errorBox = root.querySelector("[data-razorpay-error]");
    var data = root.dataset;

    function showError(message) {
      errorBox.textContent = message;
      errorBox.hidden = false;
      button.disabled = false;
    }

    function verify(result) {
      button.disabled = true;
      fetch(data.verifyUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf, Accept: "application/json" },
        body: JSON.stringify({
          razorpay_order_id: result.razorpay_order_id,
          razorpay_payment_id: result.razorpay_payment_id,
          razorpay_signature: result.razorpay_signature,
        }),
      })
        .then(function (response) {
          if (!response.ok) throw new Error("verify " + response.status);
          window.location.assign(data.receiptUrl);
        })
        .catch(function () {
          showError(data.errorVerify);
        });
    }

    button.addEventListener("click", function () {
      if (typeof window.Razorpay !== "function") {
        showError(data.errorUnavailable);
        return;
      }
      errorBox.hidden = true;
      var checkout = new window.Razorpay({
        key: data.key,
        order_id: data.orderId,
        amount: data.amount,
        currency: data.currency,
        name: data.name,
        description: data.description,
        prefill: { email: data.email, name: data.fullName },
        handler: verify,
        modal: { ondismiss: function () { button.disabled = false; } },
      });
      checkout.on("payment.failed", function () {
        showError(data.errorFailed);
      });
      button.disabled = true;
      checkout.open();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
