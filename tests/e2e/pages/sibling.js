// A sibling frame (not the embed's parent) that keeps telling the embed to play. It must be ignored.
let n = 0;
const timer = setInterval(() => {
  try {
    window.parent.frames[0].postMessage({ source: 'gradlab', type: 'command', command: 'play' }, '*');
  } catch {
    // nothing
  }
  if (++n > 20) clearInterval(timer);
}, 100);
