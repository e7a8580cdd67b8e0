import { glob } from 'astro/loaders';
import { defineCollection, z } from 'astro:content';

/**
 * Lessons: one Markdown file per interview answer. `section` and `question`
 * place it in the interview (Section A question 1 is "integration
 * protocols"); `order` sorts the list; `status: planned` lists a lesson on
 * the landing page before its page is written.
 */
const lessons = defineCollection({
  loader: glob({ pattern: '**/*.md', base: './src/content/lessons' }),
  schema: z.object({
    title: z.string().min(3).max(120),
    section: z.enum(['A', 'B']),
    question: z.number().int().min(1).max(10),
    summary: z.string().min(10).max(400),
    order: z.number().int().min(0),
    minutes: z.number().int().min(1).max(240),
    status: z.enum(['planned', 'published']).default('published'),
  }),
});

export const collections = { lessons };
