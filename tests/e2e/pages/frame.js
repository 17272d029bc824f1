// Test page script: puts embed.html in an <iframe sandbox="allow-scripts"> (an opaque origin),
// with the embed query given as ?embed=..., records every message it posts to this page, and
// lets the test send messages to it (window.sendToEmbed). ?sibling=1 adds a second sandboxed
// frame that tries to drive the first one (it must be ignored: it is not the parent).
const params = new URLSearchParams(location.search);
const frame = document.createElement('iframe');
frame.setAttribute('sandbox', 'allow-scripts');
frame.setAttribute('title', 'GradLab');
frame.width = params.get('width') ?? '900';
frame.height = params.get('height') ?? '700';
frame.src = `/embed.html?${params.get('embed') ?? ''}${params.get('hash') ? `#${params.get('hash')}` : ''}`;
document.getElementById('slot').append(frame);
if (params.get('sibling')) {
  const sib = document.createElement('iframe');
  sib.setAttribute('sandbox', 'allow-scripts');
  sib.src = '/test/sibling.html';
  sib.width = '10';
  sib.height = '10';
  document.getElementById('slot').append(sib);
}
const out = document.getElementById('messages');
window.received = [];
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  window.received.push({ origin: e.origin, data: e.data });
  out.append(document.createTextNode(`${e.origin} ${JSON.stringify(e.data).slice(0, 300)}\n`));
});
window.sendToEmbed = (msg, origin = '*') => frame.contentWindow.postMessage(msg, origin);
