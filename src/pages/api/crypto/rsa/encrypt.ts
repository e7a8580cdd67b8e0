import { rsaEncryptOperation } from '../../../../lib/server/crypto/operations/rsa';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/rsa/encrypt: {publicKey, data, encoding?, mode?: oaep|hybrid, label?} -> {ciphertext}. */
const route = cryptoRoute(rsaEncryptOperation);
export const POST = route.POST;
export const ALL = route.ALL;
