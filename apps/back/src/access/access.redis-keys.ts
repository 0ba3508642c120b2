// The one place that spells the access Redis keys, after REDIS_KEY_PREFIX:
//
//   {prefix}auth:revoked:{userId}   epoch ms: tokens of this user issued before it are refused; expires
//                                   with the longest token lifetime, when no such token can be left
export const revokedUserKey = (prefix: string, userId: string): string => `${prefix}auth:revoked:${userId}`;
