// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { closeEditor, drawerStore, goTo, goToProblem, OPENER_ID, openEditor, returnFocus } from './drawer';

afterEach(() => {
  closeEditor();
  document.body.replaceChildren();
});

describe("the editor drawer's state", () => {
  it('goes to the form for a field the form shows, and to the JSON text otherwise', () => {
    goToProblem('$.steps[1].addr');
    expect(drawerStore.getState()).toMatchObject({
      open: true,
      tab: 'form',
      goal: { path: '$.steps[1].addr', tab: 'form' },
    });
    goToProblem('$.narration[0].step');
    expect(drawerStore.getState()).toMatchObject({ tab: 'json', goal: { path: '$.narration[0].step' } });
    goToProblem('$');
    expect(drawerStore.getState().tab).toBe('json');
    // Two clicks on one problem are two goals.
    const first = drawerStore.getState().goal;
    goTo('$', 'json');
    expect(drawerStore.getState().goal).not.toBe(first);
  });

  it('forgets the goal on closing, and gives focus back to where it was, else to the opener', () => {
    const opener = Object.assign(document.createElement('button'), { id: OPENER_ID });
    const problem = document.createElement('button');
    document.body.append(opener, problem);
    problem.focus();
    goToProblem('$.steps[0].addr');
    closeEditor();
    expect(drawerStore.getState()).toMatchObject({ open: false, goal: null });
    returnFocus();
    expect(document.activeElement).toBe(problem);

    problem.focus();
    openEditor();
    problem.remove();
    closeEditor();
    returnFocus();
    expect(document.activeElement).toBe(opener);
  });
});
