import type { CellController } from '../cell';
import type { Kernel } from '../kernel-client';
import { ExerciseController, type ExerciseSaved } from './exercise';

/** Attach a controller to every exercise on the page (each wraps one of the page's cells). */
export function wireExercises(opts: {
  lesson: string;
  kernel: Kernel;
  cells: CellController[];
  saved: Record<string, ExerciseSaved>;
}): ExerciseController[] {
  const out: ExerciseController[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('[data-exercise]')) {
    const cell = opts.cells.find((c) => el.contains(c.el));
    if (!cell) continue;
    out.push(new ExerciseController(el, cell, { lesson: opts.lesson, kernel: opts.kernel, saved: opts.saved[el.dataset.exercise!] ?? null }));
  }
  return out;
}
