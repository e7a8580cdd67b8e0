// `npm run bench:crypto [-- --seconds S]`: the portal's crypto library
// (WebCrypto + @noble/hashes, src/lib/shared/crypto; the server API's node:crypto
// Fernet, src/lib/server/crypto/fernet.ts) against node:crypto doing
// the same work in the same run. Bundles bench/crypto/main.ts and runs it;
// the table goes to stdout and the last line is one JSON object.
import { runTsBench } from './support/bundle.mjs';

await runTsBench('bench/crypto/main.ts', 'crypto');
