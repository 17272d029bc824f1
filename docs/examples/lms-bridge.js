// What an LMS page runs to record GradLab's results: it listens for the embed's messages from
// GradLab's origin only, and keeps the latest exercise result (here it only shows it; a real
// bridge sends it to the gradebook, e.g. an LTI Assignment and Grade Services call made by the
// LMS's own server, never by this page).
const GRADLAB = new URL(document.querySelector('iframe').src).origin;
const shown = document.getElementById('recorded');
window.gradlabMessages = [];
window.addEventListener('message', (event) => {
  if (event.origin !== GRADLAB || event.data?.source !== 'gradlab') return;
  window.gradlabMessages.push({ type: event.data.type, detail: event.data.detail });
  if (event.data.type !== 'exercise') return;
  const r = event.data.detail;
  shown.textContent = `Recorded: ${r.id}, attempt ${r.attempts}, ${r.passed ? 'passed' : 'not passed yet'} (${r.checks.filter((c) => c.passed).length} of ${r.checks.length} checks).`;
});
