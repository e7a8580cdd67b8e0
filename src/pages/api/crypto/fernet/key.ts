import { fernetKeyOperation } from '../../../../lib/server/crypto/operations/fernet';
import { cryptoRoute } from '../../../../lib/server/crypto/route';

/** POST /api/crypto/fernet/key -> {key}: a fresh Fernet key (rate-limited). */
const route = cryptoRoute(fernetKeyOperation);
export const POST = route.POST;
export const ALL = route.ALL;
