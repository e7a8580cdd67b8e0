import { rsaVerifyOperation } from '../../../../lib/server/crypto/operations/rsa';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/rsa/verify: {publicKey, data, encoding?, signature, saltLength?} -> {valid}. */
const route = cryptoRoute(rsaVerifyOperation);
export const POST = route.POST;
export const ALL = route.ALL;
