import { hashOperation } from '../../../lib/server/crypto/operations/hashing';
import { cryptoRoute } from '../../../lib/server/crypto/route';

/** POST /api/crypto/hash: {algorithm, data, encoding?} -> {algorithm, hex, base64, broken}. */
const route = cryptoRoute(hashOperation);
export const POST = route.POST;
export const ALL = route.ALL;
