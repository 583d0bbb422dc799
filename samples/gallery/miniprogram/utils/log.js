// Every gallery page keeps the last few events it received, so you can see what a
// component sends: its type and its detail, as the logic layer got them.
const KEEP = 6;
let seq = 0;

function describe(detail) {
  if (detail === undefined) return 'undefined';
  try {
    return JSON.stringify(detail);
  } catch (err) {
    return String(detail);
  }
}

// Call as `logEvent(this, 'switch', e)` from any handler.
function logEvent(page, label, e) {
  seq += 1;
  const entry = { id: seq, label, type: e.type, detail: describe(e.detail) };
  page.setData({ events: [entry].concat(page.data.events || []).slice(0, KEEP) });
  return entry;
}

module.exports = { logEvent };
