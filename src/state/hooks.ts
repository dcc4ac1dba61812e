import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { type LabState, labStore } from './store';

/** Subscribes to one value of the page's store; pass a module-level selector. */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStore(labStore, selector);
}

/** For selectors that build an object: re-renders only when one of its fields changes. */
export function useLabShallow<T>(selector: (s: LabState) => T): T {
  return useStore(labStore, useShallow(selector));
}
