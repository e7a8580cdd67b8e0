import { rsaDecryptOperation } from '../../../../lib/server/crypto/operations/rsa';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/rsa/decrypt: {privateKey, ciphertext, mode?, label?} -> {text, base64}. */
const route = cryptoRoute(rsaDecryptOperation);
export const POST = route.POST;
export const ALL = route.ALL;
