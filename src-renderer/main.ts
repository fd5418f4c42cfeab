import { earlyListing } from './earlyListing.ts';
import { mount } from 'svelte';
import App from './App.svelte';
import { hostKind, missingToken, platform } from './platform.ts';
import { AppState } from './state/app.svelte.ts';
import { pageWorkers } from './workers/spawn.ts';
import './styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('pizhu: #app element missing from index.html');

const app = new AppState(platform, undefined, hostKind, pageWorkers);
if (!missingToken) app.prefetch(earlyListing ?? undefined);

export default mount(App, { target, props: { app, missingToken } });
