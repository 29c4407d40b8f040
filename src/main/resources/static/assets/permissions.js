// While a request waits for its holder, ask every 10 seconds (for at most 10 minutes) whether the holder has
// answered, and show the page anew when it has. Without script the page is the same, only not refreshed.
(function () {
  var waiting = document.querySelectorAll('[data-waiting-holder]');
  if (waiting.length === 0) {
    return;
  }
  var holders = Array.prototype.map.call(waiting, function (element) {
    return element.getAttribute('data-waiting-holder');
  });
  var url = document.body.getAttribute('data-states-url');
  var tries = 0;
  var timer = setInterval(function () {
    tries += 1;
    if (tries > 60) {
      clearInterval(timer);
      return;
    }
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (states) {
        var answered = holders.some(function (holder) {
          return states[holder] && states[holder] !== 'proposed';
        });
        if (answered) {
          clearInterval(timer);
          window.location.reload();
        }
      });
  }, 10000);
}());
