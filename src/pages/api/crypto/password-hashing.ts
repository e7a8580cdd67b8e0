import { passwordHashingOperation } from '../../../lib/server/crypto/operations/password-hashing';
import { cryptoRoute } from '../../../lib/server/crypto/route';

/** POST /api/crypto/password-hashing: SHA-256 vs Argon2id hashes per second, measured on the server. */
const route = cryptoRoute(passwordHashingOperation);
export const POST = route.POST;
export const ALL = route.ALL;
