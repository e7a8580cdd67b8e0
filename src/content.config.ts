import { glob } from 'astro/loaders';
import { defineCollection, z } from 'astro:content';
import { LESSON_TOKEN_SCOPES } from './lib/shared/scopes';

/**
 * Lessons: one Markdown file per interview answer. `section` and `question`
 * place it in the interview (Section A question 1 is "integration
 * protocols"); `order` sorts the list; `status: planned` lists a lesson on
 * the landing page before its page is written. Section `intro` holds the
 * notebook tour, which answers no interview question. `scopes` narrows the
 * lesson token the page gives its code cells (default: every learning API).
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './src/content/lessons' }),
  schema: z.object({
    title: z.string().min(3).max(120),
    section: z.enum(['intro', 'A', 'B']),
    question: z.number().int().min(1).max(10).optional(),
    summary: z.string().min(10).max(400),
    order: z.number().int().min(0),
    minutes: z.number().int().min(1).max(240),
    status: z.enum(['planned', 'published']).default('published'),
    scopes: z.array(z.enum(LESSON_TOKEN_SCOPES)).min(1).optional(),
  }),
});

export const collections = { lessons };
