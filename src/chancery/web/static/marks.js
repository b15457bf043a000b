// Scroll each article box on the event page to its first highlighted sentence.
(function () {
  "use strict";
  for (const box of document.querySelectorAll(".scroll-to-mark")) {
    const mark = box.querySelector(".ev, .ev-odd");
    if (mark) box.scrollTop = Math.max(0, mark.offsetTop - 40);
  }
})();
