// Two "machines" on one library folder (two web hosts, two --data folders, two browser
// profiles), as in annotation-files-two-hosts.spec.ts. B is typing a note when A's change to
// the same note arrives through the annotation files: B's text stays in its editor, A's is
// offered beside it, and each of the three buttons gives the note the user asked for — on B
// and, through the files, on A.
//
// B's clock is held while it types: the editor saves a pause after the last keystroke, and a
// note typed here is "being typed" only until then. Holding B's timers keeps the keystrokes
// unsaved, as a slower typist's would be, without making the test depend on timing.
import { expect, test, type Page } from '@playwright/test';
import { highlightTexts, openArticle, selectByKeyboard } from './harness.ts';
import { annotationPane, openAnnotationPane, twoMachines } from './twoMachines.ts';

const TITLE = '快多好省 敢为争先 安吉：全域竞掀高质量发展热潮';
const PASSAGE = '安吉入选';
const FIRST_NOTE = '最初的笔记';
const TYPED_ON_B = '乙机正在输入的笔记';
const EDITED_ON_A = '甲机刚改好的笔记';

const pane = annotationPane;
const editor = (page: Page) => pane(page).getByRole('textbox', { name: '笔记' });

/** Each machine signed in, on the article, its annotation pane open. */
async function openOnBoth({ hostA, hostB, a, b }: Awaited<ReturnType<typeof twoMachines>>): Promise<void> {
  await a.page.goto(hostA.url);
  await b.page.goto(hostB.url);
  await openArticle(a.page, TITLE, '简体');
  await openArticle(b.page, TITLE, '简体');
  await openAnnotationPane(a.page);
  await openAnnotationPane(b.page);
}

/** The note's text as the pane shows it (not editing). */
const shownNote = (page: Page) => pane(page).locator('.note-view').first().innerText();

const CHOICES = [
  // [button, the note it makes: written out by hand from the texts above, pressed while the editor still has focus]
  ['保留我的', TYPED_ON_B, false],
  ['采用另一台设备的', EDITED_ON_A, true],
  ['两者都保留（附在后面）', `${TYPED_ON_B}\n\n${EDITED_ON_A}`, false],
] as const;

for (const [button, expected, fromEditor] of CHOICES) {
  test(`a note typed on B while A’s change to it arrives: both kept and offered; “${button}” gives the note on both`, async () => {
    test.slow();
    const machines = await twoMachines('note-conflict');
    const { a, b } = machines;
    try {
      await b.context.clock.install();
      await openOnBoth(machines);

      // A highlights and notes; B sees both through the files.
      await selectByKeyboard(a.page, PASSAGE);
      await a.page.keyboard.press('h');
      await a.page.keyboard.press('n');
      await expect(editor(a.page)).toBeFocused();
      await a.page.keyboard.type(FIRST_NOTE);
      await a.page.keyboard.press('Escape');
      await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE]);
      await expect(pane(b.page)).toContainText(FIRST_NOTE, { timeout: 15_000 });

      // B starts typing over it, and its clock stops: the keystrokes are kept as a draft, not saved.
      await pane(b.page).getByRole('button', { name: '编辑笔记' }).click();
      await expect(editor(b.page)).toBeFocused();
      await b.page.clock.pauseAt(new Date(Date.now() + 1_000));
      await editor(b.page).press('ControlOrMeta+a');
      await b.page.keyboard.type(TYPED_ON_B);

      // A edits the same note meanwhile.
      await pane(a.page).getByRole('button', { name: '编辑笔记' }).click();
      await expect(editor(a.page)).toBeFocused();
      await editor(a.page).press('ControlOrMeta+a');
      await a.page.keyboard.type(EDITED_ON_A);
      await a.page.keyboard.press('Escape');
      await expect(shownNote(a.page)).resolves.toBe(EDITED_ON_A);

      // On B: its own text still in the editor, A's offered beside it with the three choices.
      const offer = pane(b.page).getByRole('group', { name: '另一台设备的版本' });
      await expect(offer).toBeVisible({ timeout: 15_000 });
      await expect(offer).toContainText(EDITED_ON_A);
      await expect(editor(b.page)).toHaveValue(TYPED_ON_B);
      for (const [name] of CHOICES) await expect(offer.getByRole('button', { name })).toBeEnabled();

      // B's clock runs again, on time with A's.
      await b.page.clock.setSystemTime(new Date());
      await b.page.clock.resume();
      if (fromEditor) {
        // Pressed with the mouse while still typing: the choice is made, and the editor shows it.
        await offer.getByRole('button', { name: button }).click();
        await expect(offer).toBeHidden();
        await expect(editor(b.page)).toHaveValue(expected);
        await b.page.keyboard.press('Escape');
        await expect(editor(b.page)).toBeHidden();
      } else {
        // Leaving the editor keeps the typing (saved as this machine's text); the offer stays until a choice.
        await b.page.keyboard.press('Escape');
        await expect(editor(b.page)).toBeHidden();
        await expect(offer).toBeVisible();
        await offer.getByRole('button', { name: button }).click();
        await expect(offer).toBeHidden();
      }
      await expect.poll(() => shownNote(b.page)).toBe(expected);
      // The choice travels: A's pane shows the same note.
      await expect.poll(() => shownNote(a.page), { timeout: 15_000 }).toBe(expected);

      machines.expectOnlyOwnHosts();
    } finally {
      await machines.close();
    }
  });
}

test('a note B paused over (its typing already saved, the editor still open) is not replaced by A’s change: both offered, and the choice leaves no warning', async () => {
  test.slow();
  const machines = await twoMachines('note-conflict-paused');
  const { a, b } = machines;
  try {
    await openOnBoth(machines);
    await selectByKeyboard(a.page, PASSAGE);
    await a.page.keyboard.press('h');
    await expect.poll(() => highlightTexts(b.page, 'pizhu-yellow'), { timeout: 15_000 }).toEqual([PASSAGE]);

    // B types and pauses, still in the editor: its note is saved and reaches A.
    await pane(b.page).getByRole('button', { name: '写笔记' }).click();
    await expect(editor(b.page)).toBeFocused();
    await b.page.keyboard.type(TYPED_ON_B);
    await expect(pane(a.page).locator('.note-view')).toHaveText(TYPED_ON_B, { timeout: 15_000 });
    await expect(editor(b.page)).toBeFocused();

    // A rewrites it.
    await pane(a.page).getByRole('button', { name: '编辑笔记' }).click();
    await editor(a.page).press('ControlOrMeta+a');
    await a.page.keyboard.type(EDITED_ON_A);
    await a.page.keyboard.press('Escape');

    // B's editor keeps B's text; A's is offered beside it.
    const offer = pane(b.page).getByRole('group', { name: '另一台设备的版本' });
    await expect(offer).toBeVisible({ timeout: 15_000 });
    await expect(offer).toContainText(EDITED_ON_A);
    await expect(editor(b.page)).toHaveValue(TYPED_ON_B);

    await offer.getByRole('button', { name: '两者都保留（附在后面）' }).click();
    await expect(offer).toBeHidden();
    const both = `${TYPED_ON_B}\n\n${EDITED_ON_A}`;
    await expect(editor(b.page)).toHaveValue(both);
    // Nothing is left unsaved: no warning under the editor.
    await expect(pane(b.page).locator('.note-status')).toHaveCount(0);
    await b.page.keyboard.press('Escape');
    await expect.poll(() => shownNote(b.page)).toBe(both);
    await expect.poll(() => shownNote(a.page), { timeout: 15_000 }).toBe(both);
    machines.expectOnlyOwnHosts();
  } finally {
    await machines.close();
  }
});
