// The library's listing is asked for as the first of the app's modules runs. On a big folder
// the host takes a while to answer (it checks every file against its cache), and the rest of
// the modules, the app's state and its first render take as long again: asked here, the two
// overlap. main.ts imports this module first, so nothing but the host API's own modules runs
// before it.
import type { LibrarySnapshot } from '../src-main/api.ts';
import { missingToken, platform } from './platform.ts';

/** The listing asked for at once; null when the page is not signed in (every call would refuse). */
export const earlyListing: Promise<LibrarySnapshot> | null = missingToken ? null : platform.getLibrary();
// Its failure is the app's to show, when it takes the listing over.
earlyListing?.catch(() => {});
