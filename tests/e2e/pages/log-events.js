// Test page script: every event the playground sends, and every CSP violation, as text lines.
const out = document.getElementById('events');
const line = (text) => out.append(document.createTextNode(`${text}\n`));
for (const type of ['ready', 'step', 'diverged', 'checkpoint', 'crash']) {
  document.addEventListener(`gradlab-${type}`, (e) => line(`${type} ${JSON.stringify(e.detail)}`));
}
document.addEventListener('securitypolicyviolation', (e) => line(`csp-violation ${e.violatedDirective} ${e.blockedURI}`));
window.gradlabEvents = () => out.textContent.split('\n').filter(Boolean);
