// Plain text to the clipboard. The async Clipboard API first; Electron's locked-down session
// denies permission checks, so where it refuses, a hidden textarea and execCommand('copy')
// (allowed during the click that asked for it) do the same.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } finally {
      area.remove();
      focused?.focus();
    }
  }
}
