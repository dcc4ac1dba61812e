import { ProblemList } from './views/ProblemList';
import { RunStatus } from './views/RunStatus';
import { ScenarioEditor } from './views/ScenarioEditor';
import { StepDetail } from './views/StepDetail';
import { StepList } from './views/StepList';
import { StepNav } from './views/StepNav';
import { useStepKeys } from './views/useStepKeys';

export function App() {
  useStepKeys();
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto max-w-7xl px-4 py-3">
          <h1 className="text-xl font-semibold">ptlab</h1>
          <p className="text-sm text-slate-600">
            A Linux page-table lab: run a scenario, then step through what the kernel did.
          </p>
        </div>
      </header>
      <main className="mx-auto grid max-w-7xl gap-6 px-4 py-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <section aria-label="Scenario" className="flex flex-col gap-3">
          <ScenarioEditor />
          <RunStatus />
          <ProblemList />
        </section>
        <section aria-labelledby="steps-heading" className="flex flex-col gap-3">
          <h2 id="steps-heading" className="font-medium">
            Steps
          </h2>
          <StepNav />
          <StepList />
          <StepDetail />
        </section>
      </main>
    </div>
  );
}
