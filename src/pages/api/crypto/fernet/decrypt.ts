import { fernetDecryptOperation } from '../../../../lib/server/crypto/operations/fernet';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/fernet/decrypt: {key | keys[], token, ttl?} -> {text, base64, timestamp}. */
const route = cryptoRoute(fernetDecryptOperation);
export const POST = route.POST;
export const ALL = route.ALL;
