import { rsaKeypairOperation } from '../../../../lib/server/crypto/operations/rsa';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/rsa/keypair: {modulusLength?, privateFormat?, publicFormat?} -> PEM keys (rate-limited). */
const route = cryptoRoute(rsaKeypairOperation);
export const POST = route.POST;
export const ALL = route.ALL;
