// Renderer placeholder: the details window arrives with the desktop issue.
const app = document.getElementById('app');
if (app) app.textContent = 'Proxy-Seller Traffic Tray: details window coming with the desktop issue.';
