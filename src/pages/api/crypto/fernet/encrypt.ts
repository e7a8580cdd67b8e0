import { fernetEncryptOperation } from '../../../../lib/server/crypto/operations/fernet';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/fernet/encrypt: {key, data, encoding?} -> {token}. */
const route = cryptoRoute(fernetEncryptOperation);
export const POST = route.POST;
export const ALL = route.ALL;
