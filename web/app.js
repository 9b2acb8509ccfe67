// app.js: sends the page's CSRF token with every htmx request (the server
// checks it on every state-changing request authenticated by cookie).
document.addEventListener("htmx:configRequest", function (evt) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    evt.detail.headers["X-CSRF-Token"] = meta.content;
  }
});
