import { getCollection, type CollectionEntry } from 'astro:content';
import type { CellSummary } from '../../../integrations/notebook/remark-cells';

/**
 * The lessons as the notebook pages and endpoints need them: published ones
 * in reading order, grouped by section, and each lesson's cells as the
 * remark plugin recorded them at build time.
 */

export type Lesson = CollectionEntry<'lessons'>;

/** Sections in the order the lesson list shows them. */
export const SECTIONS = [
  { id: 'intro', title: 'Getting started' },
  { id: 'A', title: 'Section A: integration, streaming, cryptography' },
  { id: 'B', title: 'Section B: a secure login, designed and deployed' },
] as const;

/** Every lesson (planned ones too), in reading order. */
export async function allLessons(): Promise<Lesson[]> {
  const order = new Map<string, number>(SECTIONS.map((s, i) => [s.id, i]));
  return (await getCollection('lessons')).sort(
    (a, b) => (order.get(a.data.section) ?? 9) - (order.get(b.data.section) ?? 9) || a.data.order - b.data.order || a.id.localeCompare(b.id),
  );
}

/** Published lessons in reading order. */
export async function publishedLessons(): Promise<Lesson[]> {
  return (await allLessons()).filter((l) => l.data.status === 'published');
}

/** A published lesson by slug, or null. */
export async function findPublishedLesson(slug: string): Promise<Lesson | null> {
  if (!/^[a-z0-9][a-z0-9-]{0,79}$/.test(slug)) return null;
  // Looked up in the collection, not with getEntry: Astro's getEntry prints a plain
  // "was not found" line to the console for an unknown slug, in the middle of the JSON log.
  const entry = (await allLessons()).find((l) => l.id === slug);
  return entry && entry.data.status === 'published' ? entry : null;
}

/** The cells of a lesson, as rendered at build time. */
export function lessonCells(lesson: Lesson): CellSummary[] {
  const fm = lesson.rendered?.metadata?.frontmatter as { cells?: CellSummary[] } | undefined;
  return fm?.cells ?? [];
}
