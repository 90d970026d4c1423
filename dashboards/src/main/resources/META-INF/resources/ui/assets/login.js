// The login form's script: a file of its own, as the pages' Content-Security-Policy allows no
// inline script.
import { csrfToken } from '/ui/assets/api.js';
const params = new URLSearchParams(location.search);
const message = document.getElementById('message');
if (params.has('error')) {
  message.textContent = 'Wrong user or password.';
  message.hidden = false;
} else if (params.has('logout')) {
  message.textContent = 'Logged out.';
  message.className = 'notice';
  message.hidden = false;
}
document.getElementById('login-form').addEventListener('submit', () => {
  document.getElementById('csrf').value = csrfToken();
});
