// `npm run bench:graphql-limits`: how long the portal takes to judge each
// hostile GraphQL document of tests/unit/security/graphql-corpus.ts over HTTP
// (POST /api/graphql), next to `{ hello }` in the same run. Target: every
// hostile document answered within 10 ms of the hello baseline (median of
// --samples, default 15), and /api/health never held up meanwhile.
import { runTsBench } from './support/bundle.mjs';

await runTsBench('bench/graphql-limits/main.ts', 'graphql-limits');
