// Small behaviours of forms, from a file so that the Content-Security-Policy needs no inline script.
// A form marked data-reset-after-request empties itself once htmx has sent it successfully
// (the phone page: the next idea starts from a blank form).
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.target.closest && event.target.closest("form[data-reset-after-request]");
  if (form && event.detail.successful) {
    form.reset();
  }
});
