import { expect, type Locator, type Page } from '@playwright/test';

/** Playwright's own notice when a test blocks service workers (playwright.config.ts), not the page's. */
const HARNESS_NOTICE = 'Service Worker registration blocked by Playwright';

/**
 * The console messages of the given types the page logs from now on (and, with `pageErrors`, its
 * uncaught errors), less Playwright's notice that the test blocks the service worker.
 */
export function watchConsole(
  page: Page,
  types: readonly string[] = ['warning', 'error'],
  pageErrors = false,
): string[] {
  const out: string[] = [];
  page.on('console', (m) => {
    if (types.includes(m.type()) && m.text() !== HARNESS_NOTICE) out.push(m.text());
  });
  if (pageErrors) page.on('pageerror', (e) => out.push(e.message));
  return out;
}

/** The file names of the scripts the page asks for from now on (`index-….js`, `Lab-….js`, `registerSW.js`). */
export function watchScripts(page: Page): string[] {
  const out: string[] = [];
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (file.endsWith('.js')) out.push(file);
  });
  return out;
}

/** The page, seen the way a user (or a screen reader) finds things on it. */
export class LabPage {
  /** The button that opens the editor's drawer, and the drawer (a dialog of that name). */
  readonly editorButton: Locator;
  readonly drawer: Locator;
  readonly editor: Locator;
  readonly runButton: Locator;
  readonly status: Locator;
  readonly steps: Locator;
  readonly stepTitles: Locator;
  readonly stepResults: Locator;
  readonly currentStep: Locator;
  readonly position: Locator;
  readonly stepHeading: Locator;
  readonly events: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.editorButton = page.getByRole('button', { name: 'Edit the scenario', exact: true });
    this.drawer = page.getByRole('dialog', { name: 'Edit the scenario' });
    this.editor = page.getByLabel('Scenario (JSON)');
    this.runButton = page.getByRole('button', { name: 'Run', exact: true });
    this.status = page.getByRole('status');
    const list = page.getByRole('list', { name: 'Steps' });
    this.steps = list.getByRole('listitem');
    this.stepTitles = list.getByTestId('step-title');
    this.stepResults = list.getByTestId('step-result');
    this.currentStep = list.locator('[aria-current="step"]');
    this.position = page.getByTestId('step-position');
    this.stepHeading = page.getByRole('heading', { level: 2, name: /^Step \d+:/ });
    this.events = page.getByRole('list', { name: 'Events' }).getByRole('listitem');
    this.problems = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');
  }

  /**
   * Opens the page as a first visit does (the start view) and chooses to write one's own scenario: the
   * example runs, and the editor's drawer opens on it. The drawer is then closed, as a user does to look
   * at the run; `run()` opens it again.
   */
  async goto(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: 'Write your own scenario' }).click();
    await expect(this.drawer).toBeVisible();
    await this.closeEditor();
  }

  /** Opens the editor's drawer with its button, unless it is open. */
  async openEditor(): Promise<void> {
    if (await this.drawer.isVisible()) return;
    await this.editorButton.click();
    await expect(this.drawer).toBeVisible();
  }

  /** Closes the drawer with its ✕, unless it is closed. */
  async closeEditor(): Promise<void> {
    if (!(await this.drawer.isVisible())) return;
    await this.drawer.getByRole('button', { name: 'Close the editor' }).click();
    await expect(this.drawer).toBeHidden();
  }

  /**
   * Runs the scenario (`text` first typed in as its JSON) from the editor's drawer, and leaves the drawer
   * as it found it: a user who opened it to run closes it to look at the run.
   */
  async run(text?: string): Promise<void> {
    const wasOpen = await this.drawer.isVisible();
    await this.openEditor();
    if (text !== undefined) await this.editor.fill(text);
    await this.runButton.click();
    if (!wasOpen) await this.closeEditor();
  }

  nav(name: 'First' | 'Prev' | 'Next' | 'Last'): Locator {
    return this.page
      .getByRole('group', { name: 'Step navigation' })
      .getByRole('button', { name, exact: true });
  }

  /** Moves focus out of the editor to the page itself, where the step keys apply. */
  async focusPage(): Promise<void> {
    await this.page.getByRole('heading', { name: 'Steps', exact: true }).click();
  }
}
