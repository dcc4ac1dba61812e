/**
 * The narration and citation format, as the page reads it: which clause holds for which kernel, the links
 * a reference or a code citation shows, and the list of every mail and commit cited. Pure: no zod, nothing
 * computed from a run (src/boundaries.test.ts lets views import it).
 */
export {
  codeLinks,
  commitUrl,
  type DecisionFn,
  ELIXIR,
  elixirIdentUrl,
  GIT_COMMIT,
  type Link,
  LORE,
  linkProblem,
  loreUrl,
  type ReferenceLike,
  referenceLinks,
} from './links';
export { type Reference, type ScenarioStory, storyOf } from './read';
export {
  COMMITS,
  type MergedCommit,
  mergedCommit,
  rfcMail,
  THREAD,
  type ThreadMail,
  threadMail,
} from './thread';
export {
  type Clause,
  CONDITION_KEYS,
  type ConditionKey,
  clausesFor,
  holds,
  type Kernel,
  kernelLabel,
  narrationText,
  type StepNarration,
  specsOf,
  variantSet,
  variantsLabel,
  variantsOfSpec,
  type When,
  type WhenSpec,
  whenLabel,
} from './when';
