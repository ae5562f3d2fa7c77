import { GraphApiError } from './graph-api.error';

const apiVersion = /^v\d{1,2}\.\d$/;
const graphObjectId = /^\d{1,20}$/;

/**
 * Checks the `/{version}/{object-id}/...` part of a Graph API path: an unknown version is an unknown path, an id
 * that is not one of Meta's numeric ids is an object that does not exist.
 */
export function assertGraphPath(path: {
  version: string;
  objectId: string;
  method: 'get' | 'post';
  url: string;
}): void {
  if (!apiVersion.test(path.version)) throw GraphApiError.unknownPath(path.url.split('?')[0]);
  if (!graphObjectId.test(path.objectId)) throw GraphApiError.unsupportedRequest(path.method, path.objectId);
}
