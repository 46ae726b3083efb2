// The quote index's filters: words, speaker, outlet and dates narrow the items of a page.
// Everything runs on the page itself: no request leaves it, nothing is written into it as
// markup (only element visibility and one count, as text).
"use strict";

(function () {
  const form = document.getElementById("filters");
  if (!form) {
    return;
  }
  const field = (id) => document.getElementById(id);
  const words = field("f-words");
  const speaker = field("f-speaker");
  const outlet = field("f-outlet");
  const since = field("f-from");
  const until = field("f-to");
  const count = field("f-count");
  const items = Array.from(document.querySelectorAll(".item"));
  const fold = (text) => text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  // each item's words, folded once, when a search first needs them
  let texts = null;
  const wordsOf = (item) => {
    if (texts === null) {
      texts = new Map(items.map((one) => [one, fold(one.textContent || "")]));
    }
    return texts.get(item);
  };

  const value = (input) => (input && input.value ? input.value : "");
  const listed = (element, name) => (element.dataset[name] || "").split(" ")
    .filter((x) => x);

  // An element is in when one of its outlets is the one chosen and one of its days lies in
  // the range; an element without days is out as soon as a day is asked for.
  function inRange(element, from, to) {
    if (!from && !to) {
      return true;
    }
    return listed(element, "dates").some((day) => (!from || day >= from) && (!to || day <= to));
  }

  function matches(element, chosen, from, to) {
    return (!chosen || listed(element, "outlets").includes(chosen)) && inRange(element, from, to);
  }

  function apply() {
    const wanted = fold(value(words)).split(/\s+/).filter((w) => w);
    const who = value(speaker);
    const chosen = value(outlet);
    const from = value(since);
    const to = value(until);
    let shown = 0;
    for (const item of items) {
      let visible = (!who || item.dataset.speaker === who)
        && wanted.every((w) => wordsOf(item).includes(w));
      const parts = Array.from(item.querySelectorAll(".part"));
      if (visible && parts.length) {
        let any = false;
        for (const part of parts) {
          const keep = matches(part, chosen, from, to);
          part.hidden = !keep;
          any = any || keep;
        }
        visible = any;
      } else if (visible) {
        visible = matches(item, chosen, from, to);
      }
      item.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    }
    if (count) {
      count.textContent = `${shown} of ${items.length} shown`;
    }
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", () => window.setTimeout(apply, 0));
  // nothing is filtered yet: only the count (a browser that keeps what was typed on a
  // reload, or a page opened from history, is filtered at once)
  if (Array.from(form.elements).some((e) => e.value && e.type !== "reset")) {
    apply();
  } else if (count) {
    count.textContent = `${items.length} of ${items.length} shown`;
  }
})();
