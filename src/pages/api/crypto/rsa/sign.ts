import { rsaSignOperation } from '../../../../lib/server/crypto/operations/rsa';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/rsa/sign: {privateKey, data, encoding?, saltLength?} -> {signature} (RSA-PSS-SHA256). */
const route = cryptoRoute(rsaSignOperation);
export const POST = route.POST;
export const ALL = route.ALL;
