// app.js: sends the page's CSRF token with every htmx request (the server
// checks it on every state-changing request authenticated by cookie).
document.addEventListener("htmx:configRequest", function (evt) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    evt.detail.headers["X-CSRF-Token"] = meta.content;
  }
});

// surveys: a question with data-when-q / data-when-in shows only while the
// earlier question's answer is one of those values (the server drops the
// answers of hidden questions, so without this file nothing goes wrong).
(function () {
  function update(form) {
    form.querySelectorAll("[data-when-q]").forEach(function (fs) {
      var want = fs.getAttribute("data-when-in").split(",");
      var src = document.getElementById("q-" + fs.getAttribute("data-when-q"));
      var on = !!src && !src.hidden && Array.prototype.some.call(
        form.querySelectorAll('input[name="' + fs.getAttribute("data-when-q") + '"]:checked'),
        function (i) { return want.indexOf(i.value) >= 0; });
      if (fs.hidden !== !on) fs.hidden = !on;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.survey-form").forEach(function (f) {
      update(f);
      f.addEventListener("change", function () { update(f); });
    });
  });
})();
