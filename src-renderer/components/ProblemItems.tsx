import type { ManifestProblem } from '../../src-shared/model';

/** Manifest problems as list items: "file:line message". */
export function ProblemItems({ problems }: { problems: ManifestProblem[] }) {
  return (
    <>
      {problems.map((p, i) => (
        <li key={i}>
          <code>
            {p.file}
            {p.line ? `:${p.line}` : ''}
          </code>{' '}
          {p.message}
        </li>
      ))}
    </>
  );
}
