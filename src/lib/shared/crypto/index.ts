/**
 * The portal's crypto library: WebCrypto (plus @noble/hashes for what
 * WebCrypto lacks), so the same code runs in a lesson cell in the browser
 * and in the server's API endpoints.
 */
export * from './aes-gcm';
export * from './algorithms';
export * from './bytes';
export * from './encoding';
export * from './errors';
export * from './fernet';
export * from './fernet-layout';
export * from './hash';
export * from './hmac';
export * from './multi-fernet';
export * from './pem';
export * from './rsa-hybrid';
export * from './rsa-keys';
export * from './rsa-oaep';
export * from './rsa-pss';
