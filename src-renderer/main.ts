// The page's entry, kept small: it asks the host for the listing (and a new folder's first
// screen) at once, then loads the app, whose code is most of what the page downloads and
// compiles before anything shows. The asking and that loading overlap; with the app's code in
// the entry, nothing was asked for until all of it had run.
import './styles/app.css';
import { DATABASE_NAME } from './db/database.ts';
import { listDigestName } from './db/listDigest.ts';
import { startEarly } from './earlyStart.ts';
import { missingToken, platform } from './platform.ts';

const target = document.getElementById('app');
if (!target) throw new Error('pizhu: #app element missing from index.html');

const early = missingToken ? null : startEarly(platform, typeof indexedDB === 'undefined' ? null : listDigestName(DATABASE_NAME));

import('./app.ts').then(
  ({ startApp }) => startApp(target, early),
  (error: unknown) => {
    // Nothing of the app runs to show it: say it plainly, in the three languages it speaks.
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = `批注无法载入 · 批註無法載入 · Pizhu could not load: ${error instanceof Error ? error.message : String(error)}`;
    target.replaceChildren(message);
  },
);
