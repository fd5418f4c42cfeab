// The page's entry, kept small: it asks the host for the listing (and a new folder's first
// screen) and reads the list's cached headers at once, then loads the app, whose code is most
// of what the page downloads and compiles before anything shows. The asking and that loading
// overlap.
import './styles/app.css';
import { DATABASE_NAME } from './db/database.ts';
import { listDigestName } from './db/listDigest.ts';
import { startEarly } from './earlyStart.ts';
import { missingToken, platform } from './platform.ts';

const target = document.getElementById('app');
if (!target) throw new Error('pizhu: #app element missing from index.html');

let early = missingToken ? null : startEarly(platform, typeof indexedDB === 'undefined' ? null : listDigestName(DATABASE_NAME));

import('./app.ts')
  .then(({ startApp }) => {
    // Handed over once: what the app does not keep (the cached headers, once shown) is then let go.
    const handed = early;
    early = null;
    startApp(target, handed);
  })
  .catch((error: unknown) => {
    console.error('pizhu: the app could not start', error);
    showLoadFailure(target, error);
  });

// ICU sets up number formatting on first use, which was inside the list's first render (its
// rows show each article's length): done now instead, while the app's code is arriving. Most of
// that setup is shared by every locale; this is the UI's default language.
new Intl.NumberFormat('zh-Hans').format(0);

/** Nothing of the app runs to say so: the message is plain DOM, in the three languages the app speaks. */
function showLoadFailure(into: HTMLElement, error: unknown): void {
  const alert = document.createElement('div');
  alert.className = 'load-failure';
  alert.setAttribute('role', 'alert');
  const say = (lang: string, text: string) => {
    const line = document.createElement('p');
    line.lang = lang;
    line.textContent = text;
    alert.append(line);
  };
  say('zh-Hans', '批注无法加载，请重新加载页面。');
  say('zh-Hant', '批注無法載入，請重新載入頁面。');
  say('en', 'Pizhu could not load. Reload the page to try again.');
  const detail = document.createElement('p');
  detail.className = 'load-failure-detail';
  detail.lang = 'en';
  detail.textContent = error instanceof Error ? error.message : String(error);
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = '重新加载 · 重新載入 · Reload';
  reload.addEventListener('click', () => location.reload());
  alert.append(detail, reload);
  into.replaceChildren(alert);
}
