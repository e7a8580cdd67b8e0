import { hmacOperation } from '../../../lib/server/crypto/operations/hashing';
import { cryptoRoute } from '../../../lib/server/crypto/route';

/** POST /api/crypto/hmac: {algorithm, key, keyEncoding?, data, encoding?, expected?} -> {hex, base64, valid?}. */
const route = cryptoRoute(hmacOperation);
export const POST = route.POST;
export const ALL = route.ALL;
