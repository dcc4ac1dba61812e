/**
 * Which problems the form shows at a field or on a step, by the JSON path validate.ts gives them. Apart
 * from problems.ts (which runs the validator, and so brings zod) because the page's problem list, in the
 * main bundle, asks it too: a click on a problem the form shows opens the form there.
 */
const SHOWN = [
  /^\$\.steps\[\d+\]/,
  /^\$\.processes\[\d+\]\.name$/,
  /^\$\.kernel\.(variant|preset)$/,
  /^\$\.title$/,
  /^\$\.memory\.(zeroPfn|zeroPages|hugeZeroPfn)$/,
  /^\$\.memory\.ranges\[\d+\](\.(start|end|type))?$/,
  /^\$\.memory\.folios\[\d+\]\.(pfn|order|kind|content)$/,
];

export const shownInForm = (path: string): boolean => SHOWN.some((r) => r.test(path));
