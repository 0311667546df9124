// Times shown in the reader's own time zone, and forms that send dates typed in it say
// how far that zone is from UTC (the server keeps UTC).
(function () {
  var fmt = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"});
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (!isNaN(when)) { el.textContent = fmt.format(when); }
  });
  document.querySelectorAll("form[data-tz] input[name=tz_offset]").forEach(function (el) {
    el.value = String(new Date().getTimezoneOffset());
  });
})();
