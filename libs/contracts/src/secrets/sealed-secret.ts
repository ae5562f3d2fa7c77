/**
 * A secret sealed with AES-256-GCM under one of Herald's keys (`HERALD_SECRET_KEY`): `v1.<key id>.<iv>.<ciphertext
 * and tag>`, the last two in base64url. The key id is the first 8 hex digits of the key's SHA-256, so a service
 * holding several keys (during a rotation) knows which one opens it. Only a service that calls WhatsApp opens one
 * (`SecretBox` in libs/whatsapp); every other place carries or stores it as it is.
 */
export type SealedSecret = string;

export const sealedSecretPattern = /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/;
