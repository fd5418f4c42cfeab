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

/**
 * What a selection shows, without the ruby readings drawn over it: copying 透过 with 拼音 on
 * gives 透过, not 透过guò. Null when the selection holds no reading (the browser's own copy is right).
 */
export function selectionTextWithoutReadings(selection: Selection | null): string | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const parts: string[] = [];
  let readings = false;
  for (let i = 0; i < selection.rangeCount; i++) {
    const fragment = selection.getRangeAt(i).cloneContents();
    const drop = fragment.querySelectorAll('rt, rp');
    if (drop.length > 0) readings = true;
    for (const el of drop) el.remove();
    parts.push(fragment.textContent ?? '');
  }
  return readings ? parts.join('') : null;
}

/** A copy handler for text drawn with readings: puts the selection without them on the clipboard. */
export function copyWithoutReadings(event: ClipboardEvent): void {
  const text = selectionTextWithoutReadings(document.getSelection());
  if (text === null || !event.clipboardData) return;
  event.clipboardData.setData('text/plain', text);
  event.preventDefault();
}
