/**
 * Pure helpers of the class view: the median, and the per-learner rows as
 * CSV that a spreadsheet opens safely (no field is read as a formula).
 */

/** One learner's record of one exercise. */
export interface LearnerRow {
  email: string;
  lesson: string;
  exercise: string;
  attempts: number;
  passed: boolean;
  usedSolution: boolean;
  passedAt: string | null;
}

/** The median of a list of numbers (null for none). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The per-learner rows as CSV (RFC 4180, CRLF line ends, a header row). */
export function learnersCsv(learners: LearnerRow[]): string {
  const head = ['email', 'lesson', 'exercise', 'attempts', 'passed', 'used_solution', 'passed_at'];
  const lines = learners.map((l) => [l.email, l.lesson, l.exercise, l.attempts, l.passed, l.usedSolution, l.passedAt].map(csvField).join(','));
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
