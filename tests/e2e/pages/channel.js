// Test page script: embed.html in an <iframe sandbox="allow-scripts"> (query from ?embed=...),
// and a second sandboxed frame (relay.html) that forwards whatever this page gives it to the
// embed, as another frame on the page could. Records every message the embed posts here.
//   window.sendToEmbed(msg)      this page (the embed's parent) → the embed
//   window.sendFromSibling(msg)  the other frame → the embed
const params = new URLSearchParams(location.search);
const embed = document.createElement('iframe');
embed.setAttribute('sandbox', 'allow-scripts');
embed.setAttribute('title', 'GradLab');
embed.width = '900';
embed.height = '700';
embed.src = `/embed.html?${params.get('embed') ?? ''}`;
const relay = document.createElement('iframe');
relay.setAttribute('sandbox', 'allow-scripts');
relay.setAttribute('title', 'another frame');
relay.src = '/test/relay.html';
relay.width = '10';
relay.height = '10';
document.getElementById('slot').append(embed, relay);
window.received = [];
window.addEventListener('message', (e) => {
  if (e.source === embed.contentWindow) window.received.push({ origin: e.origin, data: e.data });
});
window.sendToEmbed = (msg) => embed.contentWindow.postMessage(msg, '*');
window.sendFromSibling = (msg) => relay.contentWindow.postMessage(msg, '*');
